// The extension's settings, read once per use and checked: a hand-edited settings.json can hold
// anything, and a bad value must give a clear message rather than a strange request. This part
// only gathers what VS Code holds; settingsTable.ts says what each setting allows and checks it.
import * as vscode from 'vscode';
import { SETTINGS_SECTION, SETTINGS_TABLE, checkSettings, httpUrl, type SettingKey, type VideoGenSettings } from './settingsTable';

export { DEFAULT_BASE_URL, type VideoGenSettings } from './settingsTable';

export function readSettings(scope?: vscode.ConfigurationScope): VideoGenSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const http = vscode.workspace.getConfiguration('http');
  const inspected = c.inspect<unknown>('baseUrl');
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const key of Object.keys(SETTINGS_TABLE) as SettingKey[]) values[key] = c.get(key);
  return checkSettings({
    values,
    baseUrl: {
      globalValue: inspected?.globalValue,
      workspaceValue: inspected?.workspaceValue,
      workspaceFolderValue: inspected?.workspaceFolderValue,
    },
    httpProxy: http.get('proxy'),
    httpProxyStrictSSL: http.get('proxyStrictSSL'),
    httpProxySupport: http.get('proxySupport'),
    httpNoProxy: http.get('noProxy'),
    httpProxyAuthorization: http.get('proxyAuthorization'),
    httpSystemCertificates: http.get('systemCertificates'),
  });
}

/** A message when the base URL cannot be used, undefined when it can. */
export function checkBaseUrl(baseUrl: string): string | undefined {
  if (httpUrl.safeParse(baseUrl).success) return undefined;
  return vscode.l10n.t('The setting "videoGen.baseUrl" is not an http(s) URL: "{0}".', baseUrl);
}

/** The settings' defaults as the first or last layer of a starting choice (see startingChoice). */
export function settingsLayer(settings: VideoGenSettings): { model: string; quality: string; duration: number; ratio: string } {
  return {
    model: settings.defaultModel,
    quality: settings.defaultQuality,
    duration: settings.defaultDuration,
    ratio: settings.defaultRatio,
  };
}
