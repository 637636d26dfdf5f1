// The generation call: POST {baseUrl}/video/generations, streamed straight to disk.
//
// The answer is one JSON document whose `data[i].b64_json` strings hold the videos. We parse it as
// it arrives and decode each base64 string chunk by chunk into a temporary file beside its
// destination; files are moved into place only once the whole document is valid. Lose nothing the
// user paid for, keep nothing broken, never hold the video in memory.
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { request, type Dispatcher } from 'undici';
import { Base64StreamDecoder, InvalidBase64Error } from './base64Decoder';
import { errorFromAnswer } from './errorMapping';
import { createTurnTaker } from './eventLoop';
import {
  BadResponseError,
  CancelledError,
  RateLimitError,
  SaveFailedError,
  VideoGenError,
} from './errors';
import { DEFAULT_TIMEOUT_MS, createDispatcher, discardBody, type ConnectionOptions } from './http';
import { transportError } from './transportErrors';
import { errorIn200, generationAnswer } from './responseSchema';
import { parseRetryAfter } from './retryAfter';
import { JsonSyntaxError, StreamingJsonParser, type JsonPath } from './streamingJson';
import { VideoFileWriter, type SavedFile } from '../output/videoFileWriter';

export interface VideoRequestBody {
  model: string;
  prompt: string;
  quality: string;
  duration: number;
  ratio?: string;
}

export type GenerationPhase = 'connecting' | 'waiting' | 'receiving' | 'downloading' | 'saving';

export interface GenerationProgress {
  phase: GenerationPhase;
  /** Response bytes received so far. */
  receivedBytes?: number;
  /** Response size when the server announced it. */
  totalBytes?: number;
  attempt?: number;
  retryInSeconds?: number;
}

export interface GenerateVideoOptions {
  baseUrl: string;
  apiKey: string;
  request: VideoRequestBody;
  /** Where item `index` of the answer should go; the final name may get a suffix, never overwrite. */
  destinationFor(index: number): string;
  signal?: AbortSignal;
  timeoutMs?: number;
  proxyUrl?: string;
  strictSSL?: boolean;
  ignoreEnvProxy?: boolean;
  /** Retries of requests that cannot have been charged (connection refused, 429). Default 2. */
  retries?: number;
  /** Longest Retry-After we wait for on our own; longer ones are reported to the caller. Default 60 s. */
  maxRetryAfterSeconds?: number;
  userAgent?: string;
  onProgress?(progress: GenerationProgress): void;
  /** Suggests a working model when the requested one is retired. */
  suggestModel?(model: string | undefined): string | undefined;
  /** For tests: replaces the HTTP connection settings. */
  dispatcher?: Dispatcher;
}

export interface GeneratedItem extends SavedFile {
  index: number;
  revisedPrompt: string | null;
  source: 'b64_json' | 'url';
}

export interface GenerationResult {
  created: number;
  items: GeneratedItem[];
  /** Entries of `data` that held no usable video, said in a sentence each (the others were saved). */
  skipped: string[];
  requestId?: string;
  attempts: number;
}

const MAX_ERROR_BODY = 64 * 1024;
const MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024;
const MAX_REDIRECTS = 5;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The body as sent, decompressed when a server or proxy compressed it although we did not ask
 * (we send no Accept-Encoding): gzip, deflate and br are undone as the bytes arrive.
 */
function decodedBody(response: Dispatcher.ResponseData): Readable {
  const encoding = (header(response.headers, 'content-encoding') ?? '').trim().toLowerCase();
  const body = response.body as unknown as Readable;
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return body;
  body.on('error', (err) => decoder.destroy(err));
  decoder.on('close', () => discardBody(body));
  return body.pipe(decoder);
}

async function readBounded(body: Readable, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    parts.push(buf.subarray(0, Math.max(0, limit - size)));
    size += buf.length;
    if (size >= limit) {
      discardBody(body);
      break;
    }
  }
  return Buffer.concat(parts).toString('utf8');
}

function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path}`;
}

/** Generates a video and saves every item of the answer. Throws a VideoGenError on any failure. */
export async function generateVideo(options: GenerateVideoOptions): Promise<GenerationResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = Math.max(0, options.retries ?? 2);
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 60;
  const connection: ConnectionOptions = { timeoutMs, proxyUrl: options.proxyUrl, strictSSL: options.strictSSL, ignoreEnvProxy: options.ignoreEnvProxy };
  const dispatcher = options.dispatcher ?? createDispatcher(connection);
  const url = endpoint(options.baseUrl, 'video/generations');
  const body = JSON.stringify(options.request);
  try {
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) throw new CancelledError();
      options.onProgress?.({ phase: attempt === 1 ? 'connecting' : 'waiting', attempt });
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: 'POST',
          dispatcher,
          signal: options.signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
            'user-agent': options.userAgent ?? 'video-gen-vscode',
          },
          body,
        });
      } catch (err) {
        const error = transportError(err, { signal: options.signal, timeoutMs, stage: 'headers', apiKey: options.apiKey });
        // Only a connection that never opened is safe to retry: the server cannot have charged.
        if (error.code === 'network_error' && !error.mayHaveBeenBilled && attempt <= retries) {
          await sleep(backoffMs(attempt), options.signal);
          continue;
        }
        throw error;
      }
      const requestId = header(response.headers, 'x-request-id') ?? header(response.headers, 'request-id');
      if (response.statusCode !== 200) {
        const error = await answerError(response, options, requestId);
        if (error instanceof RateLimitError && attempt <= retries) {
          const wait = error.retryAfterSeconds ?? backoffMs(attempt) / 1000;
          if (wait <= maxRetryAfter) {
            options.onProgress?.({ phase: 'waiting', attempt, retryInSeconds: wait });
            await sleep(wait * 1000, options.signal);
            continue;
          }
        }
        throw error;
      }
      const result = await saveAnswer(response, options, { timeoutMs, dispatcher, requestId });
      return { ...result, requestId, attempts: attempt };
    }
  } finally {
    if (!options.dispatcher) await dispatcher.close().catch(() => undefined);
  }
}

function backoffMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
}

async function answerError(response: Dispatcher.ResponseData, options: GenerateVideoOptions, requestId: string | undefined): Promise<VideoGenError> {
  let text = '';
  try {
    text = await readBounded(decodedBody(response), MAX_ERROR_BODY);
  } catch {
    // The status says enough.
  }
  const location = header(response.headers, 'location');
  let resolved: string | undefined;
  try {
    resolved = location ? new URL(location, endpoint(options.baseUrl, 'video/generations')).toString() : undefined;
  } catch {
    resolved = location;
  }
  return errorFromAnswer({
    status: response.statusCode,
    contentType: header(response.headers, 'content-type'),
    bodyText: text,
    requestId,
    location: resolved,
    retryAfterSeconds: parseRetryAfter(response.headers['retry-after']),
    model: options.request.model,
    apiKey: options.apiKey,
    suggestModel: options.suggestModel,
  });
}

interface ItemSink {
  index: number;
  writer?: VideoFileWriter;
  decoder: Base64StreamDecoder;
  done: boolean;
}

async function saveAnswer(
  response: Dispatcher.ResponseData,
  options: GenerateVideoOptions,
  ctx: { timeoutMs: number; dispatcher: Dispatcher; requestId?: string },
): Promise<{ created: number; items: GeneratedItem[]; skipped: string[] }> {
  const contentType = header(response.headers, 'content-type') ?? '';
  if (/html/i.test(contentType)) {
    const text = await readBounded(decodedBody(response), MAX_ERROR_BODY).catch(() => '');
    throw errorFromAnswer({ status: 200, contentType, bodyText: text, requestId: ctx.requestId, apiKey: options.apiKey });
  }
  const total = Number(header(response.headers, 'content-length')) || undefined;
  const sinks: ItemSink[] = [];
  const writers: VideoFileWriter[] = [];
  const isVideoString = (path: JsonPath): boolean => path.length === 3 && path[0] === 'data' && typeof path[1] === 'number' && path[2] === 'b64_json';
  const parser = new StreamingJsonParser({
    sinkFor: (path) => {
      if (!isVideoString(path)) return undefined;
      const item: ItemSink = { index: path[1] as number, decoder: new Base64StreamDecoder(), done: false };
      sinks.push(item);
      const ensureWriter = async (): Promise<VideoFileWriter> => {
        if (!item.writer) {
          item.writer = await VideoFileWriter.open(options.destinationFor(item.index));
          writers.push(item.writer);
        }
        return item.writer;
      };
      return {
        write: async (text) => {
          const bytes = item.decoder.push(text);
          if (bytes.length) await (await ensureWriter()).write(bytes);
        },
        end: async () => {
          const bytes = item.decoder.finish();
          await (await ensureWriter()).write(bytes);
          item.done = true;
        },
      };
    },
  });
  let received = 0;
  let lastReport = 0;
  const body = decodedBody(response);
  const takeTurn = createTurnTaker();
  try {
    try {
      for await (const chunk of body) {
        const buf = chunk as Buffer;
        received += buf.length;
        await parser.write(buf);
        // Buffered chunks are handed over without waiting on I/O: take turns with the event loop
        // (and with other downloads) so the extension host never freezes.
        await takeTurn();
        if (received - lastReport >= 256 * 1024) {
          lastReport = received;
          options.onProgress?.({ phase: 'receiving', receivedBytes: received, totalBytes: total });
        }
      }
    } catch (err) {
      // The whole answer had arrived when the connection failed or junk followed it (a proxy that
      // drops the connection instead of ending the chunked body): the paid video is complete.
      if (!parser.complete || options.signal?.aborted) throw bodyError(err, options, ctx);
      discardBody(body);
    }
    let document: unknown;
    try {
      document = await parser.end();
    } catch (err) {
      throw bodyError(err, options, ctx);
    }
    if (errorIn200.safeParse(document).success) {
      throw errorFromAnswer({ status: 200, contentType, bodyText: JSON.stringify(document), requestId: ctx.requestId, model: options.request.model, apiKey: options.apiKey, suggestModel: options.suggestModel });
    }
    const parsed = generationAnswer.safeParse(document);
    if (!parsed.success) {
      throw new BadResponseError('The API answered 200 but not in the documented shape.', { status: 200, requestId: ctx.requestId, mayHaveBeenBilled: true });
    }
    const answer = parsed.data;
    if (answer.data.every((item) => item === null)) {
      throw new BadResponseError('The API answered without any video (empty "data").', { status: 200, requestId: ctx.requestId, mayHaveBeenBilled: true });
    }
    options.onProgress?.({ phase: 'saving', receivedBytes: received, totalBytes: total });
    const items: GeneratedItem[] = [];
    const prepared: Array<{ index: number; writer: VideoFileWriter; source: 'b64_json' | 'url'; revisedPrompt: string | null }> = [];
    // An entry without a usable video costs only itself: the others are saved, and it is noted.
    const unusable: string[] = [];
    let firstFailure: VideoGenError | undefined;
    for (const [index, item] of answer.data.entries()) {
      if (item === null) {
        unusable.push(`Video ${index + 1} in the answer is null.`);
        continue;
      }
      const revisedPrompt = item.revised_prompt ?? null;
      if (item.b64_json) {
        const sink = sinks.find((s) => s.index === index);
        if (!sink?.writer || !sink.done || sink.writer.bytes === 0) {
          unusable.push(`Video ${index + 1} in the answer is empty.`);
          continue;
        }
        prepared.push({ index, writer: sink.writer, source: 'b64_json', revisedPrompt });
      } else if (item.url) {
        options.onProgress?.({ phase: 'downloading' });
        const writer = await VideoFileWriter.open(options.destinationFor(index));
        writers.push(writer);
        try {
          await downloadInto(item.url, writer, options, ctx);
          prepared.push({ index, writer, source: 'url', revisedPrompt });
        } catch (err) {
          if (err instanceof CancelledError || options.signal?.aborted || !(err instanceof VideoGenError)) throw err;
          unusable.push(`Video ${index + 1} could not be downloaded: ${err.message}`);
          firstFailure ??= err;
        }
      } else {
        unusable.push(`Video ${index + 1} in the answer has neither data nor a URL.`);
      }
    }
    if (prepared.length === 0) throw firstFailure ?? new BadResponseError(unusable[0]!, { status: 200, requestId: ctx.requestId, mayHaveBeenBilled: true });
    // A cancel that came while the answer was checked is still honoured: nothing is placed.
    if (options.signal?.aborted) throw new CancelledError();
    // Everything is valid: move each file into place. Files already placed stay (they are good
    // videos the user paid for) even if a later one fails.
    for (const p of prepared) {
      const saved = await p.writer.commit();
      items.push({ ...saved, index: p.index, revisedPrompt: p.revisedPrompt, source: p.source });
    }
    return { created: answer.created, items, skipped: unusable };
  } catch (err) {
    discardBody(body);
    discardBody(response.body);
    throw err instanceof VideoGenError ? err : bodyError(err, options, ctx);
  } finally {
    await Promise.all(writers.map((w) => w.discard()));
  }
}

const FILE_ERRORS = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ENAMETOOLONG', 'EDQUOT', 'EMFILE', 'EIO', 'EEXIST']);

function bodyError(err: unknown, options: GenerateVideoOptions, ctx: { timeoutMs: number; requestId?: string }): VideoGenError {
  if (err instanceof VideoGenError) return err;
  const fileCode = (err as NodeJS.ErrnoException | undefined)?.syscall ? (err as NodeJS.ErrnoException).code : undefined;
  if (fileCode && FILE_ERRORS.has(fileCode)) {
    return new SaveFailedError(`The video arrived but could not be written to disk (${fileCode}).`, { requestId: ctx.requestId, mayHaveBeenBilled: true, cause: err });
  }
  const details = { status: 200, requestId: ctx.requestId, mayHaveBeenBilled: true, cause: err };
  if (err instanceof InvalidBase64Error) return new BadResponseError(`The video data in the answer is not valid base64 (${err.message}).`, details);
  if (err instanceof JsonSyntaxError) {
    return new BadResponseError(`The answer is not complete JSON (${err.message}); it may have been cut off.`, details);
  }
  const e = transportError(err, { signal: options.signal, timeoutMs: ctx.timeoutMs, stage: 'body', apiKey: options.apiKey });
  return e;
}

/** Downloads a `url` answer. The API key is never sent: the file may live on another origin. */
async function downloadInto(
  url: string,
  writer: VideoFileWriter,
  options: GenerateVideoOptions,
  ctx: { timeoutMs: number; dispatcher: Dispatcher; requestId?: string },
): Promise<void> {
  if (/^data:/i.test(url)) {
    // The video inline as a data URL: nothing to download (and nothing to send the key to).
    const decoder = new Base64StreamDecoder();
    try {
      await writer.write(decoder.push(url));
      await writer.write(decoder.finish());
    } catch (err) {
      if (err instanceof InvalidBase64Error) throw new BadResponseError(`The video's data URL is broken: ${err.message}.`, { status: 200, requestId: ctx.requestId, mayHaveBeenBilled: true });
      throw err;
    }
    if (writer.bytes === 0) throw new BadResponseError('The video downloaded from its URL is empty.', { mayHaveBeenBilled: true });
    return;
  }
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(current);
    } catch {
      throw new BadResponseError('The API answered with a video URL that is not valid.', { status: 200, requestId: ctx.requestId, mayHaveBeenBilled: true });
    }
    if (parsedUrl.protocol !== 'https:' && parsedUrl.protocol !== 'http:') {
      throw new BadResponseError(`The API answered with a ${parsedUrl.protocol} video URL; only http(s) is downloaded.`, { status: 200, requestId: ctx.requestId, mayHaveBeenBilled: true });
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await request(parsedUrl, {
        method: 'GET',
        dispatcher: ctx.dispatcher,
        signal: options.signal,
        headersTimeout: ctx.timeoutMs,
        bodyTimeout: ctx.timeoutMs,
        headers: { 'user-agent': options.userAgent ?? 'video-gen-vscode', accept: 'video/*,*/*' },
      });
    } catch (err) {
      throw transportError(err, { signal: options.signal, timeoutMs: ctx.timeoutMs, stage: 'body', apiKey: options.apiKey });
    }
    if (response.statusCode >= 300 && response.statusCode < 400 && response.headers.location) {
      discardBody(response.body);
      current = new URL(header(response.headers, 'location')!, parsedUrl).toString();
      continue;
    }
    if (response.statusCode !== 200) {
      discardBody(response.body);
      throw new BadResponseError(`Downloading the video from its URL failed with HTTP ${response.statusCode}.`, {
        status: response.statusCode,
        requestId: ctx.requestId,
        mayHaveBeenBilled: true,
      });
    }
    try {
      for await (const chunk of response.body) {
        await writer.write(chunk as Buffer);
        if (writer.bytes > MAX_DOWNLOAD_BYTES) throw new BadResponseError('The video download is larger than 4 GB; stopped.', { mayHaveBeenBilled: true });
      }
    } catch (err) {
      discardBody(response.body);
      throw err instanceof VideoGenError ? err : transportError(err, { signal: options.signal, timeoutMs: ctx.timeoutMs, stage: 'body', apiKey: options.apiKey });
    }
    if (writer.bytes === 0) throw new BadResponseError('The video downloaded from its URL is empty.', { mayHaveBeenBilled: true });
    return;
  }
  throw new BadResponseError('Downloading the video was redirected too many times.', { mayHaveBeenBilled: true });
}
