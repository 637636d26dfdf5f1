// The webview side of the panel, as the extension sees it: its options (resource roots), its page
// (reloaded when the roots change), the `ready` handshake that says a page is listening, every
// message parsed before anything acts on it, and the player's reports.
import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import { MAX_PROMPT_LENGTH } from '../catalog';
import { fromWebviewMessage, type FromWebviewMessage, type ToWebviewMessage } from '../shared/protocol';
import { makeNonce, renderPanelHtml } from './html';
import { panelLabels, panelStrings } from './panelStrings';

export interface PlayerReport {
  videoWidth: number;
  videoHeight: number;
  duration: number;
}

/** What the page asks for; the player's own reports are handled here. */
export type PanelIntent = Exclude<FromWebviewMessage, { type: 'ready' | 'videoLoaded' | 'videoError' }>;

export const VIEW_TYPE = 'videoGen.panel';
const PLAYER_REPORT_TIMEOUT_MS = 30_000;

function sameUri(a: vscode.Uri, b: vscode.Uri): boolean {
  return a.toString() === b.toString();
}

/** True when `folder` is `root` or inside it. */
function isWithin(folder: vscode.Uri, root: vscode.Uri): boolean {
  if (folder.scheme !== root.scheme || folder.authority !== root.authority) return false;
  const rootPath = root.path.endsWith('/') ? root.path : root.path + '/';
  return folder.path === root.path || folder.path.startsWith(rootPath);
}

export class VideoPanel extends Disposable {
  private readonly intents = new vscode.EventEmitter<PanelIntent>();
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  /** Fires for each message the page sends that asks for something. */
  readonly onIntent = this.intents.event;
  /** Fires each time a page (re)starts: everything it shows must be sent again. */
  readonly onDidBecomeReady = this.readyEmitter.event;
  readonly onDidDispose = this.disposedEmitter.event;

  private page = 0;
  private isReady = false;
  /** Workspace output folders: always readable, so most videos need no reload. */
  private workspaceRoots: vscode.Uri[] = [];
  /** Folders of other videos shown (opened from the explorer or a file dialog). */
  private readonly extraRoots: vscode.Uri[] = [];
  private readonly reportWaiters = new Map<string, (report: PlayerReport | Error) => void>();
  private disposed = false;

  static createWebviewPanel(column: vscode.ViewColumn): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Video Gen'), column, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [],
    });
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    workspaceRoots: vscode.Uri[],
    /** Read-only folders of the extension's own besides dist/ and media/ (the preview copies). */
    private readonly storageRoots: vscode.Uri[] = [],
  ) {
    super();
    this.workspaceRoots = workspaceRoots;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'video-gen.svg');
    this._registerAll(
      this.intents,
      this.readyEmitter,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden page is discarded; it says `ready` again when shown.
        if (!panel.visible) this.resetReady();
      }),
    );
    this.applyOptions();
    this.load();
  }

  /** A page is loaded and said ready: messages posted now are received. */
  get isListening(): boolean {
    return this.isReady && !this.disposed;
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Sends a message if a page is listening; a page that starts later is sent everything again. */
  post(message: ToWebviewMessage): void {
    if (!this.isReady || this.disposed) return;
    void this.panel.webview.postMessage(message).then(undefined, () => {});
  }

  /** Replaces the workspace output folders the page may read (reloads the page when they change). */
  setWorkspaceRoots(roots: vscode.Uri[]): void {
    const same = roots.length === this.workspaceRoots.length && roots.every((r, i) => sameUri(r, this.workspaceRoots[i]!));
    if (same) return;
    this.workspaceRoots = roots;
    this.applyOptions();
    this.load();
  }

  /** Lets the page read `folder`; reloads the page only when it could not already. */
  allowFolder(folder: vscode.Uri): void {
    if ([...this.workspaceRoots, ...this.extraRoots].some((root) => isWithin(folder, root))) return;
    this.extraRoots.push(folder);
    this.applyOptions();
    this.load();
  }

  asWebviewUri(file: vscode.Uri): vscode.Uri {
    return this.panel.webview.asWebviewUri(file);
  }

  /** Resolves with what the `<video>` element saw once the metadata of `src` loaded. */
  waitForReport(src: string): Promise<PlayerReport> {
    this.reportWaiters.get(src)?.(new Error(vscode.l10n.t('The video was shown again.')));
    return new Promise<PlayerReport>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reportWaiters.delete(src);
        reject(new Error(vscode.l10n.t('The player did not load the video within {0} seconds.', PLAYER_REPORT_TIMEOUT_MS / 1000)));
      }, PLAYER_REPORT_TIMEOUT_MS);
      this.reportWaiters.set(src, (result) => {
        clearTimeout(timer);
        if (result instanceof Error) reject(result);
        else resolve(result);
      });
    });
  }

  private staticRoots(): vscode.Uri[] {
    return [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media'), ...this.storageRoots];
  }

  private applyOptions(): void {
    // The page may read our own assets (and preview copies) and the folders of the videos it shows, nothing else.
    this.panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [...this.staticRoots(), ...this.workspaceRoots, ...this.extraRoots],
    };
  }

  private resetReady(): void {
    this.isReady = false;
  }

  /** (Re)loads the page; it is ready when this very page's script says so. */
  private load(): void {
    this.page++;
    this.isReady = false;
    const webview = this.panel.webview;
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      page: this.page,
      labels: panelLabels(),
      strings: panelStrings(),
      promptMaxLength: MAX_PROMPT_LENGTH * 2,
    });
  }

  private receive(raw: unknown): void {
    const parsed = fromWebviewMessage.safeParse(raw);
    if (!parsed.success) {
      // Never log the content: it may hold the user's prompt.
      const type =
        typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string'
          ? String((raw as { type: string }).type).slice(0, 40)
          : 'unknown';
      this.log.warn(`Panel: ignored a malformed message (type ${JSON.stringify(type)})`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        // A page replaced by a reload may still say ready; only the current one counts.
        if (message.page !== this.page) return;
        this.isReady = true;
        this.readyEmitter.fire();
        return;
      case 'videoLoaded':
      case 'videoError':
        this.onPlayerReport(message);
        return;
      default:
        this.intents.fire(message);
    }
  }

  private onPlayerReport(message: Extract<FromWebviewMessage, { type: 'videoLoaded' | 'videoError' }>): void {
    const waiter = this.reportWaiters.get(message.src);
    if (!waiter) return;
    this.reportWaiters.delete(message.src);
    if (message.type === 'videoLoaded') {
      waiter({ videoWidth: message.videoWidth, videoHeight: message.videoHeight, duration: message.duration });
    } else {
      waiter(new Error(vscode.l10n.t('The player could not load the video: {0}', message.message)));
    }
  }

  override dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const waiter of this.reportWaiters.values()) waiter(new Error(vscode.l10n.t('The panel was closed.')));
    this.reportWaiters.clear();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.panel.dispose();
    super.dispose();
  }
}
