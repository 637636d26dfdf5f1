// Answers the page's `previewCopy` request: where the page's own AAC decoder cannot play a clip's
// sound, the user's ffmpeg (found on the PATH, never in the workspace) makes a copy with FLAC or
// MP3 sound in the extension's global storage, shown as a cancellable notification while it runs;
// the page gets the copy's webview URI or why there is none.
import * as vscode from 'vscode';
import { makePreviewCopy, PreviewCopyError, type PreviewCopy } from '../media/previewCopy';
import type { ToWebviewMessage } from '../shared/protocol';

export type PreviewCopyAnswer = Extract<ToWebviewMessage, { type: 'previewCopy' }>;

const FOLDER = 'preview-copies';

/** The folder the copies live in: inside the extension's global storage, when that is on disk. */
export function previewCopyFolder(globalStorageUri: vscode.Uri): vscode.Uri | null {
  return globalStorageUri.scheme === 'file' ? vscode.Uri.joinPath(globalStorageUri, FOLDER) : null;
}

export class PanelPreviewCopies implements vscode.Disposable {
  private readonly running = new Set<AbortController>();

  constructor(
    private readonly folder: vscode.Uri | null,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async answer(id: string, clip: vscode.Uri, toSrc: (copy: vscode.Uri) => string): Promise<PreviewCopyAnswer> {
    const none = { type: 'previewCopy' as const, id, src: null, codec: null, cached: false };
    if (!this.folder || clip.scheme !== 'file') {
      return { ...none, problem: 'unavailable', detail: vscode.l10n.t('the clip or the extension storage is not a local folder') };
    }
    const abort = new AbortController();
    this.running.add(abort);
    const started = Date.now();
    try {
      const copy = await this.make(clip, this.folder, abort);
      this.logMade(copy, clip, Date.now() - started);
      return { ...none, src: toSrc(vscode.Uri.file(copy.path)), codec: copy.codec, cached: copy.cached, problem: null, detail: '' };
    } catch (err) {
      const problem = err instanceof PreviewCopyError ? err.problem : 'failed';
      const detail = err instanceof Error ? err.message : String(err);
      this.log.warn(`Panel: no preview copy of ${clip.fsPath} (${problem}): ${detail}`);
      return { ...none, problem, detail: detail.slice(0, 2000) };
    } finally {
      this.running.delete(abort);
    }
  }

  private async make(clip: vscode.Uri, folder: vscode.Uri, abort: AbortController): Promise<PreviewCopy> {
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    try {
      return await makePreviewCopy(clip.fsPath, {
        storageDir: folder.fsPath,
        signal: abort.signal,
        excludeDirs: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
        onEncoding: (ffmpeg) => {
          this.log.info(`Panel: making a preview copy of ${clip.fsPath} with ${ffmpeg}`);
          void vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: vscode.l10n.t('Video Gen: making a preview copy with ffmpeg so the sound plays'),
              cancellable: true,
            },
            (progress, token) => {
              token.onCancellationRequested(() => abort.abort());
              progress.report({ message: vscode.workspace.asRelativePath(clip) });
              return done;
            },
          );
        },
      });
    } finally {
      finished();
    }
  }

  private logMade(copy: PreviewCopy, clip: vscode.Uri, ms: number): void {
    const codec = copy.codec.toUpperCase();
    if (copy.cached) this.log.info(`Panel: preview copy reused (${codec}, no ffmpeg run) for ${clip.fsPath}: ${copy.path}`);
    else this.log.info(`Panel: preview copy made (${codec}) in ${ms} ms for ${clip.fsPath}: ${copy.path}`);
  }

  dispose(): void {
    for (const abort of this.running) abort.abort();
    this.running.clear();
  }
}
