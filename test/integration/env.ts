// What the harness hands to the suites running inside VS Code (through the server's environment).
// No `vscode` import here: the harness imports this file too.

/** A key unique to the integration run, so a later check can search for it everywhere. */
export const INTEGRATION_API_KEY = 'vgtest-integration-7f3c9a51e2d84b06';
/** A wrong key the suites send once, to see the 401 path; it must not be found anywhere either. */
export const WRONG_API_KEY = 'vgtest-wrong-key-0c41d2aa9e';
/** Every key the suites hand to the extension; the harness searches for them after the run. */
export const PLANTED_KEYS = [INTEGRATION_API_KEY, WRONG_API_KEY];

export const EXTENSION_ID = 'videogen.video-gen';

/** A generation the harness writes into the journal as cut off before VS Code starts. */
export const SEEDED_INTERRUPTED_JOB = {
  id: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  request: { model: 'provider-2/kling-v2.1', prompt: 'a lighthouse lost to a reload', quality: '720p', duration: 1, ratio: '16:9' },
};

/**
 * Lost generations the harness also writes into the journal, each with the provider's usage read
 * before its request; before VS Code starts, the emulator's usage moves so that the report after
 * the "reload" can say billed (one more success), not billed (nothing moved) or cannot tell (two
 * more: another client). Premium models no other suite uses early, so nothing else moves them.
 */
export const SEEDED_BILLING_JOBS = [
  {
    id: '1a2b3c4d-0000-4000-8000-00000000b111',
    verdict: 'billed',
    moveBy: 1,
    request: { model: 'provider-2/seedance-pro', prompt: 'a lost take that was billed', quality: '1080p', duration: 1, ratio: '16:9' },
  },
  {
    id: '1a2b3c4d-0000-4000-8000-00000000b222',
    verdict: 'not_billed',
    moveBy: 0,
    request: { model: 'provider-2/sora-2-pro', prompt: 'a lost take that was not billed', quality: '720p', duration: 1, ratio: '16:9' },
  },
  {
    id: '1a2b3c4d-0000-4000-8000-00000000b333',
    verdict: 'cannot_tell',
    moveBy: 2,
    request: { model: 'provider-2/veo', prompt: 'a lost take nobody can tell about', quality: '720p', duration: 1, ratio: '16:9' },
  },
  {
    id: '1a2b3c4d-0000-4000-8000-00000000b444',
    verdict: 'cannot_tell',
    moveBy: 0,
    /** Sent to a server that had no usage endpoint (404) when the request went out. */
    noUsageEndpoint: true,
    request: {
      model: 'provider-2/veo-fast',
      prompt: 'a lost take sent where usage is not read',
      quality: '720p',
      duration: 1,
      ratio: '16:9',
    },
  },
] as const;

/** The test host's user-data folder (code-server only): where the extension's global storage lives. */
export function userDataDir(): string | undefined {
  return process.env.VIDEO_GEN_TEST_USER_DATA_DIR || undefined;
}

export function emulatorUrl(): string {
  const url = process.env.VIDEO_GEN_TEST_EMULATOR_URL;
  if (!url) throw new Error('VIDEO_GEN_TEST_EMULATOR_URL is not set: run the suites through a test runner');
  return url;
}

/** The harness's Playwright bridge; undefined under test-electron, where there is no page to drive. */
export function driverUrl(): string | undefined {
  return process.env.VIDEO_GEN_TEST_DRIVER_URL || undefined;
}

async function callDriver(action: string, body: unknown): Promise<unknown> {
  const base = driverUrl();
  if (!base) throw new Error('no test driver in this host');
  const res = await fetch(`${base}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { result?: unknown; error?: string; path?: string };
  if (!res.ok) throw new Error(`test driver ${action}: ${json.error ?? res.status}`);
  return json;
}

/** Runs `script` (a function body; may `await`) inside the webview frame containing `marker`. */
export async function evalInWebview<T>(script: string, marker = '[data-video-gen-panel]', timeoutMs = 10_000): Promise<T> {
  const json = (await callDriver('webview-eval', { script, marker, timeoutMs })) as { result: T };
  return json.result;
}

/** Saves a PNG of the workbench (or of the element `selector` matches in it) under test-results/screenshots. */
export async function screenshot(name: string, selector?: string): Promise<string | undefined> {
  if (!driverUrl()) return undefined;
  const json = (await callDriver('screenshot', { name, selector })) as { path: string };
  return json.path;
}

/** The emulator's request log (keys redacted by the emulator itself). */
export async function emulatorRequests(): Promise<
  Array<{ path: string; listener: string; authorization: string; headers: Record<string, string>; body?: unknown }>
> {
  const res = await fetch(`${emulatorUrl()}/__emulator/requests`);
  const json = (await res.json()) as {
    requests: Array<{ path: string; listener: string; authorization: string; headers: Record<string, string>; body?: unknown }>;
  };
  return json.requests;
}

/** Queues emulator scenarios for the next generation requests (see the emulator's README). */
export async function enqueueScenario(scenario: Record<string, unknown>): Promise<void> {
  await fetch(`${emulatorUrl()}/__emulator/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enqueue: scenario }),
  });
}

export async function resetEmulator(): Promise<void> {
  await fetch(`${emulatorUrl()}/__emulator/reset`, { method: 'POST' });
}

/** Presses a key in the workbench page (code-server only). */
export async function press(key: string): Promise<void> {
  await callDriver('press', { key });
}

/** Types text into whatever has focus in the workbench page (code-server only). */
export async function typeText(text: string): Promise<void> {
  await callDriver('type', { text });
}

/**
 * Where the test CA and the key pairs it signed are (ca.crt, good.key, good.crt, …) when the test
 * host runs with a private trust store holding that CA; otherwise why it does not, as `unavailable`.
 */
export function privateTrustStore(): { dir: string } | { unavailable: string } {
  const dir = process.env.VIDEO_GEN_TEST_TRUST_DIR;
  if (dir) return { dir };
  return { unavailable: process.env.VIDEO_GEN_TEST_TRUST_UNAVAILABLE || 'this run has no private trust store' };
}
