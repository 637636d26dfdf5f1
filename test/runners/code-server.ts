// Starts code-server (VS Code 1.100.3 served to a browser) on loopback for tests and for `npm start`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { inPrivateMountNamespace } from './privateTrustStore';

export interface CodeServerProcess {
  port: number;
  process: ChildProcess;
  /** Everything the server printed. */
  log: string[];
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url: string, deadlineMs: number, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited early with code ${server.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url} within ${deadlineMs} ms`);
}

export interface LaunchOptions {
  entry: string;
  workDir: string;
  userSettings: Record<string, unknown>;
  env: Record<string, string>;
  port?: number;
  /**
   * Workspace trust on (VS Code's default): the folder opens untrusted, in Restricted Mode, without
   * the startup prompt. Off (the default here): --disable-workspace-trust, every folder trusted.
   */
  workspaceTrust?: boolean;
  /** Run the server in a private mount namespace with this CA bundle over the system's (see privateTrustStore.ts). */
  caBundleOverlay?: { bundle: string; over: string };
}

/** Settings that keep an offline, scripted workbench quiet. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'window.commandCenter': false,
  // The demo's workspace lives inside the clone: no prompt about the repository around it.
  'git.openRepositoryInParentFolders': 'never',
};

/** Workspace trust on, and a folder nobody trusted opens in Restricted Mode without a modal prompt. */
export const RESTRICTED_MODE_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};

export async function launchCodeServer(options: LaunchOptions): Promise<CodeServerProcess> {
  const userDataDir = join(options.workDir, 'user-data');
  const extensionsDir = join(options.workDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...(options.workspaceTrust ? RESTRICTED_MODE_SETTINGS : {}), ...options.userSettings }, null, 2),
  );
  const port = options.port ?? (await freePort());
  const log: string[] = [];
  const serverArgs = [
    options.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--extensions-dir',
    extensionsDir,
    '--user-data-dir',
    userDataDir,
  ];
  const [command, args] = options.caBundleOverlay
    ? inPrivateMountNamespace(options.caBundleOverlay, process.execPath, serverArgs)
    : [process.execPath, serverArgs];
  const child = spawn(
    command,
    args,
    // Environment variables of the server reach the extension host.
    { cwd: options.workDir, env: serverEnvironment(options), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer): void => {
    log.push(chunk.toString('utf8'));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, child);
  } catch (err) {
    stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${log.join('')}`);
  }
  return { port, process: child, log, stop };
}

/**
 * The server's environment: this process's, plus the run's. With a private trust store, the
 * variables that name other CA files are dropped: the test CA must be trusted only through the
 * system store (a machine whose NODE_EXTRA_CA_CERTS names the system bundle would trust it anyway).
 */
function serverEnvironment(options: LaunchOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.caBundleOverlay) {
    for (const name of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']) delete env[name];
  }
  return env;
}

/** The workbench URL that opens `folder` with a development extension (and optionally tests). */
export function workbenchUrl(port: number, folder: string, extensionPath: string, testsPath?: string): string {
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload: Array<[string, string]> = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  payload.push(['skipWelcome', 'true']);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
