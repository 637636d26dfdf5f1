// The draft preset of a storyboard's Draft action: the provider asks for lighter models, lower
// qualities and short clips while iterating. Settings may name each part; what they leave empty
// comes from the catalog: the lightest model (not premium; the cheapest when the price list gives
// prices, else the provider's lightest advice with the lowest quality), its lowest quality, and a
// short duration.
// Plain Node: the settings and the estimate come in as arguments.
import {
  ADVICE_LEVELS,
  GENERAL_LIMITS,
  clampToModel,
  capabilityFor,
  qualityShortSide,
  type Catalog,
  type CatalogModel,
  type Quality,
} from '../catalog';

/** The shortest duration that still shows motion: shorter clips say little about a shot. */
export const DRAFT_DURATION_SECONDS = 2;

export interface DraftSettings {
  /** Empty: the lightest model. */
  model: string;
  /** Empty: the model's lowest quality. */
  quality: string;
  /** 0: DRAFT_DURATION_SECONDS. */
  duration: number;
}

export interface DraftChoice {
  model: string;
  quality: Quality;
  duration: number;
}

/** A cost for `seconds` of a model, when its price is known (never invented). */
export type PriceOf = (model: CatalogModel, seconds: number) => number | undefined;

function lowestQuality(model: CatalogModel): Quality | undefined {
  return [...model.qualities].sort((a, b) => qualityShortSide(a) - qualityShortSide(b))[0];
}

function adviceRank(model: CatalogModel): number {
  return model.advice ? ADVICE_LEVELS.indexOf(model.advice) : ADVICE_LEVELS.length;
}

/**
 * The lightest model of the catalog: available, documented and not premium (any available one
 * when there is no such model); among them the cheapest for a draft's seconds when every
 * candidate has a price, else the lightest advice (daily use first), then the lowest quality, then
 * catalog order.
 */
export function lightestModel(catalog: Catalog, priceOf: PriceOf = () => undefined): CatalogModel | undefined {
  const available = catalog.models.filter((m) => m.available);
  const light = available.filter((m) => m.verified && !m.premium);
  const candidates = light.length ? light : available;
  const prices = new Map(candidates.map((m) => [m, priceOf(m, DRAFT_DURATION_SECONDS)]));
  const allPriced = candidates.every((m) => prices.get(m) !== undefined);
  const qualityOf = (m: CatalogModel): number => {
    const q = lowestQuality(m);
    return q ? qualityShortSide(q) : Number.MAX_SAFE_INTEGER;
  };
  return candidates
    .map((model, index) => ({ model, index }))
    .sort(
      (a, b) =>
        (allPriced ? prices.get(a.model)! - prices.get(b.model)! : 0) ||
        adviceRank(a.model) - adviceRank(b.model) ||
        qualityOf(a.model) - qualityOf(b.model) ||
        a.index - b.index,
    )[0]?.model;
}

/** The draft's model, quality and duration: each from the settings when set, else the lightest. */
export function draftChoice(settings: DraftSettings, catalog: Catalog, priceOf?: PriceOf): DraftChoice {
  const modelId = settings.model.trim() || lightestModel(catalog, priceOf)?.id || catalog.models[0]?.id || 'provider-2/kling-v2.1';
  const model = capabilityFor(modelId, catalog);
  const wantedQuality = settings.quality || lowestQuality(model);
  const wantedDuration = settings.duration > 0 ? settings.duration : DRAFT_DURATION_SECONDS;
  const clamped = clampToModel(
    { quality: wantedQuality, duration: Math.max(GENERAL_LIMITS.minDuration, wantedDuration) },
    modelId,
    catalog,
  );
  return { model: modelId, quality: clamped.quality, duration: clamped.duration };
}
