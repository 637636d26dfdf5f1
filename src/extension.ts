// activate(): build the services and register the contributions; nothing heavy happens here.
import * as vscode from 'vscode';
import { VideoPanel, type PlayerReport } from './panel/videoPanel';
import { ApiKeyStore } from './secrets/apiKeyStore';

/** What the extension offers other extensions (and its own integration tests). Never the key. */
export interface VideoGenApi {
  /** `…abcd` when a key is stored, undefined otherwise. */
  apiKeyHint(): Promise<string | undefined>;
}

export function activate(context: vscode.ExtensionContext): VideoGenApi {
  const log = vscode.window.createOutputChannel('Video Gen', { log: true });
  const keys = new ApiKeyStore(context.secrets);

  context.subscriptions.push(
    log,
    { dispose: () => VideoPanel.disposeCurrent() },
    vscode.commands.registerCommand('videoGen.showLog', () => log.show()),
    vscode.commands.registerCommand('videoGen.setApiKey', async (value?: unknown) => {
      let key = typeof value === 'string' ? value : undefined;
      if (key === undefined) {
        key = await vscode.window.showInputBox({
          title: vscode.l10n.t('Video Gen: API key'),
          prompt: vscode.l10n.t('Paste your API key. It is kept in VS Code\'s secret storage, never in settings or files.'),
          password: true,
          ignoreFocusOut: true,
          validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The key cannot be empty.')),
        });
      }
      if (!key?.trim()) return false;
      await keys.set(key);
      log.info('API key stored in secret storage');
      return true;
    }),
    vscode.commands.registerCommand('videoGen.clearApiKey', async () => {
      await keys.clear();
      log.info('API key removed from secret storage');
    }),
    vscode.commands.registerCommand('videoGen.openPanel', () => {
      VideoPanel.createOrShow(context.extensionUri, log);
    }),
    vscode.commands.registerCommand('videoGen.openVideo', async (target?: unknown): Promise<PlayerReport | undefined> => {
      let file = target instanceof vscode.Uri ? target : undefined;
      if (!file) {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          filters: { [vscode.l10n.t('MP4 video')]: ['mp4'] },
          title: vscode.l10n.t('Play a video in Video Gen'),
        });
        file = picked?.[0];
      }
      if (!file) return undefined;
      return VideoPanel.createOrShow(context.extensionUri, log).showVideo(file);
    }),
  );

  return { apiKeyHint: () => keys.hint() };
}

export function deactivate(): void {}
