// Writing response bodies: JSON errors, the other error shapes real proxies produce, and the video
// answer streamed as base64 straight from disk (never one big string) with optional dribbling,
// slash escaping and faults (truncate, stall, drop) at a chosen byte.
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { VideoSource } from './mp4';
import type { Scenario } from './scenarios';

/** A piece of a body: literal text, or a byte range of a video written as base64. */
export type BodyPart = string | { b64: VideoSource; start?: number; end?: number };

export type Transfer = 'auto' | 'length' | 'chunked';
/**
 * How `b64_json` is written. Servers differ: `url_safe` uses the `-_` alphabet, `wrapped` breaks
 * lines every 76 characters (MIME style, `\r\n` escaped in the JSON), `data_url` prefixes
 * `data:video/mp4;base64,`.
 */
export type Base64Style = 'standard' | 'url_safe' | 'wrapped' | 'data_url';
const WRAP_AT = 76;
const WRAP = '\\r\\n';
export type Fault = { type: 'truncate' | 'stall' | 'drop'; afterBytes?: number; fraction: number; holdMs?: number };

export interface BodyPlan {
  status: number;
  headers: Record<string, string | number>;
  parts: BodyPart[];
  escapeSlashes?: boolean;
  base64?: Base64Style;
  transfer?: Transfer;
  chunkSize?: number;
  chunkDelayMs?: number;
  fault?: Fault;
}

/** `aborted`: the client went away or the emulator closed before the body was complete. */
export type Outcome = 'completed' | 'truncated' | 'stalled' | 'dropped' | 'aborted';

/** Resolves after `ms`, or early (false) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal?.aborted);
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

function partRange(part: Exclude<BodyPart, string>): [number, number] {
  return [part.start ?? 0, part.end ?? part.b64.size];
}

/** Body length before any slash escaping. */
export function plainLength(parts: readonly BodyPart[], style: Base64Style = 'standard'): number {
  let n = 0;
  for (const p of parts) {
    if (typeof p === 'string') n += Buffer.byteLength(p);
    else {
      const [s, e] = partRange(p);
      const chars = base64Length(Math.max(0, e - s));
      n += chars + (style === 'wrapped' && chars > 0 ? WRAP.length * Math.floor((chars - 1) / WRAP_AT) : 0);
    }
  }
  return n;
}

/** Rewrites base64 text of one part in the chosen style; `column` carries the line position. */
function styled(text: string, style: Base64Style, state: { column: number }): string {
  if (style === 'url_safe') return text.replaceAll('+', '-').replaceAll('/', '_');
  if (style !== 'wrapped') return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (state.column === WRAP_AT) {
      out += WRAP;
      state.column = 0;
    }
    const take = Math.min(WRAP_AT - state.column, text.length - i);
    out += text.slice(i, i + take);
    state.column += take;
    i += take;
  }
  return out;
}

const escape = (s: string): string => s.replaceAll('/', '\\/');

/** The body as a stream of buffers. Base64 is encoded per read chunk, carrying 0-2 bytes across. */
export async function* bodyChunks(
  parts: readonly BodyPart[],
  escapeSlashes = false,
  style: Base64Style = 'standard',
): AsyncGenerator<Buffer> {
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p) yield Buffer.from(escapeSlashes ? escape(p) : p, 'utf8');
      continue;
    }
    const [start, end] = partRange(p);
    const line = { column: 0 };
    let carry: Buffer = Buffer.alloc(0);
    for await (const chunk of p.b64.read(start, end)) {
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const whole = bytes.length - (bytes.length % 3);
      carry = Buffer.from(bytes.subarray(whole));
      if (whole === 0) continue;
      const text = styled(bytes.subarray(0, whole).toString('base64'), style, line);
      yield Buffer.from(escapeSlashes ? escape(text) : text, 'latin1');
    }
    if (carry.length) {
      const text = styled(carry.toString('base64'), style, line);
      yield Buffer.from(escapeSlashes ? escape(text) : text, 'latin1');
    }
  }
}

/** Exact length of the body as it will be sent (reads video ranges once when escaping). */
async function exactLength(parts: readonly BodyPart[], escapeSlashes: boolean, style: Base64Style): Promise<number> {
  if (!escapeSlashes) return plainLength(parts, style);
  let n = 0;
  for await (const c of bodyChunks(parts, true, style)) n += c.length;
  return n;
}

/** Re-slices a stream into pieces of exactly `size` bytes (the last may be shorter). */
async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingLen = 0;
  for await (const chunk of source) {
    let c = chunk;
    while (pendingLen + c.length >= size) {
      const take = size - pendingLen;
      pending.push(c.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      pendingLen = 0;
      c = c.subarray(take);
    }
    if (c.length) {
      pending.push(Buffer.from(c));
      pendingLen += c.length;
    }
  }
  if (pendingLen) yield Buffer.concat(pending);
}

/** Writes one chunk honouring backpressure; false when the response can no longer be written. */
export function writeChunk(res: ServerResponse, chunk: Buffer, signal: AbortSignal): Promise<boolean> {
  if (res.destroyed || signal.aborted) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => (): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      signal.removeEventListener('abort', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
    signal.addEventListener('abort', onClose, { once: true });
  });
}

/** Resolves once everything written so far has been handed to the kernel, so a drop or a stall
 * happens after those bytes are on the wire rather than discarding them. */
async function flushed(res: ServerResponse, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!res.destroyed && !signal.aborted && res.writableLength > 0 && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 5);
      res.socket?.once('drain', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  // One more turn so the last write's syscall has completed.
  await new Promise((resolve) => setImmediate(resolve));
}

/** Sends status, headers and body per plan. `signal` aborts when the client leaves or the emulator closes. */
export async function sendBody(res: ServerResponse, plan: BodyPlan, signal: AbortSignal): Promise<{ outcome: Outcome; bytes: number }> {
  const escapeSlashes = plan.escapeSlashes ?? false;
  const transfer = plan.transfer ?? 'auto';
  const fault = plan.fault;
  const chunked =
    transfer === 'chunked' || (transfer === 'auto' && (escapeSlashes || plan.chunkSize !== undefined || fault?.type === 'truncate'));

  let total: number | undefined;
  const style = plan.base64 ?? 'standard';
  if (!chunked || fault) total = await exactLength(plan.parts, escapeSlashes, style);
  const cut = fault && total !== undefined ? Math.min(total, fault.afterBytes ?? Math.floor(total * fault.fraction)) : undefined;

  const headers: Record<string, string | number> = { ...plan.headers };
  if (!chunked && total !== undefined) headers['content-length'] = fault?.type === 'truncate' && cut !== undefined ? cut : total;
  res.writeHead(plan.status, headers);
  // Headers go out now even if the first body byte is far away (stall at 0 bytes, slow dribble).
  res.flushHeaders();

  let stream: AsyncIterable<Buffer> = bodyChunks(plan.parts, escapeSlashes, style);
  if (plan.chunkSize !== undefined) stream = rechunk(stream, plan.chunkSize);

  let sent = 0;
  let first = true;
  for await (let chunk of stream) {
    if (!first && plan.chunkDelayMs) {
      if (!(await sleep(plan.chunkDelayMs, signal))) break;
    }
    first = false;
    if (cut !== undefined && sent + chunk.length > cut) chunk = chunk.subarray(0, cut - sent);
    if (chunk.length && !(await writeChunk(res, chunk, signal))) break;
    sent += chunk.length;
    if (cut !== undefined && sent >= cut) break;
  }

  if (signal.aborted || res.destroyed) {
    res.destroy();
    return { outcome: 'aborted', bytes: sent };
  }

  if (fault && cut !== undefined) {
    if (fault.type === 'truncate') {
      await new Promise<void>((resolve) => res.end(resolve));
      return { outcome: 'truncated', bytes: sent };
    }
    await flushed(res, signal);
    if (fault.type === 'drop') {
      res.socket?.destroy();
      res.destroy();
      return { outcome: 'dropped', bytes: sent };
    }
    // Stall: keep the socket open, send nothing, until the client leaves, the emulator closes, or holdMs.
    await new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        res.off('close', finish);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = fault.holdMs !== undefined ? setTimeout(finish, fault.holdMs) : undefined;
      res.once('close', finish);
      signal.addEventListener('abort', finish, { once: true });
    });
    if (!res.destroyed) {
      res.socket?.destroy();
      res.destroy();
    }
    return { outcome: 'stalled', bytes: sent };
  }

  await new Promise<void>((resolve) => res.end(resolve));
  return { outcome: 'completed', bytes: sent };
}

// ---- JSON and non-JSON answers -------------------------------------------------------------------

export interface SimpleAnswer {
  status: number;
  headers: Record<string, string | number>;
  body: string;
}

export function jsonAnswer(status: number, value: unknown, headers: Record<string, string | number> = {}): SimpleAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function apiError(
  status: number,
  type: string,
  message: string,
  opts: { param?: string | null; code?: string | null; headers?: Record<string, string | number> } = {},
): SimpleAnswer {
  return jsonAnswer(status, { error: { message, type, param: opts.param ?? null, code: opts.code ?? null } }, opts.headers);
}

export async function sendSimple(
  res: ServerResponse,
  answer: SimpleAnswer,
  signal: AbortSignal,
): Promise<{ outcome: Outcome; bytes: number }> {
  return sendBody(res, { status: answer.status, headers: answer.headers, parts: [answer.body] }, signal);
}

function retryAfterHeader(seconds: number | undefined, asDate: boolean): Record<string, string> {
  if (seconds === undefined) return {};
  return { 'retry-after': asDate ? new Date(Date.now() + seconds * 1000).toUTCString() : String(Math.ceil(seconds)) };
}

const NGINX_TITLES: Record<number, string> = {
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

/** Answers for every scenario that is not a video (the caller handles drop_before_headers). */
export function scenarioAnswer(s: Scenario, ctx: { model?: string }): SimpleAnswer | undefined {
  switch (s.kind) {
    case 'error':
    case 'invalid_request_error':
    case 'n_exceeds_model_limit':
    case 'invalid_api_key':
    case 'permission_denied_error':
    case 'rate_limited':
    case 'provider_error':
    case 'upstream_timeout':
    case 'error_in_200':
    case 'model_retired': {
      const d = (ERROR_DEFAULTS[s.kind] as (s: Scenario, ctx: { model?: string }) => ErrorDefaults)(s, ctx);
      const type = 'type' in s && s.type !== undefined ? s.type : d.type;
      const status = 'status' in s && s.status !== undefined ? s.status : d.status;
      return apiError(status, type, s.message ?? d.message, {
        param: s.param !== undefined ? s.param : (d.param ?? null),
        code: s.code !== undefined ? s.code : (d.code ?? null),
        headers: retryAfterHeader(s.retryAfter, s.retryAfterDate),
      });
    }
    case 'proxy_html': {
      const title = NGINX_TITLES[s.status] ?? `${s.status} ${STATUS_CODES[s.status] ?? ''}`;
      const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
      return {
        status: s.status,
        headers: { 'content-type': 'text/html', server: 'nginx', ...retryAfterHeader(s.retryAfter, false) },
        body,
      };
    }
    case 'plain_text_error':
      return {
        status: s.status,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: s.text ?? `${s.status} ${STATUS_CODES[s.status] ?? 'Error'}`,
      };
    case 'json_message_error':
      return jsonAnswer(s.status, { message: s.message ?? 'Upstream service error, please try again later.' });
    case 'json_detail_error':
      return jsonAnswer(s.status, { detail: s.detail ?? 'Internal server error while generating the video.' });
    case 'wrapped_error': {
      // Field order as the provider's web client shows it: type, code, message, param.
      const code = s.code ?? null;
      const message = s.message ?? (code ? WRAPPED_MESSAGES[code] : undefined) ?? `Emulated error (${s.type}).`;
      const error = { type: s.type, code, message, param: s.param ?? null };
      const headers = retryAfterHeader(s.retryAfter, s.retryAfterDate);
      return jsonAnswer(s.status, s.wrapper === 'detail' ? { detail: { error } } : { error }, headers);
    }
    default:
      return undefined;
  }
}

/** Messages for the undocumented codes the provider's own web client knows. */
const WRAPPED_MESSAGES: Record<string, string> = {
  provider_plan_restricted: 'Your current plan does not include this provider. Upgrade to Pro or Ultra to use it.',
  provider_prefix_missing_or_model_not_found: 'Model not found. Model ids need their provider prefix, e.g. provider-2/kling-v2.1.',
};

type ErrorKind =
  | 'error'
  | 'invalid_request_error'
  | 'n_exceeds_model_limit'
  | 'invalid_api_key'
  | 'permission_denied_error'
  | 'rate_limited'
  | 'provider_error'
  | 'upstream_timeout'
  | 'error_in_200'
  | 'model_retired';
type ErrorDefaults = { status: number; type: string; message: string; param?: string | null; code?: string | null };

const ERROR_DEFAULTS: { [K in ErrorKind]: (s: Extract<Scenario, { kind: K }>, ctx: { model?: string }) => ErrorDefaults } = {
  error: (s) => ({ status: s.status, type: s.type, message: `Emulated error (${s.type}).` }),
  invalid_request_error: () => ({
    status: 400,
    type: 'invalid_request_error',
    message: 'Invalid request: duration must be an integer between 1 and 8.',
    param: 'duration',
  }),
  n_exceeds_model_limit: (_s, ctx) => ({
    status: 400,
    type: 'n_exceeds_model_limit',
    message: `The requested duration or quality exceeds what the model ${ctx.model ?? ''} supports.`.replace('  ', ' '),
    param: 'duration',
  }),
  invalid_api_key: () => ({ status: 401, type: 'invalid_api_key', message: 'Invalid API key provided.', code: 'invalid_api_key' }),
  permission_denied_error: () => ({
    status: 403,
    type: 'permission_denied_error',
    message: 'The requested model is not available on your current subscription plan (Pro or Ultra required).',
  }),
  rate_limited: (s) => ({
    status: 429,
    type: 'rate_limit_exceeded',
    message: `You have exceeded your rate limit or daily quota. Please retry after ${s.retryAfter} seconds.`,
    code: 'rate_limit_exceeded',
  }),
  provider_error: () => ({
    status: 500,
    type: 'provider_error',
    message: 'The upstream video generation service failed to produce the video. Please try again.',
  }),
  upstream_timeout: () => ({
    status: 408,
    type: 'request_timeout',
    message: 'The upstream provider took too long to respond.',
    code: 'upstream_timeout',
  }),
  error_in_200: (s) => ({
    status: 200,
    type: s.type,
    message: 'Video generation failed after the request was accepted. Please try again.',
  }),
  model_retired: (s, ctx) => {
    const model = s.model ?? ctx.model ?? 'provider-2/sora-2';
    return { status: s.status, type: 'invalid_request_error', message: retiredMessage(model), param: 'model', code: 'model_not_found' };
  },
};

export function retiredMessage(model: string): string {
  return `The model \`${model}\` has been retired and is no longer available.`;
}

// ---- the success answer ----------------------------------------------------------------------------

export interface VideoItem {
  source: VideoSource;
  /** Set for a URL answer: `b64_json` is null and this link serves the file. */
  url?: string;
  revisedPrompt: string | null;
}

/**
 * `{"created":…,"data":[{"b64_json":"…","url":null,"revised_prompt":…},…]}` as parts, so the
 * base64 streams from disk. `garbage` (already a JSON-safe fragment) lands mid-string in each b64_json.
 */
export function videoBodyParts(
  items: readonly VideoItem[],
  opts: { created?: number; garbage?: string; dataUrl?: boolean } = {},
): BodyPart[] {
  const created = opts.created ?? Math.floor(Date.now() / 1000);
  const parts: BodyPart[] = [`{"created":${created},"data":[`];
  items.forEach((item, i) => {
    if (i > 0) parts.push(',');
    const tail = `,"revised_prompt":${JSON.stringify(item.revisedPrompt)}}`;
    if (item.url !== undefined) {
      parts.push(`{"b64_json":null,"url":${JSON.stringify(item.url)}${tail}`);
      return;
    }
    parts.push(opts.dataUrl ? '{"b64_json":"data:video/mp4;base64,' : '{"b64_json":"');
    if (opts.garbage !== undefined) {
      // Split on a 3-byte boundary so both halves encode without '=' padding in the middle.
      const mid = Math.floor(item.source.size / 2 / 3) * 3;
      parts.push({ b64: item.source, end: mid }, JSON.stringify(opts.garbage).slice(1, -1), { b64: item.source, start: mid });
    } else {
      parts.push({ b64: item.source });
    }
    parts.push(`","url":null${tail}`);
  });
  parts.push(']}');
  return parts;
}
