// The catalog the extension works from: the built-in table, optionally merged with the models a
// key can use (see parseModelsListing.ts). Lookups never fail: a model nobody documented gets the
// general limits and is marked unverified, as the contract asks.
import {
  ADVICE_INFO,
  ADVICE_LEVELS,
  BUILT_IN_MODELS,
  GENERAL_LIMITS,
  type Advice,
  type ModelCapability,
  type Quality,
} from './capabilities';

export interface CatalogModel {
  id: string;
  label: string;
  provider: string;
  maxDuration: number;
  qualities: readonly Quality[];
  /** The provider's advice; null for models the table does not document. */
  advice: Advice | null;
  premium: boolean;
  /** False when the limits are the general ones rather than documented ones. */
  verified: boolean;
  /** False when a fetched /models listing did not include it (retired, or not on the plan). */
  available: boolean;
  /** The listing's pricing object as received (shape undocumented); absent when none was sent. */
  pricing?: unknown;
  /** The listing's `features` (`?features`), when it sent them: e.g. `audio` for clips with sound. */
  features?: readonly string[];
}

export interface Catalog {
  models: readonly CatalogModel[];
  /** True when availability comes from a fetched /models listing rather than assumed. */
  listingFetched: boolean;
}

export function fromCapability(capability: ModelCapability): CatalogModel {
  return { ...capability, available: true };
}

/** A model only known by id: general limits, unverified. */
export function unverifiedModel(id: string, provider?: string, pricing?: unknown): CatalogModel {
  const model: CatalogModel = {
    id,
    label: id,
    provider: provider ?? 'unknown',
    maxDuration: GENERAL_LIMITS.maxDuration,
    qualities: GENERAL_LIMITS.qualities,
    advice: null,
    premium: false,
    verified: false,
    available: true,
  };
  if (pricing !== undefined) model.pricing = pricing;
  return model;
}

export const BUILT_IN_CATALOG: Catalog = Object.freeze({
  models: Object.freeze(BUILT_IN_MODELS.map(fromCapability)),
  listingFetched: false,
});

export function findModel(modelId: string, catalog: Catalog = BUILT_IN_CATALOG): CatalogModel | undefined {
  return catalog.models.find((m) => m.id === modelId);
}

/** The model's entry, or an unverified one with the general limits when the catalog lacks it. */
export function capabilityFor(modelId: string, catalog: Catalog = BUILT_IN_CATALOG): CatalogModel {
  return findModel(modelId, catalog) ?? unverifiedModel(modelId);
}

export function qualitiesFor(modelId: string, catalog: Catalog = BUILT_IN_CATALOG): readonly Quality[] {
  return capabilityFor(modelId, catalog).qualities;
}

/** Every duration the model accepts, 1..max, for a picker. */
export function durationsFor(modelId: string, catalog: Catalog = BUILT_IN_CATALOG): number[] {
  const max = capabilityFor(modelId, catalog).maxDuration;
  return Array.from({ length: max - GENERAL_LIMITS.minDuration + 1 }, (_, i) => GENERAL_LIMITS.minDuration + i);
}

export function isPremium(modelId: string, catalog: Catalog = BUILT_IN_CATALOG): boolean {
  return capabilityFor(modelId, catalog).premium;
}

/** Picker wording of a model's advice; unknown models say their limits are a guess. */
export function adviceLabel(model: CatalogModel): string {
  return model.advice ? ADVICE_INFO[model.advice].label : 'Unverified (limits not documented)';
}

// Unknown models go after premium ones: their cost and limits are unknown, so nobody should land
// on one by accident.
function pickerRank(model: CatalogModel): number {
  return model.advice ? ADVICE_LEVELS.indexOf(model.advice) : ADVICE_LEVELS.length;
}

/** Models a picker should offer: available ones, lighter first, table order within a level. */
export function pickerModels(catalog: Catalog): CatalogModel[] {
  return catalog.models
    .map((model, index) => ({ model, index }))
    .filter(({ model }) => model.available)
    .sort((a, b) => pickerRank(a.model) - pickerRank(b.model) || a.index - b.index)
    .map(({ model }) => model);
}

/**
 * A model to propose instead of one that failed or retired: the first available documented model
 * with the same advice, else the lightest available documented one.
 */
export function suggestReplacement(modelId: string, catalog: Catalog): CatalogModel | undefined {
  const wanted = findModel(modelId, catalog)?.advice ?? 'daily';
  const candidates = pickerModels(catalog).filter((m) => m.id !== modelId && m.verified);
  return candidates.find((m) => m.advice === wanted) ?? candidates[0];
}
