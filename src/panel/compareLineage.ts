// A take's lineage for the panel's details: the draft it was promoted from (its sidecar's
// `derivedFrom`, and whether that draft is still in the workspace) and the finals promoted from it.
import * as vscode from 'vscode';
import type { HistoryStore } from '../history/historyStore';
import { readSidecarOf } from '../history/sidecarFiles';
import type { Lineage } from '../shared/protocol';
import { workspaceRelativePath } from './comparePromote';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Undefined for a video without a sidecar (nothing is known of where it came from). */
export async function lineageOf(video: vscode.Uri, history: HistoryStore): Promise<Lineage | undefined> {
  const sidecar = await readSidecarOf(video);
  const folder = vscode.workspace.getWorkspaceFolder(video);
  if (!sidecar || !folder) return undefined;
  const path = workspaceRelativePath(folder.uri.path, video.path);
  const from = sidecar.derivedFrom;
  const derivedFrom = from
    ? { path: from.path, sha256: from.sha256, found: await exists(vscode.Uri.joinPath(folder.uri, ...from.path.split('/'))) }
    : null;
  const finals = path
    ? (await history.list())
        .filter((e) => e.workspaceFolder.uri.toString() === folder.uri.toString() && e.sidecar.derivedFrom?.path === path)
        .map((e) => vscode.workspace.asRelativePath(e.videoUri, false))
    : [];
  return { derivedFrom, finals: finals.slice(0, 100) };
}
