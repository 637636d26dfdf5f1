// The extension's settings, read once per use and checked: a hand-edited settings.json can hold
// anything, and a bad value must give a clear message rather than a strange request.
import * as vscode from 'vscode';
import { chooseBaseUrl } from './baseUrlChoice';
import { z } from 'zod';
import { DEFAULT_RATIO, QUALITIES, RATIOS, type Quality, type Ratio } from '../catalog';

export const DEFAULT_BASE_URL = 'https://api.a4f.co/v1';

export interface VideoGenSettings {
  baseUrl: string;
  /** A workspace's base URL that names another machine: not used (the key would go there). */
  ignoredWorkspaceBaseUrl?: string;
  outputDirectory: string;
  defaultModel: string;
  defaultQuality: Quality;
  defaultDuration: number;
  defaultRatio: Ratio;
  timeoutSeconds: number;
  confirmPremiumModels: boolean;
  retryCount: number;
  /** Generations allowed per day (local time); 0 means no limit. */
  dailyGenerationLimit: number;
  /** VS Code's `http.proxy` (empty: the environment's variables apply). */
  proxyUrl?: string;
  /** VS Code's `http.proxyStrictSSL`. */
  strictSSL: boolean;
}

const httpUrl = z.string().trim().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
});

function pick<T>(schema: z.ZodType<T>, value: unknown, fallback: T): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

export function readSettings(scope?: vscode.ConfigurationScope): VideoGenSettings {
  const c = vscode.workspace.getConfiguration('videoGen', scope);
  const http = vscode.workspace.getConfiguration('http');
  const proxy = pick(z.string().trim(), http.get('proxy'), '');
  const inspected = c.inspect<unknown>('baseUrl');
  const baseUrl = chooseBaseUrl({
    defaultValue: DEFAULT_BASE_URL,
    globalValue: inspected?.globalValue,
    workspaceValue: inspected?.workspaceValue,
    workspaceFolderValue: inspected?.workspaceFolderValue,
  });
  return {
    // An invalid base URL is kept as typed so the error can name it (see checkBaseUrl).
    baseUrl: baseUrl.baseUrl.replace(/\/+$/, ''),
    ignoredWorkspaceBaseUrl: baseUrl.ignoredFromWorkspace,
    outputDirectory: pick(z.string(), c.get('outputDirectory'), 'videos'),
    defaultModel: pick(z.string().trim().min(1), c.get('defaultModel'), 'provider-2/kling-v2.1'),
    defaultQuality: pick(z.enum(QUALITIES), c.get('defaultQuality'), '720p'),
    defaultDuration: pick(z.number().int().min(1).max(8), c.get('defaultDuration'), 4),
    defaultRatio: pick(z.enum(RATIOS), c.get('defaultRatio'), DEFAULT_RATIO),
    timeoutSeconds: pick(z.number().int().min(1).max(24 * 3600), c.get('timeoutSeconds'), 600),
    confirmPremiumModels: pick(z.boolean(), c.get('confirmPremiumModels'), true),
    retryCount: pick(z.number().int().min(0).max(10), c.get('retryCount'), 2),
    dailyGenerationLimit: pick(z.number().int().min(0), c.get('dailyGenerationLimit'), 0),
    proxyUrl: proxy && httpUrl.safeParse(proxy).success ? proxy : undefined,
    strictSSL: pick(z.boolean(), http.get('proxyStrictSSL'), true),
  };
}

/** A message when the base URL cannot be used, undefined when it can. */
export function checkBaseUrl(baseUrl: string): string | undefined {
  if (httpUrl.safeParse(baseUrl).success) return undefined;
  return vscode.l10n.t('The setting "videoGen.baseUrl" is not an http(s) URL: "{0}".', baseUrl);
}

/** The settings' defaults as the first or last layer of a starting choice (see startingChoice). */
export function settingsLayer(settings: VideoGenSettings): { model: string; quality: string; duration: number; ratio: string } {
  return { model: settings.defaultModel, quality: settings.defaultQuality, duration: settings.defaultDuration, ratio: settings.defaultRatio };
}
