// Helpers the panel and history suites share to drive the Video Gen panel's page and the
// workbench through the harness's Playwright bridge. No `vscode` import: plain driver calls.
import { driverUrl, evalInWebview } from './env';

async function callDriver(action: string, body: unknown): Promise<unknown> {
  const base = driverUrl();
  if (!base) throw new Error('no test driver in this host');
  const res = await fetch(`${base}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { result?: unknown; error?: string };
  if (!res.ok) throw new Error(`test driver ${action}: ${json.error ?? res.status}`);
  return json.result;
}

/** A real mouse click on `selector` inside the panel's frame. */
export async function clickInPanel(selector: string): Promise<void> {
  await callDriver('webview-click', { selector, marker: '[data-video-gen-panel]', timeoutMs: 10_000 });
}

export async function pressKey(key: string): Promise<void> {
  await callDriver('press', { key });
}

export async function typeText(text: string): Promise<void> {
  await callDriver('type', { text });
}

/** A real mouse click on `selector` in the workbench page (a tree row, a button). */
export async function clickInWorkbench(selector: string): Promise<void> {
  await callDriver('workbench-click', { selector, timeoutMs: 10_000 });
}

/** Runs a function body in the workbench page (outside any webview). */
export async function inWorkbench<T>(script: string): Promise<T> {
  return (await callDriver('workbench-eval', { script })) as T;
}

export function inPanel<T>(script: string): Promise<T> {
  return evalInWebview<T>(script, '[data-video-gen-panel]', 20_000);
}

/** Polls `script` in the panel until `done` accepts its result. */
export async function waitInPanel<T>(script: string, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await inPanel<T>(script);
      if (done(last)) return last;
    } catch {
      // the page is (re)loading
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** Polls a workbench script until `done` accepts its result. */
export async function waitInWorkbench<T>(script: string, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await inWorkbench<T>(script);
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** The panel's form is filled in by its script once the extension sent the models. */
export function waitForForm(): Promise<number> {
  return waitInPanel<number>(`return document.getElementById('model').options.length;`, (n) => n > 0, 'the model list');
}

/** Chooses a value in one of the form's selects, as a user would (a `change` event). */
export async function choose(id: 'model' | 'quality' | 'duration' | 'ratio', value: string): Promise<void> {
  // The page may be (re)loading or re-rendering its options (a reload, a catalog update): retry
  // until the option is there, as a person would wait for the form.
  await waitInPanel<boolean>(
    `
    const select = document.getElementById(${JSON.stringify(id)});
    if (!select || ![...select.options].some((o) => o.value === ${JSON.stringify(value)})) return false;
    select.value = ${JSON.stringify(value)};
    select.dispatchEvent(new Event('change', { bubbles: true }));
    return select.value === ${JSON.stringify(value)};`,
    (ok) => ok,
    `${id} to offer ${value}`,
    20_000,
  );
}

export function optionsOf(id: 'model' | 'quality' | 'duration' | 'ratio'): Promise<string[]> {
  return inPanel<string[]>(`return [...document.getElementById(${JSON.stringify(id)}).options].map((o) => o.value);`);
}

export async function setPrompt(text: string): Promise<void> {
  await waitInPanel<boolean>(
    `
    const prompt = document.getElementById('prompt');
    if (!prompt) return false;
    prompt.value = ${JSON.stringify(text)};
    prompt.dispatchEvent(new Event('input', { bubbles: true }));
    return true;`,
    (ok) => ok,
    'the prompt field',
    20_000,
  );
}

export interface FormSnapshot {
  prompt: string;
  model: string;
  quality: string;
  duration: string;
  ratio: string;
}

export function formSnapshot(): Promise<FormSnapshot> {
  return inPanel<FormSnapshot>(`
    const v = (id) => document.getElementById(id).value;
    return { prompt: v('prompt'), model: v('model'), quality: v('quality'), duration: v('duration'), ratio: v('ratio') };`);
}

/** What the player shows: the <video> element's state and the metadata rows. */
export interface PlayerSnapshot {
  src: string;
  videoWidth: number;
  videoHeight: number;
  readyState: number;
  meta: Record<string, string>;
  notice: string | null;
  buttons: string[];
}

export function playerSnapshot(): Promise<PlayerSnapshot | null> {
  return inPanel<PlayerSnapshot | null>(`
    const video = document.querySelector('#player video');
    if (!video) return null;
    const meta = {};
    for (const row of document.querySelectorAll('#player .meta-row')) meta[row.querySelector('dt').textContent] = row.querySelector('dd').textContent;
    const notice = document.querySelector('#player .notice');
    return {
      src: video.getAttribute('src'),
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      readyState: video.readyState,
      meta,
      notice: notice ? notice.textContent : null,
      buttons: [...document.querySelectorAll('#player button')].map((b) => b.textContent),
    };`);
}
