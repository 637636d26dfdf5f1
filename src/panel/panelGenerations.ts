// Generations started from the panel: run through the JobManager (which validates, confirms, asks
// for the key, shows the progress notification and saves), tracked so the panel can show and
// cancel them, and failures shown inline plus through the shared error notification.
import * as vscode from 'vscode';
import type { VideoGenError } from '../api/errors';
import { capabilityFor } from '../catalog';
import type { CatalogService } from '../generation/catalogService';
import type { GenerationOutcome, JobManager, RunningJob } from '../generation/jobManager';
import { asVideoGenError, presentError, userMessage, type ErrorAction } from '../ui/errorPresenter';
import type { FormPrefill, FormValues, JobView, PanelError } from '../shared/protocol';

export interface GenerationHooks {
  /** A generation started here succeeded: play it. */
  succeeded(outcome: GenerationOutcome): Promise<void>;
  /** The inline error to show (null clears it). */
  error(error: PanelError | null): void;
  /** A short announcement (screen readers, the status line). */
  status(text: string): void;
  /** Put values in the form (retry with another model, choose a model). */
  prefill(values: FormPrefill, focus: 'model' | 'prompt'): void;
  /** The running jobs changed. */
  jobsChanged(): void;
}

interface PanelRun {
  readonly key: number;
  readonly request: FormValues;
  /** Set once the JobManager lists the job (after the confirmations and the key prompt). */
  jobId?: string;
}

export class PanelGenerations implements vscode.Disposable {
  private readonly runs: PanelRun[] = [];
  private nextKey = 1;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly jobs: JobManager,
    private readonly catalog: CatalogService,
    private readonly log: vscode.LogOutputChannel,
    private readonly hooks: GenerationHooks,
  ) {
    this.subscription = jobs.onDidChangeJobs(() => hooks.jobsChanged());
  }

  start(request: FormValues): void {
    const run: PanelRun = { key: this.nextKey++, request };
    this.runs.push(run);
    this.hooks.error(null);
    this.hooks.jobsChanged();
    void this.execute(run);
  }

  cancel(jobId: string): void {
    this.jobs.cancel(jobId);
  }

  /** Running jobs for the page: every job (the panel is a fine place to cancel any), plus panel
   *  requests still waiting for a confirmation or the key. */
  views(): JobView[] {
    const now = Date.now();
    const catalog = this.catalog.current;
    const fromPanel = new Set(this.runs.map((r) => r.jobId).filter((id): id is string => id !== undefined));
    const running = this.jobs.running.map((job: RunningJob): JobView => ({
      id: job.id,
      modelLabel: capabilityFor(job.request.model, catalog).label,
      prompt: job.request.prompt,
      quality: job.request.quality,
      duration: job.request.duration,
      phase: job.phase,
      elapsedMs: Math.max(0, now - job.startedAt),
      receivedBytes: job.receivedBytes,
      totalBytes: job.totalBytes,
      fromPanel: fromPanel.has(job.id),
      cancellable: true,
    }));
    const waiting = this.runs
      .filter((r) => r.jobId === undefined)
      .map((r): JobView => ({
        id: `pending-${r.key}`,
        modelLabel: capabilityFor(r.request.model, catalog).label,
        prompt: r.request.prompt,
        quality: r.request.quality,
        duration: r.request.duration,
        phase: 'starting',
        elapsedMs: 0,
        fromPanel: true,
        cancellable: false,
      }));
    return [...waiting, ...running];
  }

  private finish(run: PanelRun): void {
    const index = this.runs.indexOf(run);
    if (index >= 0) this.runs.splice(index, 1);
    this.hooks.jobsChanged();
  }

  private async execute(run: PanelRun): Promise<void> {
    let outcome: GenerationOutcome;
    try {
      outcome = await this.jobs.start(run.request, { interactive: true, source: 'panel', onStarted: (job) => (run.jobId = job.id) });
    } catch (err) {
      this.finish(run);
      await this.failed(asVideoGenError(err), run.request);
      return;
    }
    this.finish(run);
    try {
      await this.hooks.succeeded(outcome);
    } catch (err) {
      this.log.warn(`Panel: the new video could not be shown: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async failed(error: VideoGenError, request: FormValues): Promise<void> {
    if (error.code === 'cancelled') {
      this.hooks.status(vscode.l10n.t('Generation cancelled; nothing was saved.'));
      void presentError(error);
      return;
    }
    this.hooks.error({ message: userMessage(error), code: error.code });
    const action = await presentError(error, error.suggestedModel);
    await this.followUp(action, request);
  }

  /** The action picked on the error notification, carried out minimally. */
  private async followUp(action: ErrorAction | undefined, request: FormValues): Promise<void> {
    switch (action?.kind) {
      case 'setKey':
        if ((await vscode.commands.executeCommand<unknown>('videoGen.setApiKey')) === true) this.start(request);
        return;
      case 'retry':
        this.start(request);
        return;
      case 'showLog':
        await vscode.commands.executeCommand('videoGen.showLog');
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', action.query);
        return;
      case 'checkConnection':
        await vscode.commands.executeCommand('videoGen.checkConnection');
        return;
      case 'chooseModel':
        this.hooks.prefill({ model: request.model }, 'model');
        return;
      case 'retryWith':
        this.hooks.prefill({ model: action.model }, 'model');
        return;
      default:
        return;
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
