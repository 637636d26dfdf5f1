// Runs generations for the command, the panel and the language-model tool: premium confirmation,
// the key, where files go, a cancellable progress notification, several jobs at once, and the
// saved files as VS Code URIs. Errors are VideoGenErrors with a code, whatever went wrong.
//
// A start reads as its stages: check the request and the settings → confirm a premium model →
// get the key → choose the output folder → reserve a place in the budgets → run (register,
// journal, call, deliver, clean up). Nothing is sent after the caller's signal was aborted.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { GenerationPhase } from '../api/client';
import type { ApiCallOptions } from '../api/apiRequest';
import { CancelledError, formatSeconds, VideoGenError, type BillingFinding } from '../api/errors';
import type { UsageFetch } from '../api/usage';
import { nextTurn } from '../api/eventLoop';
import { findModel, type Catalog, type CatalogModel, type GenerationRequest } from '../catalog';
import { checkBaseUrl, readSettings, type VideoGenSettings } from '../config/settings';
import { SecretStorageUnavailableError, type ApiKeyStore } from '../secrets/apiKeyStore';
import type { CatalogService } from './catalogService';
import {
  BudgetReservations,
  isRefusal,
  type BudgetLimits,
  type BudgetRefusal,
  type Remaining,
  type Reservation,
  type SpentSoFar,
} from './budgets';
import { BILLING_CHECK_TIMING, checkBilled, readUsageBefore, storeReading, type BillingCheckTiming } from './billingCheck';
import { chooseOutputTarget, deliverFiles, type OutputTarget, type SavedVideoInfo } from './delivery';
import { checkRequest, runGenerationJob, type CheckedRequest, type JobResult } from './job';
import { HEARTBEAT_MS, type JobJournal } from './jobJournal';
import { UsageStats, estimateCost, usdEstimate } from './usageStats';
import { plainText } from '../shared/plainText';
import type { Provenance } from '../output/sidecar';
import { withProviderSpend, type ProviderSpend } from './providerSpend';

export type { SavedVideoInfo } from './delivery';

export interface RunningJob {
  readonly id: string;
  readonly request: GenerationRequest;
  readonly startedAt: number;
  phase: GenerationPhase;
  receivedBytes?: number;
  totalBytes?: number;
  cancel(): void;
}

export interface GenerationOutcome {
  id: string;
  request: GenerationRequest;
  files: SavedVideoInfo[];
  revisedPrompt: string | null;
  created: string;
  requestId?: string;
  elapsedMs: number;
}

export interface StartOptions {
  /** Pickers and the key prompt may be shown; otherwise only the premium confirmation is. */
  interactive: boolean;
  source: 'command' | 'panel' | 'tool' | 'storyboard';
  signal?: AbortSignal;
  /** Skip the premium confirmation (the tool's own confirmation already asked). */
  premiumConfirmed?: boolean;
  /** A folder chosen beforehand (for example by the panel). */
  folder?: vscode.WorkspaceFolder;
  /** Called once the job exists (after the confirmations and the key), before it is announced. */
  onStarted?(job: RunningJob): void;
  /** Where the take comes from (storyboard shot, promoted draft): written into its sidecar. */
  provenance?: Provenance;
  /** False: a 429 rejects at once with its Retry-After instead of being waited for (queues). */
  retryRateLimits?: boolean;
  /** No progress notification of its own (a queue shows one for all its jobs). */
  quiet?: boolean;
  /**
   * A queue's gate, awaited right before the usage is read and the request sent: a queue paused by
   * a 429 holds its started jobs there. Resolves true when it waited; rejects when `signal` aborts.
   */
  waitToSend?(signal: AbortSignal): Promise<boolean>;
}

export interface JobEvents {
  started: RunningJob;
  finished: { job: RunningJob; outcome?: GenerationOutcome; error?: VideoGenError };
}

const LAST_CHOICES = 'videoGen.lastChoices';
const PROGRESS_EVENT_MS = 250;

export interface LastChoices {
  model?: string;
  quality?: string;
  duration?: number;
  ratio?: string;
  prompt?: string;
}

/** What the JobManager needs from the extension. */
export interface JobManagerDeps {
  context: vscode.ExtensionContext;
  keys: ApiKeyStore;
  catalog: CatalogService;
  log: vscode.LogOutputChannel;
  userAgent: string;
  /** Asks for the key (password input); resolves undefined when the user gave none. */
  askForKey(reason: string): Promise<string | undefined>;
  /** Where running jobs are written down (undefined when no local storage is available). */
  journal?: JobJournal;
  /** For tests: how long the billing check waits. */
  billingTiming?: BillingCheckTiming;
  /** The provider's own cumulative cost, read from its usage endpoint: the dollar budgets count it too. */
  providerSpend?: ProviderSpend;
}

/** One job's state while it runs. */
interface JobRun {
  job: RunningJob;
  controller: AbortController;
  /** The request may have gone out (the client began the call). */
  sent: boolean;
  heartbeat?: NodeJS.Timeout;
  usageBefore?: UsageFetch;
  outcome?: GenerationOutcome;
  failure?: VideoGenError;
}

/** A request that passed every check and has what it needs to be sent. */
interface PreparedJob {
  checked: CheckedRequest;
  settings: VideoGenSettings;
  catalog: Catalog;
  model: CatalogModel | undefined;
  apiKey: string;
  target: OutputTarget;
  /** Estimated USD, when the model list gives a price in dollars. */
  usd: number | undefined;
  reservation: Reservation;
}

export class JobManager implements vscode.Disposable {
  private readonly jobs = new Map<string, RunningJob>();
  /** Settles when every job's own cleanup (temporary files, journal) is done; one per job. */
  private readonly settling = new Set<Promise<unknown>>();
  /** The window or the extension is going away: jobs cut off now stay in the journal. */
  private shuttingDown = false;
  private readonly ignoredBaseUrlsTold = new Set<string>();
  private lastProgressFire = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly finishedEmitter = new vscode.EventEmitter<JobEvents['finished']>();
  readonly onDidChangeJobs = this.changed.event;
  readonly onDidFinish = this.finishedEmitter.event;
  private readonly cancelBillingEmitter = new vscode.EventEmitter<{ job: RunningJob; error: VideoGenError }>();
  /** A generation the user cancelled after sending was (or may have been) billed, as its usage shows. */
  readonly onDidFindBillingOfCancel = this.cancelBillingEmitter.event;
  /** Generations and seconds per model, today and in total (counted when a video is saved). */
  readonly usage: UsageStats;
  /** The budgets, counted when a generation is sent. */
  private readonly budgets: BudgetReservations;
  /** Base URLs that answered 404 for the usage endpoint: not asked again in this window. */
  private readonly noUsageEndpoint = new Set<string>();
  private readonly billingTiming: BillingCheckTiming;

  constructor(private readonly deps: JobManagerDeps) {
    this.usage = new UsageStats(deps.context.globalState);
    this.budgets = new BudgetReservations(() =>
      withProviderSpend(this.usage.spent(), deps.providerSpend?.spent(readSettings().baseUrl) ?? {}),
    );
    this.billingTiming = deps.billingTiming ?? BILLING_CHECK_TIMING;
  }

  /** A cost estimate from the API's price list, when it gave one for this model (never invented). */
  estimate(request: { model: string; duration: number }): { amount: number; currency: string } | undefined {
    return estimateCost(findModel(request.model, this.deps.catalog.current)?.pricing, request.duration);
  }

  get running(): RunningJob[] {
    return [...this.jobs.values()];
  }

  get lastChoices(): LastChoices {
    return this.deps.context.globalState.get<LastChoices>(LAST_CHOICES) ?? {};
  }

  /** Generations the daily limit counts now: saved or possibly billed today, and those running. */
  get generationsCountedToday(): number {
    return this.budgets.inUse().today.generations;
  }

  /** What the budgets count now: saved or possibly billed, running ones included. */
  get spending(): SpentSoFar {
    return this.budgets.inUse();
  }

  /** What is left of each budget the settings set, counting the generations running now. */
  remainingBudgets(): Remaining {
    return this.budgets.remaining(budgetLimits(readSettings()));
  }

  cancel(id: string): void {
    this.jobs.get(id)?.cancel();
  }

  cancelAll(): void {
    for (const job of this.jobs.values()) job.cancel();
  }

  /**
   * The window is reloading or closing, or the extension stops: aborts every job (closing its
   * connection and removing its temporary files) and waits, at most `graceMs`, for that cleanup.
   * The jobs stay in the journal, marked as cut off, so the next start reports them.
   */
  async shutdown(graceMs = 4000): Promise<void> {
    this.shuttingDown = true;
    this.cancelAll();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.settling]), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  /** Validates, confirms, saves; rejects with a VideoGenError (never shows it: callers decide). */
  async start(input: unknown, options: StartOptions): Promise<GenerationOutcome> {
    try {
      // Many starts in one tick (another extension, a task) would run their setup back to back.
      await nextTurn();
      const prepared = await this.prepare(input, options);
      return await this.run(prepared, options);
    } catch (err) {
      throw asJobError(err);
    }
  }

  /** Every check and question before anything is sent; resolves with a reserved, ready job. */
  private async prepare(input: unknown, options: StartOptions): Promise<PreparedJob> {
    const catalog = this.deps.catalog.current;
    const checked = this.checkRequest(input, catalog);
    const settings = this.checkSettings();
    const usd = usdEstimate(findModel(checked.request.model, catalog)?.pricing, checked.request.duration);
    this.checkBudgets(settings, usd);
    const model = findModel(checked.request.model, catalog);
    await this.confirmPremium(checked.request, model, settings, options);
    const apiKey = await this.obtainKey(options);
    throwIfAborted(options.signal);
    const target = await chooseOutputTarget(checked.request, options);
    try {
      // Nothing is sent once the caller gave up (the tool's cancellation may come while the key
      // was read or a dialog was open), and the budgets are counted with no await before sending.
      throwIfAborted(options.signal);
      const reservation = this.budgets.reserve(budgetLimits(settings), usd);
      if (isRefusal(reservation)) throw budgetError(reservation);
      return { checked, settings, catalog, model, apiKey, target, usd, reservation };
    } catch (err) {
      await target.dispose();
      throw err;
    }
  }

  private checkRequest(input: unknown, catalog: Catalog): CheckedRequest {
    try {
      return checkRequest(input, catalog);
    } catch (err) {
      if (err instanceof VideoGenError)
        throw new VideoGenError(err.code, err.summary, vscode.l10n.t('Change the request and try again; nothing was sent.'));
      throw err;
    }
  }

  private checkSettings(): VideoGenSettings {
    const settings = readSettings();
    if (settings.ignoredWorkspaceBaseUrl) this.sayWorkspaceBaseUrlIgnored(settings.ignoredWorkspaceBaseUrl, settings.baseUrl);
    const badUrl = checkBaseUrl(settings.baseUrl);
    if (badUrl) throw new VideoGenError('invalid_settings', badUrl, vscode.l10n.t('Fix the setting and try again; nothing was sent.'));
    return settings;
  }

  /** Refuses early, before any dialog; the reservation right before sending is what holds. */
  private checkBudgets(settings: VideoGenSettings, usd: number | undefined): void {
    const refused = this.budgets.refusal(budgetLimits(settings), usd);
    if (refused) throw budgetError(refused);
  }

  private async confirmPremium(
    request: GenerationRequest,
    model: CatalogModel | undefined,
    settings: VideoGenSettings,
    options: StartOptions,
  ): Promise<void> {
    if (!model?.premium || !settings.confirmPremiumModels || options.premiumConfirmed) return;
    const go = vscode.l10n.t('Generate');
    let answer: string | undefined;
    try {
      answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} is a premium model: use it sparingly, it costs the most.', model.label),
        { modal: true, detail: this.premiumDetail(request) },
        go,
      );
    } catch (err) {
      // A window that cannot show the dialog (a headless test host refuses) has not confirmed.
      this.deps.log.warn(`Premium confirmation could not be shown: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (answer !== go) {
      this.deps.log.info(`Premium model ${request.model} not confirmed; nothing was sent`);
      throw new CancelledError();
    }
  }

  private async obtainKey(options: StartOptions): Promise<string> {
    let apiKey = await this.deps.keys.get();
    if (!apiKey && options.interactive) apiKey = await this.deps.askForKey(vscode.l10n.t('Video Gen needs your API key to generate.'));
    if (!apiKey) {
      throw new VideoGenError(
        'invalid_api_key',
        vscode.l10n.t('No API key is set.'),
        vscode.l10n.t('Run "Video Gen: Set API Key" and try again; nothing was sent.'),
      );
    }
    return apiKey;
  }

  /** Registers the job and runs it; whatever happens after the job exists is cleaned up. */
  private async run(prepared: PreparedJob, options: StartOptions): Promise<GenerationOutcome> {
    const controller = new AbortController();
    const unlink = linkAbort(options.signal, controller);
    const job: RunningJob = {
      id: randomUUID(),
      request: prepared.checked.request,
      startedAt: Date.now(),
      phase: 'connecting',
      cancel: () => controller.abort(),
    };
    const state: JobRun = { job, controller, sent: false };
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.settling.add(settled);
    this.jobs.set(job.id, job);
    try {
      state.outcome = await this.execute(state, prepared, options);
      return state.outcome;
    } catch (err) {
      state.failure = await this.withBillingFinding(asJobError(err), state, prepared);
      this.deps.log.error(`Job ${job.id.slice(0, 8)}: ${state.failure.message}`);
      throw state.failure;
    } finally {
      await this.cleanUp(state, prepared);
      unlink();
      this.jobs.delete(job.id);
      this.settling.delete(settled);
      settle();
      this.changed.fire();
      this.finishedEmitter.fire({ job, outcome: state.outcome, error: state.failure });
      this.tellBillingOfCancel(state, prepared);
    }
  }

  /** The job's own work: announce, read the usage before, journal, call, deliver. */
  private async execute(state: JobRun, prepared: PreparedJob, options: StartOptions): Promise<GenerationOutcome> {
    const { job } = state;
    const { request } = prepared.checked;
    options.onStarted?.(job);
    this.changed.fire();
    this.deps.log.info(
      `Job ${job.id.slice(0, 8)}: ${request.model}, ${request.duration} s, ${request.quality}, ${request.ratio} → ${prepared.target.display}`,
    );
    state.usageBefore = await this.usageBeforeSending(prepared, options, state.controller.signal);
    await this.journalStart(job, prepared, state.usageBefore);
    state.heartbeat = setInterval(() => void this.deps.journal?.beat(job.id, job.phase).catch(() => undefined), HEARTBEAT_MS);
    await this.rememberChoices(request);
    const result = await this.withProgress(job, prepared.model?.label ?? request.model, state.controller, options.quiet, () =>
      runGenerationJob(
        prepared.checked,
        { ...this.jobEnvironment(prepared), provenance: options.provenance, retryRateLimits: options.retryRateLimits },
        {
          signal: state.controller.signal,
          onProgress: (p) => {
            state.sent = true;
            this.onJobProgress(job, p);
          },
        },
      ),
    );
    const outcome = await this.deliver(job, result, prepared.target, state.controller.signal);
    this.deps.log.info(
      `Job ${job.id.slice(0, 8)}: saved ${outcome.files.map((f) => vscode.workspace.asRelativePath(f.uri)).join(', ')} in ${formatSeconds(outcome.elapsedMs / 1000)}`,
    );
    return outcome;
  }

  private async cleanUp(state: JobRun, prepared: PreparedJob): Promise<void> {
    clearInterval(state.heartbeat);
    const cost = state.outcome ? 'saved' : state.failure && mayHaveCost(state.failure, state.sent) ? 'unsaved' : 'free';
    await this.settleBudgets(prepared, cost);
    await this.journalEnd(state.job, state.controller.signal);
    await prepared.target.dispose().catch((err) => this.deps.log.warn(`Staging folder: ${String(err)}`));
  }

  /** How the usage endpoint is reached for this job (the generation's own connection settings). */
  private usageCall(prepared: PreparedJob): ApiCallOptions {
    const { settings } = prepared;
    return {
      baseUrl: settings.baseUrl,
      apiKey: prepared.apiKey,
      connection: settings.network,
      userAgent: this.deps.userAgent,
    };
  }

  /** The usage before the request, read once the queue's gate (if any) is open, and again if it closed meanwhile. */
  private async usageBeforeSending(prepared: PreparedJob, options: StartOptions, signal: AbortSignal): Promise<UsageFetch | undefined> {
    const gate = async (): Promise<boolean> => {
      if (!options.waitToSend) return false;
      try {
        return await options.waitToSend(signal);
      } catch (err) {
        if (signal.aborted) throw new CancelledError();
        throw err;
      }
    };
    await gate();
    let usage = await this.readUsageBefore(prepared);
    while (await gate()) usage = await this.readUsageBefore(prepared);
    return usage;
  }

  /** The provider's usage before the request, so a lost answer can be checked; skipped where there is none. */
  private async readUsageBefore(prepared: PreparedJob): Promise<UsageFetch | undefined> {
    if (this.noUsageEndpoint.has(prepared.settings.baseUrl))
      return { available: false, status: 404, reason: 'The server has no usage endpoint.' };
    const reading = await readUsageBefore(this.usageCall(prepared), this.billingTiming.beforeTimeoutMs);
    if (reading && !reading.available) this.noUsageEndpoint.add(prepared.settings.baseUrl);
    return reading;
  }

  /**
   * A failure where the provider may have billed (not a cancel, not the window going away): ask
   * its usage whether it did, before the user is told. Bounded: a few reads, a second or so apart.
   */
  private async withBillingFinding(failure: VideoGenError, state: JobRun, prepared: PreparedJob): Promise<VideoGenError> {
    if (failure.code === 'cancelled' || this.shuttingDown || !mayHaveCost(failure, state.sent)) return failure;
    const finding = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Video Gen: asking the provider whether the lost generation was billed…'),
      },
      () => this.findBilling(state, prepared),
    );
    return failure.withBilling(finding);
  }

  private async findBilling(state: JobRun, prepared: PreparedJob): Promise<BillingFinding> {
    const { request } = prepared.checked;
    // Before its answer began, the provider may still be at work (a timeout, a gateway's error page):
    // one read shows a charge already made, but nothing moved yet is not "not billed".
    const answerBegan = state.job.phase === 'receiving' || state.job.phase === 'downloading' || state.job.phase === 'saving';
    const timing = answerBegan ? this.billingTiming : { ...this.billingTiming, tries: 1 };
    let finding = await checkBilled(this.usageCall(prepared), state.usageBefore, request.model, { costUsd: prepared.usd }, timing);
    if (!answerBegan && finding.verdict === 'not_billed') {
      finding = {
        verdict: 'cannot_tell',
        reason: `${finding.reason} No answer had begun, so the provider may still finish the generation and bill it; the Usage & Spend view will show it.`,
      };
    }
    this.deps.log.info(`Job ${state.job.id.slice(0, 8)}: billing ${finding.verdict}: ${finding.reason}`);
    return finding;
  }

  /** A cancel after the request went out may still be charged: found out after the cancel, and told (onDidFindBillingOfCancel). */
  private tellBillingOfCancel(state: JobRun, prepared: PreparedJob): void {
    const cancelled = state.failure;
    if (cancelled?.code !== 'cancelled' || this.shuttingDown || !mayHaveCost(cancelled, state.sent)) return;
    void this.findBilling(state, prepared).then((finding) => {
      if (finding.verdict !== 'not_billed') this.cancelBillingEmitter.fire({ job: state.job, error: cancelled.withBilling(finding) });
    });
  }

  private jobEnvironment(prepared: PreparedJob): Parameters<typeof runGenerationJob>[1] {
    const { settings } = prepared;
    return {
      settings: {
        baseUrl: settings.baseUrl,
        timeoutMs: settings.timeoutSeconds * 1000,
        retries: settings.retryCount,
        network: settings.network,
      },
      apiKey: prepared.apiKey,
      outputDir: prepared.target.localDir,
      catalog: prepared.catalog,
      userAgent: this.deps.userAgent,
    };
  }

  private onJobProgress(job: RunningJob, p: { phase: GenerationPhase; receivedBytes?: number; totalBytes?: number }): void {
    const phaseChanged = job.phase !== p.phase;
    job.phase = p.phase;
    job.receivedBytes = p.receivedBytes;
    job.totalBytes = p.totalBytes;
    // Listeners (status bar, panel) talk to the UI process: a few updates a second are plenty.
    if (phaseChanged || Date.now() - this.lastProgressFire >= PROGRESS_EVENT_MS) {
      this.lastProgressFire = Date.now();
      this.changed.fire();
    }
  }

  private async rememberChoices(request: GenerationRequest): Promise<void> {
    const choices: LastChoices = {
      model: request.model,
      quality: request.quality,
      duration: request.duration,
      ratio: request.ratio,
      prompt: request.prompt,
    };
    await Promise.resolve(this.deps.context.globalState.update(LAST_CHOICES, choices)).catch((err) =>
      this.deps.log.warn(`Last choices: ${String(err)}`),
    );
  }

  /** A saved video, or one that may have cost money, stays counted in the budgets; the rest is given back. */
  private async settleBudgets(prepared: PreparedJob, how: 'saved' | 'unsaved' | 'free'): Promise<void> {
    const { request } = prepared.checked;
    const record =
      how === 'saved'
        ? this.usage.record(request.model, request.duration, prepared.usd)
        : how === 'unsaved'
          ? this.usage.recordUnsaved(prepared.usd)
          : Promise.resolve();
    await record.catch((err) => this.deps.log.warn(`Usage: ${String(err)}`));
    prepared.reservation.release();
  }

  /** Once per window and URL: the workspace named another machine as the API; the key does not go there. */
  private sayWorkspaceBaseUrlIgnored(ignored: string, used: string): void {
    if (this.ignoredBaseUrlsTold.has(ignored)) return;
    this.ignoredBaseUrlsTold.add(ignored);
    this.deps.log.warn(`The workspace sets videoGen.baseUrl to ${ignored}; not used (another machine). Using ${used}.`);
    const open = vscode.l10n.t('Open User Settings');
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t(
          'This workspace sets "videoGen.baseUrl" to {0}, another machine. Your API key is not sent there: Video Gen uses {1} from your user settings. If you trust that server, set it in your user settings.',
          plainText(ignored),
          plainText(used),
        ),
        open,
      )
      .then((picked) => picked === open && vscode.commands.executeCommand('workbench.action.openSettings', 'videoGen.baseUrl'));
  }

  private premiumDetail(request: GenerationRequest): string {
    const cost = this.estimate(request);
    const estimate = cost
      ? ' ' + vscode.l10n.t("Estimated cost: about {0} {1} (an estimate from the API's price list).", cost.amount.toFixed(2), cost.currency)
      : '';
    return (
      vscode.l10n.t(
        '{0} s at {1}, ratio {2}. Lighter models (Seedance Lite, Kling v2.1) are recommended for trying things out.',
        request.duration,
        request.quality,
        request.ratio,
      ) +
      estimate +
      remainingText(this.remainingBudgets(), cost === undefined)
    );
  }

  private async journalStart(job: RunningJob, prepared: PreparedJob, usageBefore: UsageFetch | undefined): Promise<void> {
    const journal = this.deps.journal;
    if (!journal) return;
    let apiOrigin = prepared.settings.baseUrl;
    try {
      apiOrigin = new URL(apiOrigin).origin;
    } catch {
      // checked before; keep the text
    }
    try {
      await journal.started({
        id: job.id,
        request: job.request,
        apiOrigin,
        outputDir: prepared.target.display,
        startedAt: new Date(job.startedAt).toISOString(),
        usageBefore: storeReading(usageBefore),
        estimatedUsd: prepared.usd,
      });
    } catch (err) {
      // Losing the journal must not stop a generation; the log says so.
      this.deps.log.warn(`Journal: could not record job ${job.id.slice(0, 8)}: ${String(err)}`);
    }
  }

  /**
   * Cut off by the window going away, the request may have been billed: it stays written down for
   * the next start to report. Any other ending (saved, failed, cancelled by the user) is known.
   */
  private async journalEnd(job: RunningJob, signal: AbortSignal): Promise<void> {
    const journal = this.deps.journal;
    if (!journal) return;
    const cutOff = this.shuttingDown && signal.aborted;
    await (cutOff ? journal.interruptedByShutdown(job.id, job.phase) : journal.finished(job.id)).catch((err) =>
      this.deps.log.warn(`Journal: ${String(err)}`),
    );
  }

  private async withProgress<T>(
    job: RunningJob,
    modelLabel: string,
    controller: AbortController,
    quiet: boolean | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    if (quiet) return work();
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Generating with {0}', modelLabel),
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        progress.report({ message: describeProgress(job) });
        const timer = setInterval(() => progress.report({ message: describeProgress(job) }), 1000);
        try {
          return await work();
        } finally {
          clearInterval(timer);
        }
      },
    );
  }

  private async deliver(job: RunningJob, result: JobResult, target: OutputTarget, signal: AbortSignal): Promise<GenerationOutcome> {
    const files = await deliverFiles(result, target, signal);
    return {
      id: job.id,
      request: result.request,
      files,
      revisedPrompt: result.revisedPrompt,
      created: result.created,
      requestId: result.requestId,
      elapsedMs: result.elapsedMs,
    };
  }

  dispose(): void {
    // Disposal means the extension stops (it may come before or after deactivate()).
    this.shuttingDown = true;
    this.cancelAll();
    this.changed.dispose();
    this.finishedEmitter.dispose();
    this.cancelBillingEmitter.dispose();
  }
}

/** The progress notification's line: what the job waits for, and for how long. */
function describeProgress(job: RunningJob): string {
  const elapsed = formatSeconds((Date.now() - job.startedAt) / 1000);
  switch (job.phase) {
    case 'receiving':
      return vscode.l10n.t('receiving the video ({0} MB), {1}', ((job.receivedBytes ?? 0) / 1048576).toFixed(1), elapsed);
    case 'saving':
      return vscode.l10n.t('saving, {0}', elapsed);
    case 'downloading':
      return vscode.l10n.t('downloading the video, {0}', elapsed);
    default:
      return vscode.l10n.t('{0} s at {1}: waiting for the video, {2}', job.request.duration, job.request.quality, elapsed);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Aborts `controller` with `signal`, including when `signal` was aborted already; returns the unlink. */
function linkAbort(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => undefined;
  const onAbort = (): void => controller.abort();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** A job that ended without a video may still have cost money: the provider may have billed it. */
function mayHaveCost(error: VideoGenError, sent: boolean): boolean {
  return sent && (error.mayHaveBeenBilled || error.code === 'cancelled');
}

/**
 * What is left of the budgets that are set, as a sentence for a confirmation ('' when none is set).
 * `unpriced`: this generation has no price, so the dollar budgets cannot count it.
 */
export function remainingText(remaining: Remaining, unpriced: boolean): string {
  const parts: string[] = [];
  if (remaining.dailyGenerations !== undefined) parts.push(vscode.l10n.t('{0} generations today', remaining.dailyGenerations));
  if (remaining.monthlyGenerations !== undefined) parts.push(vscode.l10n.t('{0} generations this month', remaining.monthlyGenerations));
  if (remaining.dailyUsd !== undefined) parts.push(vscode.l10n.t('about {0} USD today', remaining.dailyUsd.toFixed(2)));
  if (remaining.monthlyUsd !== undefined) parts.push(vscode.l10n.t('about {0} USD this month', remaining.monthlyUsd.toFixed(2)));
  if (parts.length === 0) return '';
  const dollarBudget = remaining.dailyUsd !== undefined || remaining.monthlyUsd !== undefined;
  const note =
    unpriced && dollarBudget
      ? ' ' + vscode.l10n.t('The price list gives no price for this model, so the dollar budgets cannot count it.')
      : '';
  return ' ' + vscode.l10n.t('Left in your budgets: {0}.', parts.join(', ')) + note;
}

export function budgetLimits(settings: VideoGenSettings): BudgetLimits {
  return {
    dailyGenerations: settings.dailyGenerationLimit,
    monthlyGenerations: settings.monthlyGenerationLimit,
    dailyUsd: settings.dailyBudgetUsd,
    monthlyUsd: settings.monthlyBudgetUsd,
  };
}

/** The budget a generation would go over, in words, with the setting that sets it. */
function budgetError(refused: BudgetRefusal): VideoGenError {
  const usd = (n: number): string => n.toFixed(2);
  switch (refused.budget) {
    case 'dailyGenerations':
      return new VideoGenError(
        'daily_limit_reached',
        vscode.l10n.t('You have reached your daily limit of {0} generations (setting "videoGen.dailyGenerationLimit").', refused.limit),
        vscode.l10n.t('Raise or clear the limit in the settings, or wait until tomorrow; nothing was sent.'),
      );
    case 'monthlyGenerations':
      return new VideoGenError(
        'budget_exceeded',
        vscode.l10n.t('You have reached your monthly limit of {0} generations (setting "videoGen.monthlyGenerationLimit").', refused.limit),
        vscode.l10n.t('Raise or clear the limit in the settings, or wait until next month; nothing was sent.'),
      );
    case 'dailyUsd':
      return new VideoGenError(
        'budget_exceeded',
        vscode.l10n.t(
          'This generation would take the estimated cost today past your daily budget of {0} USD ({1} USD counted so far; setting "videoGen.dailyBudgetUsd").',
          usd(refused.limit),
          usd(refused.used),
        ),
        vscode.l10n.t('Pick a lighter model or a shorter duration, raise the budget, or wait until tomorrow; nothing was sent.'),
      );
    case 'monthlyUsd':
      return new VideoGenError(
        'budget_exceeded',
        vscode.l10n.t(
          'This generation would take the estimated cost this month past your monthly budget of {0} USD ({1} USD counted so far; setting "videoGen.monthlyBudgetUsd").',
          usd(refused.limit),
          usd(refused.used),
        ),
        vscode.l10n.t('Pick a lighter model or a shorter duration, raise the budget, or wait until next month; nothing was sent.'),
      );
  }
}

/** Every failure as a VideoGenError with a code, including a secret storage that failed. */
function asJobError(err: unknown): VideoGenError {
  if (err instanceof VideoGenError) return err;
  if (err instanceof SecretStorageUnavailableError) {
    return new VideoGenError(
      'invalid_api_key',
      vscode.l10n.t('The API key could not be read: {0}', err.detail),
      vscode.l10n.t('Run "Video Gen: Set API Key" to keep the key for this session; nothing was sent.'),
      { cause: err },
    );
  }
  return new VideoGenError(
    'bad_response',
    String(err instanceof Error ? err.message : err),
    vscode.l10n.t('Look at the log for details.'),
    { cause: err },
  );
}
