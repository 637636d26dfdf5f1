// GET {baseUrl}/models: the models a key can use, OpenAI style. `?type` adds each model's type
// (video models are `video/generation`); `?pricing` adds a pricing object. The body is returned as
// parsed JSON for the catalog to validate and merge.
import { request, type Dispatcher } from 'undici';
import { errorFromAnswer } from './errorMapping';
import { BadResponseError, CancelledError, NetworkError, TimeoutError, VideoGenError } from './errors';
import { createDispatcher } from './http';
import { redactSecret } from './redact';

export interface FetchModelsOptions {
  baseUrl: string;
  apiKey: string;
  pricing?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  proxyUrl?: string;
  strictSSL?: boolean;
  ignoreEnvProxy?: boolean;
  userAgent?: string;
  dispatcher?: Dispatcher;
}

const MAX_LISTING_BYTES = 8 * 1024 * 1024;

export async function fetchModelsListing(options: FetchModelsOptions): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dispatcher = options.dispatcher ?? createDispatcher({ timeoutMs, proxyUrl: options.proxyUrl, strictSSL: options.strictSSL, ignoreEnvProxy: options.ignoreEnvProxy });
  const url = `${options.baseUrl.replace(/\/+$/, '')}/models?type=true${options.pricing ? '&pricing=true' : ''}`;
  try {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        dispatcher,
        signal: options.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json', 'user-agent': options.userAgent ?? 'video-gen-vscode' },
      });
    } catch (err) {
      if (options.signal?.aborted) throw new CancelledError();
      const code = (err as { code?: string }).code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT') throw new TimeoutError('The model list did not arrive in time.', { cause: err });
      throw new NetworkError(`Could not fetch the model list (${code ?? redactSecret(String(err), options.apiKey)}).`, { cause: err });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_LISTING_BYTES) {
          response.body.destroy();
          throw new BadResponseError('The model list is unreasonably large.', { status: response.statusCode });
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof VideoGenError) throw err;
      if (options.signal?.aborted) throw new CancelledError();
      throw new NetworkError('The connection closed while the model list was arriving.', { cause: err });
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const requestId = response.headers['x-request-id'];
    if (response.statusCode !== 200) {
      throw errorFromAnswer({
        status: response.statusCode,
        contentType: String(response.headers['content-type'] ?? ''),
        bodyText: text,
        requestId: typeof requestId === 'string' ? requestId : undefined,
        apiKey: options.apiKey,
      });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new BadResponseError('The model list is not JSON.', { status: 200 });
    }
  } finally {
    if (!options.dispatcher) await dispatcher.close().catch(() => undefined);
  }
}
