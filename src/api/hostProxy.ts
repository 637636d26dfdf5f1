// VS Code's own proxy resolution, for what the settings and the environment do not name: on
// desktop, the system's proxy and PAC file, which VS Code asks Electron's network stack for. VS Code
// (1.86 and later) hangs its resolver, `resolveProxyURL(url)`, on the `@vscode/proxy-agent` module it
// loads for the extension host; an extension that loads the same module from VS Code's folder gets
// that very object. Where it is not there (an older VS Code, plain Node in the tests, another copy),
// nothing is resolved and the requests keep the proxy the settings and environment name, or none.

/** Asks VS Code which proxy a URL goes through: its address, or undefined for a direct connection. */
export type HostProxyResolver = (url: string) => Promise<string | undefined>;

let resolver: HostProxyResolver | undefined;

/** Set once at activation (undefined: none). */
export function setHostProxyResolver(next: HostProxyResolver | undefined): void {
  resolver = next;
}

export function hostProxyResolver(): HostProxyResolver | undefined {
  return resolver;
}

/** The longest wait for VS Code's answer (a PAC file is a script that may be slow to fetch). */
const RESOLVE_TIMEOUT_MS = 10_000;

/**
 * VS Code's answer for `url`: an http(s) proxy address, or undefined (direct, no resolver, a
 * resolver that failed or did not answer in time, or a proxy kind these requests cannot use).
 */
export async function resolveWithHost(
  url: string,
  resolve: HostProxyResolver | undefined = resolver,
  timeoutMs = RESOLVE_TIMEOUT_MS,
): Promise<string | undefined> {
  if (!resolve) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      resolve(url),
      new Promise<undefined>((done) => {
        timer = setTimeout(() => done(undefined), timeoutMs);
        timer.unref?.();
      }),
    ]);
    return typeof answer === 'string' && /^https?:\/\//i.test(answer) ? answer : undefined;
  } catch {
    return undefined;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

interface ProxyAgentModule {
  resolveProxyURL?: unknown;
  default?: { resolveProxyURL?: unknown };
}

/**
 * VS Code's resolver, looked up on its `@vscode/proxy-agent` module under `appRoot` at each call
 * (so a resolver VS Code replaces later is the one used); undefined when the module is not there.
 */
export function vscodeProxyResolver(appRoot: string, load: (path: string) => unknown = runtimeRequire): HostProxyResolver | undefined {
  for (const folder of ['node_modules', 'node_modules.asar']) {
    let mod: ProxyAgentModule | undefined;
    try {
      mod = load(`${appRoot}/${folder}/@vscode/proxy-agent`) as ProxyAgentModule | undefined;
    } catch {
      continue;
    }
    const holder = (): { resolveProxyURL?: unknown } | undefined =>
      typeof mod?.resolveProxyURL === 'function' ? mod : typeof mod?.default?.resolveProxyURL === 'function' ? mod.default : undefined;
    if (!holder()) continue;
    return async (url) => {
      const fn = holder()?.resolveProxyURL as ((u: string) => Promise<string | undefined>) | undefined;
      return fn ? await fn(url) : undefined;
    };
  }
  return undefined;
}

/** Node's own require, at run time (not the bundler's): the module lives in VS Code's folder. */
function runtimeRequire(path: string): unknown {
  return (typeof module !== 'undefined' ? module.require.bind(module) : require)(path);
}
