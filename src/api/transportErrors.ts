// How a failed connection reads to the user: cancelled, timed out waiting for headers or for the
// body, refused before anything was sent (safe to retry), or closed after the request went out
// (the call may have been billed). Shared by every call to the API.
import { CancelledError, NetworkError, TimeoutError, VideoGenError, formatSeconds } from './errors';
import { redactSecret } from './redact';

/** Connection failures that happen before the request could reach the server. */
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNABORTED',
]);

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export /** Classifies a failure of the transport; `sent` says whether the request may have reached the server. */
function transportError(
  err: unknown,
  ctx: { signal?: AbortSignal; timeoutMs: number; stage: 'headers' | 'body'; apiKey: string },
): VideoGenError {
  if (err instanceof VideoGenError) return err;
  if (ctx.signal?.aborted) return new CancelledError({ mayHaveBeenBilled: ctx.stage === 'body' });
  const code = errorCode(err);
  const detail = redactSecret(err instanceof Error ? err.message : String(err), ctx.apiKey);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new TimeoutError(`The API did not answer within ${formatSeconds(ctx.timeoutMs / 1000)}.`, {
      mayHaveBeenBilled: true,
      cause: err,
    });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new TimeoutError(`The video stopped arriving: nothing for ${formatSeconds(ctx.timeoutMs / 1000)}.`, {
      mayHaveBeenBilled: true,
      cause: err,
    });
  }
  // The proxy would not open a tunnel to the API (undici names its status): nothing reached the API.
  const tunnel = /Proxy response \((\d{3})\)/.exec(detail);
  if (tunnel) {
    const status = Number(tunnel[1]);
    return new NetworkError(
      status === 407
        ? 'The proxy asks for a user name and password (HTTP 407). Put them in the proxy address ("http.proxy": "http://user:password@host:port", or HTTPS_PROXY).'
        : `The proxy refused to connect to the API (HTTP ${status}).`,
      { mayHaveBeenBilled: false, cause: err },
    );
  }
  if (code && CONNECT_FAILURES.has(code)) {
    return new NetworkError(`Could not connect to the API (${code}).`, { mayHaveBeenBilled: false, cause: err });
  }
  if (ctx.stage === 'body') {
    return new NetworkError(`The connection closed while the video was arriving (${code ?? detail}).`, {
      mayHaveBeenBilled: true,
      cause: err,
    });
  }
  return new NetworkError(`The connection failed before an answer arrived (${code ?? detail}).`, { mayHaveBeenBilled: true, cause: err });
}
