// The documented request vocabulary and the built-in capability table (from the provider's
// documentation page, as summarised in the README). Data only: no logic lives here.

export const QUALITIES = ['480p', '720p', '1080p'] as const;
export type Quality = (typeof QUALITIES)[number];

export const RATIOS = ['1:1', '16:9', '9:16', '3:4', '4:3'] as const;
export type Ratio = (typeof RATIOS)[number];

/**
 * The ratio the API uses when a request leaves it out (and so the one a request without a ratio
 * is validated and recorded with). Not the setting's default: see `videoGen.defaultRatio`.
 */
export const API_DEFAULT_RATIO: Ratio = '9:16';

/** The shortest and longest durations, in whole seconds, the API accepts from any model. */
export const MIN_DURATION_SECONDS = 1;
export const MAX_DURATION_SECONDS = 8;

/** What the API accepts from any model; models the table does not know get exactly this. */
export const GENERAL_LIMITS = {
  minDuration: MIN_DURATION_SECONDS,
  maxDuration: MAX_DURATION_SECONDS,
  qualities: QUALITIES as readonly Quality[],
} as const;

/**
 * Our own cap, not the provider's: the docs give no prompt limit, and a runaway paste (a whole file)
 * should be caught before a paid call rather than after.
 */
export const MAX_PROMPT_LENGTH = 4000;

/** Durations the UI proposes when nothing is saved: short, because every second costs money. */
export const DEFAULT_DURATION = 4;

/** Recommended by the provider's page ("1080p is recommended for most models"). */
export const DEFAULT_QUALITY: Quality = '1080p';

export const ADVICE_LEVELS = ['daily', 'balanced', 'longer', 'premium'] as const;
export type Advice = (typeof ADVICE_LEVELS)[number];

/** Human wording of the provider's advice, in picker order (lighter first). */
export const ADVICE_INFO: Readonly<Record<Advice, { label: string; description: string }>> = {
  daily: { label: 'Daily use (lighter)', description: 'Lighter model: start here for testing and iteration.' },
  balanced: { label: 'Balanced', description: 'A middle ground between cost and quality.' },
  longer: { label: 'Longer videos', description: `Goes up to ${MAX_DURATION_SECONDS} seconds, the longest available.` },
  premium: { label: 'Use sparingly (premium)', description: 'Premium quality at a high cost: use when quality truly matters.' },
};

export interface ModelCapability {
  id: string;
  /** Human name for pickers. */
  label: string;
  /** Provider as documented (not necessarily the gateway's `owned_by`). */
  provider: string;
  maxDuration: number;
  qualities: readonly Quality[];
  advice: Advice;
  premium: boolean;
  /** True for limits taken from the documentation table. */
  verified: true;
}

function documented(
  id: string,
  label: string,
  provider: string,
  maxDuration: number,
  qualities: readonly Quality[],
  advice: Advice,
): ModelCapability {
  return { id: `provider-2/${id}`, label, provider, maxDuration, qualities, advice, premium: advice === 'premium', verified: true };
}

/** The documented models, lighter first (the order pickers show them in). */
export const BUILT_IN_MODELS: readonly ModelCapability[] = [
  documented('seedance-lite', 'Seedance Lite', 'Tencent', 5, ['1080p'], 'daily'),
  documented('kling-v2.1', 'Kling v2.1', 'Kuaishou', 5, ['720p', '1080p'], 'daily'),
  documented('sora-2', 'Sora 2', 'OpenAI', 4, ['720p', '1080p'], 'balanced'),
  documented('veo-fast', 'Veo Fast', 'Google', 8, ['720p', '1080p'], 'longer'),
  documented('seedance-pro', 'Seedance Pro', 'Tencent', 5, ['1080p'], 'premium'),
  documented('sora-2-pro', 'Sora 2 Pro', 'OpenAI', 5, ['720p', '1080p'], 'premium'),
  documented('veo', 'Veo', 'Google', 8, ['720p', '1080p'], 'premium'),
];

export function isQuality(value: unknown): value is Quality {
  return typeof value === 'string' && (QUALITIES as readonly string[]).includes(value);
}

export function isRatio(value: unknown): value is Ratio {
  return typeof value === 'string' && (RATIOS as readonly string[]).includes(value);
}

/** The pixel count of the short side a quality names ('720p' → 720). */
export function qualityShortSide(quality: Quality): number {
  return Number.parseInt(quality, 10);
}
