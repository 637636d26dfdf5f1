// The certificate authorities the extension's requests trust, chosen as VS Code chooses them for
// its own requests from the extension host: with `http.systemCertificates` on (its default), the
// operating system's store on top of Node's bundled list and NODE_EXTRA_CA_CERTS; off, Node's
// defaults only. VS Code patches Node's https/tls for extensions, not the undici the extension
// bundles, so the same certificates are read here and handed to undici as one TLS context.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import * as tls from 'node:tls';

/** The bundle files VS Code reads on Linux, in its order; the first that exists is the store. */
export const LINUX_CA_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/ssl/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
];

/** Where the system's certificates came from, and how many there are: for Check Connection. */
export interface SystemStore {
  /** PEM certificates, without duplicates (possibly none). */
  certificates: string[];
  /** "/etc/ssl/certs/ca-certificates.crt", "the macOS keychains", … */
  source: string;
  /** Why none could be read, when none could. */
  problem?: string;
}

export interface TrustOptions {
  /** VS Code's `http.systemCertificates` (default true). */
  systemCertificates?: boolean;
  /** Where the environment is read (NODE_EXTRA_CA_CERTS); default `process.env`. */
  env?: Record<string, string | undefined>;
  /** For tests: the Linux bundle paths to try instead of LINUX_CA_BUNDLES. */
  bundlePaths?: string[];
}

/** The PEM blocks in a bundle file's text. */
export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function readLinuxStore(paths: string[]): SystemStore {
  for (const path of paths) {
    try {
      return { certificates: splitPem(readFileSync(path, 'utf8')), source: path };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        return { certificates: [], source: path, problem: `${path} could not be read (${String(code ?? err)})` };
      }
    }
  }
  return { certificates: [], source: 'no system bundle', problem: `none of ${paths.join(', ')} exists` };
}

function readMacStore(): SystemStore {
  const source = 'the macOS keychains';
  try {
    const keychains = ['/System/Library/Keychains/SystemRootCertificates.keychain', '/Library/Keychains/System.keychain'];
    const own = execFileSync('/usr/bin/security', ['find-certificate', '-a', '-p'], { encoding: 'utf8', timeout: 10_000 });
    const system = execFileSync('/usr/bin/security', ['find-certificate', '-a', '-p', ...keychains], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    return { certificates: splitPem(own + system), source };
  } catch (err) {
    return { certificates: [], source, problem: `the keychains could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** Node 22.15+/23.9+ reads the system store natively (Windows); older Node has no way without a native module. */
function readNodeSystemStore(): SystemStore {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (typeof get !== 'function') {
    return { certificates: [], source: 'the Windows store', problem: `this Node (${process.version}) cannot read the system store` };
  }
  try {
    return { certificates: get('system'), source: 'the system store (Node)' };
  } catch (err) {
    return { certificates: [], source: 'the system store (Node)', problem: err instanceof Error ? err.message : String(err) };
  }
}

const storeCache = new Map<string, SystemStore>();

/** The operating system's certificate store, read once per process (VS Code reads it once, too). */
export function systemStore(options: Pick<TrustOptions, 'bundlePaths'> = {}): SystemStore {
  const key = (options.bundlePaths ?? LINUX_CA_BUNDLES).join('\n');
  let store = storeCache.get(key);
  if (!store) {
    if (process.platform === 'darwin') store = readMacStore();
    else if (process.platform === 'win32') store = readNodeSystemStore();
    else store = readLinuxStore(options.bundlePaths ?? LINUX_CA_BUNDLES);
    storeCache.set(key, { ...store, certificates: [...new Set(store.certificates.map((c) => c.trim()))] });
    store = storeCache.get(key)!;
  }
  return store;
}

/** NODE_EXTRA_CA_CERTS's certificates (Node adds them to its defaults; an explicit list must, too). */
function extraCertificates(env: Record<string, string | undefined>): string[] {
  const file = env.NODE_EXTRA_CA_CERTS?.trim();
  if (!file) return [];
  try {
    return splitPem(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/** Forgets what was read (tests that change the files). */
export function forgetTrustStore(): void {
  storeCache.clear();
  contextCache.clear();
}

const contextCache = new Map<string, SecureContext>();

/**
 * The TLS context the requests use: undefined with `http.systemCertificates` off (Node's defaults,
 * which include NODE_EXTRA_CA_CERTS); otherwise Node's default context with NODE_EXTRA_CA_CERTS and
 * the system store's CAs added, as VS Code adds them. Built once:
 * only the few CAs Node does not bundle are parsed (a context made from the whole list, `ca: […]`,
 * parses a few hundred certificates and blocks the event loop for a tenth of a second or more).
 */
export function trustedContext(options: TrustOptions): SecureContext | undefined {
  if (options.systemCertificates === false) return undefined;
  const env = options.env ?? process.env;
  const key = [env.NODE_EXTRA_CA_CERTS ?? '', ...(options.bundlePaths ?? LINUX_CA_BUNDLES)].join('\n');
  let context = contextCache.get(key);
  if (!context) {
    context = createSecureContext();
    // Node's bundled CAs are in the default store; a store of its own (the first addCACert makes
    // one) holds them but not NODE_EXTRA_CA_CERTS's, which are added again here.
    const added = new Set(rootCertificates.map(bodyOf));
    for (const pem of [...extraCertificates(env), ...systemStore(options).certificates]) {
      const body = bodyOf(pem);
      if (added.has(body)) continue;
      added.add(body);
      try {
        context.context.addCACert(pem);
      } catch {
        // A certificate OpenSSL cannot read: left out, as VS Code leaves it out.
      }
    }
    contextCache.set(key, context);
  }
  return context;
}

/** A certificate's base64 body, for comparing a DER certificate with PEM ones. */
function bodyOf(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
}

/** Where a trusted CA (DER) was found, in words: "in the system store (…)", "in NODE_EXTRA_CA_CERTS", "in Node's bundled list". */
export function trustedCaSource(der: Buffer, options: TrustOptions): string | undefined {
  const body = der.toString('base64');
  const has = (list: string[]): boolean => list.some((pem) => bodyOf(pem) === body);
  if (options.systemCertificates !== false) {
    const store = systemStore(options);
    if (has(store.certificates)) return `found in the system store (${store.source}; http.systemCertificates is on)`;
  }
  if (has(extraCertificates(options.env ?? process.env))) return 'found in NODE_EXTRA_CA_CERTS';
  if (has([...rootCertificates])) return "found in Node's bundled list";
  return undefined;
}
