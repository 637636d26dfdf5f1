// Reads a `GET /models` answer (OpenAI style `{data: [{id, owned_by, ...}]}`) and merges it with
// the built-in table. Gateways add fields freely, so parsing keeps what it needs and ignores the
// rest; one bad entry is skipped rather than failing the whole listing.
import { z } from 'zod';
import { BUILT_IN_MODELS } from './capabilities';
import { unverifiedModel, type Catalog, type CatalogModel } from './catalog';

export interface ListedModel {
  id: string;
  ownedBy?: string;
  /** As sent, when the listing was asked for types (`?type`). */
  type?: string;
  created?: number;
  /** Raw pricing object (shape undocumented); kept only for cost estimates shown as estimates. */
  pricing?: unknown;
  /** `?features`: what the model does (`text-to-video`, `audio`, …), as sent; strings only. */
  features?: string[];
}

export interface ModelsListing {
  /** Video models, in listing order, without duplicates. */
  models: ListedModel[];
  /** Ids dropped because they are not video models (chat, image, ...). */
  ignoredIds: string[];
  /** Entries dropped because they have no usable id. */
  malformedCount: number;
}

export type ModelsListingResult = { ok: true; listing: ModelsListing } | { ok: false; error: string };

export const VIDEO_MODEL_TYPE = 'video/generation';

// Optional fields fall back to undefined when a gateway sends something odd (null, a number), so
// only a missing or empty id makes an entry unusable.
const entrySchema = z.looseObject({
  id: z.string().trim().min(1),
  owned_by: z.string().optional().catch(undefined),
  type: z.string().optional().catch(undefined),
  created: z.number().optional().catch(undefined),
  pricing: z.unknown().optional(),
  features: z.array(z.unknown()).optional().catch(undefined),
});

const listingSchema = z.union([z.looseObject({ data: z.array(z.unknown()) }), z.array(z.unknown())]);

/**
 * Families of video generators, matched as whole words in an id. Used only when the listing has no
 * `type` field: without it, a listing mixes chat and image models, and a picker must not offer
 * `gpt-4.1-mini` as a video model. A new video model whose name fits none of these stays hidden
 * until the listing is fetched with `?type` (which the contract documents), a safer failure than
 * offering chat models for a paid video call.
 */
const VIDEO_FAMILY =
  /(?:^|[^a-z])(?:video|kling|sora|veo|seedance|hailuo|wan|vidu|pixverse|runway|luma|pika|mochi|ltx|cogvideox?|hunyuan-?video|t2v|i2v)(?:[^a-z]|$)/i;

function looksLikeVideoModel(id: string, knownIds: ReadonlySet<string>): boolean {
  return knownIds.has(id) || VIDEO_FAMILY.test(id);
}

/** Parses a /models answer. Entries with a `type` keep only `video/generation`; see VIDEO_FAMILY for the rest. */
export function parseModelsListing(
  json: unknown,
  knownIds: ReadonlySet<string> = new Set(BUILT_IN_MODELS.map((m) => m.id)),
): ModelsListingResult {
  const root = listingSchema.safeParse(json);
  if (!root.success) {
    return { ok: false, error: `The models list is not in the expected shape ({"data": [...]}); got ${describe(json)}.` };
  }
  const entries = Array.isArray(root.data) ? root.data : root.data.data;
  const listing: ModelsListing = { models: [], ignoredIds: [], malformedCount: 0 };
  const seen = new Set<string>();
  for (const raw of entries) {
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      listing.malformedCount++;
      continue;
    }
    const entry = parsed.data;
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    const isVideo =
      entry.type !== undefined ? entry.type.trim().toLowerCase() === VIDEO_MODEL_TYPE : looksLikeVideoModel(entry.id, knownIds);
    if (!isVideo) {
      listing.ignoredIds.push(entry.id);
      continue;
    }
    const model: ListedModel = { id: entry.id };
    if (entry.owned_by !== undefined) model.ownedBy = entry.owned_by;
    if (entry.type !== undefined) model.type = entry.type;
    if (entry.created !== undefined) model.created = entry.created;
    if (entry.pricing !== undefined && entry.pricing !== null) model.pricing = entry.pricing;
    const features = featureList(entry.features);
    if (features) model.features = features;
    listing.models.push(model);
  }
  return { ok: true, listing };
}

/**
 * The catalog pickers use. Documented models keep their documented limits (a listing says what
 * exists, not what it accepts); with a listing, those it lacks become unavailable and the models
 * it adds join with the general limits, unverified. Without a listing, everything stays available:
 * not knowing is not a reason to hide a model.
 */
export function mergeCatalog(builtIn: Catalog, listing?: ModelsListing): Catalog {
  if (!listing) return { models: builtIn.models.map((m) => ({ ...m })), listingFetched: builtIn.listingFetched };
  const listed = new Map(listing.models.map((m) => [m.id, m]));
  const models: CatalogModel[] = builtIn.models.map((known) => {
    const entry = listed.get(known.id);
    const merged: CatalogModel = { ...known, available: entry !== undefined };
    delete merged.pricing;
    delete merged.features;
    if (entry?.pricing !== undefined) merged.pricing = entry.pricing;
    if (entry?.features !== undefined) merged.features = entry.features;
    return merged;
  });
  const knownIds = new Set(builtIn.models.map((m) => m.id));
  for (const entry of listing.models) {
    if (knownIds.has(entry.id)) continue;
    const model = unverifiedModel(entry.id, entry.ownedBy, entry.pricing);
    if (entry.features !== undefined) model.features = entry.features;
    models.push(model);
  }
  return { models, listingFetched: true };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 5);
    return keys.length ? `an object with ${keys.map((k) => `"${k}"`).join(', ')}` : 'an empty object';
  }
  return `a ${typeof value}`;
}

/** The strings of a `features` array (short, trimmed, no duplicates); undefined when there is none. */
function featureList(value: unknown[] | undefined): string[] | undefined {
  if (!value) return undefined;
  const names = value
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim().slice(0, 64))
    .filter(Boolean);
  return [...new Set(names)];
}
