// A status bar item while generations run; clicking it lists them, each cancellable.
import * as vscode from 'vscode';
import { formatSeconds } from '../api/errors';
import type { JobManager, RunningJob } from '../generation/jobManager';

export class JobStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('videoGen.jobs', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly jobs: JobManager) {
    this.item.name = vscode.l10n.t('Video Gen: running generations');
    this.item.command = 'videoGen.showRunning';
    this.disposables.push(jobs.onDidChangeJobs(() => this.update()));
  }

  private update(): void {
    const running = this.jobs.running;
    if (running.length === 0) {
      this.item.hide();
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.item.text = running.length === 1 ? `$(sync~spin) ${vscode.l10n.t('Video Gen: generating')}` : `$(sync~spin) ${vscode.l10n.t('Video Gen: {0} generating', running.length)}`;
    this.item.tooltip = running.map(describeJob).join('\n') + '\n' + vscode.l10n.t('Click to cancel.');
    this.item.accessibilityInformation = { label: vscode.l10n.t('{0} video generations running', running.length) };
    this.item.show();
    // Keep the elapsed times in the tooltip fresh while something runs.
    this.timer ??= setInterval(() => this.update(), 5000);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function describeJob(job: RunningJob): string {
  const elapsed = formatSeconds((Date.now() - job.startedAt) / 1000);
  return `${job.request.model} · ${job.request.duration} s · ${job.request.quality} · ${elapsed} · “${job.request.prompt.slice(0, 40)}${job.request.prompt.length > 40 ? '…' : ''}”`;
}

/** "Show Running Generations": pick one to cancel, or cancel all. */
export async function pickJobToCancel(jobs: JobManager): Promise<void> {
  const running = jobs.running;
  if (running.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No video generation is running.'));
    return;
  }
  type Item = vscode.QuickPickItem & { id?: string; all?: boolean };
  const items: Item[] = running.map((job) => ({ label: `$(close) ${job.request.prompt.slice(0, 60)}`, description: describeJob(job), id: job.id }));
  if (running.length > 1) items.push({ label: `$(close-all) ${vscode.l10n.t('Cancel all')}`, all: true });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Running generations'), placeHolder: vscode.l10n.t('Pick a generation to cancel') });
  if (!picked) return;
  if (picked.all) jobs.cancelAll();
  else if (picked.id) jobs.cancel(picked.id);
}
