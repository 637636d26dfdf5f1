// The "Generated Videos" view and its commands: refresh, play, reveal, reuse, grouping, the draft
// of a final, Copy Markdown, and showHistory.
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { HistoryEntry, HistoryStore } from '../history/historyStore';
import type { VideoPanelController } from '../panel';
import { excerpt } from '../shared/format';
import { plainText } from '../shared/plainText';
import { HistoryDragController } from './historyDrag';
import type { HistoryLayout, HistoryNode } from './historyLayout';
import { HistoryTreeProvider, historyDescription, historyLabel, historyTreeItem } from './historyTree';
import { DEFAULT_VIDEO_SNIPPET, relativeMediaPath, srcFor, videoMarkup } from './markdownMarkup';

export type { HistoryNode } from './historyLayout';

export interface HistoryViewDeps {
  history: HistoryStore;
  panel: VideoPanelController;
  log: vscode.LogOutputChannel;
  /**
   * Shows the provider's items, with the drag controller, in a tree view of its own unless given one
   * (activate() creates it before this code is loaded, with a controller that forwards to this one).
   */
  showTree?: (
    provider: vscode.TreeDataProvider<HistoryNode>,
    drag: vscode.TreeDragAndDropController<HistoryNode>,
  ) => vscode.TreeView<HistoryNode>;
}

/** What `videoGen.history.refresh` resolves with: the nodes as the tree shows them. */
export interface HistoryViewItem {
  id: string;
  kind: HistoryNode['kind'];
  label: string;
  description: string;
  /** A take's video URI. */
  video?: string;
  /** Groups' takes, a draft's finals. */
  children?: HistoryViewItem[];
}

function viewItems(layout: HistoryLayout, nodes: HistoryNode[]): HistoryViewItem[] {
  return nodes.map((node) => {
    const item = historyTreeItem(node);
    const children = layout.childrenOf(node);
    return {
      id: node.id,
      kind: node.kind,
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: typeof item.description === 'string' ? item.description : '',
      ...(node.kind === 'take' ? { video: node.entry.videoUri.toString() } : {}),
      ...(children.length ? { children: viewItems(layout, children) } : {}),
    };
  });
}

/** The folder a take's markup is relative to: the active Markdown document's, else the take's workspace folder. */
function markupBase(): { dir: vscode.Uri | undefined; document: vscode.TextDocument | undefined } {
  const document = vscode.window.activeTextEditor?.document;
  if (document?.languageId === 'markdown' && document.uri.scheme !== 'untitled') {
    return { dir: vscode.Uri.joinPath(document.uri, '..'), document };
  }
  return { dir: undefined, document: document?.languageId === 'markdown' ? document : undefined };
}

/** The `<video>` element for a take, as VS Code's Markdown drop would insert it (with the prompt as its title). */
export function markdownFor(entry: HistoryEntry): string {
  const base = markupBase();
  const dir = base.dir ?? entry.workspaceFolder.uri;
  const target = entry.videoUri;
  const relative =
    dir.scheme === target.scheme && dir.authority === target.authority ? relativeMediaPath(dir.path, target.path) : undefined;
  const template = vscode.workspace
    .getConfiguration('markdown', base.document)
    .get<string>('editor.filePaste.videoSnippet', DEFAULT_VIDEO_SNIPPET);
  return videoMarkup(srcFor(relative, target.toString()), excerpt(entry.sidecar.request.prompt, 100), template);
}

export function registerHistoryView(_context: vscode.ExtensionContext, deps: HistoryViewDeps): vscode.Disposable {
  const { history, panel, log } = deps;
  const provider = new HistoryTreeProvider(history);
  const drag = new HistoryDragController();
  const showTree =
    deps.showTree ??
    ((treeDataProvider, dragAndDropController) =>
      vscode.window.createTreeView('videoGen.history', { treeDataProvider, dragAndDropController }));
  const tree = showTree(provider, drag);

  /** The entry a command acts on: its argument (a tree node, `{ id }` or a video URI), else the selection. */
  async function entryFor(arg: unknown): Promise<HistoryEntry | undefined> {
    if (arg instanceof vscode.Uri) return history.findByVideo(arg);
    const node = (arg ?? tree.selection[0]) as Partial<HistoryNode> | undefined;
    if (typeof node !== 'object' || node === null) return undefined;
    if (node.kind === 'take' && node.entry) return history.find(node.entry.id);
    return typeof node.id === 'string' ? history.find(node.id) : undefined;
  }

  return vscode.Disposable.from(
    provider,
    tree,
    vscode.commands.registerCommand('videoGen.history.refresh', async (): Promise<HistoryViewItem[]> => {
      await history.refresh();
      const layout = await provider.layout();
      return viewItems(layout, layout.roots);
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
    vscode.commands.registerCommand('videoGen.history.groupByStoryboard', () => setGroupBy('storyboard')),
    vscode.commands.registerCommand('videoGen.history.ungroup', () => setGroupBy('none')),
    vscode.commands.registerCommand('videoGen.history.revealDraft', async (arg?: unknown) => {
      const entry = await entryFor(arg);
      return entry ? revealDraft(entry, provider, tree) : undefined;
    }),
    vscode.commands.registerCommand('videoGen.history.copyMarkdown', async (arg?: unknown) => {
      const entry = await entryFor(arg);
      if (!entry) return undefined;
      const markup = markdownFor(entry);
      await vscode.env.clipboard.writeText(markup);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Video Gen: copied the Markdown for {0}', plainText(historyLabel(entry))), 4000);
      return markup;
    }),
    vscode.commands.registerCommand('videoGen.showHistory', () => vscode.commands.executeCommand('videoGen.history.focus')),
  );
}

/** Writes `videoGen.history.groupBy` where it is set (the workspace's value wins over the user's). */
async function setGroupBy(value: 'none' | 'storyboard'): Promise<void> {
  const config = vscode.workspace.getConfiguration('videoGen');
  const inspected = config.inspect('history.groupBy');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('history.groupBy', value, target);
}

/** Selects the draft a final was promoted from; resolves with the draft's id and video, or undefined when there is none to show. */
async function revealDraft(
  entry: HistoryEntry,
  provider: HistoryTreeProvider,
  tree: vscode.TreeView<HistoryNode>,
): Promise<{ id: string; video: string } | undefined> {
  const from = entry.sidecar.derivedFrom;
  if (!from) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This take was not promoted from a draft.'));
    return undefined;
  }
  const layout = await provider.layout();
  const draft = layout.nodeOf(entry.id)?.draft;
  const node = draft && layout.nodeOf(draft.id);
  if (!draft || !node) {
    const name = posix.basename(from.path.replace(/\\/g, '/'));
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'The draft of this take, {0}, is not among the generated videos any more (moved, changed or deleted).',
        plainText(name),
      ),
    );
    return undefined;
  }
  await tree.reveal(node, { select: true, focus: true, expand: false });
  return { id: draft.id, video: draft.videoUri.toString() };
}

export { historyDescription, historyLabel };
