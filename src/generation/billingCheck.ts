// "Was I billed?" for a generation that ended without its video where the provider may have
// charged for it (the connection dropped after the request went out, a timeout while waiting, a
// cancel after sending, a window reload or crash). The provider's usage is read before the request
// and again afterwards, a few times with short waits, and compared (billingVerdict.ts): billed, not
// billed, or cannot tell. It never sends the generation again. No vscode import.
import type { ApiCallOptions } from '../api/apiRequest';
import { judgeBilling, readUsageUntilMoved, type BillingJudgement, type UsageReading } from '../api/billingVerdict';
import { fetchUsage, parseUsage, type UsageFetch } from '../api/usage';

/** A usage reading as it can be kept in the journal (JSON) and read again after a reload. */
export interface StoredUsageReading {
  available: boolean;
  /** The answer as it came, when available; parsed again with parseUsage. */
  raw?: unknown;
  readAt?: string;
}

export interface BillingCheckTiming {
  /** Longest wait for the reading before the request (it delays the generation). */
  beforeTimeoutMs: number;
  /** Reads after the failure, and the wait before each. */
  tries: number;
  delayMs: number;
}

export const BILLING_CHECK_TIMING: BillingCheckTiming = { beforeTimeoutMs: 3000, tries: 3, delayMs: 1000 };

/** What the verdict reads: the per-model table (in either place) and the costs; nothing else is fetched. */
const BILLING_SECTIONS = ['account_information', 'model_specific_usage', 'billing_information'] as const;

/**
 * The usage before a generation; undefined when it could not be read (then the verdict will be
 * "cannot tell"). Never throws and never waits longer than `timeoutMs`: the generation goes on.
 */
export async function readUsageBefore(
  call: ApiCallOptions,
  timeoutMs = BILLING_CHECK_TIMING.beforeTimeoutMs,
): Promise<UsageFetch | undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetchUsage({ ...call, connection: { ...call.connection, timeoutMs } }, controller.signal, { sections: BILLING_SECTIONS });
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the usage again until it moves or the tries run out, and judges the generation. */
export async function checkBilled(
  call: ApiCallOptions,
  before: UsageReading,
  model: string,
  expected: { costUsd?: number },
  timing: BillingCheckTiming = BILLING_CHECK_TIMING,
  signal?: AbortSignal,
): Promise<BillingJudgement> {
  const result = await readUsageUntilMoved({
    before,
    model,
    read: () => fetchUsage(call, signal, { sections: BILLING_SECTIONS }),
    tries: timing.tries,
    delayMs: timing.delayMs,
    signal,
    expected,
  });
  return { verdict: result.verdict, reason: result.reason };
}

/** The reading as the journal keeps it. */
export function storeReading(reading: UsageFetch | undefined): StoredUsageReading | undefined {
  if (!reading) return undefined;
  return reading.available ? { available: true, raw: reading.report.raw, readAt: reading.report.readAt } : { available: false };
}

/** A reading the journal kept, as the verdict reads it. */
export function restoreReading(stored: StoredUsageReading | undefined): UsageReading {
  if (!stored) return undefined;
  if (!stored.available) return { available: false, status: 404, reason: 'The server has no usage endpoint.' };
  return { available: true, report: parseUsage(stored.raw, stored.readAt ?? new Date(0).toISOString()) };
}

/** After a reload: compares the reading the journal kept with one taken now (one read, no waits). */
export async function checkBilledLater(
  call: ApiCallOptions,
  stored: StoredUsageReading | undefined,
  model: string,
  expected: { costUsd?: number },
): Promise<BillingJudgement> {
  const before = restoreReading(stored);
  let after: UsageReading;
  try {
    after = await fetchUsage(call, undefined, { sections: BILLING_SECTIONS });
  } catch (err) {
    return { verdict: 'cannot_tell', reason: `The usage could not be read now: ${err instanceof Error ? err.message : String(err)}` };
  }
  return judgeBilling(before, after, model, expected);
}
