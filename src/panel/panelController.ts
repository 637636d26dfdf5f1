// The panel as the rest of the extension uses it: one panel at a time, created on demand or revived
// after a reload, told everything it shows again whenever its page (re)starts, and the only place
// that acts on what the page asks for.
import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../util/disposable';
import { MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, startingChoice } from '../catalog';
import { readSettings, settingsLayer } from '../config/settings';
import type { CatalogService } from '../generation/catalogService';
import type { GenerationOutcome, JobManager } from '../generation/jobManager';
import type { HistoryEntry, HistoryStore } from '../history/historyStore';
import { outputFolders } from '../history/outputFolders';
import { baseName } from '../history/sidecarFiles';
import {
  pageStateSchema,
  type FormPrefill,
  type FormValues,
  type HistoryItem,
  type ModelOption,
  type PanelError,
  type VideoView,
} from '../shared/protocol';
import { lineageOf } from './compareLineage';
import { PanelCompare, type CompareInput } from './compareSession';
import { costTable, usageView } from './panelCosts';
import { audioTrackAnswer } from './panelAudio';
import { PanelPreviewCopies, previewCopyFolder } from './panelPreviewCopy';
import { PanelGenerations } from './panelGenerations';
import { runVideoAction } from './videoActions';
import { detailsFromFile, detailsFromOutcome, formValuesOf, type VideoDetails } from './videoDetails';
import { modelLabelIn } from './videoDetailsData';
import { VideoPanel, type PanelIntent, type PlayerReport } from './videoPanel';

export interface PanelDeps {
  jobs: JobManager;
  catalog: CatalogService;
  history: HistoryStore;
  log: vscode.LogOutputChannel;
}

export type PanelPrefill = Partial<{ prompt: string; model: string; quality: string; duration: number; ratio: string }>;

export interface VideoPanelController extends vscode.Disposable {
  /** Opens (or reveals) the panel, optionally filling the form. */
  open(prefill?: PanelPrefill): void;
  /** Plays a video file and resolves with what the player saw. */
  showVideo(uri: vscode.Uri): Promise<PlayerReport>;
  /** Plays the first file of a finished generation with its metadata. */
  showOutcome(outcome: GenerationOutcome): Promise<void>;
  /** Shows takes side by side in the compare view. */
  showCompare(input: CompareInput): Promise<void>;
}

/** The page's jobs list is refreshed at most this often while bytes stream in. */
const JOBS_THROTTLE_MS = 250;
/** The gallery holds this many takes (newest first); the tree lists them all. */
const HISTORY_SENT = 1000;

export class PanelController extends Disposable implements VideoPanelController {
  private view: VideoPanel | undefined;
  private viewSubscriptions: vscode.Disposable[] = [];
  /** The video on show, re-sent when the page restarts. */
  private current: VideoView | undefined;
  /** Videos the page was shown, by the id it knows them by: the only files it may act on. */
  private readonly shown = new Map<string, vscode.Uri>();
  private pendingPrefill: { values: FormPrefill; focus: 'model' | 'prompt' } | undefined;
  private lastError: PanelError | null = null;
  private readonly generations: PanelGenerations;
  private jobsTimer: ReturnType<typeof setTimeout> | undefined;
  private jobsDirty = false;
  private readonly compare: PanelCompare;
  private readonly previewFolder: vscode.Uri | null;
  private readonly previewCopies: PanelPreviewCopies;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: PanelDeps,
    globalStorageUri: vscode.Uri,
  ) {
    super();
    this.previewFolder = previewCopyFolder(globalStorageUri);
    this.previewCopies = new PanelPreviewCopies(this.previewFolder, deps.log);
    this.compare = new PanelCompare(
      { ensureView: () => this.ensureView(), post: (message) => this.view?.post(message), log: deps.log },
      deps,
    );
    this.generations = new PanelGenerations(deps.jobs, deps.catalog, deps.log, {
      succeeded: async (outcome) => {
        const first = outcome.files[0];
        if (first) this.view?.post({ type: 'status', text: vscode.l10n.t('Video saved: {0}', vscode.workspace.asRelativePath(first.uri)) });
        await this.showOutcome(outcome);
      },
      error: (error) => {
        this.lastError = error;
        this.view?.post({ type: 'error', error });
      },
      status: (text) => this.view?.post({ type: 'status', text }),
      prefill: (values, focus) => this.open(values, focus),
      jobsChanged: () => this.scheduleJobs(),
    });
    this._registerAll(
      toDisposable(() => {
        clearTimeout(this.jobsTimer);
        this.view?.dispose();
      }),
      this.generations,
      this.previewCopies,
      deps.history.onDidChange(() => void this.sendHistory()),
      deps.catalog.onDidChange(() => this.sendCatalog()),
      // Fires after usage.record, from the panel, the command or the tool; a failed job re-sends
      // the same numbers, which is harmless.
      deps.jobs.onDidFinish(() => this.sendUsage()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.view?.setWorkspaceRoots(this.workspaceRoots())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('videoGen.outputDirectory')) this.view?.setWorkspaceRoots(this.workspaceRoots());
        // A listing (and its prices) fetched from another base URL does not apply: the catalog changed.
        if (e.affectsConfiguration('videoGen.baseUrl')) this.sendCatalog();
      }),
    );
  }

  open(prefill?: PanelPrefill, focus: 'model' | 'prompt' = 'prompt'): void {
    if (prefill) this.pendingPrefill = { values: sanitizePrefill(prefill), focus };
    const view = this.ensureView();
    view.reveal(false);
    this.flushPrefill();
  }

  async showVideo(uri: vscode.Uri): Promise<PlayerReport> {
    this.ensureView().reveal(true);
    return this.present(uri, await detailsFromFile(uri, this.deps.log, this.deps.catalog.current));
  }

  async showOutcome(outcome: GenerationOutcome): Promise<void> {
    const first = outcome.files[0];
    if (!first) return;
    this.ensureView().reveal(true);
    try {
      await this.present(first.uri, detailsFromOutcome(first, outcome, this.deps.catalog.current));
    } catch (err) {
      this.deps.log.warn(`Panel: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  showCompare(input: CompareInput): Promise<void> {
    return this.compare.show(input);
  }

  /** Takes over a panel VS Code restored after a reload. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    if (this.view) {
      // Only one panel: the restored one would duplicate it.
      panel.dispose();
      return;
    }
    this.adopt(panel);
    const parsed = pageStateSchema.safeParse(state);
    const videoId = parsed.success ? parsed.data.videoId : undefined;
    if (!videoId) return;
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(videoId, true);
    } catch {
      return;
    }
    // The saved state is the page's: only a video inside the workspace is shown again.
    if (!vscode.workspace.getWorkspaceFolder(uri)) return;
    void vscode.workspace.fs
      .stat(uri)
      .then(
        async () => this.present(uri, await detailsFromFile(uri, this.deps.log, this.deps.catalog.current)),
        () => undefined,
      )
      .then(undefined, (err: unknown) =>
        this.deps.log.info(`Panel: the restored video did not load: ${err instanceof Error ? err.message : String(err)}`),
      );
  }

  private ensureView(): VideoPanel {
    return this.view ?? this.adopt(VideoPanel.createWebviewPanel(vscode.ViewColumn.Active));
  }

  private adopt(panel: vscode.WebviewPanel): VideoPanel {
    const view = new VideoPanel(
      panel,
      this.extensionUri,
      this.deps.log,
      this.workspaceRoots(),
      this.previewFolder ? [this.previewFolder] : [],
    );
    this.view = view;
    this.viewSubscriptions = [
      view.onIntent(
        (intent) =>
          void this.handle(intent).catch((err: unknown) =>
            this.deps.log.error(`Panel: ${err instanceof Error ? err.message : String(err)}`),
          ),
      ),
      view.onDidBecomeReady(() => void this.sync()),
      view.onDidDispose(() => {
        if (this.view !== view) return;
        this.view = undefined;
        this.current = undefined;
        this.compare.close();
        for (const d of this.viewSubscriptions) d.dispose();
        this.viewSubscriptions = [];
      }),
    ];
    return view;
  }

  private workspaceRoots(): vscode.Uri[] {
    return outputFolders().map((f) => f.uri);
  }

  private present(uri: vscode.Uri, details: VideoDetails): Promise<PlayerReport> {
    const view = this.ensureView();
    view.allowFolder(vscode.Uri.joinPath(uri, '..'));
    // A version query busts the webview's cache when a file of the same name is shown again.
    const src = view
      .asWebviewUri(uri)
      .with({ query: `v=${Date.now()}` })
      .toString();
    const video: VideoView = { id: uri.toString(), src, ...details };
    // A single video takes the place of a comparison (the final a tile's Promote made, a history entry).
    this.compare.close();
    this.current = video;
    this.shown.set(video.id, uri);
    const report = view.waitForReport(src);
    view.post({ type: 'showVideo', video });
    void this.addLineage(video, uri);
    return report;
  }

  /** Draft → final, once the history is read: the details are sent again with it. */
  private async addLineage(video: VideoView, uri: vscode.Uri): Promise<void> {
    const lineage = await lineageOf(uri, this.deps.history).catch(() => undefined);
    if (!lineage || this.current !== video) return;
    video.lineage = lineage;
    this.view?.post({ type: 'showVideo', video });
  }

  /** A page (re)started: send it everything it shows. */
  private async sync(): Promise<void> {
    const view = this.view;
    if (!view) return;
    view.post({ type: 'init', models: this.modelOptions(), defaults: this.defaults() });
    this.sendUsage();
    view.post({ type: 'jobs', jobs: this.generations.views() });
    view.post({ type: 'error', error: this.lastError });
    if (this.current) view.post({ type: 'showVideo', video: this.current });
    this.compare.resend();
    this.flushPrefill();
    await this.sendHistory();
  }

  private flushPrefill(): void {
    if (!this.pendingPrefill || !this.view?.isListening) return;
    const { values, focus } = this.pendingPrefill;
    this.pendingPrefill = undefined;
    this.view.post({ type: 'prefill', values, focus });
  }

  private sendCatalog(): void {
    this.view?.post({ type: 'catalog', models: this.modelOptions() });
    // Labels come from the catalog too (a fetched listing may name new models).
    this.sendUsage();
  }

  private sendUsage(): void {
    this.view?.post({ type: 'usage', usage: usageView(this.deps.jobs.usage.summary(), this.deps.catalog.current) });
  }

  private scheduleJobs(): void {
    // First change at once, then at most one update per interval.
    if (this.jobsTimer) {
      this.jobsDirty = true;
      return;
    }
    this.view?.post({ type: 'jobs', jobs: this.generations.views() });
    this.jobsTimer = setTimeout(() => {
      this.jobsTimer = undefined;
      if (this.jobsDirty) {
        this.jobsDirty = false;
        this.scheduleJobs();
      }
    }, JOBS_THROTTLE_MS);
  }

  private async sendHistory(): Promise<void> {
    if (!this.view) return;
    const entries = await this.deps.history.list();
    const view = this.view;
    view?.post({ type: 'history', items: entries.slice(0, HISTORY_SENT).map((e) => this.historyItem(e, view)) });
  }

  private historyItem(entry: HistoryEntry, view: { asWebviewUri(uri: vscode.Uri): vscode.Uri } | undefined): HistoryItem {
    const { sidecar } = entry;
    return {
      id: entry.id,
      name: baseName(entry.videoUri),
      prompt: sidecar.request.prompt,
      modelId: sidecar.request.model,
      modelLabel: this.modelLabel(sidecar.request.model),
      // The output folders are among the page's resource roots: it may load the clip for its poster.
      src: view ? view.asWebviewUri(entry.videoUri).toString() : null,
      storyboard: sidecar.storyboard ?? null,
      derivedFrom: sidecar.derivedFrom?.path ?? null,
      savedAt: sidecar.savedAt,
      request: formValuesOf(sidecar.request),
      width: sidecar.metadata?.width ?? null,
      height: sidecar.metadata?.height ?? null,
      duration: sidecar.metadata?.durationSeconds ?? null,
    };
  }

  private modelLabel(id: string): string {
    return modelLabelIn(this.deps.catalog.current, id);
  }

  private modelOptions(): ModelOption[] {
    return this.deps.catalog.current.models.map((m) => {
      const maxDuration = Math.min(MAX_DURATION_SECONDS, Math.max(MIN_DURATION_SECONDS, m.maxDuration));
      const option: ModelOption = {
        id: m.id,
        label: m.label,
        provider: m.provider,
        maxDuration,
        qualities: [...m.qualities],
        advice: m.advice,
        premium: m.premium,
        verified: m.verified,
        available: m.available,
      };
      const cost = costTable(m.pricing, maxDuration);
      if (cost) option.cost = cost;
      return option;
    });
  }

  /** The form when the page has none saved: the last choices, else the settings' defaults. */
  private defaults(): FormValues {
    const settings = readSettings();
    const choice = startingChoice([this.deps.jobs.lastChoices, settingsLayer(settings)], settings.defaultModel, this.deps.catalog.current);
    return { ...choice, prompt: '' };
  }

  private async handle(intent: PanelIntent): Promise<void> {
    switch (intent.type) {
      case 'generate':
        this.generations.start(intent.request);
        return;
      case 'cancel':
        this.generations.cancel(intent.jobId);
        return;
      case 'play': {
        const entry = await this.deps.history.find(intent.id);
        if (!entry) {
          this.deps.log.warn('Panel: asked to play a video that is not in the history');
          return;
        }
        try {
          await this.showVideo(entry.videoUri);
        } catch (err) {
          this.deps.log.warn(`Panel: ${err instanceof Error ? err.message : String(err)}`);
        }
        return;
      }
      case 'discard': {
        const entry = await this.deps.history.find(intent.id);
        if (!entry) {
          this.deps.log.warn('Panel: asked to discard a video that is not in the history');
          return;
        }
        // The command asks first (a modal), then moves the video and its sidecar to the trash.
        await vscode.commands.executeCommand('videoGen.discardTake', entry.videoUri).then(undefined, (err: unknown) => {
          this.deps.log.warn(`Panel: discarding failed: ${err instanceof Error ? err.message : String(err)}`);
        });
        return;
      }
      case 'videoAction': {
        const uri = this.shown.get(intent.id);
        if (!uri) {
          this.deps.log.warn('Panel: asked to act on a video it was not shown');
          return;
        }
        if (intent.action === 'promote') {
          await vscode.commands.executeCommand('videoGen.promoteToFinal', uri);
          return;
        }
        const note = await runVideoAction(intent.action, uri);
        if (note) this.view?.post({ type: 'status', text: note });
        return;
      }
      case 'audioTrack': {
        const uri = this.shown.get(intent.id);
        if (!uri) {
          this.deps.log.warn('Panel: asked for the sound of a video it was not shown');
          return;
        }
        this.view?.post(await audioTrackAnswer(intent.id, uri, this.extensionUri, this.deps.log));
        return;
      }
      case 'previewCopy': {
        const uri = this.shown.get(intent.id);
        if (!uri) {
          this.deps.log.warn('Panel: asked for a preview copy of a video it was not shown');
          return;
        }
        this.deps.log.info(`Panel: the page cannot play the sound itself (${intent.reason}): trying a preview copy`);
        const answer = await this.previewCopies.answer(intent.id, uri, (copy) => this.view?.asWebviewUri(copy).toString() ?? '');
        this.view?.post(answer);
        return;
      }
      case 'openHistoryView':
        await vscode.commands.executeCommand('videoGen.showHistory');
        return;
      case 'dismissError':
        this.lastError = null;
        return;
      case 'compareModels':
      case 'compareAction':
      case 'closeCompare':
        await this.compare.handle(intent);
        return;
    }
  }
}

/** A prefill from a caller (command argument, tree item) as the protocol carries it. */
function sanitizePrefill(prefill: PanelPrefill): FormPrefill {
  const values: FormPrefill = {};
  if (typeof prefill.prompt === 'string') values.prompt = prefill.prompt.slice(0, 8000);
  if (typeof prefill.model === 'string' && prefill.model.trim()) values.model = prefill.model.trim().slice(0, 200);
  if (typeof prefill.quality === 'string') values.quality = prefill.quality.slice(0, 20);
  if (typeof prefill.duration === 'number' && Number.isFinite(prefill.duration)) values.duration = prefill.duration;
  if (typeof prefill.ratio === 'string') values.ratio = prefill.ratio.slice(0, 10);
  return values;
}
