// What the form may offer, computed from the models the extension sent and what the user (or a
// prefill) wants: only combinations the model supports, the previous choice kept when still valid.
// Pure, so it is unit-tested in Node and shared by nothing that touches the DOM.
// Imported file by file: the catalog's index also brings request validation and its zod schemas.
import { RATIOS, type Quality, type Ratio } from '../catalog/capabilities';
import { durationsFor, pickerModels, qualitiesFor, type Catalog } from '../catalog/catalog';
import { clampToModel } from '../catalog/clampToModel';
import { frameSizeFor, type FrameSize } from '../catalog/frameSize';
import type { FormPrefill, FormValues, ModelOption } from '../shared/protocol';

export interface FormOptions {
  /** Models to offer, lighter first. */
  models: ModelOption[];
  qualities: readonly Quality[];
  durations: number[];
  ratios: readonly Ratio[];
  /** A combination the chosen model accepts. */
  values: FormValues;
  model: ModelOption;
  /** The frame size the request should produce. */
  frame: FrameSize;
  /** A model that was asked for but is not offered (retired, or not on the plan). */
  replacedModel?: string;
  /** What the request would cost by the API's price list; absent when it gave no price. */
  estimate?: { amount: number; currency: string };
}

/** The model's price for `duration` seconds, from the table the extension read from the price list. */
export function estimateFor(model: ModelOption, duration: number): { amount: number; currency: string } | undefined {
  const amount = model.cost?.amounts[duration - 1];
  return model.cost && amount !== undefined ? { amount, currency: model.cost.currency } : undefined;
}

export function catalogOf(models: readonly ModelOption[]): Catalog {
  return { models, listingFetched: false };
}

/**
 * The form for `wanted` (loose values: a prefill, a saved page state, a user change), falling back
 * to `fallback` for anything missing. A model that is not offered is replaced by the fallback's
 * model, or the first one offered.
 */
export function computeForm(models: readonly ModelOption[], wanted: FormPrefill, fallback: FormValues): FormOptions {
  const catalog = catalogOf(models);
  // pickerModels decides which and in what order; map its answer back to our own records.
  let offered = pickerModels(catalog).flatMap((picked) => models.filter((m) => m.id === picked.id).slice(0, 1));
  if (offered.length === 0) offered = [...models];
  const byId = (id: string | undefined): ModelOption | undefined => offered.find((m) => m.id === id);

  const asked = wanted.model ?? fallback.model;
  let model = byId(asked);
  let replacedModel: string | undefined;
  if (!model) {
    replacedModel = asked;
    model = byId(fallback.model) ?? offered[0];
  }
  if (!model) throw new Error('no model to offer');

  const choice = clampToModel(
    {
      quality: wanted.quality ?? fallback.quality,
      duration: wanted.duration ?? fallback.duration,
      ratio: wanted.ratio ?? fallback.ratio,
    },
    model.id,
    catalog,
  );
  const values: FormValues = { prompt: wanted.prompt ?? fallback.prompt, model: model.id, ...choice };
  return {
    models: offered,
    qualities: qualitiesFor(model.id, catalog),
    durations: durationsFor(model.id, catalog),
    ratios: RATIOS,
    values,
    model,
    frame: frameSizeFor(values.quality, values.ratio),
    replacedModel,
    estimate: estimateFor(model, values.duration),
  };
}
