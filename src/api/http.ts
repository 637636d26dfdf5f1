// The HTTP layer's connection settings: long timeouts for a call that takes minutes, the user's
// proxy (an explicit one, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment), TLS checks.
import type { Readable } from 'node:stream';
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';

/** How to reach the API; one object, passed down whole from the settings to the dispatcher. */
export interface ConnectionOptions {
  /** Longest wait for the response headers, and for each stretch of silence in the body. Default:
   * the call's own (10 min for a generation, 30 s for the model list). */
  timeoutMs?: number;
  /** An explicit proxy (VS Code's `http.proxy`); otherwise the environment's variables apply. */
  proxyUrl?: string;
  /** False only when the user turned off certificate checks (`http.proxyStrictSSL: false`). */
  strictSSL?: boolean;
  /** Ignore the environment's proxy variables (tests on loopback). */
  ignoreEnvProxy?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export function createDispatcher(options: ConnectionOptions & { timeoutMs: number }): Dispatcher {
  const timeouts = { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, connectTimeout: 30_000 };
  const rejectUnauthorized = options.strictSSL !== false;
  if (options.proxyUrl) {
    return new ProxyAgent({ uri: options.proxyUrl, ...timeouts, requestTls: { rejectUnauthorized }, proxyTls: { rejectUnauthorized } });
  }
  if (options.ignoreEnvProxy) return new Agent({ ...timeouts, connect: { rejectUnauthorized } });
  return new EnvHttpProxyAgent({ ...timeouts, connect: { rejectUnauthorized } });
}

/**
 * Closes a response body that will not be read (any further), at once. undici reports a plain
 * destroy() as an 'error' event (RequestAbortedError): with nobody listening any more, that would
 * be an uncaught exception in the extension host.
 */
export function discardBody(body: Readable | Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}
