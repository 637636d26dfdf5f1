// The status bar item: while generations run it spins and lists them (click to cancel); otherwise
// it shows today's count. Its tooltip always tells how much was generated, today and in total.
import * as vscode from 'vscode';
import { formatSeconds } from '../api/errors';
import type { JobManager, RunningJob } from '../generation/jobManager';
import type { UsageSummary } from '../generation/usageStats';
import type { UsageService } from '../generation/usageService';
import type { UsageReading } from '../generation/usageSchedule';
import { providerSummary } from '../views/usageRows';
import { formatUsd } from '../views/usageTree';
import { Disposable, toDisposable } from '../util/disposable';

export class JobStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('videoGen.jobs', vscode.StatusBarAlignment.Left, 50));
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly jobs: JobManager,
    private readonly provider?: UsageService,
  ) {
    super();
    if (provider) this._register(provider.onDidChange(() => this.update()));
    this.item.name = vscode.l10n.t('Video Gen: running generations');
    this._register(jobs.onDidChangeJobs(() => this.update()));
    this._register(jobs.onDidFinish(() => this.update()));
    this._register(toDisposable(() => clearInterval(this.timer)));
    this.update();
  }

  private update(): void {
    const running = this.jobs.running;
    const local = describeUsage(this.jobs.usage.summary(), (id) => id.split('/').pop() ?? id);
    const providerLine = describeProviderUsage(this.provider?.current);
    const usage = providerLine ? `${providerLine}\n${vscode.l10n.t('Counted by this machine: {0}', local)}` : local;
    if (running.length === 0) {
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      const today = this.jobs.usage.generationsToday();
      this.item.text = today > 0 ? `$(device-camera-video) ${today}` : '$(device-camera-video)';
      this.item.tooltip = `${usage}\n${vscode.l10n.t('Click to open the Video Gen panel.')}`;
      this.item.command = 'videoGen.openPanel';
      this.item.accessibilityInformation = { label: vscode.l10n.t('Video Gen: {0} videos generated today', today) };
      this.item.show();
      return;
    }
    this.item.text =
      running.length === 1
        ? `$(sync~spin) ${vscode.l10n.t('Video Gen: generating')}`
        : `$(sync~spin) ${vscode.l10n.t('Video Gen: {0} generating', running.length)}`;
    this.item.tooltip = running.map(describeJob).join('\n') + '\n' + vscode.l10n.t('Click to cancel.') + `\n\n${usage}`;
    this.item.command = 'videoGen.showRunning';
    this.item.accessibilityInformation = { label: vscode.l10n.t('{0} video generations running', running.length) };
    this.item.show();
    // Keep the elapsed times in the tooltip fresh while something runs.
    this.timer ??= setInterval(() => this.update(), 5000);
  }
}

/** "Today: 2 videos, 9 s (kling-v2.1: 1, veo: 1) · In total: 5 videos, 21 s". */
export function describeUsage(summary: UsageSummary, label: (model: string) => string): string {
  const perModel = (byModel: UsageSummary['today']['byModel']): string =>
    Object.entries(byModel)
      .map(([model, u]) => `${label(model)}: ${u.generations}`)
      .join(', ');
  const today = summary.today.generations
    ? vscode.l10n.t('Today: {0} videos, {1} s ({2})', summary.today.generations, summary.today.seconds, perModel(summary.today.byModel))
    : vscode.l10n.t('Today: no videos yet');
  return `${today} · ${vscode.l10n.t('In total: {0} videos, {1} s', summary.total.generations, summary.total.seconds)}`;
}

/** "The provider's figures (GET /usage): plan pro · cumulative_cost_usd 3.42 USD · read at 10:21:05", when a reading has any. */
export function describeProviderUsage(reading: UsageReading | undefined): string | undefined {
  const summary = providerSummary(reading);
  if (!summary) return undefined;
  const parts: string[] = [];
  if (summary.plan !== undefined) parts.push(vscode.l10n.t('plan {0}', summary.plan));
  if (summary.cumulativeCost) parts.push(`${summary.cumulativeCost.field} ${formatUsd(summary.cumulativeCost.usd)} USD`);
  const at = new Date(summary.at);
  parts.push(vscode.l10n.t('read at {0}', Number.isNaN(at.getTime()) ? summary.at : at.toLocaleTimeString()));
  return vscode.l10n.t('The provider’s figures (GET /usage): {0}', parts.join(' · '));
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
  const items: Item[] = running.map((job) => ({
    label: `$(close) ${job.request.prompt.slice(0, 60)}`,
    description: describeJob(job),
    id: job.id,
  }));
  if (running.length > 1) items.push({ label: `$(close-all) ${vscode.l10n.t('Cancel all')}`, all: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Running generations'),
    placeHolder: vscode.l10n.t('Pick a generation to cancel'),
  });
  if (!picked) return;
  if (picked.all) jobs.cancelAll();
  else if (picked.id) jobs.cancel(picked.id);
}
