// GET {baseUrl}/models: the models a key can use, OpenAI style. `?type` adds each model's type
// (video models are `video/generation`); `?pricing` adds a pricing object. The body is returned as
// parsed JSON for the catalog to validate and merge.
import { request, type Dispatcher } from 'undici';
import { errorFromAnswer } from './errorMapping';
import { BadResponseError } from './errors';
import { createDispatcher, discardBody } from './http';
import { transportError } from './transportErrors';

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
      throw transportError(err, { signal: options.signal, timeoutMs, stage: 'headers', apiKey: options.apiKey });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_LISTING_BYTES) {
          discardBody(response.body);
          throw new BadResponseError('The model list is unreasonably large.', { status: response.statusCode });
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      throw transportError(err, { signal: options.signal, timeoutMs, stage: 'body', apiKey: options.apiKey });
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
