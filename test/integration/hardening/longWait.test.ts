// Long waits: an answer whose headers come after more than 5 minutes (past the 300 s defaults of
// Node's HTTP server and of undici) is still saved with the extension's default settings, and a
// lower `videoGen.timeoutSeconds` is honoured to the second, both while waiting for the answer and
// for a pause while the video arrives, leaving nothing behind.
//
// To keep the run short, the 5-minute generation starts in `before` and the short tests run while
// it waits; the last test awaits it. It is started with the default settings, and the short tests
// change the setting only once the emulator has received its request (settings are read when a
// generation starts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { INTEGRATION_API_KEY, emulatorRequests } from '../env';
import { videoNames } from '../workspaceVideos';

interface Saved {
  files: Array<{ uri: vscode.Uri; bytes: number; sha256: string }>;
}

type Settled = { ok: true; value: Saved; ms: number } | { ok: false; error: unknown; ms: number };

const base = { model: 'provider-2/kling-v2.1', quality: '720p', duration: 1, ratio: '16:9' };
/** Headers after 5 min 10 s: longer than Node's `requestTimeout` and undici's `headersTimeout` defaults (300 s). */
const LONG_DELAY_MS = 310_000;
/** The lowest value the setting's schema allows. */
const LOW_TIMEOUT_S = 10;
/** undici checks its timers on a half-second clock; the rest is the time to start a generation. */
const LATE_MARGIN_MS = 1500;
const EARLY_MARGIN_MS = 100;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('videoGen');
}

function temporary(names: string[]): string[] {
  return names.filter((n) => n.endsWith('.part') || n.startsWith('.'));
}

/** Runs the command, never rejecting: the outcome and how long it took. */
async function timedGenerate(prompt: string): Promise<Settled> {
  const started = Date.now();
  try {
    const value = (await vscode.commands.executeCommand('videoGen.generate', { prompt, ...base })) as Saved;
    return { ok: true, value, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error, ms: Date.now() - started };
  }
}

type LogEntry = Record<string, unknown>;

/** The emulator's log entry of the generation whose prompt holds `marker`, once `ready` says so. */
async function loggedRequest(marker: string, ready: (entry: LogEntry) => boolean = () => true, timeoutMs = 30_000): Promise<LogEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await emulatorRequests()).find((r) => JSON.stringify(r.body ?? '').includes(marker)) as LogEntry | undefined;
    if (found && ready(found)) return found;
    if (Date.now() > deadline) throw new Error(`the emulator's log has no finished request "${marker}": ${JSON.stringify(found)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Generates with a low timeout; asserts it fails with `timeout` after that long, leaving nothing. */
async function expectTimeout(prompt: string, message: RegExp): Promise<number> {
  const before = await videoNames();
  await config().update('timeoutSeconds', LOW_TIMEOUT_S, vscode.ConfigurationTarget.Global);
  let outcome: Settled;
  try {
    outcome = await timedGenerate(prompt);
  } finally {
    await config().update('timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
  }
  assert.ok(!outcome.ok, `expected a timeout, but it saved ${outcome.ok ? outcome.value.files.map((f) => f.uri.path).join(', ') : ''}`);
  const error = outcome.error as Error & { code?: string };
  assert.equal(error.code, 'timeout', error.message);
  assert.match(error.message, message);
  const low = LOW_TIMEOUT_S * 1000;
  assert.ok(
    outcome.ms >= low - EARLY_MARGIN_MS && outcome.ms <= low + LATE_MARGIN_MS,
    `timeout ${LOW_TIMEOUT_S} s, but it gave up after ${outcome.ms} ms`,
  );
  const after = await videoNames();
  assert.deepEqual(after, before, 'no file and no temporary file was left');
  assert.deepEqual(temporary(after), []);
  return outcome.ms;
}

describe('Long waits', function () {
  const figures: string[] = [];
  const longMarker = `long wait ${Date.now()}`;
  let long: Promise<Settled> | undefined;

  before(async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
    const timeout = config().inspect<number>('timeoutSeconds');
    assert.ok(timeout, 'videoGen.timeoutSeconds is a contributed setting');
    assert.deepEqual(
      [timeout.globalValue, timeout.workspaceValue, timeout.workspaceFolderValue],
      [undefined, undefined, undefined],
      'nothing overrides videoGen.timeoutSeconds',
    );
    assert.equal(timeout.defaultValue, 600);
    assert.equal(config().get('timeoutSeconds'), 600);
    // One generation first, so the timings below are not about first-use loading (and the clip is cached).
    const warm = await timedGenerate('long wait: warm up');
    assert.ok(warm.ok, `warm-up failed: ${warm.ok ? '' : String(warm.error)}`);
    long = timedGenerate(`${longMarker} [[emulator:slow_headers delayMs=${LONG_DELAY_MS}]]`);
    await loggedRequest(longMarker);
  });

  after(async () => {
    await config().update('timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    if (figures.length) console.log(`    long wait: ${figures.join('; ')}`);
  });

  it(`gives up waiting for the answer after timeoutSeconds (${LOW_TIMEOUT_S} s), to the second`, async function () {
    this.timeout(60_000);
    const ms = await expectTimeout(
      `headers too late ${Date.now()} [[emulator:slow_headers delayMs=${2 * LOW_TIMEOUT_S * 1000}]]`,
      new RegExp(`did not answer within ${LOW_TIMEOUT_S} s`),
    );
    figures.push(`timeout ${LOW_TIMEOUT_S} s, no headers → failed after ${(ms / 1000).toFixed(2)} s`);
  });

  it(`gives up on a pause of timeoutSeconds (${LOW_TIMEOUT_S} s) while the video arrives, to the second`, async function () {
    this.timeout(60_000);
    const marker = `body stalls ${Date.now()}`;
    const ms = await expectTimeout(
      `${marker} [[emulator:stall_body fraction=0.4]]`,
      new RegExp(`stopped arriving: nothing for ${LOW_TIMEOUT_S} s`),
    );
    // The headers and part of the body did arrive: it was the pause that timed out.
    const entry = await loggedRequest(marker, (e) => e.outcome !== undefined);
    assert.equal(entry.status, 200);
    assert.equal(entry.outcome, 'stalled');
    assert.ok(Number(entry.bytesSent) > 0, `the emulator sent part of the body first (${String(entry.bytesSent)} bytes)`);
    figures.push(`timeout ${LOW_TIMEOUT_S} s, body paused → failed after ${(ms / 1000).toFixed(2)} s`);
  });

  it(`waits ${LONG_DELAY_MS / 1000} s for the answer with the default settings and saves the video`, async function () {
    this.timeout(LONG_DELAY_MS + 120_000);
    assert.ok(long, 'the long generation was started');
    const outcome = await long;
    assert.ok(
      outcome.ok,
      `the long generation failed after ${outcome.ms} ms: ${outcome.ok ? '' : String((outcome.error as Error)?.message ?? outcome.error)}`,
    );
    assert.ok(outcome.ms >= LONG_DELAY_MS, `it resolved after ${outcome.ms} ms, before the headers could have come`);
    assert.equal(outcome.value.files.length, 1);
    const file = outcome.value.files[0]!;
    const stat = await vscode.workspace.fs.stat(file.uri);
    assert.equal(stat.size, file.bytes);
    assert.ok(file.bytes > 0);
    const entry = await loggedRequest(longMarker, (e) => e.durationMs !== undefined);
    assert.equal(entry.status, 200);
    assert.equal(entry.outcome, 'completed');
    assert.ok(Number(entry.durationMs) >= LONG_DELAY_MS, `the emulator answered after ${String(entry.durationMs)} ms`);
    assert.deepEqual(entry.videoSha256, [file.sha256], 'the saved file is exactly what the emulator sent');
    assert.deepEqual(temporary(await videoNames()), []);
    figures.unshift(`headers after ${LONG_DELAY_MS / 1000} s → saved in ${(outcome.ms / 1000).toFixed(1)} s (default timeout 600 s)`);
  });
});
