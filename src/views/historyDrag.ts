// Dragging takes out of the Generated Videos view: their video files as `text/uri-list`, which is
// what VS Code's Markdown support turns into a relative `<video>` element when the drop lands in a
// Markdown editor (hold Shift to drop into the text), and what other editors and the Explorer read
// as files. A group (storyboard, shot, other takes) drags all of its takes.
import * as vscode from 'vscode';
import { takesOf, type HistoryNode } from './historyLayout';

export const URI_LIST_MIME = 'text/uri-list';

/** The `text/uri-list` of the takes the nodes stand for, each once, in the order dragged. */
export function uriListOf(nodes: readonly HistoryNode[]): string {
  const uris = new Set<string>();
  for (const node of nodes) for (const take of takesOf(node)) uris.add(take.videoUri.toString());
  return [...uris].join('\r\n');
}

export class HistoryDragController implements vscode.TreeDragAndDropController<HistoryNode> {
  readonly dragMimeTypes = [URI_LIST_MIME];
  readonly dropMimeTypes: string[] = [];

  handleDrag(source: readonly HistoryNode[], dataTransfer: vscode.DataTransfer): void {
    const list = uriListOf(source);
    if (list) dataTransfer.set(URI_LIST_MIME, new vscode.DataTransferItem(list));
  }
}
