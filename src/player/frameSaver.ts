// Writes a saved frame beside its clip through workspace.fs (any file system VS Code has): into a
// hidden temporary file first, then renamed to the first free `<clip>-frame-<n>[-k].png` without
// overwriting, so an existing file is never replaced and no half-written PNG is ever seen.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { baseName } from '../history/sidecarFiles';
import { MAX_FRAME_NAME_ATTEMPTS, frameFileName } from './frameNames';

async function isTaken(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function isFileExists(err: unknown): boolean {
  return err instanceof vscode.FileSystemError && err.code === 'FileExists';
}

export async function saveFrameBeside(clip: vscode.Uri, frame: number, png: Uint8Array): Promise<vscode.Uri> {
  const dir = vscode.Uri.joinPath(clip, '..');
  const name = baseName(clip);
  const temp = vscode.Uri.joinPath(dir, `.${frameFileName(name, frame)}.${randomBytes(6).toString('hex')}.part`);
  await vscode.workspace.fs.writeFile(temp, png);
  try {
    for (let attempt = 0; attempt < MAX_FRAME_NAME_ATTEMPTS; attempt++) {
      const target = vscode.Uri.joinPath(dir, frameFileName(name, frame, attempt));
      if (await isTaken(target)) continue;
      try {
        await vscode.workspace.fs.rename(temp, target, { overwrite: false });
        return target;
      } catch (err) {
        if (isFileExists(err)) continue;
        throw err;
      }
    }
    throw new Error(vscode.l10n.t('no free file name beside {0}', name));
  } finally {
    await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
  }
}
