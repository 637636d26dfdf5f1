// "Discard" on a take: the video and its sidecar go to the trash through workspace.fs, after a
// modal confirmation. Where the file system has no trash (a remote or virtual one), it says so and
// asks again before deleting for good. A caller that confirmed already may say so in the options.
import * as vscode from 'vscode';
import { baseName, sidecarUriFor } from '../history/sidecarFiles';
import { plainText } from '../shared/plainText';

export interface DiscardOptions {
  /** The caller asked the user already (or is automation that means it): no first confirmation. */
  confirmed?: boolean;
  /** Where there is no trash, delete for good without asking again. */
  deletePermanentlyWithoutTrash?: boolean;
}

export interface DiscardResult {
  discarded: boolean;
  /** True when the files went to the trash, false when they were deleted for good. */
  trashed: boolean;
  /** Workspace-relative paths of what was removed. */
  removed: string[];
}

const NOTHING: DiscardResult = { discarded: false, trashed: false, removed: [] };

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A modal question; a window that cannot show one (a test host) has not agreed. */
async function ask(message: string, detail: string, yes: string): Promise<boolean> {
  try {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, yes)) === yes;
  } catch {
    return false;
  }
}

/** True for the file service's refusal of `useTrash` on a provider without a trash. */
function isNoTrash(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /trash/i.test(message);
}

async function deleteAll(files: vscode.Uri[], useTrash: boolean): Promise<void> {
  for (const file of files) await vscode.workspace.fs.delete(file, { useTrash, recursive: false });
}

export async function discardTake(video: vscode.Uri, options: DiscardOptions = {}, log?: vscode.LogOutputChannel): Promise<DiscardResult> {
  if (!(await exists(video))) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} is no longer there.', plainText(baseName(video))));
    return NOTHING;
  }
  const sidecar = sidecarUriFor(video);
  const files = (await exists(sidecar)) ? [video, sidecar] : [video];
  const names = files.map((f) => vscode.workspace.asRelativePath(f, false));
  const discard = vscode.l10n.t('Move to Trash');
  if (
    !options.confirmed &&
    !(await ask(
      vscode.l10n.t('Discard the take {0}?', baseName(video)),
      vscode.l10n.t('These files go to the trash: {0}.', names.join(', ')),
      discard,
    ))
  )
    return NOTHING;
  try {
    await deleteAll(files, true);
    log?.info(`Discarded to the trash: ${names.join(', ')}`);
    return { discarded: true, trashed: true, removed: names };
  } catch (err) {
    if (!isNoTrash(err)) throw err;
  }
  const remaining = [];
  for (const file of files) if (await exists(file)) remaining.push(file);
  const forGood = vscode.l10n.t('Delete Permanently');
  if (
    !options.deletePermanentlyWithoutTrash &&
    !(await ask(
      vscode.l10n.t('This file system has no trash.'),
      vscode.l10n.t('{0} cannot be moved to the trash here. Delete them permanently? This cannot be undone.', names.join(', ')),
      forGood,
    ))
  )
    return NOTHING;
  await deleteAll(remaining, false);
  log?.info(`Discarded for good (no trash): ${names.join(', ')}`);
  return { discarded: true, trashed: false, removed: names };
}
