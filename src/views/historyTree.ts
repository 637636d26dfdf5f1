// The "Generated Videos" tree: the takes of the HistoryStore, newest first, or grouped under
// storyboard file → shot id (`videoGen.history.groupBy`). A final says which draft it was promoted
// from and a draft lists its finals as children. A click plays a take in the panel; the inline
// buttons play it or put its settings in the panel's form.
import * as vscode from 'vscode';
import { capabilityFor } from '../catalog';
import { readSettings } from '../config/settings';
import type { HistoryEntry, HistoryStore } from '../history/historyStore';
import { baseName } from '../history/sidecarFiles';
import { excerpt, formatDateTime, formatFileSize, formatSecondsValue } from '../shared/format';
import { fileNameOf } from './historyGroups';
import { buildLayout, type GroupBy, type HistoryLayout, type HistoryNode, type TakeNode } from './historyLayout';

export type { HistoryNode } from './historyLayout';

export const VIDEO_CONTEXT = 'videoGen.video';
/** Changes within this time become one refresh of the view. */
const COALESCE_MS = 200;
/** A take promoted from a draft: the video menus match both (`viewItem =~ /^videoGen\.video\b/`). */
export const FINAL_CONTEXT = 'videoGen.video.final';

export function historyLabel(entry: HistoryEntry): string {
  return excerpt(entry.sidecar.request.prompt, 60);
}

export function historyDescription(entry: HistoryEntry): string {
  const { request } = entry.sidecar;
  return vscode.l10n.t('{0} · {1} s · {2}', capabilityFor(request.model).label, request.duration, request.quality);
}

/** A draft's name as the view says it: its file name without `.mp4`. */
function draftName(path: string): string {
  return fileNameOf(path).replace(/\.mp4$/i, '');
}

/** The description with the lineage: "… · from <draft>", "… · promoted to 2". */
export function takeDescription(node: TakeNode): string {
  const parts = [historyDescription(node.entry)];
  const from = node.entry.sidecar.derivedFrom;
  if (from) parts.push(vscode.l10n.t('from {0}', draftName(from.path)));
  if (!node.underDraft && node.finals.length) parts.push(vscode.l10n.t('promoted to {0}', node.finals.length));
  return parts.join(' · ');
}

function takeCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 take') : vscode.l10n.t('{0} takes', n);
}

function appendLines(tip: vscode.MarkdownString, lines: Array<[string, string]>): void {
  for (const [name, value] of lines) {
    tip.appendMarkdown(`**${name}:** `);
    tip.appendText(value);
    tip.appendMarkdown('  \n');
  }
}

function lineageLines(node: TakeNode): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  const { sidecar } = node.entry;
  if (sidecar.storyboard) {
    lines.push([vscode.l10n.t('Storyboard'), vscode.l10n.t('{0}, shot {1}', sidecar.storyboard.path, sidecar.storyboard.shotId)]);
  }
  if (sidecar.derivedFrom) {
    const draft = node.draft;
    lines.push([
      vscode.l10n.t('Promoted from'),
      draft
        ? `${vscode.workspace.asRelativePath(draft.videoUri)} (${historyDescription(draft)})`
        : vscode.l10n.t('{0} (not among the generated videos any more)', sidecar.derivedFrom.path),
    ]);
  }
  if (node.finals.length) {
    lines.push([vscode.l10n.t('Promoted to'), node.finals.map((f) => vscode.workspace.asRelativePath(f.videoUri)).join(', ')]);
  }
  return lines;
}

function historyTooltip(node: TakeNode): vscode.MarkdownString {
  const { sidecar } = node.entry;
  const m = sidecar.metadata;
  const tip = new vscode.MarkdownString();
  // Prompts are the user's and the server's text: appended as text, never as Markdown.
  tip.appendText(sidecar.request.prompt);
  tip.appendMarkdown('\n\n---\n\n');
  const lines: Array<[string, string]> = [
    [vscode.l10n.t('Model'), `${capabilityFor(sidecar.request.model).label} (${sidecar.request.model})`],
    [vscode.l10n.t('Asked for'), `${sidecar.request.quality} · ${sidecar.request.ratio} · ${sidecar.request.duration} s`],
  ];
  if (m) {
    lines.push([vscode.l10n.t('Resolution'), `${m.width} × ${m.height}`]);
    lines.push([vscode.l10n.t('Duration'), `${formatSecondsValue(m.durationSeconds)} s`]);
    lines.push([vscode.l10n.t('Codecs'), [m.videoCodec ?? '?', m.audioCodec ?? vscode.l10n.t('no audio')].join(' · ')]);
  }
  lines.push([vscode.l10n.t('Size'), formatFileSize(sidecar.bytes)]);
  lines.push([vscode.l10n.t('Saved'), formatDateTime(sidecar.savedAt)]);
  lines.push([vscode.l10n.t('File'), vscode.workspace.asRelativePath(node.entry.videoUri)]);
  lines.push(...lineageLines(node));
  appendLines(tip, lines);
  if (sidecar.revisedPrompt && sidecar.revisedPrompt !== sidecar.request.prompt) {
    tip.appendMarkdown(`\n**${vscode.l10n.t('Revised prompt')}:** `);
    tip.appendText(sidecar.revisedPrompt);
    tip.appendMarkdown('\n');
  }
  if (m?.silentInVsCode) {
    tip.appendMarkdown('\n\n');
    tip.appendText(vscode.l10n.t('AAC audio: plays silently inside VS Code.'));
  }
  return tip;
}

export function takeTreeItem(node: TakeNode): vscode.TreeItem {
  const { entry } = node;
  const expandable = !node.underDraft && node.finals.length > 0;
  const item = new vscode.TreeItem(
    historyLabel(entry),
    expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = node.id;
  // The file itself: VS Code's own drag data then names it as the window sees it (in a remote window
  // too, where the extension host's file URIs mean another machine), and its decorations show.
  item.resourceUri = entry.videoUri;
  item.description = takeDescription(node);
  item.tooltip = historyTooltip(node);
  item.iconPath = new vscode.ThemeIcon(entry.sidecar.derivedFrom ? 'star-empty' : 'device-camera-video');
  item.contextValue = entry.sidecar.derivedFrom ? FINAL_CONTEXT : VIDEO_CONTEXT;
  item.accessibilityInformation = {
    label: vscode.l10n.t('{0}, {1}, file {2}', entry.sidecar.request.prompt, takeDescription(node), baseName(entry.videoUri)),
  };
  item.command = { command: 'videoGen.history.play', title: vscode.l10n.t('Play'), arguments: [node] };
  return item;
}

/** What a group node shows: label, description, icon, spoken label. */
function groupText(node: Exclude<HistoryNode, TakeNode>): { label: string; description: string; icon: string; spoken: string } {
  switch (node.kind) {
    case 'storyboard': {
      const shots = node.group.shots.length;
      const description = `${takeCount(node.group.count)} · ${shots === 1 ? vscode.l10n.t('1 shot') : vscode.l10n.t('{0} shots', shots)}`;
      return {
        label: node.group.path,
        description,
        icon: 'book',
        spoken: vscode.l10n.t('Storyboard {0}, {1}', node.group.path, description),
      };
    }
    case 'shot': {
      const description = takeCount(node.group.takes.length);
      return {
        label: node.group.shotId,
        description,
        icon: 'symbol-event',
        spoken: vscode.l10n.t('Shot {0}, {1}', node.group.shotId, description),
      };
    }
    case 'other': {
      const description = takeCount(node.takes.length);
      const label = vscode.l10n.t('Other takes');
      return { label, description, icon: 'inbox', spoken: vscode.l10n.t('{0}, without a storyboard, {1}', label, description) };
    }
  }
}

export function historyTreeItem(node: HistoryNode): vscode.TreeItem {
  if (node.kind === 'take') return takeTreeItem(node);
  const text = groupText(node);
  const item = new vscode.TreeItem(text.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.description = text.description;
  item.iconPath = new vscode.ThemeIcon(text.icon);
  item.contextValue = `videoGen.group.${node.kind}`;
  item.tooltip = text.spoken;
  item.accessibilityInformation = { label: text.spoken };
  return item;
}

export function groupBySetting(): GroupBy {
  return readSettings()['history.groupBy'];
}

export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private built: { entries: readonly HistoryEntry[]; groupBy: GroupBy; layout: HistoryLayout } | undefined;

  constructor(
    private readonly history: HistoryStore,
    private readonly groupBy: () => GroupBy = groupBySetting,
  ) {
    this.subscriptions = [
      history.onDidChange(() => this.fireSoon()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('videoGen.history.groupBy')) this.fireSoon();
      }),
      { dispose: () => clearTimeout(this.timer) },
    ];
  }

  /**
   * One refresh for a burst of changes (the history and the grouping often change together): a
   * refresh while the view is still fetching children can leave it showing one group's children
   * under another (seen in VS Code 1.100).
   */
  private fireSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), COALESCE_MS);
  }

  /** The nodes for the history's current list and the current grouping (the same objects until either changes). */
  async layout(): Promise<HistoryLayout> {
    const entries = await this.history.list();
    const groupBy = this.groupBy();
    if (this.built?.entries !== entries || this.built.groupBy !== groupBy) {
      this.built = { entries, groupBy, layout: buildLayout(entries, groupBy) };
    }
    return this.built.layout;
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    return historyTreeItem(node);
  }

  /** The roots from the current list; a node's children from the layout that gave the node, so one fetch never mixes two lists. */
  getChildren(node?: HistoryNode): HistoryNode[] | Promise<HistoryNode[]> {
    if (node && this.built) return this.built.layout.childrenOf(node);
    return this.layout().then((layout) => (node ? layout.childrenOf(node) : layout.roots));
  }

  async getParent(node: HistoryNode): Promise<HistoryNode | undefined> {
    return (await this.layout()).parentOf(node);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
