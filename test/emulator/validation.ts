// Checks of a generation request, in the order a gateway would run them: API key, JSON, field
// types and ranges (invalid_request_error), model known / retired / on the plan, then the model's
// own limits (n_exceeds_model_limit).
import {
  DEFAULT_RATIO,
  MAX_DURATION,
  MIN_DURATION,
  QUALITIES,
  RATIOS,
  findVideoModel,
  isQuality,
  isRatio,
  type Quality,
  type Ratio,
  type VideoModel,
} from './models';
import { apiError, retiredMessage, type SimpleAnswer } from './responses';

export type AuthResult = 'valid' | 'invalid' | 'missing';

/** Classifies an Authorization header against the configured keys (scheme is case-insensitive). */
export function checkAuth(header: string | undefined, keys: readonly string[]): { result: AuthResult; key?: string } {
  if (!header || !header.trim()) return { result: 'missing' };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m || !m[1]) return { result: 'invalid' };
  return keys.includes(m[1]) ? { result: 'valid', key: m[1] } : { result: 'invalid' };
}

export function authError(result: Exclude<AuthResult, 'valid'>): SimpleAnswer {
  const message =
    result === 'missing'
      ? "You didn't provide an API key. Send it in the Authorization header as 'Bearer YOUR_API_KEY'."
      : 'Incorrect API key provided. Check your key and try again.';
  return apiError(401, 'invalid_api_key', message, { code: 'invalid_api_key' });
}

export interface GenerationRequest {
  model: string;
  prompt: string;
  quality: Quality;
  duration: number;
  ratio: Ratio;
}

export interface ValidationContext {
  /** Models the caller's plan may use. */
  allowedModels: ReadonlySet<string>;
  planName: string;
  retiredModels: ReadonlySet<string>;
  extraModels: readonly VideoModel[];
}

export type Validation = { ok: true; request: GenerationRequest; model: VideoModel } | { ok: false; answer: SimpleAnswer };

const invalid = (message: string, param: string | null, code: string): Validation => ({
  ok: false,
  answer: apiError(400, 'invalid_request_error', message, { param, code }),
});
const missing = (param: string): Validation => invalid(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v)));

export function validateGeneration(body: unknown, ctx: ValidationContext): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalid('The request body must be a JSON object.', null, 'invalid_body');
  }
  const b = body as Record<string, unknown>;

  if (b.model === undefined) return missing('model');
  if (typeof b.model !== 'string' || !b.model.trim())
    return invalid(`Invalid 'model': expected a non-empty string, got ${show(b.model)}.`, 'model', 'invalid_type');
  if (b.prompt === undefined) return missing('prompt');
  if (typeof b.prompt !== 'string' || !b.prompt.trim())
    return invalid(`Invalid 'prompt': expected a non-empty string, got ${show(b.prompt)}.`, 'prompt', 'invalid_type');
  if (b.quality === undefined) return missing('quality');
  if (!isQuality(b.quality))
    return invalid(`Invalid 'quality': ${show(b.quality)} is not one of ${QUALITIES.join(', ')}.`, 'quality', 'invalid_value');
  if (b.duration === undefined) return missing('duration');
  if (typeof b.duration !== 'number' || !Number.isInteger(b.duration)) {
    return invalid(`Invalid 'duration': must be an integer, got ${show(b.duration)}.`, 'duration', 'invalid_type');
  }
  if (b.duration < MIN_DURATION || b.duration > MAX_DURATION) {
    return invalid(
      `Invalid 'duration': must be between ${MIN_DURATION} and ${MAX_DURATION} seconds, got ${b.duration}.`,
      'duration',
      'invalid_value',
    );
  }
  if (b.ratio !== undefined && !isRatio(b.ratio)) {
    return invalid(`Invalid 'ratio': ${show(b.ratio)} is not one of ${RATIOS.join(', ')}.`, 'ratio', 'invalid_value');
  }
  const request: GenerationRequest = {
    model: b.model,
    prompt: b.prompt,
    quality: b.quality,
    duration: b.duration,
    ratio: (b.ratio as Ratio | undefined) ?? DEFAULT_RATIO,
  };

  if (ctx.retiredModels.has(request.model)) {
    return {
      ok: false,
      answer: apiError(404, 'invalid_request_error', retiredMessage(request.model), { param: 'model', code: 'model_not_found' }),
    };
  }
  const model = findVideoModel(request.model, ctx.extraModels);
  if (!model) {
    return {
      ok: false,
      answer: apiError(404, 'invalid_request_error', `The model \`${request.model}\` does not exist or you do not have access to it.`, {
        param: 'model',
        code: 'model_not_found',
      }),
    };
  }
  if (!ctx.allowedModels.has(model.id)) {
    return {
      ok: false,
      answer: apiError(
        403,
        'permission_denied_error',
        `The model \`${model.id}\` is not available on your current subscription plan (${ctx.planName}). Pro or Ultra required.`,
        { param: 'model' },
      ),
    };
  }
  if (!model.qualities.includes(request.quality)) {
    return {
      ok: false,
      answer: apiError(
        400,
        'n_exceeds_model_limit',
        `The model ${model.id} does not support quality ${request.quality} (supported: ${model.qualities.join(', ')}).`,
        { param: 'quality' },
      ),
    };
  }
  if (request.duration > model.maxDuration) {
    return {
      ok: false,
      answer: apiError(
        400,
        'n_exceeds_model_limit',
        `Duration ${request.duration}s exceeds the maximum of ${model.maxDuration}s for model ${model.id}.`,
        { param: 'duration' },
      ),
    };
  }
  return { ok: true, request, model };
}
