// A trust store of its own for the VS Code under test, without touching the machine's: a test CA
// is appended to a copy of the system's CA bundle, and code-server runs in a private mount
// namespace (unshare -m, as root) where that copy is bind-mounted over the bundle file VS Code
// reads (the first of the Linux paths it tries). Only that process tree sees the test CA; Node's
// own bundled list does not hold it, so a request trusts the test servers only by reading the
// system store. Where this cannot be done (not Linux, not root, no unshare), the run goes on
// without it and the suites that need it say why they skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINUX_CA_BUNDLES } from '../../src/api/trustStore';
import { makeTestCertificates } from '../support/tlsServers';

export interface PrivateTrustStore {
  /** The bundle with the test CA, and the system file it is mounted over. */
  overlay: { bundle: string; over: string };
  /** Where the suites find the test CA and the key pairs it signed (ca.crt, good.key, good.crt, …). */
  certificatesDir: string;
  dispose(): void;
}

/** The reason a private trust store cannot be made here, or undefined when it can. */
function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `not on Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root (a mount namespace needs it)';
  const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) return `unshare -m does not work here (${probe.error?.message ?? `exit ${probe.status}`})`;
  if (!LINUX_CA_BUNDLES.some((p) => existsSync(p))) return `no system CA bundle (${LINUX_CA_BUNDLES.join(', ')})`;
  return undefined;
}

export function preparePrivateTrustStore(): PrivateTrustStore | { unavailable: string } {
  const why = unavailable();
  if (why) return { unavailable: why };
  const over = LINUX_CA_BUNDLES.find((p) => existsSync(p))!;
  const dir = mkdtempSync(join(tmpdir(), 'video-gen-truststore-'));
  const certs = makeTestCertificates();
  try {
    const bundle = join(dir, 'ca-bundle.crt');
    writeFileSync(bundle, `${readFileSync(over, 'utf8').trimEnd()}\n${certs.ca.trim()}\n`);
    const certificatesDir = join(dir, 'certificates');
    mkdirSync(certificatesDir);
    writeFileSync(join(certificatesDir, 'ca.crt'), certs.ca);
    for (const name of ['good', 'expired', 'wrongHost'] as const) {
      writeFileSync(join(certificatesDir, `${name}.key`), certs[name].key);
      writeFileSync(join(certificatesDir, `${name}.crt`), certs[name].cert);
    }
    return { overlay: { bundle, over }, certificatesDir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    certs.dispose();
  }
}

/** The command that starts `command args` in a private mount namespace with the overlay mounted. */
export function inPrivateMountNamespace(overlay: { bundle: string; over: string }, command: string, args: string[]): [string, string[]] {
  // sh: $1 the bundle, $2 the file it covers, then the command to exec (same pid: SIGTERM reaches it).
  const script = 'mount --bind "$1" "$2" || exit 97; shift 2; exec "$@"';
  return ['unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', overlay.bundle, overlay.over, command, ...args]];
}
