// Scenarios: the ways a test can make the emulator (mis)behave, as one zod-validated discriminated
// union on `kind`. The same shape is accepted by `emulator.enqueue()`, by the admin endpoint and,
// written as key=value pairs, by a `[[emulator:<kind> ...]]` directive inside a prompt.
import { z } from 'zod';

const ms = z.number().int().min(0).max(3_600_000);
const fraction = z.number().gt(0).lt(1);

/** Fields every scenario may carry. */
const common = {
  /** Queue only: how many matching requests this entry answers (default 1). */
  times: z.number().int().min(1).max(10_000).optional(),
  /** Which endpoint consumes it from the queue; the prompt directive always targets generations. */
  endpoint: z.enum(['generations', 'models', 'usage']).default('generations'),
  /** Wait this long before sending status and headers (the "generation time"). */
  delayMs: ms.default(0),
  /** Generations only: whether `GET /v1/usage` counts this generation as billed (a successful
   * request and its cost). Omitted: billed when a video is produced and its answer starts (every
   * video scenario but `empty_data`), not billed for the others (errors, `drop_before_headers`).
   * See usage.ts. */
  billed: z.boolean().optional(),
};

/** Options of every scenario that answers with a video (or a broken one). */
const video = {
  ...common,
  /** Add an AAC (sine) audio track. */
  audio: z.boolean().default(false),
  /** `revised_prompt` value; omitted = echo the prompt (minus any directive). */
  revisedPrompt: z.string().nullable().optional(),
  /** Write every `/` as `\/` in the JSON (PHP-style encoders do this). Forces chunked transfer. */
  escapeSlashes: z.boolean().default(false),
  /** How `b64_json` is written: the standard alphabet, URL-safe (`-_`), wrapped every 76
   * characters with `\r\n` (MIME style), or prefixed `data:video/mp4;base64,`. */
  base64: z.enum(['standard', 'url_safe', 'wrapped', 'data_url']).default('standard'),
  /** Number of entries in `data`; each is a distinct (but equally valid) MP4. */
  items: z.number().int().min(1).max(10).default(1),
  /** Dribble the body in pieces of this many bytes (forces chunked transfer). */
  chunkSize: z
    .number()
    .int()
    .min(1)
    .max(16 * 1024 * 1024)
    .optional(),
  /** Pause between dribbled pieces. */
  chunkDelayMs: ms.default(0),
  /** `auto`: Content-Length when the length is known up front, chunked otherwise. */
  transfer: z.enum(['auto', 'length', 'chunked']).default('auto'),
  /** Pad each MP4 with a trailing `free` box up to this many MiB (still a valid, playable file). */
  sizeMB: z.number().gt(0).max(2048).optional(),
};

/** Where a body fault strikes: an exact byte count or a fraction of the whole body. */
const cut = {
  afterBytes: z.number().int().min(0).optional(),
  fraction: fraction.default(0.5),
};

const errorFields = {
  ...common,
  message: z.string().optional(),
  code: z.string().nullable().optional(),
  param: z.string().nullable().optional(),
  /** Seconds, sent as `Retry-After`. */
  retryAfter: z.number().min(0).optional(),
  /** Send `Retry-After` as an HTTP date instead of seconds. */
  retryAfterDate: z.boolean().default(false),
};

const errorStatus = z.number().int().min(200).max(599);
const proxyStatus = z.union([z.literal(502), z.literal(503), z.literal(504)]);

export const scenarioSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('success'), ...video }),
    z.strictObject({ kind: z.literal('slow_headers'), ...video, delayMs: ms.default(3000) }),
    z.strictObject({ kind: z.literal('large'), ...video, sizeMB: z.number().gt(0).max(2048).default(20) }),
    z.strictObject({
      kind: z.literal('url_answer'),
      ...video,
      /** The download link stops working (403) this long after the answer. */
      expiresMs: ms.optional(),
    }),
    z.strictObject({
      kind: z.literal('invalid_base64'),
      ...video,
      /** Inserted in the middle of `b64_json`; must hold a character outside the base64 alphabet. */
      garbage: z
        .string()
        .min(1)
        .max(100)
        .regex(/[^A-Za-z0-9+/=]/, 'must contain a non-base64 character')
        .default('!!!'),
    }),
    z.strictObject({ kind: z.literal('truncated_json'), ...video, ...cut }),
    z.strictObject({
      kind: z.literal('stall_body'),
      ...video,
      ...cut,
      /** Destroy the socket after this long; omitted = hold until the client or `close()` ends it. */
      holdMs: ms.optional(),
    }),
    z.strictObject({ kind: z.literal('drop_mid_body'), ...video, ...cut }),
    z.strictObject({ kind: z.literal('drop_before_headers'), ...common }),
    z.strictObject({ kind: z.literal('empty_data'), ...common }),

    z.strictObject({ kind: z.literal('error'), ...errorFields, status: errorStatus, type: z.string().min(1) }),
    z.strictObject({ kind: z.literal('invalid_request_error'), ...errorFields }),
    z.strictObject({ kind: z.literal('n_exceeds_model_limit'), ...errorFields }),
    z.strictObject({ kind: z.literal('invalid_api_key'), ...errorFields }),
    z.strictObject({ kind: z.literal('permission_denied_error'), ...errorFields }),
    z.strictObject({ kind: z.literal('rate_limited'), ...errorFields, retryAfter: z.number().min(0).default(2) }),
    z.strictObject({ kind: z.literal('provider_error'), ...errorFields }),
    z.strictObject({ kind: z.literal('upstream_timeout'), ...errorFields }),
    z.strictObject({ kind: z.literal('error_in_200'), ...errorFields, type: z.string().min(1).default('provider_error') }),
    z.strictObject({
      kind: z.literal('model_retired'),
      ...errorFields,
      status: z.union([z.literal(404), z.literal(400)]).default(404),
      /** Model named in the message; omitted = the requested one. */
      model: z.string().optional(),
    }),

    z.strictObject({
      kind: z.literal('proxy_html'),
      ...common,
      status: proxyStatus.default(502),
      retryAfter: z.number().min(0).optional(),
    }),
    z.strictObject({ kind: z.literal('plain_text_error'), ...common, status: errorStatus.default(500), text: z.string().optional() }),
    z.strictObject({ kind: z.literal('json_message_error'), ...common, status: errorStatus.default(500), message: z.string().optional() }),
    z.strictObject({ kind: z.literal('json_detail_error'), ...common, status: errorStatus.default(500), detail: z.unknown().optional() }),
    z.strictObject({
      kind: z.literal('wrapped_error'),
      ...errorFields,
      status: errorStatus.default(400),
      type: z.string().min(1).default('invalid_request_error'),
      /** `detail`: `{"detail": {"error": {...}}}`, the wrapper the provider's own web client reads;
       * `none`: the same error object as `{"error": {...}}`. */
      wrapper: z.enum(['detail', 'none']).default('detail'),
    }),
  ])
  .superRefine((s, ctx) => {
    if (s.endpoint !== 'generations' && !MODELS_ENDPOINT_KINDS.has(s.kind)) {
      ctx.addIssue({ code: 'custom', path: ['endpoint'], message: `scenario "${s.kind}" only applies to generations` });
    }
    if (s.endpoint !== 'generations' && s.billed !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['billed'], message: '"billed" only applies to generations' });
    }
  });

/** What callers write (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** What the server works with (defaults filled in). */
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioKind = Scenario['kind'];
export type ScenarioOf<K extends ScenarioKind> = Extract<Scenario, { kind: K }>;

/** Scenarios that answer with a video body (possibly broken) and therefore run the normal key and
 * body validation first. Every other kind answers as told, whatever the request holds. */
export const VIDEO_KINDS: ReadonlySet<ScenarioKind> = new Set<VideoKind>([
  'success',
  'slow_headers',
  'large',
  'url_answer',
  'invalid_base64',
  'truncated_json',
  'stall_body',
  'drop_mid_body',
  'empty_data',
]);

/** Kinds that make sense on `GET /v1/models` and `GET /v1/usage` (a video-specific fault there would mean nothing). */
const MODELS_ENDPOINT_KINDS = new Set<ScenarioKind>([
  'success',
  'slow_headers',
  'truncated_json',
  'stall_body',
  'drop_mid_body',
  'drop_before_headers',
  'error',
  'invalid_request_error',
  'invalid_api_key',
  'permission_denied_error',
  'rate_limited',
  'provider_error',
  'upstream_timeout',
  'error_in_200',
  'proxy_html',
  'plain_text_error',
  'json_message_error',
  'json_detail_error',
  'wrapped_error',
]);

export type VideoKind =
  'success' | 'slow_headers' | 'large' | 'url_answer' | 'invalid_base64' | 'truncated_json' | 'stall_body' | 'drop_mid_body' | 'empty_data';
export type VideoScenario = Extract<Scenario, { kind: VideoKind }>;
/** Video scenarios that actually carry clips (all but empty_data). */
export type ClipScenario = Exclude<VideoScenario, { kind: 'empty_data' }>;

export function isVideoScenario(s: Scenario): s is VideoScenario {
  return VIDEO_KINDS.has(s.kind);
}

export class ScenarioError extends Error {}

/** Validates one scenario; throws ScenarioError with readable issues. */
export function parseScenario(input: unknown): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) throw new ScenarioError(z.prettifyError(result.error));
  return result.data;
}

// `[[emulator:kind key=value key="quoted value"]]`. Kind names are snake_case identifiers.
const DIRECTIVE = /\[\[emulator:([A-Za-z0-9_]+)([^\]]*)\]\]/;
const ARG = /([A-Za-z][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|[^\s"]+)/y;

export type DirectiveResult =
  | { found: false }
  | { found: true; text: string; scenario: Scenario; promptWithout: string }
  | { found: true; text: string; error: string };

/**
 * Finds the first directive in a prompt. Values are read as JSON where they parse (numbers,
 * booleans, null, "quoted strings"), else as bare strings. `promptWithout` is the prompt minus that
 * one directive (trimmed), used as the default `revised_prompt`; nothing else is removed.
 */
export function parseDirective(prompt: string): DirectiveResult {
  const match = DIRECTIVE.exec(prompt);
  if (!match) return { found: false };
  const text = match[0];
  const kind = match[1] ?? '';
  const argText = match[2] ?? '';
  const fields: Record<string, unknown> = { kind };
  let pos = 0;
  while (pos < argText.length) {
    const ws = /\s*/y;
    ws.lastIndex = pos;
    ws.exec(argText);
    pos = ws.lastIndex;
    if (pos >= argText.length) break;
    ARG.lastIndex = pos;
    const arg = ARG.exec(argText);
    if (!arg) return { found: true, text, error: `cannot read directive arguments at "${argText.slice(pos)}"` };
    pos = ARG.lastIndex;
    const key = arg[1] ?? '';
    if (key === 'kind') return { found: true, text, error: 'the kind is given after "emulator:", not as an argument' };
    fields[key] = readValue(arg[2] ?? '');
  }
  const parsed = scenarioSchema.safeParse(fields);
  if (!parsed.success) return { found: true, text, error: z.prettifyError(parsed.error) };
  if (parsed.data.endpoint !== 'generations') return { found: true, text, error: 'a prompt directive always targets generations' };
  const before = prompt.slice(0, match.index).trimEnd();
  const after = prompt.slice(match.index + text.length).trimStart();
  const promptWithout = before && after ? `${before} ${after}` : before + after;
  return { found: true, text, scenario: parsed.data, promptWithout };
}

function readValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
