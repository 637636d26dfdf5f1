// The workspace's `videos/` folder as the suites see it, through `workspace.fs`.
import * as vscode from 'vscode';

export function videosFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test host opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'videos');
}

/** The names in `videos/`, sorted; none while the folder does not exist yet. */
export async function videoNames(): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(videosFolder())).map(([name]) => name).sort();
  } catch {
    return [];
  }
}
