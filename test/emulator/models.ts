// The emulator's "server truth": which models exist, what each accepts, which plan may use them.
// The extension keeps its own catalog in src/; this table deliberately lives apart from it so a
// test can make the two disagree (a retired model, a model the extension has never heard of).

export type Quality = '480p' | '720p' | '1080p';
export type Ratio = '1:1' | '16:9' | '9:16' | '3:4' | '4:3';
export type Plan = 'free' | 'pro' | 'ultra';

export const QUALITIES: readonly Quality[] = ['480p', '720p', '1080p'];
export const RATIOS: readonly Ratio[] = ['1:1', '16:9', '9:16', '3:4', '4:3'];
export const PLANS: readonly Plan[] = ['free', 'pro', 'ultra'];
export const DEFAULT_RATIO: Ratio = '9:16';
export const MIN_DURATION = 1;
export const MAX_DURATION = 8;

export interface VideoModel {
  id: string;
  provider: string;
  maxDuration: number;
  qualities: readonly Quality[];
  advice: 'daily' | 'balanced' | 'longer' | 'premium';
  /** Invented price (USD per generated second): upstream never documents the shape. */
  usdPerSecond: number;
  /** Unix seconds, only so /v1/models has a stable `created`. */
  created: number;
  /** The model's clips have sound (`?features` lists `audio`). */
  audio?: boolean;
}

/** Non-video entries a gateway also lists; they let tests check the client filters by type. */
export interface OtherModel {
  id: string;
  provider: string;
  type: string;
  created: number;
  pricing: Record<string, number | string>;
  features: readonly string[];
}

export const VIDEO_MODELS: readonly VideoModel[] = [
  {
    id: 'provider-2/seedance-lite',
    provider: 'Tencent',
    maxDuration: 5,
    qualities: ['1080p'],
    advice: 'daily',
    usdPerSecond: 0.03,
    created: 1_746_000_000,
  },
  {
    id: 'provider-2/kling-v2.1',
    provider: 'Kuaishou',
    maxDuration: 5,
    qualities: ['720p', '1080p'],
    advice: 'daily',
    usdPerSecond: 0.05,
    created: 1_746_100_000,
  },
  {
    id: 'provider-2/sora-2',
    provider: 'OpenAI',
    maxDuration: 4,
    qualities: ['720p', '1080p'],
    advice: 'balanced',
    usdPerSecond: 0.1,
    created: 1_759_300_000,
    audio: true,
  },
  {
    id: 'provider-2/veo-fast',
    provider: 'Google',
    maxDuration: 8,
    qualities: ['720p', '1080p'],
    advice: 'longer',
    usdPerSecond: 0.15,
    created: 1_752_000_000,
    audio: true,
  },
  {
    id: 'provider-2/seedance-pro',
    provider: 'Tencent',
    maxDuration: 5,
    qualities: ['1080p'],
    advice: 'premium',
    usdPerSecond: 0.12,
    created: 1_746_200_000,
  },
  {
    id: 'provider-2/sora-2-pro',
    provider: 'OpenAI',
    maxDuration: 5,
    qualities: ['720p', '1080p'],
    advice: 'premium',
    usdPerSecond: 0.3,
    created: 1_759_300_100,
    audio: true,
  },
  {
    id: 'provider-2/veo',
    provider: 'Google',
    maxDuration: 8,
    qualities: ['720p', '1080p'],
    advice: 'premium',
    usdPerSecond: 0.4,
    created: 1_752_000_100,
    audio: true,
  },
];

export const OTHER_MODELS: readonly OtherModel[] = [
  {
    id: 'provider-3/gpt-4.1-mini',
    provider: 'OpenAI',
    type: 'chat/completion',
    created: 1_744_000_000,
    pricing: { input_per_million_tokens: 0.4, output_per_million_tokens: 1.6, currency: 'USD' },
    features: ['chat', 'function-calling'],
  },
  {
    id: 'provider-4/imagen-4',
    provider: 'Google',
    type: 'image/generation',
    created: 1_748_000_000,
    pricing: { per_image: 0.04, currency: 'USD' },
    features: ['text-to-image'],
  },
];

/** Pro and Ultra get every video model (the docs say "Pro & Ultra tiers only"); free gets none. */
export function defaultPlanModels(): Record<Plan, string[]> {
  const all = VIDEO_MODELS.map((m) => m.id);
  return { free: [], pro: [...all], ultra: [...all] };
}

export function findVideoModel(id: string, extra: readonly VideoModel[] = []): VideoModel | undefined {
  return extra.find((m) => m.id === id) ?? VIDEO_MODELS.find((m) => m.id === id);
}

export function isQuality(v: unknown): v is Quality {
  return typeof v === 'string' && (QUALITIES as readonly string[]).includes(v);
}

export function isRatio(v: unknown): v is Ratio {
  return typeof v === 'string' && (RATIOS as readonly string[]).includes(v);
}

export function isPlan(v: unknown): v is Plan {
  return typeof v === 'string' && (PLANS as readonly string[]).includes(v);
}
