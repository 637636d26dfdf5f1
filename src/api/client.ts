// The generation call: POST {baseUrl}/video/generations, streamed straight to disk.
//
// The answer is one JSON document whose `data[i].b64_json` strings hold the videos. We parse it as
// it arrives and decode each base64 string chunk by chunk into a temporary file beside its
// destination; files are moved into place only once the whole document is valid (saveAnswer.ts).
// This file holds the call itself: its options, and the retries of what cannot have been charged.
import { errorFromResponse, sendApiRequest, withConnection, type ApiAnswer, type ApiCallOptions } from './apiRequest';
import { CancelledError, NetworkError, RateLimitError, type VideoGenError } from './errors';
import { DEFAULT_TIMEOUT_MS } from './http';
import { saveAnswer, type GeneratedItem } from './saveAnswer';

export type { GeneratedItem } from './saveAnswer';

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

/** Base URL, key, signal, connection options (timeout 10 min by default), user agent: see ApiCallOptions. */
export interface GenerateVideoOptions extends ApiCallOptions {
  request: VideoRequestBody;
  /** Where item `index` of the answer should go; the final name may get a suffix, never overwrite. */
  destinationFor(index: number): string;
  /** Retries of requests that cannot have been charged (connection refused, 429). Default 2. */
  retries?: number;
  /** False: a 429 is reported at once (the caller waits, e.g. a queue for all its jobs). Default true. */
  retryRateLimits?: boolean;
  /** Longest Retry-After we wait for on our own; longer ones are reported to the caller. Default 60 s. */
  maxRetryAfterSeconds?: number;
  onProgress?(progress: GenerationProgress): void;
  /** Suggests a working model when the requested one is retired. */
  suggestModel?(model: string | undefined): string | undefined;
}

export interface GenerationResult {
  created: number;
  items: GeneratedItem[];
  /** Entries of `data` that held no usable video, said in a sentence each (the others were saved). */
  skipped: string[];
  requestId?: string;
  attempts: number;
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

/** Generates a video and saves every item of the answer. Throws a VideoGenError on any failure. */
export function generateVideo(options: GenerateVideoOptions): Promise<GenerationResult> {
  const retries = Math.max(0, options.retries ?? 2);
  const maxRetryAfter = options.retryRateLimits === false ? -1 : (options.maxRetryAfterSeconds ?? 60);
  return withConnection(options, DEFAULT_TIMEOUT_MS, async (conn) => {
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) throw new CancelledError();
      options.onProgress?.({ phase: attempt === 1 ? 'connecting' : 'waiting', attempt });
      let answer: ApiAnswer;
      try {
        answer = await sendApiRequest(conn, { method: 'POST', path: 'video/generations', json: options.request });
      } catch (err) {
        // Only a connection that never opened is safe to retry: the server cannot have charged. Not
        // when it would fail the same way: a proxy refusing the credentials (407) or the tunnel (403).
        // A refused certificate is a TlsError, never retried.
        if (err instanceof NetworkError && err.retryable && !err.mayHaveBeenBilled && attempt <= retries) {
          await sleep(backoffMs(attempt), options.signal);
          continue;
        }
        throw err;
      }
      if (answer.status !== 200) {
        const error = await errorFromResponse(conn, answer, { model: options.request.model, suggestModel: options.suggestModel });
        const wait = attempt <= retries ? rateLimitWait(error, attempt, maxRetryAfter) : undefined;
        if (wait === undefined) throw error;
        options.onProgress?.({ phase: 'waiting', attempt, retryInSeconds: wait });
        await sleep(wait * 1000, options.signal);
        continue;
      }
      const saved = await saveAnswer(conn, answer, options);
      return { ...saved, requestId: answer.requestId, attempts: attempt };
    }
  });
}

function backoffMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
}

/** Seconds to wait before retrying a 429 ourselves; undefined for any other error, or a wait too long. */
function rateLimitWait(error: VideoGenError, attempt: number, maxRetryAfter: number): number | undefined {
  if (!(error instanceof RateLimitError)) return undefined;
  const wait = error.retryAfterSeconds ?? backoffMs(attempt) / 1000;
  return wait <= maxRetryAfter ? wait : undefined;
}
