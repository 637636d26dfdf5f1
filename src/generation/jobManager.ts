// Runs generations for the command, the panel and the language-model tool: premium confirmation,
// the key, where files go, a cancellable progress notification, several jobs at once, and the
// saved files as VS Code URIs. Errors are VideoGenErrors with a code, whatever went wrong.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, promises as fs } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import * as vscode from 'vscode';
import type { GenerationPhase } from '../api/client';
import { CancelledError, formatSeconds, VideoGenError } from '../api/errors';
import { nextTurn } from '../api/eventLoop';
import { findModel, validateGenerationRequest, type GenerationRequest } from '../catalog';
import { checkBaseUrl, readSettings } from '../config/settings';
import { resolveOutputDirectory } from '../output/outputLocation';
import { parseSidecar } from '../output/sidecar';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import type { CatalogService } from './catalogService';
import { runGenerationJob, type JobResult } from './job';
import { HEARTBEAT_MS, type JobJournal } from './jobJournal';
import { UsageStats, estimateCost } from './usageStats';
import { plainText } from '../ui/plainText';

export interface RunningJob {
  readonly id: string;
  readonly request: GenerationRequest;
  readonly startedAt: number;
  phase: GenerationPhase;
  receivedBytes?: number;
  totalBytes?: number;
  cancel(): void;
}

export interface SavedVideoInfo {
  uri: vscode.Uri;
  sidecarUri: vscode.Uri;
  bytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  duration: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  /** AAC audio: VS Code plays the clip without sound. */
  silentInVsCode: boolean;
  warnings: string[];
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
  source: 'command' | 'panel' | 'tool';
  signal?: AbortSignal;
  /** Skip the premium confirmation (the tool's own confirmation already asked). */
  premiumConfirmed?: boolean;
  /** A folder chosen beforehand (for example by the panel). */
  folder?: vscode.WorkspaceFolder;
  /** Called once the job exists (after the confirmations and the key), before it is announced. */
  onStarted?(job: RunningJob): void;
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
  /** Generations and seconds per model, today and in total (counted when a video is saved). */
  readonly usage: UsageStats;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly keys: ApiKeyStore,
    private readonly catalog: CatalogService,
    private readonly log: vscode.LogOutputChannel,
    private readonly userAgent: string,
    /** Asks for the key (password input); resolves undefined when the user gave none. */
    private readonly askForKey: (reason: string) => Promise<string | undefined>,
    /** Where running jobs are written down (undefined when no local storage is available). */
    private readonly journal?: JobJournal,
  ) {
    this.usage = new UsageStats(context.globalState);
  }

  /** A cost estimate from the API's price list, when it gave one for this model (never invented). */
  estimate(request: { model: string; duration: number }): { amount: number; currency: string } | undefined {
    return estimateCost(findModel(request.model, this.catalog.current)?.pricing, request.duration);
  }

  get running(): RunningJob[] {
    return [...this.jobs.values()];
  }

  get lastChoices(): LastChoices {
    return this.context.globalState.get<LastChoices>(LAST_CHOICES) ?? {};
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
    await Promise.race([
      Promise.allSettled([...this.settling]),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
  }

  /** Validates, confirms, saves; rejects with a VideoGenError (never shows it: callers decide). */
  async start(input: unknown, options: StartOptions): Promise<GenerationOutcome> {
    // Many starts in one tick (another extension, a task) would run their setup back to back.
    await nextTurn();
    const catalog = this.catalog.current;
    const validation = validateGenerationRequest(input, catalog);
    if (!validation.ok) {
      const code = validation.issues.some((i) => i.code === 'invalid_request_error') ? 'invalid_request_error' : 'n_exceeds_model_limit';
      throw new VideoGenError(code, validation.issues.map((i) => i.message).join(' '), vscode.l10n.t('Change the request and try again; nothing was sent.'));
    }
    const request = validation.request;
    const settings = readSettings();
    if (settings.ignoredWorkspaceBaseUrl) this.sayWorkspaceBaseUrlIgnored(settings.ignoredWorkspaceBaseUrl, settings.baseUrl);
    const badUrl = checkBaseUrl(settings.baseUrl);
    if (badUrl) throw new VideoGenError('invalid_settings', badUrl, vscode.l10n.t('Fix the setting and try again; nothing was sent.'));

    const limit = settings.dailyGenerationLimit;
    if (limit > 0 && this.usage.generationsToday() >= limit) {
      throw new VideoGenError(
        'daily_limit_reached',
        vscode.l10n.t('You have reached your daily limit of {0} generations (setting "videoGen.dailyGenerationLimit").', limit),
        vscode.l10n.t('Raise or clear the limit in the settings, or wait until tomorrow; nothing was sent.'),
      );
    }

    const model = findModel(request.model, catalog);
    if (model?.premium && settings.confirmPremiumModels && !options.premiumConfirmed) {
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
        this.log.warn(`Premium confirmation could not be shown: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (answer !== go) {
        this.log.info(`Premium model ${request.model} not confirmed; nothing was sent`);
        throw new CancelledError();
      }
    }

    let apiKey = await this.keys.get();
    if (!apiKey && options.interactive) apiKey = await this.askForKey(vscode.l10n.t('Video Gen needs your API key to generate.'));
    if (!apiKey) {
      throw new VideoGenError('invalid_api_key', vscode.l10n.t('No API key is set.'), vscode.l10n.t('Run "Video Gen: Set API Key" and try again; nothing was sent.'));
    }

    const target = await this.outputTarget(request, options);
    const controller = new AbortController();
    const onOuterAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const job: RunningJob = {
      id: randomUUID(),
      request,
      startedAt: Date.now(),
      phase: 'connecting',
      cancel: () => controller.abort(),
    };
    this.jobs.set(job.id, job);
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.settling.add(settled);
    options.onStarted?.(job);
    this.changed.fire();
    this.log.info(`Job ${job.id.slice(0, 8)}: ${request.model}, ${request.duration} s, ${request.quality}, ${request.ratio} → ${target.display}`);
    await this.journalStart(job, settings.baseUrl, target.display);
    const heartbeat = setInterval(() => void this.journal?.beat(job.id, job.phase).catch(() => undefined), HEARTBEAT_MS);
    await this.context.globalState.update(LAST_CHOICES, { model: request.model, quality: request.quality, duration: request.duration, ratio: request.ratio, prompt: request.prompt } satisfies LastChoices);
    try {
      const result = await this.withProgress(job, model?.label ?? request.model, controller, () =>
        runGenerationJob(request, {
          settings: {
            baseUrl: settings.baseUrl,
            timeoutMs: settings.timeoutSeconds * 1000,
            retries: settings.retryCount,
            proxyUrl: settings.proxyUrl,
            strictSSL: settings.strictSSL,
          },
          apiKey,
          outputDir: target.localDir,
          catalog,
          userAgent: this.userAgent,
        }, {
          signal: controller.signal,
          onProgress: (p) => {
            const phaseChanged = job.phase !== p.phase;
            job.phase = p.phase;
            job.receivedBytes = p.receivedBytes;
            job.totalBytes = p.totalBytes;
            // Listeners (status bar, panel) talk to the UI process: a few updates a second are plenty.
            if (phaseChanged || Date.now() - this.lastProgressFire >= PROGRESS_EVENT_MS) {
              this.lastProgressFire = Date.now();
              this.changed.fire();
            }
          },
        }),
      );
      const outcome = await this.deliver(job, result, target, controller.signal);
      await this.usage.record(request.model, request.duration).catch((err) => this.log.warn(`Usage: ${String(err)}`));
      this.log.info(`Job ${job.id.slice(0, 8)}: saved ${outcome.files.map((f) => vscode.workspace.asRelativePath(f.uri)).join(', ')} in ${formatSeconds(outcome.elapsedMs / 1000)}`);
      this.finishedEmitter.fire({ job, outcome });
      return outcome;
    } catch (err) {
      const error = err instanceof VideoGenError ? err : new VideoGenError('bad_response', String(err instanceof Error ? err.message : err), vscode.l10n.t('Look at the log for details.'), { cause: err });
      this.log.error(`Job ${job.id.slice(0, 8)}: ${error.message}`);
      this.finishedEmitter.fire({ job, error });
      throw error;
    } finally {
      clearInterval(heartbeat);
      // Cut off by the window going away, the request may have been billed: it stays written down
      // for the next start to report. Any other ending (saved, failed, cancelled by the user) is known.
      const cutOff = this.shuttingDown && controller.signal.aborted;
      await (cutOff ? this.journal?.interruptedByShutdown(job.id, job.phase) : this.journal?.finished(job.id))?.catch((err) => this.log.warn(`Journal: ${String(err)}`));
      options.signal?.removeEventListener('abort', onOuterAbort);
      this.jobs.delete(job.id);
      this.settling.delete(settled);
      settle();
      this.changed.fire();
    }
  }

  /** Once per window and URL: the workspace named another machine as the API; the key does not go there. */
  private sayWorkspaceBaseUrlIgnored(ignored: string, used: string): void {
    if (this.ignoredBaseUrlsTold.has(ignored)) return;
    this.ignoredBaseUrlsTold.add(ignored);
    this.log.warn(`The workspace sets videoGen.baseUrl to ${ignored}; not used (another machine). Using ${used}.`);
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
    const estimate = cost ? ' ' + vscode.l10n.t('Estimated cost: about {0} {1} (an estimate from the API\'s price list).', cost.amount.toFixed(2), cost.currency) : '';
    return vscode.l10n.t('{0} s at {1}, ratio {2}. Lighter models (Seedance Lite, Kling v2.1) are recommended for trying things out.', request.duration, request.quality, request.ratio) + estimate;
  }

  private async journalStart(job: RunningJob, baseUrl: string, outputDir: string): Promise<void> {
    if (!this.journal) return;
    let apiOrigin = baseUrl;
    try {
      apiOrigin = new URL(baseUrl).origin;
    } catch {
      // checked before; keep the text
    }
    try {
      await this.journal.started({ id: job.id, request: job.request, apiOrigin, outputDir, startedAt: new Date(job.startedAt).toISOString() });
    } catch (err) {
      // Losing the journal must not stop a generation; the log says so.
      this.log.warn(`Journal: could not record job ${job.id.slice(0, 8)}: ${String(err)}`);
    }
  }

  private async withProgress<T>(job: RunningJob, modelLabel: string, controller: AbortController, work: () => Promise<T>): Promise<T> {
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Generating with {0}', modelLabel),
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const describe = (): string => {
          const elapsed = formatSeconds((Date.now() - job.startedAt) / 1000);
          switch (job.phase) {
            case 'receiving': {
              const mb = ((job.receivedBytes ?? 0) / 1048576).toFixed(1);
              return vscode.l10n.t('receiving the video ({0} MB), {1}', mb, elapsed);
            }
            case 'saving':
              return vscode.l10n.t('saving, {0}', elapsed);
            case 'downloading':
              return vscode.l10n.t('downloading the video, {0}', elapsed);
            default:
              return vscode.l10n.t('{0} s at {1}: waiting for the video, {2}', job.request.duration, job.request.quality, elapsed);
          }
        };
        progress.report({ message: describe() });
        const timer = setInterval(() => progress.report({ message: describe() }), 1000);
        try {
          return await work();
        } finally {
          clearInterval(timer);
        }
      },
    );
  }

  /** Decides the folder and, for folders not on a local file system, a staging folder. */
  private async outputTarget(request: GenerationRequest, options: StartOptions): Promise<{ localDir: string; remoteDir?: vscode.Uri; display: string }> {
    let folder = options.folder;
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!folder) {
      if (folders.length === 1) folder = folders[0];
      else if (folders.length > 1) {
        if (options.interactive) {
          folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which workspace folder should the video be saved in?') });
          if (!folder) throw new CancelledError();
        } else {
          const active = vscode.window.activeTextEditor?.document.uri;
          folder = (active && vscode.workspace.getWorkspaceFolder(active)) || folders[0];
        }
      }
    }
    if (!folder) {
      if (!options.interactive) {
        throw new VideoGenError('no_workspace', vscode.l10n.t('No folder is open to save the video in.'), vscode.l10n.t('Open a folder, or run the command from the Command Palette to choose where to save.'));
      }
      const chosen = await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Save the generated video'),
        filters: { [vscode.l10n.t('MP4 video')]: ['mp4'] },
        defaultUri: vscode.Uri.file(join(homedir(), `${request.prompt.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}.mp4`)),
      });
      if (!chosen) throw new CancelledError();
      const dir = vscode.Uri.joinPath(chosen, '..');
      return dir.scheme === 'file'
        ? { localDir: dir.fsPath, display: dir.fsPath }
        : { localDir: mkdtempSync(join(tmpdir(), 'video-gen-stage-')), remoteDir: dir, display: dir.toString() };
    }
    const setting = readSettings(folder.uri).outputDirectory;
    if (folder.uri.scheme === 'file') {
      const location = resolveOutputDirectory(folder.uri.fsPath, setting);
      if (!location.ok) throw new VideoGenError('invalid_settings', location.message, vscode.l10n.t('Fix the setting and try again; nothing was sent.'));
      return { localDir: location.dir, display: location.dir };
    }
    // A folder on another file system (virtual workspaces): check the setting the same way on its
    // path, stage locally, then copy through workspace.fs.
    const location = resolveOutputDirectory(folder.uri.path, setting, posix);
    if (!location.ok) throw new VideoGenError('invalid_settings', location.message, vscode.l10n.t('Fix the setting and try again; nothing was sent.'));
    const remoteDir = folder.uri.with({ path: location.dir });
    return { localDir: mkdtempSync(join(tmpdir(), 'video-gen-stage-')), remoteDir, display: remoteDir.toString() };
  }

  private async deliver(job: RunningJob, result: JobResult, target: { localDir: string; remoteDir?: vscode.Uri }, signal: AbortSignal): Promise<GenerationOutcome> {
    const files: SavedVideoInfo[] = [];
    const copied: vscode.Uri[] = [];
    for (const file of result.files) {
      let uri = vscode.Uri.file(file.path);
      let sidecarUri = vscode.Uri.file(file.sidecarPath);
      if (target.remoteDir) {
        ({ uri, sidecarUri } = await copyToWorkspace(file.path, file.sidecarPath, target.remoteDir));
        copied.push(uri, sidecarUri);
      }
      if (signal.aborted) {
        // Cancelled while the files were being delivered: leave nothing, here or in the staging folder.
        await Promise.all(copied.map((u) => Promise.resolve(vscode.workspace.fs.delete(u)).catch(() => undefined)));
        await Promise.all(result.files.flatMap((f) => [fs.rm(f.path, { force: true }), fs.rm(f.sidecarPath, { force: true })]));
        if (target.remoteDir) await fs.rm(target.localDir, { recursive: true, force: true });
        throw new CancelledError();
      }
      const m = file.metadata;
      files.push({
        uri,
        sidecarUri,
        bytes: file.bytes,
        sha256: file.sha256,
        width: m?.width ?? null,
        height: m?.height ?? null,
        duration: m?.durationSeconds ?? null,
        videoCodec: m?.video?.codecName ?? null,
        audioCodec: m?.audio?.codecName ?? null,
        silentInVsCode: m?.playableInVsCode.silentInVsCode ?? false,
        warnings: file.warnings,
      });
    }
    if (target.remoteDir) await fs.rm(target.localDir, { recursive: true, force: true });
    return { id: job.id, request: result.request, files, revisedPrompt: result.revisedPrompt, created: result.created, requestId: result.requestId, elapsedMs: result.elapsedMs };
  }

  dispose(): void {
    // Disposal means the extension stops (it may come before or after deactivate()).
    this.shuttingDown = true;
    this.cancelAll();
    this.changed.dispose();
    this.finishedEmitter.dispose();
  }
}

/** Copies a staged video and its sidecar into a workspace folder, never overwriting. */
async function copyToWorkspace(videoPath: string, sidecarPath: string, dir: vscode.Uri): Promise<{ uri: vscode.Uri; sidecarUri: vscode.Uri }> {
  await vscode.workspace.fs.createDirectory(dir);
  const name = basename(videoPath, '.mp4');
  for (let attempt = 1; attempt < 1000; attempt++) {
    const stem = attempt === 1 ? name : `${name}-${attempt}`;
    const uri = vscode.Uri.joinPath(dir, `${stem}.mp4`);
    try {
      await vscode.workspace.fs.copy(vscode.Uri.file(videoPath), uri, { overwrite: false });
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileExists') continue;
      throw err;
    }
    const sidecar = parseSidecar(await fs.readFile(sidecarPath, 'utf8'));
    const sidecarUri = vscode.Uri.joinPath(dir, `${stem}.json`);
    if (sidecar) {
      sidecar.video = `${stem}.mp4`;
      await vscode.workspace.fs.writeFile(sidecarUri, new TextEncoder().encode(JSON.stringify(sidecar, null, 2) + '\n'));
    }
    return { uri, sidecarUri };
  }
  throw new VideoGenError('save_failed', vscode.l10n.t('No free file name in {0}.', dir.toString()), vscode.l10n.t('Clean up the output folder.'));
}
