// Turns saved defaults (whatever a settings file holds) into a choice the given model accepts, so
// switching models in a picker never leaves the form in a state the API would reject.
import {
  DEFAULT_DURATION,
  DEFAULT_QUALITY,
  API_DEFAULT_RATIO,
  GENERAL_LIMITS,
  isQuality,
  isRatio,
  qualityShortSide,
  type Quality,
  type Ratio,
} from './capabilities';
import { BUILT_IN_CATALOG, capabilityFor, type Catalog } from './catalog';

export interface GenerationPreferences {
  quality?: unknown;
  duration?: unknown;
  ratio?: unknown;
}

export interface ModelChoice {
  quality: Quality;
  duration: number;
  ratio: Ratio;
}

export function clampToModel(prefs: GenerationPreferences, modelId: string, catalog: Catalog = BUILT_IN_CATALOG): ModelChoice {
  const model = capabilityFor(modelId, catalog);
  return {
    quality: nearestQuality(isQuality(prefs.quality) ? prefs.quality : DEFAULT_QUALITY, model.qualities),
    duration: clampDuration(prefs.duration, model.maxDuration),
    ratio: isRatio(prefs.ratio) ? prefs.ratio : API_DEFAULT_RATIO,
  };
}

/** The supported quality closest in size; on a tie the higher one (the docs recommend 1080p). */
function nearestQuality(wanted: Quality, supported: readonly Quality[]): Quality {
  if (supported.includes(wanted)) return wanted;
  const target = qualityShortSide(wanted);
  let best = supported[0] ?? DEFAULT_QUALITY;
  for (const q of supported) {
    const distance = Math.abs(qualityShortSide(q) - target);
    const bestDistance = Math.abs(qualityShortSide(best) - target);
    if (distance < bestDistance || (distance === bestDistance && qualityShortSide(q) > qualityShortSide(best))) best = q;
  }
  return best;
}

function clampDuration(value: unknown, max: number): number {
  const wanted = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : DEFAULT_DURATION;
  return Math.min(max, Math.max(GENERAL_LIMITS.minDuration, wanted));
}

/** What a form, a picker or a tool starts from: each field from the first layer that has it. */
export interface ChoiceLayer {
  prompt?: string;
  model?: string;
  quality?: unknown;
  duration?: unknown;
  ratio?: unknown;
}

export interface StartingChoice extends ModelChoice {
  prompt?: string;
  model: string;
}

/**
 * The one place defaults are computed (the wizard, the panel and the tool): each field comes from
 * the first layer that sets it (e.g. what was asked, the last choices, the settings), and the
 * result is brought within the chosen model's limits.
 */
export function startingChoice(
  layers: ReadonlyArray<ChoiceLayer | undefined>,
  fallbackModel: string,
  catalog: Catalog = BUILT_IN_CATALOG,
): StartingChoice {
  const first = <K extends keyof ChoiceLayer>(key: K): ChoiceLayer[K] => layers.find((l) => l?.[key] !== undefined)?.[key];
  const model = first('model') ?? fallbackModel;
  return {
    prompt: first('prompt'),
    model,
    ...clampToModel({ quality: first('quality'), duration: first('duration'), ratio: first('ratio') }, model, catalog),
  };
}
