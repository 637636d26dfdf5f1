// "Video Gen: Check Connection": runs the connection check with the current settings and key, puts
// the full report in the Video Gen output channel (next to the rest of the extension's log, where a
// user already looks and can copy it from; an untitled document would ask to be saved on close) and
// sums it up in a notification. Resolves with the steps, for automation and tests.
import * as vscode from 'vscode';
import { checkConnection, formatReport, type CheckStep } from '../api/connectionCheck';
import { redactSecret } from '../api/redact';
import { readSettings } from '../config/settings';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { plainText } from '../shared/plainText';

export function registerCheckConnection(keys: ApiKeyStore, log: vscode.LogOutputChannel, userAgent: string): vscode.Disposable {
  return vscode.commands.registerCommand('videoGen.checkConnection', async (): Promise<CheckStep[]> => {
    const settings = readSettings();
    let apiKey: string | undefined;
    try {
      apiKey = await keys.get();
    } catch (err) {
      log.warn(`Check Connection: the key could not be read (${err instanceof Error ? err.message : String(err)}); checking without it.`);
    }
    const steps = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Video Gen: checking the connection to {0}', settings.baseUrl),
        cancellable: true,
      },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return checkConnection({
          baseUrl: settings.baseUrl,
          apiKey,
          ...settings.network,
          userAgent,
          signal: controller.signal,
        });
      },
    );
    log.info(redactSecret(formatReport(settings.baseUrl, steps), apiKey));
    void announce(steps, apiKey, log);
    return steps;
  });
}

/** One sentence: all is well (with the proxy and the time of the model list), or the first step that failed. */
async function announce(steps: CheckStep[], apiKey: string | undefined, log: vscode.LogOutputChannel): Promise<void> {
  const failed = steps.find((s) => !s.ok && !s.skipped);
  const models = steps.find((s) => s.step === 'models');
  const proxy = steps.find((s) => s.step === 'proxy');
  const showReport = vscode.l10n.t('Show Report');
  let picked: string | undefined;
  if (failed) {
    picked = await vscode.window.showWarningMessage(
      plainText(vscode.l10n.t('Video Gen: Check Connection failed at the {0} step: {1}', failed.step, redactSecret(failed.detail, apiKey))),
      showReport,
    );
  } else if (!apiKey) {
    const setKey = vscode.l10n.t('Set API Key');
    picked = await vscode.window.showInformationMessage(
      plainText(
        vscode.l10n.t('Video Gen: the API can be reached ({0}); no API key is set, so the key was not tried.', proxy?.detail ?? ''),
      ),
      setKey,
      showReport,
    );
    if (picked === setKey) await vscode.commands.executeCommand('videoGen.setApiKey');
  } else {
    picked = await vscode.window.showInformationMessage(
      plainText(
        vscode.l10n.t('Video Gen: the connection works. {0} {1} ({2} ms)', proxy?.detail ?? '', models?.detail ?? '', models?.ms ?? 0),
      ),
      showReport,
    );
  }
  if (picked === showReport) log.show(true);
}
