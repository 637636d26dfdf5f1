// The HTTP layer's connection settings: long timeouts for a call that takes minutes, the proxy and
// the certificates VS Code's own network settings name (http.proxy, http.noProxy, NO_PROXY,
// http.proxySupport, http.proxyAuthorization, http.proxyStrictSSL, http.systemCertificates).
// Which proxy a URL goes through is decided in one place, proxyFor(): the dispatcher routes every
// request by it, and Check Connection reports it.
import type { Readable } from 'node:stream';
import type { SecureContext } from 'node:tls';
import { Agent, Dispatcher, ProxyAgent } from 'undici';
import { verifyTunnelledCertificates, verifyingConnector } from './certificateCheck';
import { hostProxyResolver, resolveWithHost } from './hostProxy';
import { trustedContext } from './trustStore';

/** VS Code's `http.proxySupport`: `off` sends every request straight to the server. */
export type ProxySupport = 'off' | 'on' | 'fallback' | 'override';

/** How to reach the API; one object, passed down whole from the settings to the dispatcher. */
export interface ConnectionOptions {
  /** Longest wait for the response headers, and for each stretch of silence in the body. Default:
   * the call's own (10 min for a generation, 30 s for the model list). */
  timeoutMs?: number;
  /** An explicit proxy (VS Code's `http.proxy`); otherwise the environment's variables apply. */
  proxyUrl?: string;
  /** VS Code's `http.proxySupport` (default `override`, VS Code's default). */
  proxySupport?: ProxySupport;
  /** VS Code's `http.noProxy`: when it lists anything, NO_PROXY is not read (as in VS Code). */
  noProxy?: string[];
  /** VS Code's `http.proxyAuthorization`: the Proxy-Authorization header sent to the proxy. */
  proxyAuthorization?: string;
  /** False only when the user turned off certificate checks (`http.proxyStrictSSL: false`). */
  strictSSL?: boolean;
  /** VS Code's `http.systemCertificates` (default true): trust the operating system's CAs too. */
  systemCertificates?: boolean;
  /** For tests: the Linux CA bundle paths read instead of the system's. */
  caBundlePaths?: string[];
  /** Ignore the environment's proxy variables (tests on loopback). */
  ignoreEnvProxy?: boolean;
  /** Where the proxy variables are read; default `process.env`. */
  env?: Env;
  /** False: do not ask VS Code's own resolver (the desktop's system proxy and PAC) when nothing is set. */
  useHostProxy?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** Why a request goes where it goes: for Check Connection and the tests. */
export type ProxyReason = 'setting' | 'env' | 'host' | 'noProxySetting' | 'noProxyEnv' | 'proxySupportOff' | 'none';

/** The proxy a request to `target` goes through, and why; `url` undefined: straight to the server. */
export interface ProxyChoice {
  url?: string;
  /** Where the choice came from, in words: "the http.proxy setting", "HTTPS_PROXY", "NO_PROXY lists …", … */
  source: string;
  reason: ProxyReason;
}

export type Env = Record<string, string | undefined>;

/** The first variable set (lower case first, as VS Code and curl read them), with its name. */
function envVariable(env: Env, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * Which proxy applies to `target`, decided as VS Code decides it for extensions (its proxy
 * resolver, without the desktop's system proxy and PAC, which resolveProxy() adds): `http.proxySupport: off`, none; a host
 * that `http.noProxy` lists (or, when that setting is empty, NO_PROXY), none; otherwise the
 * `http.proxy` setting, else https_proxy / HTTPS_PROXY / http_proxy / HTTP_PROXY, else none.
 * `on`, `override` and `fallback` choose alike: they differ in VS Code only for a request that
 * brings its own agent, and these requests bring none.
 */
export function proxyFor(target: URL, options: ConnectionOptions): ProxyChoice {
  if (options.proxySupport === 'off') return { reason: 'proxySupportOff', source: 'http.proxySupport is off' };
  const env = options.ignoreEnvProxy ? {} : (options.env ?? process.env);
  const hostname = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const setting = (options.noProxy ?? []).map((e) => e.trim()).filter(Boolean);
  if (setting.length) {
    const entry = noProxyMatch(setting, hostname, port);
    if (entry) return { reason: 'noProxySetting', source: `http.noProxy lists ${entry}` };
  } else {
    const variable = envVariable(env, ['no_proxy', 'NO_PROXY']);
    const entry = variable && noProxyMatch(variable.value.split(/[,\s]+/), hostname, port);
    if (variable && entry) return { reason: 'noProxyEnv', source: `${variable.name} lists ${entry}` };
  }
  if (options.proxyUrl) return { url: options.proxyUrl, reason: 'setting', source: 'the http.proxy setting' };
  const proxy = envVariable(env, ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']);
  if (proxy) return { url: proxy.value, reason: 'env', source: proxy.name };
  return { reason: 'none', source: 'no proxy is set (neither http.proxy nor HTTPS_PROXY / HTTP_PROXY)' };
}

/** Where the proxy came from when VS Code's own resolver named it. */
const HOST_SOURCE = "VS Code's proxy resolution (the system's proxy settings or PAC file)";

/**
 * proxyFor(), then, when the settings and the environment name no proxy, VS Code's own resolver
 * (on desktop: the system's proxy and PAC file, as VS Code's requests take them).
 */
export async function resolveProxy(target: URL, options: ConnectionOptions): Promise<ProxyChoice> {
  const choice = proxyFor(target, options);
  if (choice.reason !== 'none' || options.useHostProxy === false) return choice;
  if (!hostProxyResolver()) return choice;
  const url = await resolveWithHost(target.href);
  if (url) return { url, reason: 'host', source: HOST_SOURCE };
  return { ...choice, source: `${choice.source}, and VS Code's proxy resolution (the system's proxy settings or PAC file) names none` };
}

/** The first entry that covers host:port, as VS Code matches them; undefined when none does. */
export function noProxyMatch(entries: string[], hostname: string, port: number): string | undefined {
  return entries.map((e) => e.trim()).find((entry) => entry && noProxyMatches(entry.toLowerCase(), hostname, port));
}

/**
 * One entry: `*` (every host); a name with an optional `:port`, which covers the host itself and
 * every host under it (`example.com` and `.example.com` both cover `api.example.com`; `*.example.com`
 * too); an IPv6 address in brackets.
 */
function noProxyMatches(entry: string, hostname: string, port: number): boolean {
  if (entry === '*') return true;
  const withPort = /^(.*[^:\]]):(\d+)$/.exec(entry) ?? /^(\[.*\]):(\d+)$/.exec(entry);
  if (withPort && Number(withPort[2]) !== port) return false;
  const name = (withPort ? (withPort[1] ?? '') : entry).replace(/^\[|\]$/g, '').replace(/^\*/, '');
  if (!name || name === '.') return false;
  const domain = name.startsWith('.') ? name : `.${name}`;
  return `.${hostname}`.endsWith(domain);
}

/** A dispatcher that sends each request straight or through the proxy proxyFor() names for its origin. */
class ProxyRouter extends Dispatcher {
  private readonly direct: Agent;
  private readonly proxies = new Map<string, ProxyAgent>();
  /** What VS Code's resolver answered per origin (undefined: direct), asked once by prepare(). */
  private readonly hostProxies = new Map<string, string | undefined>();

  constructor(private readonly options: ConnectionOptions & { timeoutMs: number }) {
    super();
    const tls = tlsOptionsOf(options);
    const connect = tls.rejectUnauthorized ? verifyingConnector(tls, CONNECT_TIMEOUT_MS) : tls;
    this.direct = new Agent({ ...timeoutsOf(options), connect });
  }

  /** Asks VS Code's resolver about `url`'s origin before its first request, when nothing else names a proxy. */
  async prepare(url: string | URL): Promise<void> {
    const target = new URL(url);
    if (this.hostProxies.has(target.origin)) return;
    const choice = await resolveProxy(target, this.options);
    this.hostProxies.set(target.origin, choice.reason === 'host' ? choice.url : undefined);
  }

  private agentFor(origin: string): Dispatcher {
    const proxy = proxyFor(new URL(origin), this.options).url ?? this.hostProxies.get(new URL(origin).origin);
    if (!proxy) return this.direct;
    let agent = this.proxies.get(proxy);
    if (!agent) {
      agent = this.proxyAgent(proxy, true);
      // The certificate is checked by refusingUntrusted() inside the tunnel, or (an undici
      // without the field it needs) by Node, without the issuer in the message.
      if (this.options.strictSSL !== false && !verifyTunnelledCertificates(agent)) {
        void agent.destroy();
        agent = this.proxyAgent(proxy, false);
      }
      this.proxies.set(proxy, agent);
    }
    return agent;
  }

  /** A ProxyAgent for `proxy`; `readCertificate`: the API's certificate is judged after the handshake. */
  private proxyAgent(proxy: string, readCertificate: boolean): ProxyAgent {
    const tls = tlsOptionsOf(this.options);
    const token = this.options.proxyAuthorization?.trim();
    return new ProxyAgent({
      uri: proxy,
      ...timeoutsOf(this.options),
      // undici sends the token as Proxy-Authorization with the CONNECT (or a proxied request);
      // without it, the credentials in the proxy URL are sent (Basic).
      ...(token ? { token } : {}),
      requestTls: readCertificate ? { ...tls, rejectUnauthorized: false } : tls,
      proxyTls: tls,
    });
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

/** Certificate checks on (unless http.proxyStrictSSL is off), against the CAs trustedContext() names. */
function tlsOptionsOf(options: ConnectionOptions): { rejectUnauthorized: boolean; secureContext?: SecureContext } {
  const secureContext = trustedContext({
    systemCertificates: options.systemCertificates,
    bundlePaths: options.caBundlePaths,
  });
  return { rejectUnauthorized: options.strictSSL !== false, ...(secureContext ? { secureContext } : {}) };
}

const CONNECT_TIMEOUT_MS = 30_000;

function timeoutsOf(options: { timeoutMs: number }): { headersTimeout: number; bodyTimeout: number; connectTimeout: number } {
  return { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, connectTimeout: CONNECT_TIMEOUT_MS };
}

export function createDispatcher(options: ConnectionOptions & { timeoutMs: number }): Dispatcher {
  return new ProxyRouter(options);
}

/** Before a request to `url`: lets the extension's dispatcher ask VS Code's resolver for its origin. */
export async function prepareRoute(dispatcher: Dispatcher, url: string | URL): Promise<void> {
  if (dispatcher instanceof ProxyRouter) await dispatcher.prepare(url);
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
