// A badge on generated clips in the Explorer (and wherever VS Code decorates files): videos with a
// sidecar of ours get "▶" and the tooltip "Video Gen: <model> · <prompt, shortened>". Decorations
// are plain text, so a prompt cannot inject anything. Follows the HistoryStore; off with
// `videoGen.explorer.decorations`.
import * as vscode from 'vscode';
import { capabilityFor } from '../catalog';
import { readSettings } from '../config/settings';
import type { HistoryEntry, HistoryStore } from '../history/historyStore';
import { excerpt } from '../shared/format';

export const VIDEO_BADGE = '▶';
/** Prompt characters kept in the tooltip. */
const PROMPT_CHARS = 80;

export function decorationFor(entry: HistoryEntry): vscode.FileDecoration {
  const { request } = entry.sidecar;
  const tooltip = vscode.l10n.t('Video Gen: {0} · {1}', capabilityFor(request.model).label, excerpt(request.prompt, PROMPT_CHARS));
  const decoration = new vscode.FileDecoration(VIDEO_BADGE, tooltip);
  decoration.propagate = false;
  return decoration;
}

export class VideoDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private byUri = new Map<string, { uri: vscode.Uri; decoration: vscode.FileDecoration }>();
  private loaded: Promise<void>;
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly history: HistoryStore) {
    this.subscriptions = [
      history.onDidChange(() => void this.reload()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('videoGen.explorer.decorations')) void this.reload();
      }),
    ];
    this.loaded = this.reload();
  }

  provideFileDecoration(uri: vscode.Uri): Promise<vscode.FileDecoration | undefined> {
    return this.loaded.then(() => this.byUri.get(uri.toString())?.decoration);
  }

  /** Reads the history again and tells VS Code which files gained, lost or changed a badge. */
  private reload(): Promise<void> {
    const run = ++this.generation;
    this.loaded = (async () => {
      const enabled = readSettings()['explorer.decorations'];
      const entries = enabled ? await this.history.list() : [];
      if (run !== this.generation) return; // a later reload has the newer list
      const next = new Map(entries.map((e) => [e.videoUri.toString(), { uri: e.videoUri, decoration: decorationFor(e) }]));
      const touched = new Map<string, vscode.Uri>();
      for (const [key, { uri }] of [...this.byUri, ...next]) touched.set(key, uri);
      this.byUri = next;
      if (touched.size) this.changed.fire([...touched.values()]);
    })();
    return this.loaded;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/**
 * The provider, registered, and `_videoGen.fileDecoration` (not contributed, hidden from the
 * palette): the badge and tooltip of a file, for the integration tests, since VS Code's API offers
 * no way to read another provider's decorations.
 */
export function registerVideoDecorations(history: HistoryStore): vscode.Disposable {
  const provider = new VideoDecorations(history);
  return vscode.Disposable.from(
    provider,
    vscode.window.registerFileDecorationProvider(provider),
    vscode.commands.registerCommand('_videoGen.fileDecoration', async (uri: unknown) => {
      if (!(uri instanceof vscode.Uri)) return undefined;
      const d = await provider.provideFileDecoration(uri);
      return d ? { badge: d.badge, tooltip: d.tooltip } : undefined;
    }),
  );
}
