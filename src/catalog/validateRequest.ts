// The one check a generation request goes through before any paid call. It mirrors the API's
// documented rules and codes, so a request it accepts fails upstream only for reasons it cannot
// know (plan, quota, a retired model), and a request it rejects says what to change.
import { z } from 'zod';
import { API_DEFAULT_RATIO, GENERAL_LIMITS, MAX_PROMPT_LENGTH, QUALITIES, RATIOS, type Quality, type Ratio } from './capabilities';
import { BUILT_IN_CATALOG, capabilityFor, suggestReplacement, type Catalog, type CatalogModel } from './catalog';

export interface GenerationRequest {
  model: string;
  prompt: string;
  quality: Quality;
  duration: number;
  ratio: Ratio;
}

export type RequestField = 'request' | 'model' | 'prompt' | 'quality' | 'duration' | 'ratio';
/** The API's own codes: a request we reject is one the API would reject the same way. */
export type RequestIssueCode = 'invalid_request_error' | 'n_exceeds_model_limit';

export interface RequestIssue {
  field: RequestField;
  code: RequestIssueCode;
  message: string;
}

export type RequestValidation =
  | {
      ok: true;
      /** Normalized: model and prompt trimmed, ratio defaulted. */
      request: GenerationRequest;
      /** The limits it was checked against (general ones for a model the catalog lacks). */
      model: CatalogModel;
      /** False when the limits were assumed rather than documented. */
      verified: boolean;
      /** Things worth telling the user that do not block the request. */
      warnings: string[];
    }
  | { ok: false; issues: RequestIssue[] };

const { minDuration, maxDuration } = GENERAL_LIMITS;
const EXAMPLE_MODEL = 'provider-2/kling-v2.1';

/** Characters as people count them (code points), not UTF-16 units. */
export function promptLength(prompt: string): number {
  return [...prompt].length;
}

// The schema decides validity only; messages are written per field below, with the model in mind.
const requestSchema = z.object({
  model: z.string().trim().min(1),
  prompt: z
    .string()
    .trim()
    .min(1)
    .refine((p) => promptLength(p) <= MAX_PROMPT_LENGTH),
  quality: z.enum(QUALITIES),
  duration: z.number().int().min(minDuration).max(maxDuration),
  ratio: z.enum(RATIOS).optional(),
});

const FIELD_ORDER: readonly RequestField[] = ['model', 'prompt', 'quality', 'duration', 'ratio'];

export function validateGenerationRequest(input: unknown, catalog: Catalog = BUILT_IN_CATALOG): RequestValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      issues: [invalid('request', `The request must be an object with model, prompt, quality and duration; got ${show(input)}.`)],
    };
  }
  const raw = input as Record<string, unknown>;
  const parsed = requestSchema.safeParse(raw);
  const failed = new Set<RequestField>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && (FIELD_ORDER as readonly string[]).includes(field)) failed.add(field as RequestField);
    }
  }

  const modelId = typeof raw.model === 'string' && raw.model.trim() ? raw.model.trim() : undefined;
  const model = modelId === undefined ? undefined : capabilityFor(modelId, catalog);
  const issues: RequestIssue[] = [];
  for (const field of FIELD_ORDER) {
    if (failed.has(field)) issues.push(describeInvalid(field, raw[field], model));
  }
  if (model) {
    if (!failed.has('quality') && !model.qualities.includes(raw.quality as Quality)) {
      issues.push(exceeds('quality', `${model.id} supports ${listQualities(model.qualities)}; you asked for ${String(raw.quality)}.`));
    }
    if (!failed.has('duration') && (raw.duration as number) > model.maxDuration) {
      issues.push(exceeds('duration', `${model.id} supports at most ${model.maxDuration} seconds; you asked for ${String(raw.duration)}.`));
    }
  }
  if (!parsed.success || !model || issues.length) {
    // Every schema issue maps to a field above; this only guards against a future schema change.
    if (!issues.length)
      issues.push(invalid('request', `The request is not valid: ${parsed.error?.issues[0]?.message ?? 'unknown problem'}.`));
    return { ok: false, issues: sortIssues(issues) };
  }

  const request: GenerationRequest = { ...parsed.data, model: model.id, ratio: parsed.data.ratio ?? API_DEFAULT_RATIO };
  return { ok: true, request, model, verified: model.verified, warnings: warningsFor(model, catalog) };
}

function warningsFor(model: CatalogModel, catalog: Catalog): string[] {
  const warnings: string[] = [];
  if (!model.verified) {
    warnings.push(
      `${model.id} is not in the documented model table: the general limits (${minDuration} to ${maxDuration} seconds, ` +
        `${GENERAL_LIMITS.qualities.join(', ')}) are assumed, and the API may still refuse the request.`,
    );
  }
  if (catalog.listingFetched && !model.available) {
    const instead = suggestReplacement(model.id, catalog);
    warnings.push(
      `${model.id} was not in the list of models your key can use: it may be retired or not on your plan.` +
        (instead ? ` ${instead.id} is available.` : ''),
    );
  }
  return warnings;
}

function describeInvalid(field: RequestField, value: unknown, model: CatalogModel | undefined): RequestIssue {
  const forModel = model ? ` (${model.id}: ${model.verified ? '' : 'assumed '}` : '';
  switch (field) {
    case 'model':
      return value === undefined
        ? invalid(field, `model is required: a model id such as "${EXAMPLE_MODEL}".`)
        : invalid(field, `model must be a non-empty model id such as "${EXAMPLE_MODEL}"; got ${show(value)}.`);
    case 'prompt': {
      if (value === undefined) return invalid(field, 'prompt is required: describe the video to generate.');
      if (typeof value !== 'string') return invalid(field, `prompt must be text; got ${show(value)}.`);
      const length = promptLength(value.trim());
      if (length === 0) return invalid(field, 'prompt is empty: describe the video to generate.');
      return invalid(
        field,
        `prompt is ${length} characters long; at most ${MAX_PROMPT_LENGTH} are allowed (a limit of this extension, to catch accidental pastes).`,
      );
    }
    case 'quality': {
      const allowed = model ? `${forModel}${listQualities(model.qualities)})` : '';
      return value === undefined
        ? invalid(field, `quality is required: one of ${QUALITIES.join(', ')}${allowed}.`)
        : invalid(field, `quality must be one of ${QUALITIES.join(', ')}${allowed}; got ${show(value)}.`);
    }
    case 'duration': {
      const allowed = model ? `${forModel}at most ${model.maxDuration})` : '';
      const range = `${minDuration} to ${maxDuration}`;
      if (value === undefined) return invalid(field, `duration is required: whole seconds from ${range}${allowed}.`);
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return invalid(field, `duration must be a number of seconds from ${range}${allowed}; got ${show(value)}.`);
      }
      if (!Number.isInteger(value))
        return invalid(field, `duration must be a whole number of seconds from ${range}${allowed}; got ${value}.`);
      return invalid(field, `duration must be between ${minDuration} and ${maxDuration} seconds${allowed}; you asked for ${value}.`);
    }
    case 'ratio':
      return invalid(field, `ratio must be one of ${RATIOS.join(', ')} (or left out for ${API_DEFAULT_RATIO}); got ${show(value)}.`);
    case 'request':
      return invalid(field, `The request is not valid; got ${show(value)}.`);
  }
}

function listQualities(qualities: readonly Quality[]): string {
  if (qualities.length === 1) return `only ${qualities[0]}`;
  return `${qualities.slice(0, -1).join(', ')} or ${qualities[qualities.length - 1]}`;
}

function sortIssues(issues: RequestIssue[]): RequestIssue[] {
  return issues.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
}

function invalid(field: RequestField, message: string): RequestIssue {
  return { field, code: 'invalid_request_error', message };
}

function exceeds(field: RequestField, message: string): RequestIssue {
  return { field, code: 'n_exceeds_model_limit', message };
}

/** A value as it should appear in a message: strings quoted, other types named. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
