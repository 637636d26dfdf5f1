// The panel in a real VS Code: a capability-aware form, generation against the API emulator from
// the keyboard and the mouse, the player with its metadata, text that stays text, the AAC note,
// cancelling, errors shown inline, the form surviving a page reload, the themes, and what things
// cost: the usage line and the estimate from the API's price list.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MAX_PROMPT_LENGTH } from '../../../src/catalog/capabilities';
import type { AutomationResult } from '../../../src/commands/generateCommands';
import { excerpt } from '../../../src/shared/format';
import { INTEGRATION_API_KEY, driverUrl, emulatorUrl, screenshot } from '../env';
import {
  choose,
  clickInPanel,
  formSnapshot,
  inPanel,
  optionsOf,
  playerSnapshot,
  pressKey,
  setPrompt,
  waitForForm,
  waitInPanel,
  type PlayerSnapshot,
} from '../webviewHelpers';

const EXTENSION_ID = 'videogen.video-gen';
const GENERATION_TIMEOUT_MS = 60_000;

function videosDir(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'videos');
}

async function filesInVideos(): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(videosDir())).map(([name]) => name).sort();
  } catch {
    return [];
  }
}

/** Waits for the player to show a video other than `previousSrc`, with its metadata loaded. */
function waitForNewVideo(previousSrc: string | undefined, what: string): Promise<PlayerSnapshot | null> {
  return waitInPanel<PlayerSnapshot | null>(
    `const v = document.querySelector('#player video');
     if (!v) return null;
     const meta = {};
     for (const row of document.querySelectorAll('#player .meta-row')) meta[row.querySelector('dt').textContent] = row.querySelector('dd').textContent;
     const notice = document.querySelector('#player .notice');
     return { src: v.getAttribute('src'), videoWidth: v.videoWidth, videoHeight: v.videoHeight, readyState: v.readyState, meta,
              notice: notice ? notice.textContent : null, buttons: [...document.querySelectorAll('#player button')].map((b) => b.textContent) };`,
    (p) => p !== null && p.src !== previousSrc && p.readyState >= 1 && p.videoWidth > 0,
    what,
    GENERATION_TIMEOUT_MS,
  );
}

async function chooseRequest(model: string, quality: string, duration: number, ratio: string): Promise<void> {
  await choose('model', model);
  await choose('quality', quality);
  await choose('duration', String(duration));
  await choose('ratio', ratio);
}

const USAGE_SCRIPT = `return document.getElementById('usage').textContent;`;
const ESTIMATE_SCRIPT = `const p = document.getElementById('cost-estimate'); return p.hidden ? null : p.textContent;`;

/** The usage line's text. */
function usageLine(): Promise<string> {
  return inPanel<string>(USAGE_SCRIPT);
}

/** Today's count in the usage line ("Today: 3 videos, …", "Today: no videos …", "No videos generated yet."). */
function todayCount(line: string): number {
  const match = /^Today: (\d+) videos?\b/.exec(line);
  if (match) return Number(match[1]);
  assert.match(line, /^(Today: no videos|No videos generated yet\.)/);
  return 0;
}

/** The estimate under the form: its text, or null while it is hidden. */
function estimateText(): Promise<string | null> {
  return inPanel<string | null>(ESTIMATE_SCRIPT);
}

function estimateFor(amount: number): string {
  return `Estimated cost: about ${amount.toFixed(2)} USD (an estimate from the API's price list).`;
}

/** The emulator's price per second for each video model, read as the extension would. */
async function pricesPerSecond(): Promise<Map<string, number>> {
  const res = await fetch(`${emulatorUrl()}/v1/models?type=true&pricing=true`, {
    headers: { authorization: `Bearer ${INTEGRATION_API_KEY}` },
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { data: Array<{ id: string; type?: string; pricing?: { per_second?: number; currency?: string } }> };
  const prices = new Map<string, number>();
  for (const m of body.data) {
    if (m.type === 'video/generation' && typeof m.pricing?.per_second === 'number' && m.pricing.currency === 'USD')
      prices.set(m.id, m.pricing.per_second);
  }
  return prices;
}

/**
 * Strings that would become markup, script or a trick if anything on the page parsed them. None has
 * leading or trailing whitespace (the request trims the prompt), and the longest still fits the
 * prompt limit twice over (as the prompt and inside the directive that makes it the revised prompt).
 */
const INJECTION_CORPUS: readonly string[] = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload=window.__pwned=1>',
  "'><svg/onload=window.__pwned=1><!--",
  '<a href="javascript:window.__pwned=1">open</a> javascript:window.__pwned=1',
  '</textarea><script>window.__pwned=1</script>',
  '</dd></dl></div><img src=x onerror=window.__pwned=1>',
  "{{constructor.constructor('window.__pwned=1')()}} ${window.__pwned=1} <%= 7*7 %>",
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp;amp; &#60;img src=x onerror=window.__pwned=1&#62;',
  '<style>body { display: none !important; }</style>',
  '<div style="width: expression(window.__pwned=1); background: url(javascript:window.__pwned=1)">css</div>',
  '\u202egnp.exe <b>bold</b>\u202c and <scr\u200bipt>window.__pwned=1</scr\u200bipt>\ufeff',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>',
  '<!--<img src="--><img src=x onerror=window.__pwned=1>-->',
  '<object data="javascript:window.__pwned=1"></object><embed src="javascript:window.__pwned=1">',
  '<base href="https://attacker.invalid/"><meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
  '[open](javascript:window.__pwned=1) ]] <details open ontoggle=window.__pwned=1>',
  'line one\n<script>window.__pwned=1</script>\r\n\tline two\u2028<input autofocus onfocus=window.__pwned=1>',
  '<svg><animate onbegin=window.__pwned=1 attributeName=x dur=1s>',
  '<img src=x onerror="window.__pwned=1">'.repeat(48),
];

/** Tags a corpus string would create if it were parsed; the page's own count of each must not change. */
const INJECTED_TAGS = [
  'script',
  'img',
  'iframe',
  'frame',
  'svg',
  'math',
  'style',
  'link',
  'object',
  'embed',
  'base',
  'meta',
  'a',
  'b',
  'input',
  'textarea',
  'details',
  'form',
];

/**
 * A `[[emulator:success revisedPrompt="…"]]` argument: JSON string quoting (the emulator JSON-parses
 * quoted values), with `]` escaped because a directive ends at the first `]`.
 */
function directiveString(text: string): string {
  return JSON.stringify(text).replace(/\]/g, '\\u005d');
}

/** In the page: an inline handler, a srcdoc, or a javascript: URL where a URL is loaded from. */
const BAD_ATTRIBUTE = `const isBad = (a) => /^on/i.test(a.name) || a.name.toLowerCase() === 'srcdoc'
  || (/^(href|src|action|formaction|data|xlink:href)$/i.test(a.name) && /^\\s*javascript:/i.test(a.value));`;

/** Watches the page for elements made from text: records every dangerous tag or inline handler added. */
const INJECTION_WATCH_SCRIPT = `
  if (window.__videoGenInjectionWatch) return 'kept';
  const tags = new Set(${JSON.stringify(INJECTED_TAGS.map((t) => t.toUpperCase()))});
  const seen = [];
  ${BAD_ATTRIBUTE}
  const check = (el) => {
    const bad = [...el.attributes].filter(isBad).map((a) => a.name);
    if (tags.has(el.tagName.toUpperCase()) || bad.length) seen.push(el.tagName.toLowerCase() + (bad.length ? '[' + bad.join(',') + ']' : ''));
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) { check(n); n.querySelectorAll('*').forEach(check); }
  });
  observer.observe(document, { childList: true, subtree: true });
  window.__videoGenInjectionWatch = seen;
  return 'installed';`;

interface InjectionView {
  src: string | null;
  meta: Record<string, string>;
  /** Elements inside the metadata values: text only, so none. */
  metaChildren: number;
  history: { text: string; children: number } | null;
  counts: Record<string, number>;
  /** Elements carrying an inline handler or a javascript: URL. */
  handlers: string[];
  /** What the watch saw being added since it was installed (null: the page was replaced). */
  added: string[] | null;
  canary: string;
  bodyDisplay: string;
  baseURI: string;
}

function injectionViewScript(historyId: string): string {
  return `
    const v = document.querySelector('#player video');
    const meta = {};
    let metaChildren = 0;
    for (const row of document.querySelectorAll('#player .meta-row')) {
      const dd = row.querySelector('dd');
      meta[row.querySelector('dt').textContent] = dd.textContent;
      metaChildren += dd.children.length;
    }
    const item = [...document.querySelectorAll('#history li.history-item')].find((li) => li.getAttribute('data-id') === ${JSON.stringify(historyId)});
    const prompt = item ? item.querySelector('.history-prompt') : null;
    const counts = {};
    for (const tag of ${JSON.stringify(INJECTED_TAGS)}) counts[tag] = document.querySelectorAll(tag).length;
    const handlers = [];
    ${BAD_ATTRIBUTE}
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (isBad(a)) handlers.push(el.tagName.toLowerCase() + '[' + a.name + ']');
    }
    let parentCanary = 'unreadable';
    try { parentCanary = typeof window.parent.__pwned; } catch { /* another origin */ }
    return {
      src: v ? v.getAttribute('src') : null,
      meta,
      metaChildren,
      history: prompt ? { text: prompt.textContent, children: prompt.children.length } : null,
      counts,
      handlers,
      added: window.__videoGenInjectionWatch ? [...window.__videoGenInjectionWatch] : null,
      canary: typeof window.__pwned + '/' + parentCanary,
      bodyDisplay: getComputedStyle(document.body).display,
      baseURI: document.baseURI,
    };`;
}

async function clearNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
}

async function screenshotInTheme(theme: string, name: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  // The page repaints with the new variables a moment after the workbench does.
  await new Promise((r) => setTimeout(r, 1500));
  await screenshot(name);
}

/** HTMLMediaElement.NETWORK_EMPTY: no source, nothing loading. */
const HTMLMediaElementNetworkEmpty = 0;

describe('Panel: form, generation and player', function () {
  this.timeout(GENERATION_TIMEOUT_MS * 2);

  before(async function () {
    if (!driverUrl()) this.skip();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    await clearNotifications();
    await vscode.commands.executeCommand('videoGen.openPanel');
    await waitForForm();
  });

  it('offers only the qualities and durations the chosen model supports', async () => {
    await choose('model', 'provider-2/seedance-lite');
    assert.deepEqual(await optionsOf('quality'), ['1080p']);
    assert.deepEqual(await optionsOf('duration'), ['1', '2', '3', '4', '5']);

    await choose('model', 'provider-2/veo');
    assert.deepEqual(await optionsOf('quality'), ['720p', '1080p']);
    assert.deepEqual(await optionsOf('duration'), ['1', '2', '3', '4', '5', '6', '7', '8']);
    const marks = await inPanel<{ badge: string; hidden: boolean; advice: string; option: string }>(`
      const badge = document.getElementById('model-badge');
      const model = document.getElementById('model');
      return { badge: badge.textContent, hidden: badge.hidden, advice: document.getElementById('model-advice').textContent, option: model.options[model.selectedIndex].text };`);
    assert.equal(marks.hidden, false);
    assert.equal(marks.badge, 'Premium');
    assert.match(marks.advice, /sparingly/i);
    assert.match(marks.option, /Premium/);

    // A previous choice stays when the next model supports it, and is clamped when it does not.
    await choose('quality', '720p');
    await choose('duration', '8');
    await choose('model', 'provider-2/kling-v2.1');
    let form = await formSnapshot();
    assert.equal(form.quality, '720p');
    assert.equal(form.duration, '5');
    await choose('model', 'provider-2/seedance-lite');
    form = await formSnapshot();
    assert.equal(form.quality, '1080p');
    assert.equal(form.duration, '5');
    const advice = await inPanel<string>(`return document.getElementById('model-advice').textContent;`);
    assert.match(advice, /lighter/i);
  });

  it('generates with Ctrl+Enter and plays the saved clip at the requested size, with its metadata', async () => {
    await chooseRequest('provider-2/kling-v2.1', '720p', 2, '16:9');
    const before = (await playerSnapshot())?.src;
    // Sent when the page starts, so it is there before the first generation of the run too.
    const countBefore = todayCount(await waitInPanel<string>(USAGE_SCRIPT, (t) => t !== '', 'the usage line'));
    await clickInPanel('#prompt');
    await setPrompt('Waves rolling onto a beach at sunset, slow camera pan');
    await pressKey('Control+Enter');

    const player = await waitForNewVideo(before, 'the generated clip to play');
    assert.ok(player);
    assert.equal(player.videoWidth, 1280);
    assert.equal(player.videoHeight, 720);
    assert.match(player.src, /\.mp4\?v(=|%3D)\d+$/);
    assert.ok(!player.src.startsWith('data:') && !player.src.startsWith('blob:'), 'the video comes from its file, not as data');
    assert.equal(player.meta['Resolution'], '1280 × 720');
    assert.match(player.meta['Duration'] ?? '', /^2(\.\d+)? s$/);
    assert.match(player.meta['Video codec'] ?? '', /h\.?264|avc/i);
    assert.equal(player.meta['Settings'], '720p · 16:9 · 2 s');
    assert.equal(player.meta['Model'], 'Kling v2.1');
    assert.equal(player.meta['Prompt'], 'Waves rolling onto a beach at sunset, slow camera pan');
    assert.match(player.meta['File'] ?? '', /^videos\/.*\.mp4$/);
    assert.equal(player.notice, null, 'no AAC note for a clip without audio');
    for (const label of ['Generate Again…', 'Reveal File', 'Copy Path']) assert.ok(player.buttons.includes(label), `${label} is offered`);

    // The job left the list, the form kept its prompt for the next try.
    await waitInPanel<boolean>(`return document.getElementById('jobs-section').hidden;`, (hidden) => hidden, 'the job list to empty');
    assert.equal((await formSnapshot()).prompt, 'Waves rolling onto a beach at sunset, slow camera pan');

    // The usage line counted it, under today and under the model.
    const after = await waitInPanel<string>(
      USAGE_SCRIPT,
      (t) => todayCount(t) === countBefore + 1,
      'the usage line to count the new video',
    );
    assert.match(after, /^Today: \d+ videos?, \d+ s \((.+, )?Kling v2\.1: \d+(, .+)?\) · In total: \d+ videos?, \d+ s$/);
  });

  it('looks native in dark, light and high-contrast themes', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const previous = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      await clearNotifications();
      await screenshotInTheme('Default Dark Modern', 'panel-dark');
      await screenshotInTheme('Default Light Modern', 'panel-light');
      await screenshotInTheme('Default High Contrast', 'panel-hc-dark');
      await screenshotInTheme('Default High Contrast Light', 'panel-hc-light');
      const colors = await inPanel<{ body: string; classes: string }>(
        `return { body: getComputedStyle(document.body).backgroundColor, classes: document.body.className };`,
      );
      assert.match(colors.classes, /vscode-high-contrast/);
    } finally {
      await workbench.update('colorTheme', previous, vscode.ConfigurationTarget.Global);
    }
  });

  it('"Generate Again" fills the form with the settings of the video on show', async () => {
    await choose('model', 'provider-2/veo-fast');
    await setPrompt('something else');
    await clickInPanel('#player .generate-again');
    const form = await formSnapshot();
    assert.deepEqual(form, {
      prompt: 'Waves rolling onto a beach at sunset, slow camera pan',
      model: 'provider-2/kling-v2.1',
      quality: '720p',
      duration: '2',
      ratio: '16:9',
    });
    const focused = await inPanel<string>(`return document.activeElement ? document.activeElement.id : '';`);
    assert.equal(focused, 'prompt');
  });

  it('shows a revised prompt from the server as text, never as markup', async () => {
    await chooseRequest('provider-2/kling-v2.1', '720p', 1, '16:9');
    const before = (await playerSnapshot())?.src;
    const hostile = '<img src=x onerror=alert(1)>';
    await setPrompt(`A neon street at night [[emulator:success revisedPrompt="${hostile}"]]`);
    await clickInPanel('#generate');
    const player = await waitForNewVideo(before, 'the clip with a hostile revised prompt');
    assert.ok(player);
    assert.equal(player.meta['Revised prompt'], hostile);
    const images = await inPanel<number>(`return document.querySelectorAll('img').length;`);
    assert.equal(images, 0, 'no element was created from the text');
  });

  it('renders a corpus of injection strings as text, as the revised prompt and as the prompt', async function () {
    this.timeout(INJECTION_CORPUS.length * 30_000);
    const model = 'provider-2/kling-v2.1';
    await inPanel<string>(INJECTION_WATCH_SCRIPT);
    const baseline = await inPanel<InjectionView>(injectionViewScript(''));
    assert.equal(baseline.canary.split('/')[0], 'undefined', 'the canary is unset before the corpus');
    assert.deepEqual(baseline.handlers, [], 'the page itself has no inline handler');
    let pageReloads = 0;
    for (const [index, text] of INJECTION_CORPUS.entries()) {
      const what = `corpus string ${index + 1} (${JSON.stringify(text.slice(0, 40))})`;
      const prompt = `${text} [[emulator:success revisedPrompt=${directiveString(text)}]]`;
      assert.equal(prompt, prompt.trim(), `${what}: the request would trim it`);
      assert.ok([...prompt].length <= MAX_PROMPT_LENGTH, `${what}: the prompt fits the limit`);

      const result = await vscode.commands.executeCommand<AutomationResult>('videoGen.generate', {
        prompt,
        model,
        quality: '720p',
        duration: 1,
        ratio: '16:9',
      });
      assert.equal(result.revisedPrompt, text, `${what}: the server sent it back as the revised prompt`);
      assert.equal(result.request.prompt, prompt);
      const file = result.files[0];
      assert.ok(file, `${what}: a video was saved`);
      // Resolves once the player loaded the clip's metadata.
      await vscode.commands.executeCommand('videoGen.openVideo', file.uri);
      const fileName = file.uri.path.slice(file.uri.path.lastIndexOf('/') + 1);
      const view = await waitInPanel<InjectionView>(
        injectionViewScript(file.sidecarUri.toString()),
        (v) => v.src !== null && v.src.split('?')[0]!.endsWith(`/${fileName}`) && v.history !== null,
        `${what}: the clip in the player and in the history list`,
      );

      // Shown verbatim, as text, where the page shows it.
      assert.equal(view.meta['Revised prompt'], text, `${what}: the revised prompt row`);
      assert.equal(view.meta['Prompt'], prompt, `${what}: the prompt row`);
      assert.equal(view.metaChildren, 0, `${what}: the metadata values hold text only`);
      assert.equal(view.history?.text, excerpt(prompt, 90), `${what}: the history list shows the prompt's one-line excerpt`);
      assert.equal(view.history?.children, 0, `${what}: the history entry holds text only`);
      // Nothing was made from it, now or in passing (the jobs list shows the prompt while it runs).
      assert.deepEqual(view.counts, baseline.counts, `${what}: no element was created from the text`);
      assert.deepEqual(view.handlers, [], `${what}: no inline handler or javascript: URL appeared`);
      if (view.added === null) {
        // The page was replaced (a reload): what it shows now was still checked above; watch the new one.
        pageReloads++;
        await inPanel<string>(INJECTION_WATCH_SCRIPT);
      } else {
        assert.deepEqual(view.added, [], `${what}: no such element was added at any time`);
      }
      assert.equal(view.canary, baseline.canary, `${what}: no script ran`);
      assert.notEqual(view.bodyDisplay, 'none', `${what}: no style applied`);
      assert.equal(view.baseURI, baseline.baseURI, `${what}: no <base> took effect`);
      await clearNotifications();
    }
    console.log(
      `      injection corpus: ${INJECTION_CORPUS.length} strings × 2 places rendered as text${pageReloads ? ` (the page reloaded ${pageReloads} time(s))` : ''}`,
    );
  });

  it('says how AAC audio plays (here natively: the test host decodes AAC) and offers the system player', async () => {
    const before = (await playerSnapshot())?.src;
    await setPrompt('Birds singing in a forest [[emulator:success audio=true]]');
    await clickInPanel('#generate');
    const player = await waitForNewVideo(before, 'the clip with AAC audio');
    assert.ok(player);
    const route = await waitInPanel<string | null>(
      `return document.querySelector('#player .audio-route')?.dataset.route ?? null;`,
      (r) => r !== null && r !== 'checking',
      'the sound route',
    );
    assert.equal(route, 'native');
    assert.ok(player.buttons.includes('Open in System Player'));
    assert.match(player.meta['Audio codec'] ?? '', /aac|mp4a/i);
  });

  it('cancels a running generation from the panel and leaves no file behind', async () => {
    await clearNotifications();
    const before = await filesInVideos();
    await setPrompt('Slow clouds over hills [[emulator:slow_headers delayMs=20000]]');
    await clickInPanel('#generate');
    // The job shows with its phase and elapsed time, and the form's Cancel button becomes active.
    const row = await waitInPanel<{ enabled: boolean; rows: number; progress: string }>(
      `return { enabled: !document.getElementById('cancel').disabled, rows: document.querySelectorAll('#jobs li').length,
                progress: document.querySelector('#jobs .job-progress')?.textContent ?? '' };`,
      (s) => s.enabled && s.rows === 1,
      'the running job',
    );
    assert.match(row.progress, /connecting|waiting/);
    await screenshot('panel-running');
    await clickInPanel('#cancel');
    await waitInPanel<{ hidden: boolean; status: string }>(
      `return { hidden: document.getElementById('jobs-section').hidden, status: document.getElementById('status').textContent };`,
      (s) => s.hidden && /cancelled/i.test(s.status),
      'the cancellation',
    );
    assert.deepEqual(await filesInVideos(), before);
  });

  it('shows a failed generation inline with its code', async () => {
    await setPrompt('A storm at sea [[emulator:provider_error]]');
    await clickInPanel('#generate');
    const error = await waitInPanel<{ hidden: boolean; text: string; role: string | null }>(
      `const box = document.getElementById('error'); return { hidden: box.hidden, text: box.textContent, role: box.getAttribute('role') };`,
      (e) => !e.hidden && /provider_error/.test(e.text),
      'the inline error',
    );
    assert.equal(error.role, 'alert');
    assert.match(error.text, /provider/i);
    await clearNotifications();
    await screenshot('panel-error');
    // Dismissed by the user; a new generation would clear it too.
    await clickInPanel('#error button');
    assert.equal(await inPanel<boolean>(`return document.getElementById('error').hidden;`), true);
  });

  it('keeps the form and the video when the panel is hidden and shown again', async () => {
    await setPrompt('kept while hidden');
    // Another editor in the same group hides the panel, whose page is then discarded.
    const cover = vscode.Uri.joinPath(videosDir(), '..', 'panel-cover.txt');
    await vscode.workspace.fs.writeFile(cover, new TextEncoder().encode('covers the panel'));
    await vscode.window.showTextDocument(cover, { preview: false });
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('videoGen.openPanel');
    await waitForForm();
    assert.equal(
      await waitInPanel(`return document.getElementById('prompt').value;`, (v) => v === 'kept while hidden', 'the prompt after showing'),
      'kept while hidden',
    );
    await waitInPanel<number>(
      `const v = document.querySelector('#player video'); return v ? v.videoWidth : 0;`,
      (w) => w > 0,
      'the video after showing',
    );
    // The error dismissed in the previous test does not come back with the new page.
    assert.equal(await inPanel<boolean>(`return document.getElementById('error').hidden;`), true, 'a dismissed error stays dismissed');
    await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
  });

  it('keeps the form when the page reloads', async () => {
    await vscode.commands.executeCommand('videoGen.openPanel');
    await waitForForm();
    await choose('model', 'provider-2/veo-fast');
    await choose('duration', '7');
    await setPrompt('remember this prompt');
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await new Promise((r) => setTimeout(r, 1000));
    await waitForForm();
    const form = await waitInPanel(
      `return document.getElementById('prompt').value;`,
      (v) => v === 'remember this prompt',
      'the restored prompt',
    );
    assert.equal(form, 'remember this prompt');
    const restored = await formSnapshot();
    assert.equal(restored.model, 'provider-2/veo-fast');
    assert.equal(restored.duration, '7');
    // The video on show comes back too.
    await waitInPanel<number>(
      `const v = document.querySelector('#player video'); return v ? v.videoWidth : 0;`,
      (w) => w > 0,
      'the video after the reload',
    );
  });

  it("estimates the cost from the API's price list, and says nothing about cost without one", async () => {
    const prices = await pricesPerSecond();
    const kling = prices.get('provider-2/kling-v2.1');
    const veo = prices.get('provider-2/veo');
    assert.ok(kling !== undefined && veo !== undefined, 'the emulator prices both models');
    // The refresh merges the prices into the catalog; the panel gets the new model list.
    await vscode.commands.executeCommand('videoGen.refreshModels');
    await clearNotifications();
    await choose('model', 'provider-2/kling-v2.1');
    await choose('duration', '2');
    assert.equal(
      await waitInPanel<string | null>(ESTIMATE_SCRIPT, (t) => t === estimateFor(kling * 2), 'the estimate for 2 s'),
      estimateFor(kling * 2),
    );
    await choose('duration', '5');
    assert.equal(await estimateText(), estimateFor(kling * 5));
    await choose('model', 'provider-2/veo');
    await choose('duration', '8');
    assert.equal(await estimateText(), estimateFor(veo * 8));
    assert.match(await usageLine(), /^Today: /);
    await inPanel(`document.querySelector('#error button')?.click();`);
    // The refresh's progress notification lingers a moment after it finished.
    await new Promise((r) => setTimeout(r, 1500));
    await clearNotifications();
    await screenshot('panel-cost');
    const workbench = vscode.workspace.getConfiguration('workbench');
    const theme = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      await screenshotInTheme('Default Dark Modern', 'panel-cost-dark');
    } finally {
      await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    }

    // A listing fetched from another base URL does not apply: the built-in table has no prices,
    // so the panel says nothing about cost (never a guess).
    const config = vscode.workspace.getConfiguration('videoGen');
    const previous = config.inspect<string>('baseUrl')?.globalValue;
    try {
      await config.update('baseUrl', 'http://127.0.0.1:9/v1', vscode.ConfigurationTarget.Global);
      await waitInPanel<boolean>(
        `const p = document.getElementById('cost-estimate'); return p.hidden && p.textContent === '';`,
        (gone) => gone,
        'the estimate to go',
      );
      await choose('model', 'provider-2/kling-v2.1');
      await choose('duration', '3');
      assert.equal(await estimateText(), null);
      assert.doesNotMatch(await inPanel<string>(`return document.querySelector('.composer').textContent;`), /Estimated cost|USD/);
    } finally {
      await config.update('baseUrl', previous, vscode.ConfigurationTarget.Global);
    }
    assert.equal(await waitInPanel<string | null>(ESTIMATE_SCRIPT, (t) => t !== null, 'the estimate to return'), estimateFor(kling * 3));
  });

  it('lets the clip it replaces go: the old <video> keeps no source and no load', async () => {
    const clips = (await vscode.workspace.fs.readDirectory(videosDir())).map(([n]) => n).filter((n) => n.endsWith('.mp4'));
    assert.ok(clips[0], 'a saved clip to show');
    const first = vscode.Uri.joinPath(videosDir(), clips[0]);
    const second = vscode.Uri.joinPath(videosDir(), 'panel-replacing-clip.mp4');
    await vscode.workspace.fs.copy(first, second, { overwrite: true });
    try {
      assert.ok(await vscode.commands.executeCommand('videoGen.openVideo', first), 'the first clip loaded');
      await inPanel(`window.__replacedVideo = document.querySelector('#player video'); return true;`);
      assert.ok(await vscode.commands.executeCommand('videoGen.openVideo', second), 'the second clip loaded');
      const replaced = await inPanel<{ onPage: boolean; src: string | null; networkState: number } | null>(
        `const v = window.__replacedVideo;
         return v ? { onPage: v.isConnected, src: v.getAttribute('src'), networkState: v.networkState } : null;`,
      );
      assert.ok(replaced, 'the page that showed the first clip is the one that shows the second');
      assert.deepEqual(replaced, { onPage: false, src: null, networkState: HTMLMediaElementNetworkEmpty });
    } finally {
      // The next tests expect the clip on show to stay on disk.
      await vscode.commands.executeCommand('videoGen.openVideo', first);
      await vscode.workspace.fs.delete(second);
    }
  });
});
