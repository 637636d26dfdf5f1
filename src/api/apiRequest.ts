// One way to talk to the API, for every call (generation, model list, usage): the endpoint's URL,
// the standard headers with the bearer key, the timeouts, the request id, the body decoded when a
// server compressed it, bounded reading, and failures classified once: transport errors by
// transportError, error answers by errorFromAnswer.
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { request, type Dispatcher } from 'undici';
import { errorFromAnswer } from './errorMapping';
import { BadResponseError, type VideoGenError } from './errors';
import { createDispatcher, discardBody, prepareRoute, type ConnectionOptions } from './http';
import { parseRetryAfter } from './retryAfter';
import { transportError } from './transportErrors';

/** Who calls the API, and how to reach it: what every call takes. */
export interface ApiCallOptions {
  baseUrl: string;
  apiKey: string;
  signal?: AbortSignal;
  connection?: ConnectionOptions;
  userAgent?: string;
  /** For tests: replaces the HTTP connection settings. */
  dispatcher?: Dispatcher;
}

/** A call's connection, open for the length of the call. */
export interface ApiConnection {
  readonly call: ApiCallOptions;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
}

/** Query parameters; an undefined value is left out. */
export type Query = Record<string, string | undefined>;

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Below the base URL, without a leading slash: `video/generations`, `models`. */
  path: string;
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
}

export interface ApiAnswer {
  readonly status: number;
  readonly requestId?: string;
  /** The URL the request went to (a redirect's target is resolved against it). */
  readonly url: string;
  header(name: string): string | undefined;
  /** The body, decoded when a server or proxy compressed it; read it once. */
  readonly body: Readable;
  /** Closes the answer unread (any further). */
  discard(): void;
}

export const DEFAULT_USER_AGENT = 'video-gen-vscode';
/** More than any error page needs; a proxy's page beyond it says nothing more. */
const MAX_ERROR_BODY = 64 * 1024;

function endpointUrl(baseUrl: string, path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.append(name, value);
  const search = params.toString();
  return `${baseUrl.replace(/\/+$/, '')}/${path}${search ? `?${search}` : ''}`;
}

/** Runs `use` with a connection: the caller's dispatcher, or one made for this call and closed after it. */
export async function withConnection<T>(
  call: ApiCallOptions,
  defaultTimeoutMs: number,
  use: (conn: ApiConnection) => Promise<T>,
): Promise<T> {
  const timeoutMs = call.connection?.timeoutMs ?? defaultTimeoutMs;
  const dispatcher = call.dispatcher ?? createDispatcher({ ...call.connection, timeoutMs });
  try {
    return await use({ call, dispatcher, timeoutMs });
  } finally {
    if (!call.dispatcher) await dispatcher.close().catch(() => undefined);
  }
}

/** Sends one request; a failure before the answer's headers comes back classified. */
export async function sendApiRequest(conn: ApiConnection, req: ApiRequest): Promise<ApiAnswer> {
  const { call } = conn;
  const url = endpointUrl(call.baseUrl, req.path, req.query);
  let response: Dispatcher.ResponseData;
  try {
    await prepareRoute(conn.dispatcher, url);
    response = await request(url, {
      method: req.method,
      dispatcher: conn.dispatcher,
      signal: call.signal,
      headersTimeout: conn.timeoutMs,
      bodyTimeout: conn.timeoutMs,
      headers: {
        authorization: `Bearer ${call.apiKey}`,
        ...(req.json === undefined ? {} : { 'content-type': 'application/json' }),
        accept: 'application/json',
        'user-agent': call.userAgent ?? DEFAULT_USER_AGENT,
      },
      body: req.json === undefined ? undefined : JSON.stringify(req.json),
    });
  } catch (err) {
    throw transportError(err, { signal: call.signal, timeoutMs: conn.timeoutMs, stage: 'headers', apiKey: call.apiKey, url });
  }
  const header = (name: string): string | undefined => headerValue(response.headers, name);
  return {
    status: response.statusCode,
    requestId: header('x-request-id') ?? header('request-id'),
    url,
    header,
    body: decodedBody(response),
    discard: () => {
      discardBody(response.body);
    },
  };
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The body as sent, decompressed when a server or proxy compressed it although we did not ask
 * (we send no Accept-Encoding): gzip, deflate and br are undone as the bytes arrive.
 */
function decodedBody(response: Dispatcher.ResponseData): Readable {
  const encoding = (headerValue(response.headers, 'content-encoding') ?? '').trim().toLowerCase();
  const body = response.body as unknown as Readable;
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return body;
  body.on('error', (err) => decoder.destroy(err));
  decoder.on('close', () => discardBody(body));
  return body.pipe(decoder);
}

/** Reads at most `limit` bytes as text; `complete` is false when the body was longer (the rest is dropped). */
async function readBounded(body: Readable, limit: number): Promise<{ text: string; complete: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    parts.push(buf.subarray(0, Math.max(0, limit - size)));
    size += buf.length;
    if (size > limit) {
      discardBody(body);
      return { text: Buffer.concat(parts).toString('utf8'), complete: false };
    }
  }
  return { text: Buffer.concat(parts).toString('utf8'), complete: true };
}

/** What the model asked for, so an error can name it and suggest another. */
export interface ErrorContext {
  model?: string;
  suggestModel?: (model: string | undefined) => string | undefined;
}

/** Reads an error answer (what there is of it) into the typed error it means. */
export async function errorFromResponse(conn: ApiConnection, answer: ApiAnswer, ctx: ErrorContext = {}): Promise<VideoGenError> {
  let text = '';
  try {
    text = (await readBounded(answer.body, MAX_ERROR_BODY)).text;
  } catch {
    // The status says enough.
  }
  const location = answer.header('location');
  let resolved: string | undefined;
  try {
    resolved = location ? new URL(location, answer.url).toString() : undefined;
  } catch {
    resolved = location;
  }
  return errorFromAnswer({
    status: answer.status,
    contentType: answer.header('content-type'),
    bodyText: text,
    requestId: answer.requestId,
    location: resolved,
    retryAfterSeconds: parseRetryAfter(answer.header('retry-after')),
    model: ctx.model,
    apiKey: conn.call.apiKey,
    suggestModel: ctx.suggestModel,
  });
}

export interface GetJsonOptions {
  /** When the connection options name none. */
  defaultTimeoutMs: number;
  /** A bigger answer is refused rather than held. */
  maxBytes: number;
  /** What the answer is, for messages: "The model list". */
  what: string;
}

/** `GET {baseUrl}/{path}?{query}`: the parsed JSON of a 200, or the typed error of anything else. */
export function getJson(call: ApiCallOptions, path: string, query: Query, options: GetJsonOptions): Promise<unknown> {
  return withConnection(call, options.defaultTimeoutMs, async (conn) => {
    const answer = await sendApiRequest(conn, { method: 'GET', path, query });
    if (answer.status !== 200) throw await errorFromResponse(conn, answer);
    let read: { text: string; complete: boolean };
    try {
      read = await readBounded(answer.body, options.maxBytes);
    } catch (err) {
      throw transportError(err, { signal: call.signal, timeoutMs: conn.timeoutMs, stage: 'body', apiKey: call.apiKey });
    }
    if (!read.complete) throw new BadResponseError(`${options.what} is unreasonably large.`, { status: 200, requestId: answer.requestId });
    try {
      return JSON.parse(read.text) as unknown;
    } catch {
      throw new BadResponseError(`${options.what} is not JSON.`, { status: 200, requestId: answer.requestId });
    }
  });
}
