// Runs integration suites inside a real VS Code (code-server 4.100.3 = VS Code 1.100.3), driven
// headless and offline by Debian's Chromium through playwright-core. Used by run-code-server.ts (the
// development tree) and run-vsix.ts (the packaged extension). The same suites run under
// @vscode/test-electron via run-desktop.ts where VS Code desktop can be had.
//
// Exit code: 0 when every suite passed; non-zero on any failure or timeout, in which case a
// screenshot of the workbench and the server's, page's and VS Code's logs are saved under test-results/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator/server';
import { launchCodeServer, workbenchUrl, type CodeServerProcess } from './code-server';
import { startTestDriver, type TestDriver } from './test-driver';
import { CHROMIUM_PATH, HostSetupError, VSCODE_VERSION, ensureCodeServer, ensureDebianPackages } from './host-install';
import { EXTENSION_ID, INTEGRATION_API_KEY, PLANTED_KEYS, SEEDED_BILLING_JOBS, SEEDED_INTERRUPTED_JOB } from '../integration/env';
import { preparePrivateTrustStore } from './privateTrustStore';
import { scanForSecrets } from './secret-scan';

const projectRoot = resolve(__dirname, '..', '..', '..');
const resultsDir = join(projectRoot, 'test-results');
const timeoutMs = Number(process.env.VIDEO_GEN_TEST_TIMEOUT_MS ?? 15 * 60_000);

function log(message: string): void {
  process.stdout.write(`[test-host] ${message}\n`);
}

export interface SuiteRun {
  /** Names the run in the output. */
  label: string;
  /** The extension VS Code loads in development mode. */
  extensionDevelopmentPath: string;
  /** The module exporting run(). */
  extensionTestsPath: string;
  /** Runs before the server starts, e.g. to install a .vsix into `extensionsDir`. */
  prepare?(ctx: { codeServerEntry: string; extensionsDir: string; workDir: string }): Promise<void> | void;
  /**
   * Workspace trust on: the folder opens untrusted (Restricted Mode), without a prompt. Without it
   * code-server runs with --disable-workspace-trust and every folder is trusted.
   */
  workspaceTrust?: boolean;
  /** The workspace's .vscode/settings.json; by default it names another machine as the base URL. */
  workspaceSettings?: Record<string, unknown>;
  /** More environment for the extension host (how the suites learn where the run's helpers listen). */
  env?: Record<string, string>;
  /** More text the secret scan searches after a passing run, e.g. a helper server's request log. */
  scanTexts?(): Array<{ label: string; text: string }>;
  /**
   * Give the VS Code under test a trust store of its own holding a test CA (a private mount
   * namespace; see privateTrustStore.ts). The suites find the CA's certificates through
   * VIDEO_GEN_TEST_TRUST_DIR, or learn why there are none through VIDEO_GEN_TEST_TRUST_UNAVAILABLE.
   */
  privateTrustStore?: boolean;
  /** Also seed the lost jobs whose billing the interrupted-jobs report tells (the main suites). */
  seedBillingJobs?: boolean;
}

export const PROJECT_ROOT = projectRoot;

/** Writes the journal entry of a job whose window stopped beating ten minutes ago. */
function seedInterruptedJob(journalDir: string): void {
  mkdirSync(journalDir, { recursive: true });
  const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
  const entry = {
    version: 1,
    id: SEEDED_INTERRUPTED_JOB.id,
    request: SEEDED_INTERRUPTED_JOB.request,
    apiOrigin: 'http://127.0.0.1',
    outputDir: 'videos',
    startedAt: tenMinutesAgo,
    heartbeatAt: tenMinutesAgo,
    phase: 'connecting',
  };
  writeFileSync(join(journalDir, `${entry.id}.json`), JSON.stringify(entry));
}

/**
 * Writes the lost jobs whose billing the report is to tell: each with the usage read "before its
 * request" (the emulator's, now), then moves the emulator's usage as each case needs.
 */
async function seedBillingJobs(journalDir: string, emulator: Emulator): Promise<void> {
  const res = await fetch(`${emulator.baseUrl}/usage`, { headers: { authorization: `Bearer ${INTEGRATION_API_KEY}` } });
  const raw: unknown = await res.json();
  // Older than the other lost job: reported before it, so its report is the newest, on top.
  const tenMinutesAgo = new Date(Date.now() - 20 * 60_000).toISOString();
  for (const job of SEEDED_BILLING_JOBS) {
    const entry = {
      version: 1,
      id: job.id,
      request: job.request,
      apiOrigin: new URL(emulator.baseUrl).origin,
      outputDir: 'videos',
      startedAt: tenMinutesAgo,
      heartbeatAt: tenMinutesAgo,
      phase: 'receiving',
      interruptedAt: tenMinutesAgo,
      usageBefore: 'noUsageEndpoint' in job ? { available: false } : { available: true, raw, readAt: tenMinutesAgo },
    };
    writeFileSync(join(journalDir, `${entry.id}.json`), JSON.stringify(entry));
    if (job.moveBy > 0)
      emulator.addUsage({ key: INTEGRATION_API_KEY, model: job.request.model, requests: job.moveBy, duration: job.request.duration });
  }
}

export async function runSuitesInCodeServer(run: SuiteRun): Promise<number> {
  const started = Date.now();
  ensureDebianPackages();
  const codeServer = ensureCodeServer(projectRoot);

  const workDir = mkdtempSync(join(tmpdir(), 'video-gen-itest-'));
  const workspaceDir = join(workDir, 'workspace');
  mkdirSync(join(workspaceDir, '.vscode'), { recursive: true });

  // Sora 2 is retired here, as OpenAI retired its API in September 2026, and the gateway serves a
  // model the built-in table does not know: both show up after "Refresh Models from the API".
  const emulator = await startEmulator({
    apiKeys: [INTEGRATION_API_KEY],
    retiredModels: ['provider-2/sora-2'],
    extraModels: [
      {
        id: 'provider-2/wan-2.5',
        provider: 'Alibaba',
        maxDuration: 8,
        qualities: ['480p', '720p', '1080p'],
        advice: 'balanced',
        usdPerSecond: 0.05,
        created: 1767225600,
      },
    ],
  });
  log(`API emulator at ${emulator.baseUrl}`);
  let page: Page | undefined;
  const driver: TestDriver = await startTestDriver(() => page, resultsDir);
  // The emulator's address goes into the user settings (below). By default the workspace names
  // another machine, as a cloned repository could: the key must never go there (it would fail every
  // generation here, offline), and a suite checks the user is told.
  const workspaceSettings = run.workspaceSettings ?? { 'videoGen.baseUrl': 'https://collector.example.invalid/v1' };
  writeFileSync(join(workspaceDir, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));

  // A generation a previous window lost (reload, crash) is in the journal before VS Code starts:
  // the suites check that it is reported, and that "Run Again" runs it.
  const userDataDir = join(workDir, 'user-data');
  seedInterruptedJob(join(userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'journal'));
  if (run.seedBillingJobs) await seedBillingJobs(join(userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'journal'), emulator);

  let browser: Browser | undefined;
  const pageLog: string[] = [];
  const workbenchLog: string[] = [];
  let exitCode = 1;
  let vscodeLogs: Array<{ relativePath: string; contents: string }> = [];
  let server: CodeServerProcess | undefined;
  const trustStore = run.privateTrustStore ? preparePrivateTrustStore() : undefined;
  const trustEnv: Record<string, string> = {};
  if (trustStore && 'unavailable' in trustStore) {
    log(`no private trust store for the test host: ${trustStore.unavailable}; the suites that need one skip`);
    trustEnv.VIDEO_GEN_TEST_TRUST_UNAVAILABLE = trustStore.unavailable;
  } else if (trustStore) {
    log(`private trust store: a test CA added to ${trustStore.overlay.over}, seen only by the test host (mount namespace)`);
    trustEnv.VIDEO_GEN_TEST_TRUST_DIR = trustStore.certificatesDir;
  }
  try {
    await run.prepare?.({ codeServerEntry: codeServer.entry, extensionsDir: join(workDir, 'extensions'), workDir });
    server = await launchCodeServer({
      entry: codeServer.entry,
      workDir,
      userSettings: { 'videoGen.baseUrl': emulator.baseUrl },
      workspaceTrust: run.workspaceTrust,
      caBundleOverlay: trustStore && 'overlay' in trustStore ? trustStore.overlay : undefined,
      env: {
        ...run.env,
        ...trustEnv,
        // How the suites learn where the emulator and the test driver listen.
        VIDEO_GEN_TEST_EMULATOR_URL: emulator.url,
        VIDEO_GEN_TEST_DRIVER_URL: driver.url,
        VIDEO_GEN_TEST_HOST: 'code-server',
        VIDEO_GEN_TEST_USER_DATA_DIR: userDataDir,
      },
    });
    const port = server.port;
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

    const url = workbenchUrl(port, workspaceDir, run.extensionDevelopmentPath, run.extensionTestsPath);
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
    if (exitCode === 0) {
      // The keys the suites planted must be found nowhere the extension could have leaked them.
      const scan = await scanForSecrets({
        keys: PLANTED_KEYS,
        roots: [{ label: 'test-host', dir: workDir }],
        texts: [
          { label: 'code-server output', text: server.log.join('') },
          { label: 'extension host console', text: workbenchLog.join('\n') },
          ...vscodeLogs.map((l) => ({ label: `VS Code log ${l.relativePath}`, text: l.contents })),
          { label: 'emulator request log', text: JSON.stringify(emulator.requests()) },
          ...(run.scanTexts?.() ?? []),
        ],
        page,
      });
      if (scan.findings.length) {
        for (const f of scan.findings) log(`SECRET LEAK: a planted API key was found in ${f.where}`);
        exitCode = 1;
      } else {
        log(
          `secret scan: no planted key in ${scan.filesScanned} files, ${scan.framesScanned} page frames, the logs or the emulator's request log`,
        );
      }
    }
  } catch (err) {
    log(`host failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    exitCode = 1;
  } finally {
    if (exitCode !== 0)
      await saveFailureEvidence(page, server?.log ?? [], [...workbenchLog, '--- page console ---', ...pageLog], vscodeLogs);
    await browser?.close().catch(() => {});
    server?.stop();
    await driver.close();
    await emulator.close();
    if (trustStore && 'dispose' in trustStore) trustStore.dispose();
    if (exitCode === 0) rmSync(workDir, { recursive: true, force: true });
    else log(`kept the test workspace at ${workDir}`);
  }
  log(`${run.label} ${exitCode === 0 ? 'passed' : 'FAILED'} in VS Code ${VSCODE_VERSION} (${Math.round((Date.now() - started) / 1000)} s)`);
  return exitCode;
}

/** Messages of the offline workbench that say nothing about our tests (kept in the saved logs). */
function isKnownNoise(text: string): boolean {
  return (
    /open-vsx\.org|vsda|ENOTFOUND|ChatSessionStore|Creating a socket|Resolv(ing|ed) connection token|builtin extensions cache|\[Service Worker\]/.test(
      text,
    ) || /^\s+at .*workbench\.js/.test(text)
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

/** Entry points call this: exit with the run's code, printing setup problems plainly. */
export function exitWith(result: Promise<number>): void {
  result.then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof HostSetupError) process.stderr.write(`\n${err.message}\n`);
      else process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
