// One open Video Gen Player editor: its page, what it shows of the clip (the file's facts, the
// sidecar's provenance and whether the bytes still match its SHA-256), the clip's file watched for
// changes and deletion, and what the page asks for (actions, a frame to save). Every message from
// the page is parsed before anything acts on it.
import * as vscode from 'vscode';
import type { Catalog } from '../catalog';
import { baseName, readSidecarOf, sidecarUriFor } from '../history/sidecarFiles';
import type { Sidecar } from '../output/sidecar';
import { formValuesOf } from '../panel/videoDetailsData';
import { makeNonce } from '../panel/html';
import { audioTrackAnswer } from '../panel/panelAudio';
import { runVideoAction } from '../panel/videoActions';
import {
  fromPlayerMessage,
  type FromPlayerMessage,
  type PlayerAction,
  type PlayerView,
  type ToPlayerMessage,
} from '../shared/playerProtocol';
import { Disposable } from '../util/disposable';
import { readClipFacts } from './clipFacts';
import { saveFrameBeside } from './frameSaver';
import { sha256OfBytes, sha256OfFile } from './hashFile';
import { renderPlayerHtml } from './playerHtml';
import { playerStrings } from './playerStrings';
import { checkPng, type PngCheck } from './pngCheck';
import { provenanceOf, workspaceFile } from './provenance';

export const PLAYER_VIEW_TYPE = 'videoGen.player';
export const PROMOTE_COMMAND = 'videoGen.promoteToFinal';

export interface PlayerSessionDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  catalog(): Catalog;
  /** The file this one was renamed from in this window, if it was: its sidecar still bears the old name. */
  renamedFrom(uri: vscode.Uri): vscode.Uri | undefined;
}

export class PlayerSession extends Disposable {
  private sidecar: Sidecar | undefined;
  private view: PlayerView | undefined;
  private ready = false;
  private hashRun: AbortController | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastColumn: vscode.ViewColumn | undefined;

  constructor(
    readonly uri: vscode.Uri,
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PlayerSessionDeps,
  ) {
    super();
    this.lastColumn = panel.viewColumn;
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(deps.extensionUri, 'dist'),
        vscode.Uri.joinPath(deps.extensionUri, 'media'),
        vscode.Uri.joinPath(uri, '..'),
      ],
    };
    this._registerAll(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => (this.lastColumn = panel.viewColumn ?? this.lastColumn)),
      ...this.watchFiles(),
    );
    webview.html = renderPlayerHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'player.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'media', 'player.css')).toString(),
      title: baseName(uri),
      strings: playerStrings(),
    });
  }

  /** The editor group the player is in (kept up to date by VS Code). */
  get column(): vscode.ViewColumn | undefined {
    return this.lastColumn;
  }

  /** The clip and its sidecar, watched: a change re-reads both, a deletion says the file is gone. */
  private watchFiles(): vscode.Disposable[] {
    const dir = vscode.Uri.joinPath(this.uri, '..');
    const names = [baseName(this.uri), baseName(sidecarUriFor(this.uri))];
    return names.map((name, i) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, name));
      watcher.onDidCreate(() => this.scheduleRefresh());
      watcher.onDidChange(() => this.scheduleRefresh());
      watcher.onDidDelete(() => (i === 0 ? this.onGone() : this.scheduleRefresh()));
      return watcher;
    });
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 200);
  }

  private onGone(): void {
    this.hashRun?.abort();
    this.post({ type: 'gone' });
  }

  private post(message: ToPlayerMessage): void {
    if (!this.ready || this.isDisposed) return;
    void this.panel.webview.postMessage(message).then(undefined, () => {});
  }

  private async readSidecar(): Promise<Sidecar | undefined> {
    const own = await readSidecarOf(this.uri);
    if (own) return own;
    const before = this.deps.renamedFrom(this.uri);
    return before ? readSidecarOf(before) : undefined;
  }

  /** Reads everything again and sends it; then checks the hash when there is one to check. */
  private async refresh(): Promise<void> {
    const stat = await this.stat();
    if (!stat) return this.onGone();
    const [facts, sidecar, canPromote] = await Promise.all([readClipFacts(this.uri), this.readSidecar(), hasCommand(PROMOTE_COMMAND)]);
    const provenance = sidecar ? await provenanceOf(this.uri, sidecar, this.deps.catalog()) : null;
    // Closed while the file was read: its webview is gone.
    if (this.isDisposed) return;
    this.sidecar = sidecar;
    const webview = this.panel.webview;
    this.view = {
      // A new version of the file is a new address: the page reloads the video only then.
      src: webview
        .asWebviewUri(this.uri)
        .with({ query: `v=${stat.mtime}-${stat.size}` })
        .toString(),
      name: baseName(this.uri),
      path: vscode.workspace.asRelativePath(this.uri),
      frameRate: facts.frameRate,
      file: facts.file,
      provenance,
      canGenerateAgain: sidecar !== undefined && formValuesOf(sidecar.request) !== null,
      canPromote,
      silentInVsCode: facts.silentInVsCode,
    };
    this.post({ type: 'show', view: this.view });
    if (sidecar) void this.checkHash(sidecar.sha256);
  }

  private async stat(): Promise<vscode.FileStat | undefined> {
    try {
      return await vscode.workspace.fs.stat(this.uri);
    } catch {
      return undefined;
    }
  }

  private async checkHash(expected: string): Promise<void> {
    this.hashRun?.abort();
    const run = new AbortController();
    this.hashRun = run;
    this.post({ type: 'hash', state: 'checking', actual: null });
    try {
      const actual =
        this.uri.scheme === 'file'
          ? await sha256OfFile(this.uri.fsPath, run.signal)
          : sha256OfBytes(await vscode.workspace.fs.readFile(this.uri));
      if (run.signal.aborted) return;
      this.post({ type: 'hash', state: actual === expected ? 'matches' : 'differs', actual });
    } catch (err) {
      if (run.signal.aborted) return;
      this.deps.log.info(`Player: could not hash ${baseName(this.uri)}: ${err instanceof Error ? err.message : String(err)}`);
      this.post({ type: 'hash', state: 'failed', actual: null });
    }
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = fromPlayerMessage.safeParse(raw);
    if (!parsed.success) {
      this.deps.log.warn('Player: ignored a malformed message from the page');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        return;
      case 'action':
        await this.act(message.action);
        return;
      case 'saveFrame':
        await this.saveFrame(message);
        return;
      case 'frameError':
        this.deps.log.info(`Player: the page could not capture a frame: ${message.message}`);
        return;
      case 'audioTrack':
        this.post(await audioTrackAnswer(message.id, this.uri, this.deps.extensionUri, this.deps.log));
        return;
    }
  }

  private async act(action: PlayerAction): Promise<void> {
    try {
      switch (action) {
        case 'reveal':
        case 'copyPath': {
          const said = await runVideoAction(action, this.uri);
          if (said) this.post({ type: 'notice', message: said });
          return;
        }
        case 'generateAgain':
          return await this.generateAgain();
        case 'promoteToFinal':
          await vscode.commands.executeCommand(PROMOTE_COMMAND, this.uri);
          return;
        case 'openDerivedFrom': {
          const target = this.sidecar?.derivedFrom && workspaceFile(this.uri, this.sidecar.derivedFrom.path);
          if (target) await vscode.commands.executeCommand('vscode.openWith', target, PLAYER_VIEW_TYPE);
          return;
        }
        case 'openStoryboard': {
          const target = this.sidecar?.storyboard && workspaceFile(this.uri, this.sidecar.storyboard.path);
          if (target) await vscode.window.showTextDocument(target);
          return;
        }
      }
    } catch (err) {
      this.deps.log.info(`Player: ${action} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The sidecar's request again, through the generate command (and so the job manager); the new take opens here. */
  private async generateAgain(): Promise<void> {
    const request = this.sidecar && formValuesOf(this.sidecar.request);
    if (!request) return;
    this.post({ type: 'notice', message: vscode.l10n.t('Generating again with the same request…') });
    try {
      const result = (await vscode.commands.executeCommand('videoGen.generate', { ...request })) as
        { files?: Array<{ uri: vscode.Uri }> } | undefined;
      const take = result?.files?.[0]?.uri;
      if (take) await vscode.commands.executeCommand('vscode.openWith', take, PLAYER_VIEW_TYPE);
    } catch {
      // The generate command has told the user already (a notification with its fix).
      this.post({ type: 'notice', message: vscode.l10n.t('The generation did not finish: see its notification.') });
    }
  }

  private async saveFrame(message: Extract<FromPlayerMessage, { type: 'saveFrame' }>): Promise<void> {
    const png = Buffer.from(message.png, 'base64');
    const expected = { width: message.width, height: message.height };
    const facts = this.view?.file;
    const check = checkPng(png, expected);
    if (!check.ok) return this.post({ type: 'frameFailed', message: pngProblemText(check, expected) });
    // The page says how big the frame is; when the file says so too, both must agree.
    if (facts?.width && facts.height && (facts.width !== message.width || facts.height !== message.height)) {
      return this.post({
        type: 'frameFailed',
        message: vscode.l10n.t('the frame is {0}×{1}, the file {2}×{3}', message.width, message.height, facts.width, facts.height),
      });
    }
    try {
      const saved = await saveFrameBeside(this.uri, message.frame, png);
      this.post({ type: 'frameSaved', path: vscode.workspace.asRelativePath(saved) });
      void vscode.commands.executeCommand('revealInExplorer', saved).then(undefined, () => undefined);
    } catch (err) {
      this.post({ type: 'frameFailed', message: err instanceof Error ? err.message : String(err) });
    }
  }

  override dispose(): void {
    this.hashRun?.abort();
    clearTimeout(this.refreshTimer);
    super.dispose();
  }
}

function pngProblemText(check: Extract<PngCheck, { ok: false }>, expected: { width: number; height: number }): string {
  switch (check.problem) {
    case 'notPng':
      return vscode.l10n.t('the page did not send a PNG image');
    case 'noHeader':
    case 'damaged':
      return vscode.l10n.t('the PNG image is damaged');
    case 'cut':
      return vscode.l10n.t('the PNG image is cut short');
    case 'size':
      return vscode.l10n.t(
        "the image is {0}×{1}, not the clip's {2}×{3}",
        check.width ?? 0,
        check.height ?? 0,
        expected.width,
        expected.height,
      );
  }
}

async function hasCommand(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}
