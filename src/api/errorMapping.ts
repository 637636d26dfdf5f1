// Turns a non-success answer (or a 200 that carries an error) into a typed error. Servers and the
// proxies in front of them answer in many shapes: the documented OpenAI-style body, the same inside
// `{"detail": ...}` (what the provider's own web client reads), `{message}`, `{detail}`, plain text,
// an HTML error page. Known codes win over the status; the message quotes the server's own words
// as read out of the shape, not the JSON around them.
import { z } from 'zod';
import {
  BadResponseError,
  InvalidApiKeyError,
  InvalidRequestError,
  ModelLimitError,
  ModelUnavailableError,
  PermissionDeniedError,
  ProviderError,
  RateLimitError,
  UpstreamTimeoutError,
  type VideoGenError,
  type VideoGenErrorDetails,
} from './errors';
import { redactSecret } from './redact';

/** The OpenAI-style error object; `param` and any other field are not needed, so not checked. */
const errorObject = z.object({
  message: z.string().optional(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});
const errorField = z.union([errorObject, z.string()]);

const errorBody = z.union([
  z.object({ error: errorField }),
  // The wrapper the provider's own web client reads (a FastAPI-style `detail` around the error).
  z.object({ detail: z.object({ error: errorField }) }),
  z.object({ message: z.string() }),
  z.object({ detail: z.union([z.string(), z.array(z.unknown())]) }),
]);

/** One entry of a FastAPI validation error list: `{loc: [...], msg: "..."}`. */
const validationIssue = z.object({ loc: z.array(z.union([z.string(), z.number()])).optional(), msg: z.string() });

export interface ErrorAnswer {
  status: number;
  contentType?: string;
  bodyText: string;
  requestId?: string;
  retryAfterSeconds?: number;
  model?: string;
  apiKey?: string;
  /** Where a redirect points (the `Location` header), resolved against the request's URL. */
  location?: string;
  /** A model to suggest when the requested one is retired. */
  suggestModel?: (model: string | undefined) => string | undefined;
}

interface ReadError {
  message?: string;
  type?: string;
  code?: string;
}

const MAX_SERVER_MESSAGE = 500;

function readErrorBody(text: string): ReadError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = errorBody.safeParse(json);
  if (!parsed.success) return undefined;
  const body = parsed.data;
  if ('error' in body) return readErrorField(body.error);
  if ('message' in body) return { message: body.message };
  if (typeof body.detail === 'string') return { message: body.detail };
  if (Array.isArray(body.detail)) return { message: readValidationIssues(body.detail) };
  return readErrorField(body.detail.error);
}

function readErrorField(error: z.infer<typeof errorField>): ReadError {
  if (typeof error === 'string') return { message: error };
  return {
    message: error.message,
    type: error.type ?? undefined,
    code: error.code === null || error.code === undefined ? undefined : String(error.code),
  };
}

/** A FastAPI validation list reads as "body.duration: bad; ..."; any other list as it came. */
function readValidationIssues(detail: unknown[]): string {
  const issues = detail.map((item) => validationIssue.safeParse(item));
  if (issues.length === 0 || !issues.every((i) => i.success)) return JSON.stringify(detail);
  return issues.map((i) => (i.data!.loc?.length ? `${i.data!.loc.join('.')}: ${i.data!.msg}` : i.data!.msg)).join('; ');
}

function clean(text: string | undefined, apiKey: string | undefined): string | undefined {
  if (!text) return undefined;
  const oneLine = redactSecret(text, apiKey).replace(/\s+/g, ' ').trim();
  if (!oneLine) return undefined;
  return oneLine.length > MAX_SERVER_MESSAGE ? `${oneLine.slice(0, MAX_SERVER_MESSAGE)}…` : oneLine;
}

function looksLikeHtml(answer: ErrorAnswer): boolean {
  return /html/i.test(answer.contentType ?? '') || /^\s*<(!doctype|html|head|body)/i.test(answer.bodyText);
}

const RETIRED = /retired|no longer (available|supported|served)|deprecated|model[_ ]not[_ ]found|does not exist|unknown model|not found/i;

/** Turns an answer that is not a success into the error it means. */
export function errorFromAnswer(answer: ErrorAnswer): VideoGenError {
  const read = looksLikeHtml(answer) ? undefined : readErrorBody(answer.bodyText);
  const details: VideoGenErrorDetails = {
    status: answer.status,
    requestId: answer.requestId,
    retryAfterSeconds: answer.retryAfterSeconds,
    model: answer.model,
    serverMessage: clean(read?.message, answer.apiKey),
  };
  return (
    errorFromCodes(read, answer, details) ??
    (read ? errorFromStatusAndBody(answer.status, details) : errorFromStatus(answer.status, details)) ??
    unreadableAnswer(answer, details)
  );
}

/** The codes in the body (documented, and those the provider's web client knows) win over the status. */
function errorFromCodes(read: ReadError | undefined, answer: ErrorAnswer, details: VideoGenErrorDetails): VideoGenError | undefined {
  const codes = [read?.type, read?.code].filter((c): c is string => !!c);
  const has = (code: string): boolean => codes.includes(code);
  if (has('n_exceeds_model_limit')) return new ModelLimitError(details);
  if (has('invalid_api_key')) return new InvalidApiKeyError(details);
  if (has('permission_denied_error') || has('permission_denied') || has('provider_plan_restricted'))
    return new PermissionDeniedError(details);
  if (has('rate_limit_exceeded')) return new RateLimitError(details);
  if (has('provider_error')) return new ProviderError(details);
  // A retired or unknown model: gateways answer 404, or 400 naming the model. An id without its
  // `provider-N/` prefix is answered like an unknown one: the same remedy, another model id.
  const mentionsModel = !!answer.model && (read?.message ?? '').includes(answer.model);
  const retired = (answer.status === 404 || answer.status === 400) && mentionsModel && RETIRED.test(read?.message ?? '');
  if (has('model_not_found') || has('provider_prefix_missing_or_model_not_found') || retired) {
    return new ModelUnavailableError({ ...details, suggestedModel: answer.suggestModel?.(answer.model) });
  }
  if (has('invalid_request_error')) return new InvalidRequestError(details);
  return undefined;
}

/** A body we could read, without a code we know: the status says what it is. */
function errorFromStatusAndBody(status: number, details: VideoGenErrorDetails): VideoGenError | undefined {
  switch (status) {
    // An error inside a 200: the provider accepted the job, then failed (its docs warn of this).
    case 200:
      return new ProviderError(details);
    case 400:
    case 422:
      return new InvalidRequestError(details);
    case 404:
      return new BadResponseError(`The API address was not found (HTTP 404).`, details);
    case 500:
      return new ProviderError(details);
    default:
      return errorFromStatus(status, details);
  }
}

/** No body we understand: go by the status alone for the documented ones. */
function errorFromStatus(status: number, details: VideoGenErrorDetails): VideoGenError | undefined {
  switch (status) {
    case 401:
      return new InvalidApiKeyError(details);
    case 403:
      return new PermissionDeniedError(details);
    case 408:
      return new UpstreamTimeoutError({ ...details, mayHaveBeenBilled: true });
    case 429:
      return new RateLimitError(details);
    default:
      return undefined;
  }
}

/** A redirect, an HTML page or an unknown status: say what came, in words. */
function unreadableAnswer(answer: ErrorAnswer, details: VideoGenErrorDetails): VideoGenError {
  // A redirect is not followed (the key would go along): say where the API went instead.
  if (answer.status >= 300 && answer.status < 400 && answer.location) {
    const where = clean(answer.location, answer.apiKey) ?? '';
    const base = /^https?:\/\//i.test(where) ? where.replace(/\/video\/generations\/?(\?.*)?$/, '') : undefined;
    return new BadResponseError(
      `The API address redirects (HTTP ${answer.status}) to ${where}; the request was not sent there.${base && base !== where ? ` If that is the API's new address, set "videoGen.baseUrl" to ${base}.` : ''}`,
      details,
    );
  }
  if (looksLikeHtml(answer)) {
    const title = /<title>([^<]{1,200})<\/title>/i.exec(answer.bodyText)?.[1];
    return new BadResponseError(
      `The server, or a proxy in front of it, answered with an HTML page instead of the API's JSON${title ? ` ("${clean(title, answer.apiKey)}")` : ''}.`,
      { ...details, mayHaveBeenBilled: answer.status >= 500 },
    );
  }
  const text = clean(answer.bodyText.slice(0, 2000), answer.apiKey);
  return new BadResponseError(`The server answered with an unexpected status ${answer.status}.`, {
    ...details,
    serverMessage: details.serverMessage ?? text,
    mayHaveBeenBilled: answer.status >= 500,
  });
}
