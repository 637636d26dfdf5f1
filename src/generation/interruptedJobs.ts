// Tells the user about generations that were cut off (window reload, crash, shutdown) after the
// request may have been billed, and offers to run them again with the same parameters.
import * as vscode from 'vscode';
import type { JobJournal } from './jobJournal';
import { plainText } from '../shared/plainText';

/** Reports each cut-off job not in `reported` yet (and adds it there). */
export async function reportInterruptedJobs(
  journal: JobJournal,
  log: vscode.LogOutputChannel,
  reported = new Set<string>(),
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
    const again = vscode.l10n.t('Run Again');
    const forget = vscode.l10n.t('Dismiss');
    const started = new Date(entry.startedAt).toLocaleString();
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t(
          'A video generation was interrupted and may have been billed: “{0}” ({1}, {2} s, {3}), started {4}. No video was saved.',
          plainText(r.prompt.length > 80 ? `${r.prompt.slice(0, 80)}…` : r.prompt),
          plainText(r.model),
          r.duration,
          r.quality,
          started,
        ),
        again,
        forget,
      )
      .then(async (picked) => {
        if (!picked) return; // ignored: ask again next time
        await journal.finished(entry.id);
        if (picked === again) {
          await vscode.commands.executeCommand('videoGen.generate', { ...r }).then(undefined, () => undefined);
        }
      });
  }
}
