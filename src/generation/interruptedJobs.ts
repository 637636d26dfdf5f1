// Tells the user about generations that were cut off (window reload, crash, shutdown) after the
// request may have been billed, with what the provider's usage says about it (billed, not billed,
// cannot tell: see billingCheck.ts), and offers to run them again with the same parameters.
import * as vscode from 'vscode';
import type { BillingFinding } from '../api/errors';
import type { JobJournal, JournalEntry } from './jobJournal';
import { readSettings } from '../config/settings';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { plainText } from '../shared/plainText';
import { checkBilledLater } from './billingCheck';

/** Asks the provider's usage whether a cut-off job was billed (undefined: cannot be asked here). */
export type BillingJudge = (entry: JournalEntry) => Promise<BillingFinding | undefined>;

/**
 * Compares the usage the journal kept from before the request with the provider's usage now, for
 * the API the job went to (the same origin as today's base URL) and with today's key.
 */
export function billingJudge(keys: ApiKeyStore, userAgent: string): BillingJudge {
  return async (entry) => {
    const settings = readSettings();
    const cannot = (reason: string): BillingFinding => ({ verdict: 'cannot_tell', reason });
    let origin: string | undefined;
    try {
      origin = new URL(settings.baseUrl).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== entry.apiOrigin)
      return cannot(`The base URL now points elsewhere than ${entry.apiOrigin}, where the generation was sent.`);
    if (!entry.usageBefore) return cannot('The usage was not read before the request.');
    const apiKey = await keys.get().catch(() => undefined);
    if (!apiKey) return cannot('No API key is set to read the usage with.');
    const call = {
      baseUrl: settings.baseUrl,
      apiKey,
      connection: settings.network,
      userAgent,
    };
    return checkBilledLater(call, entry.usageBefore, entry.request.model, { costUsd: entry.estimatedUsd });
  };
}

/** Reports each cut-off job not in `reported` yet (and adds it there). */
export async function reportInterruptedJobs(
  journal: JobJournal,
  log: vscode.LogOutputChannel,
  reported = new Set<string>(),
  judge?: BillingJudge,
): Promise<void> {
  let entries;
  try {
    entries = await journal.interrupted();
  } catch (err) {
    log.warn(`Journal: could not read interrupted jobs: ${String(err)}`);
    return;
  }
  for (const entry of entries) {
    if (reported.has(entry.id)) continue;
    reported.add(entry.id);
    const r = entry.request;
    log.warn(
      `Interrupted generation found: ${r.model}, ${r.duration} s, ${r.quality}, started ${entry.startedAt}, last phase ${entry.phase}`,
    );
    const billing = entry.billing ?? (await findBilling(entry, journal, log, judge));
    showReport(entry, billing, journal);
  }
}

async function findBilling(
  entry: JournalEntry,
  journal: JobJournal,
  log: vscode.LogOutputChannel,
  judge?: BillingJudge,
): Promise<BillingFinding | undefined> {
  if (!judge) return undefined;
  try {
    const finding = await judge(entry);
    if (!finding) return undefined;
    log.info(`Interrupted generation ${entry.id.slice(0, 8)}: billing ${finding.verdict}: ${finding.reason}`);
    await journal.recordBilling(entry.id, finding).catch((err) => log.warn(`Journal: ${String(err)}`));
    return finding;
  } catch (err) {
    log.warn(`Interrupted generation ${entry.id.slice(0, 8)}: the usage could not be compared: ${String(err)}`);
    return undefined;
  }
}

function showReport(entry: JournalEntry, billing: BillingFinding | undefined, journal: JobJournal): void {
  const r = entry.request;
  const again = vscode.l10n.t('Run Again');
  const forget = vscode.l10n.t('Dismiss');
  const what = vscode.l10n.t(
    '“{0}” ({1}, {2} s, {3}), started {4}. No video was saved.',
    plainText(r.prompt.length > 80 ? `${r.prompt.slice(0, 80)}…` : r.prompt),
    plainText(r.model),
    r.duration,
    r.quality,
    new Date(entry.startedAt).toLocaleString(),
  );
  void vscode.window.showWarningMessage(`${headline(billing)} ${what}${billingDetail(billing)}`, again, forget).then(async (picked) => {
    if (!picked) return; // ignored: ask again next time
    await journal.finished(entry.id);
    if (picked === again) {
      await vscode.commands.executeCommand('videoGen.generate', { ...r }).then(undefined, () => undefined);
    }
  });
}

function headline(billing: BillingFinding | undefined): string {
  switch (billing?.verdict) {
    case 'billed':
      return vscode.l10n.t("A video generation was interrupted, and the provider's usage shows it was billed:");
    case 'not_billed':
      return vscode.l10n.t("A video generation was interrupted; the provider's usage shows it was not billed:");
    default:
      return vscode.l10n.t('A video generation was interrupted and may have been billed:');
  }
}

function billingDetail(billing: BillingFinding | undefined): string {
  switch (billing?.verdict) {
    case 'billed':
      return (
        ' ' +
        vscode.l10n.t('The provider does not keep videos, so it cannot be downloaded again; Run Again is a new, paid generation.') +
        ` (${plainText(billing.reason)})`
      );
    case 'not_billed':
      return ` (${plainText(billing.reason)})`;
    case 'cannot_tell':
      return ' ' + vscode.l10n.t('Whether it was billed cannot be told: {0}', plainText(billing.reason));
    default:
      return '';
  }
}
