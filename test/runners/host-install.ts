// Makes sure the offline integration host is present: Debian's Chromium (driven by playwright-core)
// and code-server 4.100.3 (= VS Code 1.100.3) installed into a git-ignored folder and reused.
// As root, missing Debian packages are installed with apt-get; otherwise we stop and print the
// exact command to run, because a test command must not ask for a password.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian packages the host needs: the browser, ripgrep (code-server's search), the headers its
 *  native modules build against, and ffmpeg (the API emulator encodes its clips with it). */
const DEBIAN_PACKAGES: Array<{ pkg: string; present: () => boolean }> = [
  { pkg: 'chromium', present: () => existsSync(CHROMIUM_PATH) },
  { pkg: 'ripgrep', present: () => existsSync('/usr/bin/rg') },
  { pkg: 'ffmpeg', present: () => existsSync('/usr/bin/ffmpeg') && existsSync('/usr/bin/ffprobe') },
  { pkg: 'libkrb5-dev', present: () => dpkgHas('libkrb5-dev') },
  { pkg: 'libxkbfile-dev', present: () => dpkgHas('libxkbfile-dev') },
  { pkg: 'libsecret-1-dev', present: () => dpkgHas('libsecret-1-dev') },
  { pkg: 'libx11-dev', present: () => dpkgHas('libx11-dev') },
  { pkg: 'pkg-config', present: () => existsSync('/usr/bin/pkg-config') },
];

function dpkgHas(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function log(message: string): void {
  process.stdout.write(`[test-host] ${message}\n`);
}

export class HostSetupError extends Error {}

export function ensureDebianPackages(): void {
  const missing = DEBIAN_PACKAGES.filter((p) => !p.present()).map((p) => p.pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (!isRoot) {
    throw new HostSetupError(
      `The integration test host needs Debian packages that are missing: ${missing.join(', ')}.\n` +
        `Install them, then run the tests again:\n\n    sudo sh -c '${command}'\n`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

export interface CodeServerInstall {
  root: string;
  entry: string;
}

export function codeServerInstallDir(projectRoot: string): string {
  return resolve(projectRoot, '.vscode-test', 'code-server');
}

/** Installs code-server with npm into `<project>/.vscode-test/code-server` unless the same version is there. */
export function ensureCodeServer(projectRoot: string): CodeServerInstall {
  const root = codeServerInstallDir(projectRoot);
  const entry = join(root, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = join(root, '.installed');
  if (existsSync(entry) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION) {
    return { root, entry };
  }
  log(`installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) into ${root}; this happens once`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  // code-server's @vscode/ripgrep downloads a binary from GitHub at install time, which this
  // network refuses; it skips the download when its cache already holds the archive, so we put
  // Debian's rg there first.
  const tmp = process.env.TMPDIR || tmpdir();
  const cacheDir = join(tmp, 'vscode-ripgrep-cache-1.15.11');
  const archive = join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (!existsSync(archive)) {
    mkdirSync(cacheDir, { recursive: true });
    const staging = mkdtempSync(join(tmp, 'rg-'));
    copyFileSync('/usr/bin/rg', join(staging, 'rg'));
    execFileSync('tar', ['-czf', archive, '-C', staging, 'rg']);
    rmSync(staging, { recursive: true, force: true });
  }
  // It refuses to run its install scripts as root without these two settings.
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'video-gen-test-host', private: true }) + '\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', root, `code-server@${CODE_SERVER_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  if (!existsSync(entry)) throw new HostSetupError(`code-server installed but ${entry} is missing`);
  writeFileSync(marker, CODE_SERVER_VERSION + '\n');
  return { root, entry };
}
