// What a failed generation looks like to the user: a sentence they understand and the button that
// fixes it. Each code gets its own actions; anything unexpected says what happened and keeps the log.
import * as vscode from 'vscode';
import { formatSeconds, VideoGenError } from '../api/errors';
import { plainText } from '../shared/plainText';

export type ErrorAction =
  | { kind: 'setKey' }
  | { kind: 'retry' }
  | { kind: 'retryWith'; model: string }
  | { kind: 'chooseModel' }
  | { kind: 'openSettings'; query: string }
  | { kind: 'checkConnection' }
  | { kind: 'showLog' };

interface Offer {
  title: string;
  action: ErrorAction;
}

export function offersFor(err: VideoGenError, suggestModel?: string): Offer[] {
  const setKey = { title: vscode.l10n.t('Set API Key'), action: { kind: 'setKey' } } as const;
  const retry = { title: vscode.l10n.t('Try Again'), action: { kind: 'retry' } } as const;
  const showLog = { title: vscode.l10n.t('Show Log'), action: { kind: 'showLog' } } as const;
  const chooseModel = { title: vscode.l10n.t('Choose Another Model'), action: { kind: 'chooseModel' } } as const;
  switch (err.code) {
    case 'invalid_api_key':
      return [err.status === 401 ? { title: vscode.l10n.t('Replace API Key'), action: { kind: 'setKey' } } : setKey, showLog];
    case 'permission_denied_error':
      return [chooseModel, showLog];
    case 'n_exceeds_model_limit':
    case 'invalid_request_error':
      return [{ title: vscode.l10n.t('Change Settings'), action: { kind: 'chooseModel' } }, showLog];
    case 'rate_limit_exceeded':
      return [
        {
          title:
            err.retryAfterSeconds !== undefined
              ? vscode.l10n.t('Try Again (after {0})', formatSeconds(err.retryAfterSeconds))
              : vscode.l10n.t('Try Again'),
          action: { kind: 'retry' },
        },
        showLog,
      ];
    case 'model_unavailable':
      return suggestModel
        ? [{ title: vscode.l10n.t('Use {0}', suggestModel), action: { kind: 'retryWith', model: suggestModel } }, chooseModel]
        : [chooseModel, showLog];
    case 'provider_error':
    case 'upstream_timeout':
      return [retry, chooseModel, showLog];
    case 'timeout':
      return [
        retry,
        { title: vscode.l10n.t('Open Timeout Setting'), action: { kind: 'openSettings', query: 'videoGen.timeoutSeconds' } },
        showLog,
      ];
    case 'network_error':
      return [retry, { title: vscode.l10n.t('Proxy Settings'), action: { kind: 'openSettings', query: 'http.proxy' } }, showLog];
    case 'tls_error':
      // No Try Again: the same certificate would be refused the same way.
      return [
        { title: vscode.l10n.t('Certificate Settings'), action: { kind: 'openSettings', query: 'http.systemCertificates' } },
        { title: vscode.l10n.t('Strict SSL Setting'), action: { kind: 'openSettings', query: 'http.proxyStrictSSL' } },
        { title: vscode.l10n.t('Check Connection'), action: { kind: 'checkConnection' } },
      ];
    case 'invalid_settings':
      return [{ title: vscode.l10n.t('Open Settings'), action: { kind: 'openSettings', query: 'videoGen' } }];
    case 'daily_limit_reached':
      return [{ title: vscode.l10n.t('Open Settings'), action: { kind: 'openSettings', query: 'videoGen.dailyGenerationLimit' } }];
    case 'budget_exceeded':
      return [{ title: vscode.l10n.t('Open Settings'), action: { kind: 'openSettings', query: 'videoGen budget limit' } }];
    case 'cancelled':
      return [];
    default:
      return [retry, showLog];
  }
}

/** The sentence shown: the error's own message, plus what is known about billing when a paid video may be lost. */
export function userMessage(err: VideoGenError): string {
  return plainText(`${err.message}${billingSentence(err)}`);
}

function billingSentence(err: VideoGenError): string {
  switch (err.billing?.verdict) {
    case 'billed':
      return (
        ' ' +
        vscode.l10n.t(
          "The provider's usage shows this generation was billed, but its video was lost: the provider does not keep videos, so it cannot be downloaded again. Generating again is a new, paid generation; to ask for a refund, contact the provider with the time and the request id.",
        ) +
        ` (${err.billing.reason})`
      );
    case 'not_billed':
      return ' ' + vscode.l10n.t("The provider's usage shows it was not billed.") + ` (${err.billing.reason})`;
    case 'cannot_tell':
      return (
        ' ' +
        vscode.l10n.t(
          "It may have been billed even though no video was saved; whether it was cannot be told from the provider's usage: {0}",
          err.billing.reason,
        )
      );
    default:
      return err.mayHaveBeenBilled ? ' ' + vscode.l10n.t('The generation may have been billed even though no video was saved.') : '';
  }
}

/** Shows the error with its actions; resolves with what the user picked (undefined if dismissed). */
export async function presentError(err: VideoGenError, suggestModel?: string): Promise<ErrorAction | undefined> {
  if (err.code === 'cancelled') {
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Video Gen: generation cancelled; nothing was saved.'), 5000);
    return undefined;
  }
  const offers = offersFor(err, suggestModel);
  const picked = await vscode.window.showErrorMessage(userMessage(err), ...offers.map((o) => o.title));
  return offers.find((o) => o.title === picked)?.action;
}

/** Anything thrown becomes a VideoGenError, so every path has a code. */
export function asVideoGenError(err: unknown): VideoGenError {
  if (err instanceof VideoGenError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new VideoGenError(
    'bad_response',
    vscode.l10n.t('Something unexpected went wrong: {0}', message),
    vscode.l10n.t('Look at the log for details.'),
    {
      cause: err,
    },
  );
}
