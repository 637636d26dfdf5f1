// The "Generated Videos" view and its commands: refresh, play, reveal, reuse, and showHistory.
import * as vscode from 'vscode';
import type { HistoryEntry, HistoryStore } from '../history/historyStore';
import type { VideoPanelController } from '../panel';
import { HistoryTreeProvider, historyDescription, historyLabel } from './historyTree';
import { plainText } from '../shared/plainText';

export interface HistoryViewDeps {
  history: HistoryStore;
  panel: VideoPanelController;
  log: vscode.LogOutputChannel;
  /** Shows the provider's items: in a tree view of its own unless given one (activate() creates it before this code is loaded). */
  showTree?: (provider: vscode.TreeDataProvider<HistoryEntry>) => vscode.TreeView<HistoryEntry>;
}

/** What `videoGen.history.refresh` resolves with: the items as the tree shows them. */
export interface HistoryViewItem {
  id: string;
  label: string;
  description: string;
  video: string;
}

export function registerHistoryView(_context: vscode.ExtensionContext, deps: HistoryViewDeps): vscode.Disposable {
  const { history, panel, log } = deps;
  const provider = new HistoryTreeProvider(history);
  const showTree = deps.showTree ?? ((treeDataProvider) => vscode.window.createTreeView('videoGen.history', { treeDataProvider }));
  const tree = showTree(provider);

  /** The entry a command acts on: its argument (a tree element or a video URI), else the selection. */
  async function entryFor(arg: unknown): Promise<HistoryEntry | undefined> {
    if (arg instanceof vscode.Uri) return history.findByVideo(arg);
    if (typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string') {
      return history.find((arg as { id: string }).id);
    }
    const selected = tree.selection[0];
    return selected ? history.find(selected.id) : undefined;
  }

  return vscode.Disposable.from(
    provider,
    tree,
    vscode.commands.registerCommand('videoGen.history.refresh', async (): Promise<HistoryViewItem[]> => {
      const entries = await history.refresh();
      return entries.map((e) => ({ id: e.id, label: historyLabel(e), description: historyDescription(e), video: e.videoUri.toString() }));
    }),
    vscode.commands.registerCommand('videoGen.history.play', async (arg?: unknown) => {
      const entry = await entryFor(arg);
      if (!entry) return undefined;
      try {
        return await panel.showVideo(entry.videoUri);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log.warn(`History: ${message}`);
        void vscode.window.showWarningMessage(plainText(message));
        return undefined;
      }
    }),
    vscode.commands.registerCommand('videoGen.history.reveal', async (arg?: unknown) => {
      const entry = await entryFor(arg);
      if (entry) await vscode.commands.executeCommand('revealInExplorer', entry.videoUri);
    }),
    vscode.commands.registerCommand('videoGen.history.reuse', async (arg?: unknown) => {
      const entry = await entryFor(arg);
      if (!entry) return;
      const { prompt, model, quality, duration, ratio } = entry.sidecar.request;
      panel.open({ prompt, model, quality, duration, ratio });
    }),
    vscode.commands.registerCommand('videoGen.showHistory', () => vscode.commands.executeCommand('videoGen.history.focus')),
  );
}
