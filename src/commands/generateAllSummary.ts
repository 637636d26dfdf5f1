// How a Generate All Shots run ended, per shot: saved (with its files), failed (with the error's
// code), cancelled, not started (with what stopped the batch: a budget, a missing key), skipped
// (not valid, or it has a take already). The command resolves with it (for automation and tests),
// and says it as one notification line plus the log's details.
import * as vscode from 'vscode';
import type { BatchItemResult } from '../generation/generationBatch';
import { plainText } from '../shared/plainText';
import { userMessage } from '../ui/errorPresenter';
import type { ShotPlan } from '../storyboard/shotPlan';

export interface GenerateAllSummary {
  saved: Array<{ shotId: string; files: string[] }>;
  failed: Array<{ shotId: string; code: string; message: string }>;
  cancelled: Array<{ shotId: string }>;
  notStarted: Array<{ shotId: string; code: string; reason: string }>;
  skipped: Array<{ shotId: string; why: 'invalid' | 'has-takes'; problem?: string }>;
}

const NAMED_AT_MOST = 5;

export function summarize(results: readonly BatchItemResult[], plan: ShotPlan, includedShotsWithTakes: boolean): GenerateAllSummary {
  const summary: GenerateAllSummary = { saved: [], failed: [], cancelled: [], notStarted: [], skipped: [] };
  for (const r of results) {
    const shotId = r.item.label;
    if (r.status === 'saved')
      summary.saved.push({ shotId, files: (r.outcome?.files ?? []).map((f) => vscode.workspace.asRelativePath(f.uri, false)) });
    else if (r.status === 'failed')
      // The message says whether a lost answer was billed, when the job could tell.
      summary.failed.push({ shotId, code: r.error?.code ?? 'bad_response', message: r.error ? userMessage(r.error) : '' });
    else if (r.status === 'cancelled') summary.cancelled.push({ shotId });
    else summary.notStarted.push({ shotId, code: r.error?.code ?? 'cancelled', reason: r.reason ?? r.error?.summary ?? '' });
  }
  for (const s of plan.invalid) summary.skipped.push({ shotId: s.id, why: 'invalid', problem: s.problem });
  if (!includedShotsWithTakes) for (const s of plan.withTakes) summary.skipped.push({ shotId: s.id, why: 'has-takes' });
  return summary;
}

/** One line for the notification, and a line per shot for the log. */
export function summaryText(summary: GenerateAllSummary, path: string): { headline: string; details: string[] } {
  const parts = [vscode.l10n.t('{0} saved', summary.saved.length)];
  if (summary.failed.length > 0) {
    const named = summary.failed.map((f) => `${f.shotId}: ${f.code}`);
    parts.push(vscode.l10n.t('{0} failed ({1})', summary.failed.length, nameSome(named)));
  }
  if (summary.cancelled.length > 0) parts.push(vscode.l10n.t('{0} cancelled', summary.cancelled.length));
  if (summary.skipped.length > 0) parts.push(vscode.l10n.t('{0} skipped', summary.skipped.length));
  if (summary.notStarted.length > 0) {
    const first = summary.notStarted[0]!;
    const ids = nameSome(summary.notStarted.map((n) => n.shotId));
    parts.push(vscode.l10n.t('{0} not started ({1}): {2}', summary.notStarted.length, ids, first.reason.replace(/[.\s]+$/, '')));
  }
  const headline = plainText(vscode.l10n.t('Generate All Shots, {0}: {1}.', path, parts.join(', ')));
  const details = [
    ...summary.saved.map((s) => vscode.l10n.t('{0}: saved {1}', s.shotId, s.files.join(', '))),
    ...summary.failed.map((f) => vscode.l10n.t('{0}: failed, {1}', f.shotId, f.message)),
    ...summary.cancelled.map((c) => vscode.l10n.t('{0}: cancelled', c.shotId)),
    ...summary.notStarted.map((n) => vscode.l10n.t('{0}: not started ({1}): {2}', n.shotId, n.code, n.reason)),
    ...summary.skipped.map((s) =>
      s.why === 'invalid'
        ? vscode.l10n.t('{0}: skipped, not valid: {1}', s.shotId, s.problem ?? '')
        : vscode.l10n.t('{0}: skipped, it has a take already', s.shotId),
    ),
  ].map((line) => `${path} ${line}`);
  return { headline, details };
}

function nameSome(names: readonly string[]): string {
  const shown = names.slice(0, NAMED_AT_MOST).join(', ');
  return names.length > NAMED_AT_MOST ? vscode.l10n.t('{0} and {1} more', shown, names.length - NAMED_AT_MOST) : shown;
}
