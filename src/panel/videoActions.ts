// What the buttons under the player do with the file: open it in the system's player, reveal it,
// copy its path. The page only names a video it was shown; the controller checks that first.
import * as vscode from 'vscode';
import type { VideoAction } from '../shared/protocol';

/** A file on this machine's disk, seen from a desktop window: the OS can open and reveal it. */
function isLocalDesktopFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
}

export async function runVideoAction(action: Exclude<VideoAction, 'promote'>, uri: vscode.Uri): Promise<string | undefined> {
  switch (action) {
    case 'openExternal':
      if (uri.scheme !== 'file') {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Only a file on this computer can be opened in the system player. Download it first.'),
        );
        return undefined;
      }
      // On desktop this opens the OS's default application for .mp4.
      return (await vscode.env.openExternal(uri)) ? vscode.l10n.t('Opened in the system player.') : undefined;
    case 'reveal':
      await vscode.commands.executeCommand(isLocalDesktopFile(uri) ? 'revealFileInOS' : 'revealInExplorer', uri);
      return undefined;
    case 'copyPath':
      await vscode.env.clipboard.writeText(uri.scheme === 'file' ? uri.fsPath : uri.toString());
      return vscode.l10n.t('Path copied.');
  }
}
