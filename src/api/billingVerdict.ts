// "Was I billed?" When a generation ends where the provider may have charged for it (a dropped
// answer, a timeout, a cancel after sending), the usage read before the request is compared with
// one read afterwards. The verdict is one of:
//
// - billed: the model's own figures moved by exactly one generation: `successful_requests` by one
//   (or, when the server gives no success count, `total_requests` by one), or, with no counts at
//   all, its cost by about one generation's expected cost (given by the caller: a cost that moved
//   by an unknown amount could be one generation or several). A cost moving together with a count
//   confirms it; a cost well above one generation's (1.5 × the expected one) makes it ambiguous.
// - not billed: nothing that would show a charge moved. `total_requests` may move by one (the
//   request reached the provider) while `successful_requests` and every cost stay put: the
//   provider counted the request and recorded it as failed, without a charge.
// - cannot tell: a reading is missing or the server has no usage endpoint; the model's count moved
//   by more than one (another client, or another generation, used the key meanwhile: the figures
//   cannot be told apart), or another model's figures moved while this model has no counts of its
//   own (the other models' counts say nothing of this one's); a figure went down (a reset, another
//   account); the figures disagree (a cost moved but no success was counted; the two places of
//   the per-model table differ); or nothing comparable is in both readings.
//
// A cost field that exists and stays still is no evidence on its own: no video cost field is
// documented and the documented `token_cost_usd` may never move for a video. The cumulative cost
// is only attributed to the model when the per-model table shows no other model moving, or when
// the server gives no per-model table at all.
//
// Usage figures can lag behind the generation: `readUsageUntilMoved` reads again after a short
// wait, a bounded number of times, until the figures move to a settled verdict or the tries run
// out. "Not billed" is therefore "nothing had moved after the last try", which the reason says.
import type { ModelUsage, UsageFetch, UsageReport } from './usage';

export type BillingVerdict = 'billed' | 'not_billed' | 'cannot_tell';

export interface BillingJudgement {
  verdict: BillingVerdict;
  /** One sentence saying why, for the log and the user. */
  reason: string;
}

/** A reading: the report, the outcome of `fetchUsage`, or nothing (the read failed or was not made). */
export type UsageReading = UsageReport | UsageFetch | undefined;

export interface ExpectedCost {
  /** What one generation is expected to cost (an estimate from the model list's pricing). */
  costUsd?: number;
}

/** Below this, a change in USD is float noise. */
const EPSILON = 1e-9;
/** A cost up to this many times the expected one is still one generation (prices are estimates). */
const ONE_GENERATION_FACTOR = 1.5;

function reportOf(reading: UsageReading): { report?: UsageReport; missing?: string } {
  if (reading === undefined) return { missing: 'was not read' };
  if ('available' in reading) {
    return reading.available ? { report: reading.report } : { missing: 'is not available (the server has no usage endpoint)' };
  }
  return { report: reading };
}

function modelOf(report: UsageReport, model: string): ModelUsage | undefined {
  return Object.hasOwn(report.models, model) ? report.models[model] : undefined;
}

function hasModelTable(report: UsageReport): boolean {
  return report.sections.includes('model_specific_usage');
}

/** A model absent from a reading that has the per-model table has not been used: zeros. */
function entryOrZero(report: UsageReport, model: string): ModelUsage | undefined {
  return modelOf(report, model) ?? (hasModelTable(report) ? { totalRequests: 0, successfulRequests: 0, costs: {} } : undefined);
}

function delta(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : b - a;
}

/** Sum of the changes of the cost fields present in both entries (absent on one side = 0 when the
 * model itself was absent there). Undefined when no field is comparable. */
function costDelta(before: ModelUsage, after: ModelUsage, beforeAbsent: boolean): number | undefined {
  let sum: number | undefined;
  for (const [name, value] of Object.entries(after.costs)) {
    const prior = Object.hasOwn(before.costs, name) ? before.costs[name] : beforeAbsent ? 0 : undefined;
    if (prior === undefined) continue;
    sum = (sum ?? 0) + (value - prior);
  }
  return sum;
}

const usd = (v: number): string => `$${Number(v.toFixed(6))}`;

/** Whether anything of the model (or the cumulative cost) changed between two readings. */
export function usageMoved(before: UsageReading, after: UsageReading, model: string): boolean {
  const b = reportOf(before).report;
  const a = reportOf(after).report;
  if (!b || !a) return false;
  const mb = entryOrZero(b, model);
  const ma = entryOrZero(a, model);
  if (mb && ma) {
    if ((delta(mb.totalRequests, ma.totalRequests) ?? 0) !== 0) return true;
    if ((delta(mb.successfulRequests, ma.successfulRequests) ?? 0) !== 0) return true;
    if (Math.abs(costDelta(mb, ma, !modelOf(b, model)) ?? 0) > EPSILON) return true;
  }
  const cb = b.cumulativeCostUsd;
  const ca = a.cumulativeCostUsd;
  return !!cb && !!ca && cb.field === ca.field && Math.abs(ca.value - cb.value) > EPSILON;
}

/** Other models whose figures moved between the readings. */
function otherModelsMoved(b: UsageReport, a: UsageReport, model: string): string[] {
  const ids = new Set([...Object.keys(b.models), ...Object.keys(a.models)]);
  ids.delete(model);
  const moved: string[] = [];
  for (const id of ids) {
    const mb = entryOrZero(b, id);
    const ma = entryOrZero(a, id);
    if (!mb || !ma) continue;
    const counts = [delta(mb.totalRequests, ma.totalRequests), delta(mb.successfulRequests, ma.successfulRequests)];
    const cost = costDelta(mb, ma, !modelOf(b, id));
    if (counts.some((d) => d !== undefined && d !== 0) || (cost !== undefined && Math.abs(cost) > EPSILON)) moved.push(id);
  }
  return moved;
}

const cannot = (reason: string): BillingJudgement => ({ verdict: 'cannot_tell', reason });

/** What moved for the model between two readings (undefined: not comparable). */
interface Changes {
  total?: number;
  success?: number;
  /** The model's own cost fields. */
  modelCost?: number;
  /** The account's cumulative cost, when it can be attributed to the model. */
  cumulative?: number;
}

/**
 * Compares the usage read before a generation with the usage read after it, for that model.
 * Pure: see the opening comment for the reasoning. Stages: both readings are there and agree with
 * themselves → what moved → nothing went down, nothing moved by more than one → the verdict from
 * the counts, or from the cost alone.
 */
export function judgeBilling(before: UsageReading, after: UsageReading, model: string, expected: ExpectedCost = {}): BillingJudgement {
  const rb = reportOf(before);
  const ra = reportOf(after);
  if (!rb.report) return cannot(`The usage before the generation ${rb.missing}.`);
  if (!ra.report) return cannot(`The usage after the generation ${ra.missing}.`);
  const conflicting = [...rb.report.conflicts, ...ra.report.conflicts].filter((c) => c.startsWith(`${model}.`));
  if (conflicting.length) return cannot(`The usage gives two different figures for ${conflicting.join(', ')}.`);
  const changes = changesOf(rb.report, ra.report, model);
  if ('verdict' in changes) return changes;
  const implausible = implausibleChange(changes, model);
  if (implausible) return implausible;
  const costs = [changes.modelCost, changes.cumulative].filter((d): d is number => d !== undefined);
  const cost = costs.length ? Math.max(...costs) : undefined;
  const expectedCost = expected.costUsd !== undefined && expected.costUsd > 0 ? expected.costUsd : undefined;
  if (cost !== undefined && expectedCost !== undefined && cost > expectedCost * ONE_GENERATION_FACTOR + EPSILON) {
    return cannot(
      `The cost moved by ${usd(cost)}, more than one generation's expected ${usd(expectedCost)}: another charge was made meanwhile.`,
    );
  }
  if (changes.success !== undefined || changes.total !== undefined) return verdictFromCounts(changes, cost, model);
  return verdictFromCost(cost, expectedCost, model);
}

/** What moved for `model`; "cannot tell" when other models moved and it has no counts of its own. */
function changesOf(b: UsageReport, a: UsageReport, model: string): Changes | BillingJudgement {
  const mb = entryOrZero(b, model);
  const ma = entryOrZero(a, model);
  const total = mb && ma ? delta(mb.totalRequests, ma.totalRequests) : undefined;
  const success = mb && ma ? delta(mb.successfulRequests, ma.successfulRequests) : undefined;
  const modelCost = mb && ma ? costDelta(mb, ma, !modelOf(b, model)) : undefined;
  // Other models moving (another generation of ours, another client) say nothing of this model's
  // own counts; without counts of its own, though, this model's charge cannot be told apart.
  const others = otherModelsMoved(b, a, model);
  if (others.length && total === undefined && success === undefined)
    return cannot(`Another client (or generation) used the key meanwhile: the usage of ${others.join(', ')} moved too.`);
  const cb = b.cumulativeCostUsd;
  const ca = a.cumulativeCostUsd;
  // The cumulative cost says something of this model only when no other model can hide in it:
  // the per-model table is there and showed no other model moving, or there is none at all.
  const cumulative = cb && ca && cb.field === ca.field && others.length === 0 ? ca.value - cb.value : undefined;
  return { total, success, modelCost, cumulative };
}

/** Figures that went down, or counts that moved by more than one generation. */
function implausibleChange(changes: Changes, model: string): BillingJudgement | undefined {
  for (const [name, d] of [
    ['total_requests', changes.total],
    ['successful_requests', changes.success],
    ['the model cost', changes.modelCost],
    ['the cumulative cost', changes.cumulative],
  ] as const) {
    if (d !== undefined && d < -EPSILON)
      return cannot(`The usage went down (${name}): the counters were reset or belong to another account.`);
  }
  const most = Math.max(changes.total ?? 0, changes.success ?? 0);
  if (most > 1) {
    return cannot(
      `The usage of ${model} moved by ${most} requests: another client used the key meanwhile, so this generation cannot be told apart.`,
    );
  }
  return undefined;
}

/** The verdict when the provider counts requests for the model (successful ones, or all). */
function verdictFromCounts(changes: Changes, cost: number | undefined, model: string): BillingJudgement {
  const costMoved = cost !== undefined && cost > EPSILON;
  const costNote = costMoved ? ` (cost ${usd(cost)})` : '';
  if (changes.success !== undefined) {
    if (changes.success === 1)
      return { verdict: 'billed', reason: `The provider counted one more successful generation of ${model}${costNote}.` };
    if (costMoved) return cannot(`The cost moved${costNote} but the provider counted no successful generation of ${model}.`);
    return {
      verdict: 'not_billed',
      reason:
        changes.total === 1
          ? `The request reached the provider, which counted it as failed: no successful generation of ${model} and no cost.`
          : `The usage of ${model} did not move: no generation was counted and no cost was added.`,
    };
  }
  if (changes.total === 1) {
    return {
      verdict: 'billed',
      reason: `The provider counted one more request for ${model}${costNote} (it gives no separate count of successful ones).`,
    };
  }
  if (costMoved) return cannot(`The cost moved${costNote} but the provider counted no request for ${model}.`);
  return { verdict: 'not_billed', reason: `The usage of ${model} did not move: no request was counted and no cost was added.` };
}

/** The verdict from the cost alone (the usage has no request count for the model). */
function verdictFromCost(cost: number | undefined, expectedCost: number | undefined, model: string): BillingJudgement {
  if (cost === undefined) return cannot(`The usage shows no figure for ${model} to compare.`);
  if (cost <= EPSILON) return { verdict: 'not_billed', reason: `The cost did not move, and the usage has no request count for ${model}.` };
  if (expectedCost === undefined) {
    return cannot(`The cost moved by ${usd(cost)}, but without a request count or a known price it could be more than one generation.`);
  }
  return {
    verdict: 'billed',
    reason: `The cost moved by ${usd(cost)}, about one generation's expected ${usd(expectedCost)} (the usage has no request count for ${model}).`,
  };
}

export interface ReadUntilMovedOptions {
  /** The usage before the generation. */
  before: UsageReading;
  model: string;
  /** Reads the usage now; a throw counts as a failed read (tried again while tries remain). */
  read: () => Promise<UsageReading>;
  /** How many reads at most (at least 1). */
  tries: number;
  /** Wait before each read. */
  delayMs: number;
  /** Injected for tests; default a timer. Should reject or resolve early when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  expected?: ExpectedCost;
}

export interface ReadUntilMovedResult extends BillingJudgement {
  /** The last reading taken (undefined when every read failed). */
  after: UsageReading;
  /** Reads made. */
  tries: number;
  /** The last read's failure, if it failed. */
  error?: unknown;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Reads the usage again after `delayMs`, up to `tries` times, and judges. It stops early once the
 * verdict is settled (billed, or cannot tell), when the server turns out to have no usage
 * endpoint, or when the signal aborts; "not billed" is only given after the last try, since usage
 * figures may lag behind the generation (a request counted before its success and cost).
 */
export async function readUsageUntilMoved(options: ReadUntilMovedOptions): Promise<ReadUntilMovedResult> {
  const sleep = options.sleep ?? defaultSleep;
  const tries = Math.max(1, Math.floor(options.tries));
  const judge = (after: UsageReading): BillingJudgement => judgeBilling(options.before, after, options.model, options.expected);
  if (!reportOf(options.before).report) return { ...judge(undefined), after: undefined, tries: 0 };
  let after: UsageReading;
  let error: unknown;
  let made = 0;
  for (let i = 0; i < tries && !options.signal?.aborted; i++) {
    await sleep(options.delayMs, options.signal);
    if (options.signal?.aborted) break;
    made++;
    try {
      after = await options.read();
      error = undefined;
    } catch (err) {
      after = undefined;
      error = err;
      continue;
    }
    if (after !== undefined && 'available' in after && !after.available) break;
    if (judge(after).verdict !== 'not_billed') break;
  }
  if (made === 0) return { ...cannot('The usage was not read again after the generation.'), after: undefined, tries: 0 };
  const judgement = judge(after);
  let reason = judgement.reason;
  if (judgement.verdict === 'not_billed' && made > 1) reason = reason.replace(/\.$/, ` (still so after ${made} reads).`);
  const result: ReadUntilMovedResult = { ...judgement, reason, after, tries: made };
  if (error !== undefined) {
    result.reason = `${reason} The last read failed: ${error instanceof Error ? error.message : String(error)}`;
    result.error = error;
  }
  return result;
}
