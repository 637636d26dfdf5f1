// Where a clip came from, as the player editor shows it: the sidecar's request, answer and hash,
// its storyboard shot and the draft it was promoted from (a workspace-relative path, resolved only
// inside the clip's workspace folder).
import * as vscode from 'vscode';
import type { Catalog } from '../catalog';
import { modelLabelIn } from '../panel/videoDetailsData';
import type { Sidecar } from '../output/sidecar';
import type { Provenance } from '../shared/playerProtocol';

/** `path` (workspace-relative, `/`) inside the workspace folder of `clip`; undefined when it would leave it. */
export function workspaceFile(clip: vscode.Uri, path: string): vscode.Uri | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(clip);
  if (!folder) return undefined;
  const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return undefined;
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

async function exists(uri: vscode.Uri | undefined): Promise<boolean> {
  if (!uri) return false;
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function provenanceOf(clip: vscode.Uri, sidecar: Sidecar, catalog: Catalog): Promise<Provenance> {
  const r = sidecar.request;
  const derived = sidecar.derivedFrom;
  return {
    prompt: r.prompt,
    revisedPrompt: sidecar.revisedPrompt && sidecar.revisedPrompt !== r.prompt ? sidecar.revisedPrompt : null,
    model: modelLabelIn(catalog, sidecar.model || r.model),
    modelId: sidecar.model || r.model,
    settings: vscode.l10n.t('{0} · {1} · {2} s', r.quality, r.ratio, r.duration),
    created: sidecar.created,
    savedAt: sidecar.savedAt,
    sha256: sidecar.sha256,
    storyboard: sidecar.storyboard ?? null,
    derivedFrom: derived ? { ...derived, exists: await exists(workspaceFile(clip, derived.path)) } : null,
    warnings: sidecar.warnings.slice(0, 50),
  };
}
