// Where each workspace folder keeps its videos (`videoGen.outputDirectory`), as URIs, so remote and
// virtual workspaces are handled like local ones. A setting pointing outside the folder is skipped,
// as the job manager refuses to save there.
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../config/settings';
import { resolveOutputDirectory } from '../output/outputLocation';

export interface OutputFolder {
  workspaceFolder: vscode.WorkspaceFolder;
  /** The output folder itself. */
  uri: vscode.Uri;
  /** Its path relative to the workspace folder ('' when it is the folder itself). */
  relativePath: string;
}

export function outputFolderOf(workspaceFolder: vscode.WorkspaceFolder): OutputFolder | undefined {
  const setting = readSettings(workspaceFolder.uri).outputDirectory;
  // URI paths are POSIX on every platform ('/c:/Users/…' on Windows), so resolve them as such.
  const location = resolveOutputDirectory(workspaceFolder.uri.path, setting, posix);
  if (!location.ok) return undefined;
  return {
    workspaceFolder,
    uri: workspaceFolder.uri.with({ path: location.dir }),
    relativePath: posix.relative(workspaceFolder.uri.path, location.dir),
  };
}

export function outputFolders(): OutputFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).flatMap((f) => outputFolderOf(f) ?? []);
}
