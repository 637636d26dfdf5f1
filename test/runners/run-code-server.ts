// Runs the integration suites inside a real VS Code (code-server 4.100.3 = VS Code 1.100.3),
// driven headless and offline by Debian's Chromium through playwright-core.
// The same suites run under @vscode/test-electron via run-desktop.ts where VS Code desktop can be had.
//
// Exit code: 0 when every suite passed; non-zero on any failure or timeout, in which case a
// screenshot of the workbench and the server's, page's and VS Code's logs are saved under test-results/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startEmulator } from '../emulator/server';
import { startTestDriver, type TestDriver } from './test-driver';
import { CHROMIUM_PATH, HostSetupError, VSCODE_VERSION, ensureCodeServer, ensureDebianPackages } from './host-install';
import { INTEGRATION_API_KEY } from '../integration/env';

const projectRoot = resolve(__dirname, '..', '..', '..');
const resultsDir = join(projectRoot, 'test-results');
const timeoutMs = Number(process.env.VIDEO_GEN_TEST_TIMEOUT_MS ?? 10 * 60_000);

function log(message: string): void {
  process.stdout.write(`[test-host] ${message}\n`);
}

async function freePort(): Promise<number> {
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

async function main(): Promise<number> {
  const started = Date.now();
  ensureDebianPackages();
  const codeServer = ensureCodeServer(projectRoot);

  const workDir = mkdtempSync(join(tmpdir(), 'video-gen-itest-'));
  const userDataDir = join(workDir, 'user-data');
  const extensionsDir = join(workDir, 'extensions');
  const workspaceDir = join(workDir, 'workspace');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, workspaceDir]) mkdirSync(dir, { recursive: true });

  const emulator = await startEmulator({ apiKeys: [INTEGRATION_API_KEY] });
  log(`API emulator at ${emulator.baseUrl}`);

  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'update.mode': 'none',
        'security.workspace.trust.enabled': false,
        'window.commandCenter': false,
        'videoGen.baseUrl': emulator.baseUrl,
      },
      null,
      2,
    ),
  );

  let page: Page | undefined;
  const driver: TestDriver = await startTestDriver(() => page, resultsDir);
  const port = await freePort();
  const serverLog: string[] = [];
  const server = spawn(
    process.execPath,
    [
      codeServer.entry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--extensions-dir', extensionsDir,
      '--user-data-dir', userDataDir,
    ],
    {
      cwd: workDir,
      env: {
        ...process.env,
        // Environment variables of the server reach the extension host: this is how the suites
        // learn where the emulator and the test driver listen.
        VIDEO_GEN_TEST_EMULATOR_URL: emulator.url,
        VIDEO_GEN_TEST_DRIVER_URL: driver.url,
        VIDEO_GEN_TEST_HOST: 'code-server',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keepServerLog = (chunk: Buffer): void => {
    serverLog.push(chunk.toString('utf8'));
  };
  server.stdout?.on('data', keepServerLog);
  server.stderr?.on('data', keepServerLog);

  let browser: Browser | undefined;
  const pageLog: string[] = [];
  const workbenchLog: string[] = [];
  let exitCode = 1;
  let vscodeLogs: Array<{ relativePath: string; contents: string }> = [];
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, server);
    log(`code-server ${VSCODE_VERSION} listening on 127.0.0.1:${port} (${Date.now() - started} ms)`);

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'dark' });
    page = await context.newPage();
    page.on('console', (msg) => pageLog.push(`[${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => pageLog.push(`[pageerror] ${err.message}`));

    let resolveExit: (code: number) => void = () => {};
    const exited = new Promise<number>((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type: string, message: unknown) => {
      const text = Array.isArray(message) ? message.join(' ') : String(message);
      workbenchLog.push(`[${type}] ${text}`);
      if (!isKnownNoise(text)) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: Array<{ relativePath: string; contents: string }>) => {
      vscodeLogs = logs ?? [];
      resolveExit(code);
    });

    const remote = (path: string): string => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(projectRoot)],
      ['extensionTestsPath', remote(join(projectRoot, 'out', 'test', 'integration', 'index.js'))],
      ['skipWelcome', 'true'],
    ];
    const url =
      `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspaceDir)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`opening VS Code ${VSCODE_VERSION} in Chromium; workspace ${workspaceDir}`);
    await page.goto(url);

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      log(`the integration tests did not finish within ${timeoutMs} ms`);
      exitCode = 1;
    } else {
      exitCode = outcome;
    }
  } catch (err) {
    log(`host failure: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    exitCode = 1;
  } finally {
    if (exitCode !== 0) await saveFailureEvidence(page, serverLog, [...workbenchLog, '--- page console ---', ...pageLog], vscodeLogs);
    await browser?.close().catch(() => {});
    server.kill('SIGTERM');
    await driver.close();
    await emulator.close();
    if (exitCode === 0) rmSync(workDir, { recursive: true, force: true });
    else log(`kept the test workspace at ${workDir}`);
  }
  log(`integration tests ${exitCode === 0 ? 'passed' : 'FAILED'} in VS Code ${VSCODE_VERSION} (${Math.round((Date.now() - started) / 1000)} s)`);
  return exitCode;
}

/** Messages of the offline workbench that say nothing about our tests (kept in the saved logs). */
function isKnownNoise(text: string): boolean {
  return (
    /open-vsx\.org|vsda|ENOTFOUND|ChatSessionStore|Creating a socket|Resolv(ing|ed) connection token|builtin extensions cache|\[Service Worker\]/.test(text) ||
    /^\s+at .*workbench\.js/.test(text)
  );
}

async function saveFailureEvidence(
  page: Page | undefined,
  serverLog: string[],
  pageLog: string[],
  vscodeLogs: Array<{ relativePath: string; contents: string }>,
): Promise<void> {
  const dir = join(resultsDir, `integration-failure-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  if (page) {
    try {
      await page.screenshot({ path: join(dir, 'workbench.png'), timeout: 15_000 });
    } catch (err) {
      pageLog.push(`[harness] screenshot failed: ${String(err)}`);
    }
  }
  writeFileSync(join(dir, 'code-server.log'), serverLog.join(''));
  writeFileSync(join(dir, 'page-console.log'), pageLog.join('\n') + '\n');
  for (const entry of vscodeLogs) {
    const target = join(dir, 'vscode-logs', entry.relativePath.replace(/\.\.(\/|\\)/g, ''));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.contents);
  }
  log(`saved a screenshot and logs to ${dir}`);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof HostSetupError) process.stderr.write(`\n${err.message}\n`);
    else process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
