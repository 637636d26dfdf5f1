// What the compare and promote commands accept as "a take": a video URI, a history entry (the
// Generated Videos tree hands its element), a tree item with a resourceUri, or a URI string; and a
// multi-select pick of the workspace's takes when none was given.
import * as vscode from 'vscode';
import type { HistoryEntry, HistoryStore } from '../history/historyStore';
import { baseName } from '../history/sidecarFiles';
import { excerpt } from '../shared/format';

/** The video a command argument names, if it names one. */
export function videoUriOf(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === 'string') {
    try {
      return /^[a-z][a-z0-9+.-]*:/i.test(target) ? vscode.Uri.parse(target, true) : vscode.Uri.file(target);
    } catch {
      return undefined;
    }
  }
  if (typeof target !== 'object' || target === null) return undefined;
  const record = target as { videoUri?: unknown; resourceUri?: unknown; uri?: unknown; entry?: unknown };
  for (const candidate of [record.videoUri, record.resourceUri, record.uri]) {
    if (candidate instanceof vscode.Uri) return candidate;
  }
  return record.entry !== undefined && record.entry !== target ? videoUriOf(record.entry) : undefined;
}

/** Every take a command's arguments name: the clicked one and a tree's selection, without repeats. */
export function videoUrisOf(...args: unknown[]): vscode.Uri[] {
  const seen = new Map<string, vscode.Uri>();
  const add = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(add);
    if (typeof value === 'object' && value !== null && Array.isArray((value as { takes?: unknown }).takes))
      return add((value as { takes: unknown[] }).takes);
    const uri = videoUriOf(value);
    if (uri && uri.path.toLowerCase().endsWith('.mp4')) seen.set(uri.toString(), uri);
  };
  args.forEach(add);
  return [...seen.values()];
}

interface TakeItem extends vscode.QuickPickItem {
  entry: HistoryEntry;
}

function takeItem(entry: HistoryEntry): TakeItem {
  const { sidecar } = entry;
  return {
    label: excerpt(sidecar.request.prompt, 60),
    description: `${sidecar.request.model} · ${sidecar.request.duration} s · ${sidecar.request.quality}`,
    detail: baseName(entry.videoUri),
    entry,
  };
}

/** Asks for takes from the workspace's history; `preselected` are ticked (many) or active (one). */
export async function pickTakes(
  history: HistoryStore,
  options: { title: string; many: boolean; preselected?: vscode.Uri[] },
): Promise<HistoryEntry[] | undefined> {
  const entries = await history.list();
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no generated videos in this workspace yet.'));
    return undefined;
  }
  const items = entries.map(takeItem);
  const wanted = new Set((options.preselected ?? []).map((u) => u.toString()));
  if (!options.many) {
    const picked = await vscode.window.showQuickPick(items, { title: options.title, matchOnDescription: true, matchOnDetail: true });
    return picked && [picked.entry];
  }
  for (const item of items) item.picked = wanted.has(item.entry.videoUri.toString());
  const picked = await vscode.window.showQuickPick(items, {
    title: options.title,
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.map((i) => i.entry);
}
