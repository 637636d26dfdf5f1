// The HTTP layer's connection settings: long timeouts for a call that takes minutes, the user's
// proxy (an explicit one, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment), TLS checks.
// Which proxy a URL goes through is decided in one place, proxyFor(): the dispatcher routes every
// request by it, and Check Connection reports it.
import type { Readable } from 'node:stream';
import { Agent, Dispatcher, ProxyAgent } from 'undici';

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
  /** Where the proxy variables are read; default `process.env`. */
  env?: Env;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** The proxy a request to `target` goes through, and why; `url` undefined: straight to the server. */
export interface ProxyChoice {
  url?: string;
  /** Where the choice came from, in words: "the http.proxy setting", "HTTPS_PROXY", "NO_PROXY (…)", … */
  source: string;
}

export type Env = Record<string, string | undefined>;

/** The first variable set (lower case first, as curl and undici read them), with its name. */
function envVariable(env: Env, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * Which proxy applies to `target`: the explicit one (`http.proxy`) for every URL; otherwise, unless
 * the environment is ignored, HTTPS_PROXY for https (else HTTP_PROXY), HTTP_PROXY for http, none
 * where NO_PROXY matches the host (`*`, a host name, `.suffix` or `*.suffix`, each with an optional
 * `:port`).
 */
export function proxyFor(target: URL, options: ConnectionOptions): ProxyChoice {
  const env = options.env ?? process.env;
  if (options.proxyUrl) return { url: options.proxyUrl, source: 'the http.proxy setting' };
  if (options.ignoreEnvProxy) return { source: 'no proxy is set' };
  const https = target.protocol === 'https:';
  const httpProxy = envVariable(env, ['http_proxy', 'HTTP_PROXY']);
  const proxy = (https ? envVariable(env, ['https_proxy', 'HTTPS_PROXY']) : undefined) ?? httpProxy;
  if (!proxy) return { source: 'no proxy is set (neither http.proxy nor HTTPS_PROXY / HTTP_PROXY)' };
  const noProxy = envVariable(env, ['no_proxy', 'NO_PROXY']);
  const hostname = target.hostname.toLowerCase();
  const port = Number(target.port) || (https ? 443 : 80);
  const bypass = noProxy?.value
    .split(/[,\s]+/)
    .filter(Boolean)
    .find((entry) => noProxyMatches(entry.toLowerCase(), hostname, port));
  if (noProxy && bypass) return { source: `${noProxy.name} lists ${bypass}` };
  return { url: proxy.value, source: proxy.name };
}

function noProxyMatches(entry: string, hostname: string, port: number): boolean {
  if (entry === '*') return true;
  const withPort = /^(.*[^\]]):(\d+)$/.exec(entry);
  if (withPort && Number(withPort[2]) !== port) return false;
  const wanted = (withPort ? (withPort[1] ?? '') : entry).replace(/^\[|\]$/g, '');
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (wanted.startsWith('.') || wanted.startsWith('*.')) return bare.endsWith(wanted.replace(/^\*/, ''));
  return bare === wanted;
}

/** A dispatcher that sends each request straight or through the proxy proxyFor() names for its origin. */
class ProxyRouter extends Dispatcher {
  private readonly direct: Agent;
  private readonly proxies = new Map<string, ProxyAgent>();

  constructor(private readonly options: ConnectionOptions & { timeoutMs: number }) {
    super();
    this.direct = new Agent({ ...timeoutsOf(options), connect: { rejectUnauthorized: options.strictSSL !== false } });
  }

  private agentFor(origin: string): Dispatcher {
    const proxy = proxyFor(new URL(origin), this.options).url;
    if (!proxy) return this.direct;
    let agent = this.proxies.get(proxy);
    if (!agent) {
      const rejectUnauthorized = this.options.strictSSL !== false;
      agent = new ProxyAgent({
        uri: proxy,
        ...timeoutsOf(this.options),
        requestTls: { rejectUnauthorized },
        proxyTls: { rejectUnauthorized },
      });
      this.proxies.set(proxy, agent);
    }
    return agent;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.agentFor(String(options.origin)).dispatch(options, handler);
  }

  private all(): Dispatcher[] {
    return [this.direct, ...this.proxies.values()];
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const done = Promise.all(this.all().map((d) => d.close())).then(() => undefined);
    if (!callback) return done;
    void done.then(callback, callback);
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const err = typeof a === 'function' ? null : (a ?? null);
    const callback = typeof a === 'function' ? a : b;
    const done = Promise.all(this.all().map((d) => d.destroy(err))).then(() => undefined);
    if (!callback) return done;
    void done.then(callback, callback);
  }
}

function timeoutsOf(options: { timeoutMs: number }): { headersTimeout: number; bodyTimeout: number; connectTimeout: number } {
  return { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, connectTimeout: 30_000 };
}

export function createDispatcher(options: ConnectionOptions & { timeoutMs: number }): Dispatcher {
  return new ProxyRouter(options);
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
