// "Video Gen: Check Connection", without VS Code: which proxy applies to the base URL (the same
// decision the requests make, proxyFor), the name resolved, a TCP connection (through the proxy's
// CONNECT when there is one), the TLS handshake with the server's certificate read whether or not
// it is trusted, and GET /models through the normal request helper. Each step is said in plain
// words, with its time; the key is never in any of them.
import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { VideoGenError } from './errors';
import { fetchModelsListing } from './fetchModels';
import { proxyFor, resolveProxy, type ConnectionOptions, type ProxyChoice } from './http';
import { redactSecret } from './redact';
import { CERTIFICATE_FIX, certificateProblem, certificateSummary, describeName } from './transportErrors';
import { systemStore, trustedCaSource, trustedContext } from './trustStore';

export type CheckStepName = 'proxy' | 'dns' | 'connect' | 'tls' | 'models';

export interface CheckStep {
  step: CheckStepName;
  ok: boolean;
  /** What was found, in a sentence or two (no key, no proxy password). */
  detail: string;
  /** How long the step took. */
  ms: number;
  /** True when the step could not run (an earlier one failed, no key, no TLS on http). */
  skipped?: boolean;
}

/** VS Code's network settings (proxy, noProxy, proxySupport, proxyAuthorization, strictSSL,
 * systemCertificates), as the requests take them. */
export interface CheckConnectionOptions extends Omit<ConnectionOptions, 'timeoutMs'> {
  baseUrl: string;
  /** Without a key, the model list is not asked for (and the step says so). */
  apiKey?: string;
  /** `http.proxy` as typed when it is not an http(s) URL (it is not used; the step says so). */
  unusableProxy?: string;
  /** Longest wait of each step; default 15 s. */
  timeoutMs?: number;
  userAgent?: string;
  signal?: AbortSignal;
}

const DEFAULT_STEP_TIMEOUT_MS = 15_000;

/** Runs every step it can and resolves with all of them; it does not throw. */
export async function checkConnection(options: CheckConnectionOptions): Promise<CheckStep[]> {
  const steps: CheckStep[] = [];
  const secrets = (text: string): string => redactSecret(text, options.apiKey);
  const add = (step: CheckStep): void => {
    steps.push({ ...step, detail: secrets(step.detail) });
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const skip = (step: CheckStepName, why: string): void => add({ step, ok: false, skipped: true, detail: why, ms: 0 });

  let target: URL;
  try {
    target = new URL(options.baseUrl);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    add({ step: 'proxy', ok: false, detail: `The base URL "${options.baseUrl}" is not an http(s) URL.`, ms: 0 });
    return steps;
  }
  const https = target.protocol === 'https:';
  const targetPort = Number(target.port) || (https ? 443 : 80);
  const targetHost = target.hostname.replace(/^\[|\]$/g, '');
  const hostPort = `${target.hostname}:${targetPort}`;

  // 1. The proxy, as the requests decide it.
  let started = Date.now();
  const choice = await resolveProxy(target, options);
  let proxy: URL | undefined;
  if (choice.url) {
    try {
      proxy = new URL(choice.url);
    } catch {
      add({ step: 'proxy', ok: false, detail: `The proxy from ${choice.source} is not a URL.`, ms: Date.now() - started });
      for (const s of ['dns', 'connect', 'tls'] as const) skip(s, 'Skipped: the proxy address is not usable.');
      await modelsStep(options, add, timeoutMs);
      return steps;
    }
    add({ step: 'proxy', ok: true, detail: proxyUsed(proxy, choice, options), ms: Date.now() - started });
  } else {
    add({
      step: 'proxy',
      ok: true,
      detail: `${noProxyUsed(target, choice, options)} Connecting straight to ${hostPort}.`,
      ms: Date.now() - started,
    });
  }

  // 2. The name this machine resolves: the proxy's (the proxy resolves the API's), else the API's.
  const dialHost = proxy ? proxy.hostname.replace(/^\[|\]$/g, '') : targetHost;
  const dialPort = proxy ? Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80) : targetPort;
  started = Date.now();
  let dnsOk = true;
  if (isIP(dialHost)) {
    add({ step: 'dns', ok: true, detail: `${dialHost} is an address: nothing to resolve.`, ms: 0 });
  } else {
    try {
      const addresses = await withTimeout(lookup(dialHost, { all: true }), timeoutMs, `No answer for ${dialHost}`);
      const list = addresses.map((a) => a.address).join(', ');
      const by = proxy ? ` (the proxy resolves ${target.hostname} itself)` : '';
      add({ step: 'dns', ok: true, detail: `${dialHost} resolves to ${list}${by}.`, ms: Date.now() - started });
    } catch (err) {
      dnsOk = false;
      add({ step: 'dns', ok: false, detail: `${dialHost} does not resolve (${codeOf(err)}).`, ms: Date.now() - started });
    }
  }

  // 3. A TCP connection, and the proxy's tunnel to the API.
  let socket: Socket | undefined;
  if (!dnsOk) {
    skip('connect', `Skipped: ${dialHost} does not resolve.`);
  } else {
    started = Date.now();
    try {
      socket = await openSocket(dialHost, dialPort, proxy, options.strictSSL !== false, timeoutMs);
      if (proxy) {
        const status = await tunnel(socket, hostPort, proxy, timeoutMs, options.proxyAuthorization);
        if (status !== 200) {
          socket.destroy();
          socket = undefined;
          add({ step: 'connect', ok: false, detail: tunnelRefusal(status, safeProxy(proxy), hostPort), ms: Date.now() - started });
        } else {
          add({
            step: 'connect',
            ok: true,
            detail: `Connected to the proxy ${dialHost}:${dialPort}; it opened a tunnel to ${hostPort} (HTTP 200).`,
            ms: Date.now() - started,
          });
        }
      } else {
        add({
          step: 'connect',
          ok: true,
          detail: `Connected to ${hostPort} (${socket.remoteAddress ?? dialHost}).`,
          ms: Date.now() - started,
        });
      }
    } catch (err) {
      socket?.destroy();
      socket = undefined;
      const to = proxy ? `the proxy ${dialHost}:${dialPort}` : hostPort;
      add({ step: 'connect', ok: false, detail: `Could not connect to ${to} (${codeOf(err)}).`, ms: Date.now() - started });
    }
  }

  // 4. The TLS handshake, with the certificate read even when it is not trusted.
  if (!https) {
    socket?.destroy();
    add({
      step: 'tls',
      ok: true,
      skipped: true,
      detail: 'The base URL is http://: no TLS, and the key travels unencrypted (fine for a local emulator only).',
      ms: 0,
    });
  } else if (!socket) {
    skip('tls', 'Skipped: no connection.');
  } else {
    started = Date.now();
    try {
      const tls = await handshake(socket, targetHost, timeoutMs, options);
      add({ step: 'tls', ...describeCertificate(tls, targetHost, options), ms: Date.now() - started });
      tls.destroy();
    } catch (err) {
      socket.destroy();
      add({ step: 'tls', ok: false, detail: `The TLS handshake with ${targetHost} failed (${codeOf(err)}).`, ms: Date.now() - started });
    }
  }

  // 5. The model list, through the same request helper as every call.
  await modelsStep(options, add, timeoutMs);
  return steps;
}

async function modelsStep(options: CheckConnectionOptions, add: (step: CheckStep) => void, timeoutMs: number): Promise<void> {
  if (!options.apiKey) {
    add({
      step: 'models',
      ok: false,
      skipped: true,
      detail: 'No API key is set, so GET /models was not asked (run Video Gen: Set API Key).',
      ms: 0,
    });
    return;
  }
  const started = Date.now();
  try {
    const listing = await fetchModelsListing({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      userAgent: options.userAgent,
      signal: options.signal,
      connection: { ...connectionOf(options), timeoutMs },
    });
    const data = (listing as { data?: unknown }).data;
    const models = Array.isArray(data) ? data : [];
    // The catalog's VIDEO_MODEL_TYPE; the api layer does not read the catalog.
    const video = models.filter((m) => (m as { type?: unknown } | null)?.type === 'video/generation').length;
    add({
      step: 'models',
      ok: true,
      detail: `GET /models answered HTTP 200 with ${models.length} models (${video} video models); the key was accepted.`,
      ms: Date.now() - started,
    });
  } catch (err) {
    const status = err instanceof VideoGenError && err.status !== undefined ? `HTTP ${err.status}: ` : '';
    const message = err instanceof Error ? err.message : String(err);
    add({ step: 'models', ok: false, detail: `GET /models failed: ${status}${message}`, ms: Date.now() - started });
  }
}

/** The connection options alone (what every request gets), without the check's own fields. */
function connectionOf(options: CheckConnectionOptions): Omit<ConnectionOptions, 'timeoutMs'> {
  const { proxyUrl, proxySupport, noProxy, proxyAuthorization, strictSSL, systemCertificates, caBundlePaths, ignoreEnvProxy, env } =
    options;
  return { proxyUrl, proxySupport, noProxy, proxyAuthorization, strictSSL, systemCertificates, caBundlePaths, ignoreEnvProxy, env };
}

/** The proxy step when a proxy is used: which, from where, with which credentials (never their value). */
function proxyUsed(proxy: URL, choice: ProxyChoice, options: CheckConnectionOptions): string {
  const support = options.proxySupport && options.proxySupport !== 'override' ? `; http.proxySupport is ${options.proxySupport}` : '';
  const credentials = options.proxyAuthorization
    ? ' It is sent the Proxy-Authorization header from http.proxyAuthorization.'
    : proxy.username || proxy.password
      ? ' It is sent the user name and password in its address (Basic).'
      : '';
  const unusable = options.unusableProxy ? ` ${unusableProxySentence(options.unusableProxy)}` : '';
  return `Through the proxy ${safeProxy(proxy)} (from ${choice.source}${support}).${credentials}${unusable}`;
}

/** The proxy step when none is used, and why: noProxy, proxySupport off, or none set. */
function noProxyUsed(target: URL, choice: ProxyChoice, options: CheckConnectionOptions): string {
  const unusable = options.unusableProxy ? ` ${unusableProxySentence(options.unusableProxy)}` : '';
  if (choice.reason === 'proxySupportOff') {
    return `No proxy: http.proxySupport is off, so no request goes through a proxy.${unusable}`;
  }
  if (choice.reason === 'noProxySetting' || choice.reason === 'noProxyEnv') {
    const bypassed = proxyFor(target, {
      ...options,
      noProxy: [],
      env: { ...(options.env ?? process.env), NO_PROXY: '', no_proxy: '' },
    }).url;
    const which = bypassed ? ` The proxy ${safeProxy(new URL(bypassed))} is not used for ${target.hostname}.` : '';
    return `No proxy: ${choice.source}.${which}${unusable}`;
  }
  return `No proxy: ${choice.source}.${unusable}`;
}

function unusableProxySentence(value: string): string {
  let shown = value;
  try {
    shown = safeProxy(new URL(value));
  } catch {
    // not a URL at all: shown as typed
  }
  return `The http.proxy setting "${shown}" is not an http:// or https:// proxy, so it is not used (SOCKS proxies are not supported).`;
}

/** The proxy's address without its password. */
function safeProxy(proxy: URL): string {
  const shown = new URL(proxy.toString());
  if (shown.password) shown.password = '***';
  return shown.toString().replace(/\/$/, '');
}

function openSocket(host: string, port: number, proxy: URL | undefined, strictSSL: boolean, timeoutMs: number): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const secureProxy = proxy?.protocol === 'https:';
    const socket: Socket = secureProxy
      ? tlsConnect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: strictSSL })
      : netConnect({ host, port });
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
    socket.once(secureProxy ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Later failures are reported by the step that meets them (the tunnel, the handshake); an
      // 'error' with no listener in between would be an uncaught exception in the extension host.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Sends CONNECT host:port (with the proxy's credentials, if its URL has them); resolves with the status. */
function tunnel(socket: Socket, hostPort: string, proxy: URL, timeoutMs: number, authorization?: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const auth = authorization
      ? `Proxy-Authorization: ${authorization.replace(/[\r\n]/g, '')}\r\n`
      : proxy.username || proxy.password
        ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n`
        : '';
    let head = Buffer.alloc(0);
    const timer = setTimeout(() => done(new Error('the proxy did not answer the CONNECT (ETIMEDOUT)')), timeoutMs);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16 * 1024) done(new Error('the proxy answered the CONNECT with something else'));
        return;
      }
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'));
      if (!status) return done(new Error('the proxy answered the CONNECT with something else'));
      // Anything after the header belongs to the tunnel; a server speaks only after our ClientHello.
      done(undefined, Number(status[1]));
    };
    const onError = (err: Error): void => done(err);
    const onClose = (): void => done(new Error('the proxy closed the connection (ECONNRESET)'));
    function done(err?: Error, status?: number): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (err) reject(err);
      else resolve(status ?? 0);
    }
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.write(`CONNECT ${hostPort} HTTP/1.1\r\nHost: ${hostPort}\r\n${auth}\r\n`);
  });
}

function tunnelRefusal(status: number, proxy: string, hostPort: string): string {
  if (status === 407) {
    return `The proxy ${proxy} asks for a user name and password (HTTP 407), or refused the ones given: put them in the proxy address (http://user:password@host:port) or set http.proxyAuthorization. Nothing was sent to the API.`;
  }
  return `The proxy ${proxy} would not open a tunnel to ${hostPort} (HTTP ${status}).`;
}

/** The TLS handshake on `socket`, accepting any certificate so that it can be read; whether it is
 * trusted is judged against the same CAs as the requests'. */
function handshake(socket: Socket, host: string, timeoutMs: number, options: CheckConnectionOptions): Promise<TLSSocket> {
  return new Promise<TLSSocket>((resolve, reject) => {
    const secureContext = trustedContext({ systemCertificates: options.systemCertificates, bundlePaths: options.caBundlePaths });
    const tls = tlsConnect({
      socket,
      host,
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      ...(secureContext ? { secureContext } : {}),
    });
    const timer = setTimeout(() => tls.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
    tls.once('secureConnect', () => {
      clearTimeout(timer);
      tls.removeAllListeners('error');
      tls.on('error', () => undefined);
      resolve(tls);
    });
    tls.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function describeCertificate(tls: TLSSocket, host: string, options: CheckConnectionOptions): { ok: boolean; detail: string } {
  const strictSSL = options.strictSSL !== false;
  const cert = tls.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  const subject = describeName(cert?.subject as Record<string, string> | undefined) ?? 'no subject';
  const issuer = describeName(cert?.issuer as Record<string, string> | undefined) ?? 'no issuer';
  const names = cert?.subjectaltname ? `, for ${cert.subjectaltname.replace(/DNS:|IP Address:/g, '')}` : '';
  const dates = cert?.valid_from ? `, valid from ${cert.valid_from} to ${cert.valid_to}` : '';
  const about = `Certificate of ${subject}${names}, issued by ${issuer}${dates} (${tls.getProtocol() ?? 'TLS'}).`;
  if (tls.authorized) return { ok: true, detail: `${about} ${whyTrusted(cert, options)}. Trusted.` };
  const code = String(tls.authorizationError ?? 'UNKNOWN');
  const kind = certificateProblem(code) ?? 'invalid';
  const why = certificateSummary(kind, code, host, issuer).replace(/ Nothing was sent to the API\.$/, '');
  const store = ` ${trustedCasSentence(options)}`;
  if (!strictSSL) {
    return { ok: true, detail: `${about} Not trusted: ${why}${store} It is accepted only because http.proxyStrictSSL is off.` };
  }
  return { ok: false, detail: `${about} Not trusted: ${why}${store} ${CERTIFICATE_FIX}` };
}

/** The root of the verified chain (the trust anchor), and where that CA was found. */
function whyTrusted(cert: DetailedPeerCertificate | undefined, options: CheckConnectionOptions): string {
  let top = cert;
  for (let depth = 0; depth < 10 && top?.issuerCertificate && top.issuerCertificate !== top; depth++) top = top.issuerCertificate;
  const root = describeName(top?.subject as Record<string, string> | undefined) ?? 'its root CA';
  const source = top?.raw
    ? trustedCaSource(top.raw, { systemCertificates: options.systemCertificates, bundlePaths: options.caBundlePaths })
    : undefined;
  return source ? `Its chain ends in ${root}, ${source}` : `Its chain ends in ${root}, a CA this machine trusts`;
}

/** Which CAs the check (and every request) trusts, in a sentence. */
function trustedCasSentence(options: CheckConnectionOptions): string {
  if (options.systemCertificates === false) {
    return "Trusted CAs: Node's bundled list and NODE_EXTRA_CA_CERTS only (http.systemCertificates is off).";
  }
  const store = systemStore({ bundlePaths: options.caBundlePaths });
  const read = store.problem ? `none from the system store (${store.problem})` : `${store.certificates.length} from ${store.source}`;
  return `Trusted CAs: Node's bundled list, NODE_EXTRA_CA_CERTS and ${read} (http.systemCertificates is on).`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(message), { code: 'ETIMEDOUT' })), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.message : String(err);
}

/** The steps as plain text, one block per step: for the output channel (and a copy to paste). */
export function formatReport(baseUrl: string, steps: CheckStep[], when = new Date()): string {
  const lines = [`Check Connection to ${baseUrl} at ${when.toISOString()}`];
  for (const s of steps) {
    const verdict = s.skipped ? (s.ok ? 'n/a' : 'skipped') : s.ok ? 'ok' : 'FAILED';
    lines.push(`  ${s.step.padEnd(7)} ${verdict.padEnd(7)} ${String(s.ms).padStart(5)} ms  ${s.detail}`);
  }
  return lines.join('\n');
}
