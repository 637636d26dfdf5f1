// Setting and clearing the API key. The key goes to SecretStorage only; when SecretStorage fails,
// the user is told why and may keep the key in memory for this session, never in settings or files.
import * as vscode from 'vscode';
import { SecretStorageUnavailableError, type ApiKeyStore } from '../secrets/apiKeyStore';

function secretStorageHelp(err: SecretStorageUnavailableError): string {
  const linux =
    process.platform === 'linux'
      ? vscode.l10n.t(
          ' On Linux this usually means no keyring service (such as GNOME Keyring or KWallet) is running, or it is locked: start or unlock it, or set "password-store" in VS Code\'s argv.json (Preferences: Configure Runtime Arguments).',
        )
      : '';
  return vscode.l10n.t('VS Code could not use its secret storage to keep your API key ({0}).', err.detail) + linux;
}

/** Stores a key; on a SecretStorage failure offers a session-only key. Returns false if not kept. */
export async function storeKey(keys: ApiKeyStore, key: string, log: vscode.LogOutputChannel, interactive: boolean): Promise<boolean> {
  try {
    await keys.set(key);
    log.info('API key stored in secret storage');
    return true;
  } catch (err) {
    if (!(err instanceof SecretStorageUnavailableError)) throw err;
    log.error(`Secret storage failed: ${err.detail}`);
    const session = vscode.l10n.t('Keep for This Session Only');
    const answer = await vscode.window.showErrorMessage(
      secretStorageHelp(err),
      {
        modal: interactive,
        detail: vscode.l10n.t('The key can be kept in memory until this window closes. It is never written to settings or files.'),
      },
      session,
    );
    if (answer !== session) return false;
    keys.setForSession(key);
    log.info('API key kept in memory for this session only');
    return true;
  }
}

/** Asks for the key with a password input and stores it; resolves with the key or undefined. */
export async function askAndStoreKey(keys: ApiKeyStore, log: vscode.LogOutputChannel, reason?: string): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('Video Gen: API key'),
    prompt: [reason, vscode.l10n.t("Paste your API key. It is kept in VS Code's secret storage, never in settings or files.")]
      .filter(Boolean)
      .join(' '),
    placeHolder: vscode.l10n.t('API key'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The key cannot be empty.')),
  });
  if (!key?.trim()) return undefined;
  return (await storeKey(keys, key, log, true)) ? key.trim() : undefined;
}

export function registerApiKeyCommands(keys: ApiKeyStore, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('videoGen.setApiKey', async (value?: unknown): Promise<boolean> => {
      if (typeof value === 'string') {
        if (!value.trim()) return false;
        return storeKey(keys, value, log, false);
      }
      const key = await askAndStoreKey(keys, log);
      if (key) void vscode.window.showInformationMessage(vscode.l10n.t('Video Gen: API key saved in secret storage.'));
      return key !== undefined;
    }),
    vscode.commands.registerCommand('videoGen.clearApiKey', async (): Promise<void> => {
      try {
        await keys.clear();
        log.info('API key removed');
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Video Gen: API key removed.'), 4000);
      } catch (err) {
        if (!(err instanceof SecretStorageUnavailableError)) throw err;
        void vscode.window.showErrorMessage(secretStorageHelp(err));
      }
    }),
  ];
}
