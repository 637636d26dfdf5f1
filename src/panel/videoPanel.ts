import * as vscode from 'vscode';
import { fromWebviewMessage, type FromWebviewMessage, type ToWebviewMessage } from '../webview/protocol';
import { makeNonce, renderPanelHtml } from './html';

export interface PlayerReport {
  videoWidth: number;
  videoHeight: number;
  duration: number;
}

const VIEW_TYPE = 'videoGen.panel';
const PLAYER_REPORT_TIMEOUT_MS = 30_000;

/** The Video Gen panel: one at a time, created on demand, disposed with everything it owns. */
export class VideoPanel implements vscode.Disposable {
  private static current: VideoPanel | undefined;

  static createOrShow(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): VideoPanel {
    if (VideoPanel.current) {
      VideoPanel.current.panel.reveal(undefined, false);
      return VideoPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Video Gen'), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: VideoPanel.staticRoots(extensionUri),
    });
    VideoPanel.current = new VideoPanel(panel, extensionUri, log);
    return VideoPanel.current;
  }

  static disposeCurrent(): void {
    VideoPanel.current?.dispose();
  }

  private static staticRoots(extensionUri: vscode.Uri): vscode.Uri[] {
    return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
  }

  private readonly disposables: vscode.Disposable[] = [];
  private ready!: Promise<void>;
  private markReady: () => void = () => {};
  private mediaFolders: vscode.Uri[] = [];
  private readonly reportWaiters = new Map<string, (report: PlayerReport | Error) => void>();

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = fromWebviewMessage.safeParse(raw);
        if (!parsed.success) {
          this.log.warn('Ignored a malformed message from the panel');
          return;
        }
        if (parsed.data.type === 'ready') this.markReady();
        else this.onPlayerMessage(parsed.data);
      }),
    );
    this.load();
  }

  /** (Re)loads the page; `ready` settles when the new page's script has started. */
  private load(): void {
    this.ready = new Promise((r) => (this.markReady = r));
    this.panel.webview.html = this.renderHtml();
  }

  private renderHtml(): string {
    const webview = this.panel.webview;
    return renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      title: vscode.l10n.t('Video Gen'),
      emptyText: vscode.l10n.t('No video yet.'),
    });
  }

  private onPlayerMessage(message: Exclude<FromWebviewMessage, { type: 'ready' }>): void {
    const waiter = this.reportWaiters.get(message.src);
    if (!waiter) return;
    this.reportWaiters.delete(message.src);
    if (message.type === 'videoLoaded') {
      waiter({ videoWidth: message.videoWidth, videoHeight: message.videoHeight, duration: message.duration });
    } else {
      waiter(new Error(vscode.l10n.t('The player could not load the video: {0}', message.message)));
    }
  }

  private post(message: ToWebviewMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  /** Plays a video file in the panel and resolves with what the player saw once it loaded. */
  async showVideo(file: vscode.Uri): Promise<PlayerReport> {
    // The webview may read our own assets and the folders of the videos it shows, nothing else.
    // Changing the roots reloads the page, so do it only when a new folder is needed.
    const folder = vscode.Uri.joinPath(file, '..');
    if (!this.mediaFolders.some((f) => f.toString() === folder.toString())) {
      this.mediaFolders.push(folder);
      this.panel.webview.options = {
        enableScripts: true,
        localResourceRoots: [...VideoPanel.staticRoots(this.extensionUri), ...this.mediaFolders],
      };
      this.load();
    }
    await this.ready;
    // A version query busts the webview's cache when a file of the same name is shown again.
    const src = this.panel.webview.asWebviewUri(file).with({ query: `v=${Date.now()}` }).toString();
    const report = new Promise<PlayerReport>((resolve, reject) => {
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
    const name = file.path.split('/').pop() ?? file.path;
    await this.post({ type: 'showVideo', src, name });
    return report;
  }

  dispose(): void {
    if (VideoPanel.current === this) VideoPanel.current = undefined;
    for (const waiter of this.reportWaiters.values()) waiter(new Error(vscode.l10n.t('The panel was closed.')));
    this.reportWaiters.clear();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
