// Dragging takes out of the Generated Videos view into a Markdown editor (hold Shift to drop into
// the text), the Explorer or other editors. A take's tree item carries its video as `resourceUri`,
// so VS Code puts the file in the drag itself (`text/uri-list` and its own resource list, as the
// window names it), and VS Code's Markdown support inserts a relative `<video>` element as for a
// dropped video file. A group (storyboard, shot, other takes) has no file of its own: the
// controller puts the URIs of all its takes as `text/uri-list`. It does not do so for takes: in a
// remote window (code-server, SSH) the extension host's `file:` URIs would be read as files of the
// local machine (`vscode-local:`), and the Markdown editor would get an absolute URI, not a path.
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
    if (source.every((node) => node.kind === 'take')) return; // VS Code's own drag data names their files
    const list = uriListOf(source);
    if (list) dataTransfer.set(URI_LIST_MIME, new vscode.DataTransferItem(list));
  }
}
