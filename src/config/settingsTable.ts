// Every `videoGen.*` setting once: its kind, default, bounds and allowed values. The reader
// (settings.ts) checks what VS Code hands it against this table, and a unit test holds
// package.json's `contributes.configuration` to it, so the manifest, the reader and the README
// cannot drift apart. No vscode import: the checking is unit-tested in plain Node.
import { z } from 'zod';
import {
  BUILT_IN_MODELS,
  DEFAULT_DURATION,
  MAX_DURATION_SECONDS,
  MIN_DURATION_SECONDS,
  QUALITIES,
  type Quality,
  type Ratio,
} from '../catalog/capabilities';
import { chooseBaseUrl, type BaseUrlValues } from './baseUrlChoice';

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
  /** Generations allowed per calendar month (local time); 0 means no limit. */
  monthlyGenerationLimit: number;
  /** Estimated USD allowed per day, where the model list gives prices; 0 means no budget. */
  dailyBudgetUsd: number;
  /** Estimated USD allowed per calendar month, where the model list gives prices; 0 means no budget. */
  monthlyBudgetUsd: number;
  /** Generations a queue (Generate All Shots, Compare Models) runs at once (named as VS Code names it). */
  'queue.concurrency': number;
  /** The draft preset's model; empty: the lightest model in the catalog (see draftPreset.ts). */
  'draft.model': string;
  /** The draft preset's quality; empty: the draft model's lowest. */
  'draft.quality': '' | Quality;
  /** The draft preset's seconds; 0: the shortest useful duration. */
  'draft.duration': number;
  /** Play AAC sound through the page's own decoder even where the webview could play it (tests, troubleshooting). */
  'player.forceDecodedAudio': boolean;
  /** How the Generated Videos view arranges takes: a flat list, or under storyboard → shot. */
  'history.groupBy': 'none' | 'storyboard';
  /** Whether generated clips carry a badge in the Explorer. */
  'explorer.decorations': boolean;
  /** Promote to Final: the final's model ('' = ask, the last final's choice preselected). */
  'final.model': string;
  /** Promote to Final: the final's quality ('' = ask). */
  'final.quality': Quality | '';
  /** Promote to Final: the final's duration in seconds (0 = ask). */
  'final.duration': number;
  /** VS Code's `http.proxy` (empty: the environment's variables apply). */
  proxyUrl?: string;
  /** VS Code's `http.proxyStrictSSL`. */
  strictSSL: boolean;
  /** VS Code's network settings, whole: what every request's connection options start from. */
  network: NetworkSettings;
}

/** VS Code's `http.*` settings the extension's requests follow (the shape of the api's ConnectionOptions). */
export interface NetworkSettings {
  /** `http.proxy`, when it is an http(s) URL. */
  proxyUrl?: string;
  /** `http.proxy` as typed when it is set but not usable (a socks:// proxy, a typo): said by Check Connection. */
  unusableProxy?: string;
  /** `http.proxySupport` (VS Code's default: override). */
  proxySupport: 'off' | 'on' | 'fallback' | 'override';
  /** `http.noProxy`: hosts reached without the proxy. */
  noProxy: string[];
  /** `http.proxyAuthorization`: the Proxy-Authorization header's value. */
  proxyAuthorization?: string;
  /** `http.proxyStrictSSL` (default true). */
  strictSSL: boolean;
  /** `http.systemCertificates` (default true). */
  systemCertificates: boolean;
}

export interface StringSetting {
  kind: 'string';
  default: string;
  /** The values offered (in the Settings editor's order). */
  enum?: readonly string[];
  /**
   * The enum only suggests: other values are used too (a model a refreshed list adds is not in
   * the manifest). Without it, a value outside the enum falls back to the default.
   */
  enumSuggestsOnly?: true;
  /** Surrounding spaces are dropped, and an empty value falls back to the default. */
  trimmed?: true;
}

export interface IntegerSetting {
  kind: 'integer';
  default: number;
  minimum: number;
  maximum: number;
}

export interface BooleanSetting {
  kind: 'boolean';
  default: boolean;
}

export interface NumberSetting {
  kind: 'number';
  default: number;
  minimum: number;
  maximum: number;
}

export type SettingSpec = StringSetting | IntegerSetting | NumberSetting | BooleanSetting;

/** The settings' keys under `videoGen.`, as the reader returns them. */
export type SettingKey =
  | 'baseUrl'
  | 'outputDirectory'
  | 'defaultModel'
  | 'defaultQuality'
  | 'defaultDuration'
  | 'defaultRatio'
  | 'timeoutSeconds'
  | 'confirmPremiumModels'
  | 'retryCount'
  | 'dailyGenerationLimit'
  | 'monthlyGenerationLimit'
  | 'dailyBudgetUsd'
  | 'monthlyBudgetUsd'
  | 'queue.concurrency'
  | 'draft.model'
  | 'draft.quality'
  | 'draft.duration'
  | 'player.forceDecodedAudio'
  | 'history.groupBy'
  | 'explorer.decorations'
  | 'final.model'
  | 'final.quality'
  | 'final.duration';

/** Section of every key in the table (`videoGen.timeoutSeconds`). */
export const SETTINGS_SECTION = 'videoGen';

export const SETTINGS_TABLE = {
  /** Checked by chooseBaseUrl (where the key may be sent) rather than here. */
  baseUrl: { kind: 'string', default: DEFAULT_BASE_URL },
  outputDirectory: { kind: 'string', default: 'videos' },
  defaultModel: {
    kind: 'string',
    default: 'provider-2/kling-v2.1',
    enum: BUILT_IN_MODELS.map((m) => m.id),
    enumSuggestsOnly: true,
    trimmed: true,
  },
  defaultQuality: { kind: 'string', default: '720p', enum: QUALITIES },
  defaultDuration: { kind: 'integer', default: DEFAULT_DURATION, minimum: MIN_DURATION_SECONDS, maximum: MAX_DURATION_SECONDS },
  // Landscape first: the Settings editor's order (the API's own default, 9:16, is second).
  defaultRatio: { kind: 'string', default: '16:9', enum: ['16:9', '9:16', '1:1', '4:3', '3:4'] satisfies Ratio[] },
  timeoutSeconds: { kind: 'integer', default: 600, minimum: 1, maximum: 3600 },
  confirmPremiumModels: { kind: 'boolean', default: true },
  retryCount: { kind: 'integer', default: 2, minimum: 0, maximum: 5 },
  dailyGenerationLimit: { kind: 'integer', default: 0, minimum: 0, maximum: 1000 },
  monthlyGenerationLimit: { kind: 'integer', default: 0, minimum: 0, maximum: 30000 },
  dailyBudgetUsd: { kind: 'number', default: 0, minimum: 0, maximum: 100000 },
  monthlyBudgetUsd: { kind: 'number', default: 0, minimum: 0, maximum: 1000000 },
  'queue.concurrency': { kind: 'integer', default: 2, minimum: 1, maximum: 8 },
  // The draft preset (storyboards' Draft): empty or 0 means "the lightest the catalog has".
  'draft.model': { kind: 'string', default: '', trimmed: true },
  'draft.quality': { kind: 'string', default: '', enum: ['', ...QUALITIES] },
  'draft.duration': { kind: 'integer', default: 0, minimum: 0, maximum: MAX_DURATION_SECONDS },
  'player.forceDecodedAudio': { kind: 'boolean', default: false },
  'history.groupBy': { kind: 'string', default: 'none', enum: ['none', 'storyboard'] },
  'explorer.decorations': { kind: 'boolean', default: true },
  // Promote to Final: empty (or 0) means "ask, with the last final's choice preselected".
  'final.model': { kind: 'string', default: '' },
  'final.quality': { kind: 'string', default: '', enum: ['', ...QUALITIES] },
  'final.duration': { kind: 'integer', default: 0, minimum: 0, maximum: MAX_DURATION_SECONDS },
} as const satisfies Record<SettingKey, SettingSpec>;

/** What VS Code holds, unchecked: anything a hand-edited settings.json can contain. */
export interface RawSettings {
  /** `videoGen.*` values by key (baseUrl is taken from `baseUrl` below instead). */
  values: Partial<Record<SettingKey, unknown>>;
  /** Where `videoGen.baseUrl` is set, for chooseBaseUrl. */
  baseUrl: Omit<BaseUrlValues, 'defaultValue'>;
  /** `http.proxy` */
  httpProxy?: unknown;
  /** `http.proxyStrictSSL` */
  httpProxyStrictSSL?: unknown;
  /** `http.proxySupport` */
  httpProxySupport?: unknown;
  /** `http.noProxy` */
  httpNoProxy?: unknown;
  /** `http.proxyAuthorization` */
  httpProxyAuthorization?: unknown;
  /** `http.systemCertificates` */
  httpSystemCertificates?: unknown;
}

export const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
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

/** The schema a value must pass to be used, from its table entry. */
function schemaFor(spec: SettingSpec): z.ZodType<unknown> {
  switch (spec.kind) {
    case 'boolean':
      return z.boolean();
    case 'integer':
      return z.number().int().min(spec.minimum).max(spec.maximum);
    case 'number':
      return z.number().finite().min(spec.minimum).max(spec.maximum);
    case 'string': {
      const text = spec.trimmed ? z.string().trim().min(1) : z.string();
      if (!spec.enum || spec.enumSuggestsOnly) return text;
      const allowed: readonly string[] = spec.enum;
      return text.refine((v) => allowed.includes(v));
    }
  }
}

/** A setting's value if the table allows it, else the table's default. */
function checked(key: SettingKey, value: unknown): unknown {
  const spec: SettingSpec = SETTINGS_TABLE[key];
  return pick(schemaFor(spec), value, spec.default);
}

/** The settings to use: every value checked against the table, a bad one replaced by its default. */
export function checkSettings(raw: RawSettings): VideoGenSettings {
  const v = raw.values;
  const network = checkNetworkSettings(raw);
  const baseUrl = chooseBaseUrl({ defaultValue: SETTINGS_TABLE.baseUrl.default, ...raw.baseUrl });
  return {
    // An invalid base URL is kept as typed so the error can name it (see checkBaseUrl).
    baseUrl: baseUrl.baseUrl.replace(/\/+$/, ''),
    ignoredWorkspaceBaseUrl: baseUrl.ignoredFromWorkspace,
    outputDirectory: checked('outputDirectory', v.outputDirectory) as string,
    defaultModel: checked('defaultModel', v.defaultModel) as string,
    defaultQuality: checked('defaultQuality', v.defaultQuality) as Quality,
    defaultDuration: checked('defaultDuration', v.defaultDuration) as number,
    defaultRatio: checked('defaultRatio', v.defaultRatio) as Ratio,
    timeoutSeconds: checked('timeoutSeconds', v.timeoutSeconds) as number,
    confirmPremiumModels: checked('confirmPremiumModels', v.confirmPremiumModels) as boolean,
    retryCount: checked('retryCount', v.retryCount) as number,
    dailyGenerationLimit: checked('dailyGenerationLimit', v.dailyGenerationLimit) as number,
    monthlyGenerationLimit: checked('monthlyGenerationLimit', v.monthlyGenerationLimit) as number,
    dailyBudgetUsd: checked('dailyBudgetUsd', v.dailyBudgetUsd) as number,
    monthlyBudgetUsd: checked('monthlyBudgetUsd', v.monthlyBudgetUsd) as number,
    'queue.concurrency': checked('queue.concurrency', v['queue.concurrency']) as number,
    'draft.model': checked('draft.model', v['draft.model']) as string,
    'draft.quality': checked('draft.quality', v['draft.quality']) as '' | Quality,
    'draft.duration': checked('draft.duration', v['draft.duration']) as number,
    'player.forceDecodedAudio': checked('player.forceDecodedAudio', v['player.forceDecodedAudio']) as boolean,
    'history.groupBy': checked('history.groupBy', v['history.groupBy']) as 'none' | 'storyboard',
    'explorer.decorations': checked('explorer.decorations', v['explorer.decorations']) as boolean,
    'final.model': (checked('final.model', v['final.model']) as string).trim(),
    'final.quality': checked('final.quality', v['final.quality']) as Quality | '',
    'final.duration': checked('final.duration', v['final.duration']) as number,
    proxyUrl: network.proxyUrl,
    strictSSL: network.strictSSL,
    network,
  };
}

/** VS Code's network settings, checked: a value of the wrong kind falls back to VS Code's default. */
export function checkNetworkSettings(raw: Omit<RawSettings, 'values' | 'baseUrl'>): NetworkSettings {
  const proxy = pick(z.string().trim(), raw.httpProxy, '');
  const usable = proxy !== '' && httpUrl.safeParse(proxy).success;
  const authorization = pick(z.string().trim(), raw.httpProxyAuthorization, '');
  return {
    proxyUrl: usable ? proxy : undefined,
    unusableProxy: proxy && !usable ? proxy : undefined,
    proxySupport: pick(z.enum(['off', 'on', 'fallback', 'override']), raw.httpProxySupport, 'override'),
    noProxy: pick(z.array(z.string()), raw.httpNoProxy, [])
      .map((e) => e.trim())
      .filter(Boolean),
    proxyAuthorization: authorization || undefined,
    strictSSL: pick(z.boolean(), raw.httpProxyStrictSSL, true),
    systemCertificates: pick(z.boolean(), raw.httpSystemCertificates, true),
  };
}
