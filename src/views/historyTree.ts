// The "Generated Videos" tree: one item per video of the HistoryStore, newest first. A click plays
// it in the panel; the inline buttons play it or put its settings in the panel's form.
import * as vscode from 'vscode';
import { capabilityFor } from '../catalog';
import type { HistoryEntry, HistoryStore } from '../history/historyStore';
import { baseName } from '../history/sidecarFiles';
import { excerpt, formatDateTime, formatFileSize, formatSecondsValue } from '../shared/format';

export const VIDEO_CONTEXT = 'videoGen.video';

export function historyLabel(entry: HistoryEntry): string {
  return excerpt(entry.sidecar.request.prompt, 60);
}

export function historyDescription(entry: HistoryEntry): string {
  const { request } = entry.sidecar;
  return vscode.l10n.t('{0} · {1} s · {2}', capabilityFor(request.model).label, request.duration, request.quality);
}

function historyTooltip(entry: HistoryEntry): vscode.MarkdownString {
  const { sidecar } = entry;
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
  lines.push([vscode.l10n.t('File'), vscode.workspace.asRelativePath(entry.videoUri)]);
  for (const [name, value] of lines) {
    tip.appendMarkdown(`**${name}:** `);
    tip.appendText(value);
    tip.appendMarkdown('  \n');
  }
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

export function historyTreeItem(entry: HistoryEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(historyLabel(entry), vscode.TreeItemCollapsibleState.None);
  item.id = entry.id;
  item.description = historyDescription(entry);
  item.tooltip = historyTooltip(entry);
  item.iconPath = new vscode.ThemeIcon('device-camera-video');
  item.contextValue = VIDEO_CONTEXT;
  item.accessibilityInformation = {
    label: vscode.l10n.t('{0}, {1}, file {2}', entry.sidecar.request.prompt, historyDescription(entry), baseName(entry.videoUri)),
  };
  item.command = { command: 'videoGen.history.play', title: vscode.l10n.t('Play'), arguments: [entry] };
  return item;
}

export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryEntry>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly history: HistoryStore) {
    this.subscription = history.onDidChange(() => this.changed.fire());
  }

  getTreeItem(entry: HistoryEntry): vscode.TreeItem {
    return historyTreeItem(entry);
  }

  async getChildren(element?: HistoryEntry): Promise<HistoryEntry[]> {
    return element ? [] : this.history.list();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
