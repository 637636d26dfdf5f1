// Compare and promote in a real VS Code against the emulator: Compare Models with three models
// gives three tiles; one seek moves every tile together; Discard asks first, then removes the video
// and its sidecar; Promote makes a final whose sidecar names the draft (path and SHA-256), and the
// panel shows the lineage. Screenshots of the compare view in light, dark and high contrast.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CompareResult } from '../../../src/commands/compareCommands';
import type { PromoteResult } from '../../../src/commands/comparePromoteCommand';
import { parseSidecar } from '../../../src/output/sidecar';
import { INTEGRATION_API_KEY, driverUrl, emulatorRequests, resetEmulator, screenshot } from '../env';
import { axeViolations, seriousOrCritical } from '../accessibility';
import { clickInPanel, inPanel, pressKey, waitInPanel } from '../webviewHelpers';

const EXTENSION_ID = 'videogen.video-gen';
const MODELS = ['provider-2/seedance-lite', 'provider-2/kling-v2.1', 'provider-2/veo-fast'];
const PROMPT = 'A paper boat on a rain puddle, <b>three</b> takes';

interface TileState {
  count: number;
  ready: boolean[];
  times: number[];
  seeking: boolean[];
  models: string[];
  kept: boolean[];
}

const TILES_SCRIPT = `
  const videos = [...document.querySelectorAll('#compare .compare-tile video')];
  return {
    count: document.querySelectorAll('#compare .compare-tile').length,
    ready: videos.map((v) => v.readyState >= 2),
    times: videos.map((v) => v.currentTime),
    seeking: videos.map((v) => v.seeking),
    models: [...document.querySelectorAll('#compare .compare-model')].map((h) => h.firstChild.textContent),
    kept: [...document.querySelectorAll('#compare .kept-badge')].map((b) => getComputedStyle(b).display !== 'none'),
  };`;

function spread(times: number[]): number {
  return Math.max(...times) - Math.min(...times);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function sidecarOf(video: vscode.Uri) {
  const uri = video.with({ path: video.path.replace(/\.mp4$/, '.json') });
  return parseSidecar(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
}

/** Seeks the whole group with the control bar's slider, as the keyboard or mouse would. */
/** `near`: how close to `seconds` each tile must be (playing tiles move on while the page is polled). */
async function seekTo(seconds: number, near = 0.1): Promise<TileState> {
  // The slider's range is the longest take, known once every tile has its metadata.
  await waitInPanel<number>(
    `return Number(document.querySelector('#compare .compare-seek').max);`,
    (max) => max > seconds,
    'the slider range',
  );
  await inPanel(`
    const bar = document.querySelector('#compare .compare-seek');
    bar.value = ${JSON.stringify(String(seconds))};
    bar.dispatchEvent(new Event('input', { bubbles: true }));
    return true;`);
  return waitInPanel<TileState>(
    TILES_SCRIPT,
    (s) => s.seeking.every((x) => !x) && s.times.every((t) => t >= seconds - 0.1 && t < seconds + near),
    `every tile at ${seconds} s`,
    20_000,
  );
}

async function screenshotInTheme(theme: string, name: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await new Promise((r) => setTimeout(r, 1500));
  await screenshot(name);
}

describe('Compare and promote', function () {
  this.timeout(120_000);
  let result: CompareResult;

  before(async function () {
    if (!driverUrl()) this.skip();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    await vscode.commands.executeCommand('notifications.clearAll');
    await resetEmulator();
  });

  after(async () => {
    // The suites after this one start from a closed panel.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('compares three models: one batch, three tiles, each with its model', async () => {
    const compared = await vscode.commands.executeCommand<CompareResult>('videoGen.compareModels', {
      prompt: PROMPT,
      models: MODELS,
      quality: '1080p',
      duration: 5,
      ratio: '16:9',
    });
    assert.ok(compared);
    result = compared;
    assert.deepEqual(result.failed, []);
    assert.deepEqual(result.takes.map((t) => t.model).sort(), [...MODELS].sort());
    const generations = (await emulatorRequests()).filter((r) => r.path.endsWith('/video/generations'));
    assert.equal(generations.length, 3);
    const state = await waitInPanel<TileState>(TILES_SCRIPT, (s) => s.count === 3 && s.ready.every(Boolean), 'three loaded tiles');
    assert.deepEqual([...state.models].sort(), ['Kling v2.1', 'Seedance Lite', 'Veo Fast']);
    // The prompt is text, never markup.
    const prompt = await inPanel<{ text: string; bold: number }>(
      `const p = document.querySelector('#compare .compare-prompt'); return { text: p.textContent, bold: p.querySelectorAll('b').length };`,
    );
    assert.deepEqual(prompt, { text: PROMPT, bold: 0 });
  });

  it('moves every tile on a seek, paused and while playing, within 0.1 s of each other', async () => {
    const paused = await seekTo(1.5);
    assert.ok(spread(paused.times) < 0.1, `paused: ${JSON.stringify(paused.times)}`);
    await seekTo(0.2);
    // Looping, so a slow machine cannot reach the end (and stop) before the seek.
    await clickInPanel('#compare .compare-loop');
    await clickInPanel('#compare .compare-play');
    await waitInPanel<string>(`return document.getElementById('compare').dataset.playing;`, (p) => p === 'true', 'playing');
    await new Promise((r) => setTimeout(r, 400));
    const seeksBefore = await inPanel<number>(`return Number(document.getElementById('compare').dataset.seeks);`);
    await inPanel(`
      const bar = document.querySelector('#compare .compare-seek');
      bar.value = '3.5';
      bar.dispatchEvent(new Event('input', { bubbles: true }));
      return true;`);
    // Playing on after the seek: each tile's currentTime, read in one go, within 0.1 s of the others.
    const playing = await waitInPanel<TileState & { seeks: number }>(
      `const s = (() => {${TILES_SCRIPT}})(); s.seeks = Number(document.getElementById('compare').dataset.seeks); return s;`,
      (s) => s.seeks > seeksBefore && s.seeking.every((x) => !x),
      'the seek while playing',
      20_000,
    );
    assert.ok(spread(playing.times) < 0.1, `playing: ${JSON.stringify(playing.times)}`);
    await clickInPanel('#compare .compare-loop');
    await clickInPanel('#compare .compare-play');
    const stopped = await waitInPanel<TileState>(
      `const s = (() => {${TILES_SCRIPT}})(); s.playing = document.getElementById('compare').dataset.playing; return s;`,
      (s) => (s as TileState & { playing: string }).playing === 'false' && s.seeking.every((x) => !x),
      'paused again',
    );
    assert.ok(spread(stopped.times) < 0.1, `after pause: ${JSON.stringify(stopped.times)}`);
  });

  it('is keyboard usable: the control bar and every tile button take the focus, and show it', async () => {
    const focusable = await inPanel<number>(`
      const all = [...document.querySelectorAll('#compare button, #compare input')];
      document.querySelector('#compare .compare-keep').focus();
      return all.filter((e) => e.tabIndex >= 0 && !e.disabled).length;`);
    // Play, slider, Loop, Close, and Keep, Discard, Promote on each of the three tiles.
    assert.equal(focusable, 4 + 3 * 3);
    await pressKey('Tab');
    const focused = await waitInPanel<{ className: string; outline: string }>(
      `const e = document.activeElement; return { className: e.className, outline: getComputedStyle(e).outlineStyle };`,
      (f) => f.className.includes('compare-discard'),
      'Tab to move to Discard',
      10_000,
    );
    assert.notEqual(focused.outline, 'none', 'the focused button shows its focus');
  });

  it('shows the compare view in light, dark and high-contrast themes, with no serious axe-core violation', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const previous = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      await vscode.commands.executeCommand('notifications.clearAll');
      // Keep marks the first take (a toggle with its state for screen readers).
      await clickInPanel('#compare .compare-tile:first-child .compare-keep');
      await waitInPanel<string | null>(
        `return document.querySelector('#compare .compare-tile:first-child .compare-keep').getAttribute('aria-pressed');`,
        (pressed) => pressed === 'true',
        'the first take marked as kept',
      );
      assert.deepEqual((await inPanel<TileState>(TILES_SCRIPT)).kept, [true, false, false], 'only the first tile shows its Kept badge');
      await seekTo(1.2);
      for (const [theme, name] of [
        ['Default Light Modern', 'compare-light'],
        ['Default Dark Modern', 'compare-dark'],
        ['Default High Contrast', 'compare-hc-dark'],
      ] as const) {
        await screenshotInTheme(theme, name);
        // axe-core on the page with the compare view open: no serious or critical violation.
        const violations = await axeViolations('[data-video-gen-panel]');
        assert.deepEqual(
          seriousOrCritical(violations).map((v) => `${v.id}: ${v.targets.join(', ')}`),
          [],
          `axe-core in ${theme}`,
        );
      }
    } finally {
      await workbench.update('colorTheme', previous, vscode.ConfigurationTarget.Global);
    }
  });

  it('promotes a take: the final sidecar names the draft by path and SHA-256, and the panel shows the lineage', async () => {
    await inPanel(`window.__compareVideos = [...document.querySelectorAll('#compare .compare-tile video')]; return true;`);
    const draft = result.takes.find((t) => t.model === 'provider-2/kling-v2.1')!;
    const draftSidecar = await sidecarOf(draft.uri);
    assert.ok(draftSidecar);
    const promoted = await vscode.commands.executeCommand<PromoteResult>('videoGen.promoteToFinal', draft.uri, {
      model: 'provider-2/veo-fast',
      quality: '1080p',
      duration: 4,
    });
    assert.ok(promoted);
    assert.deepEqual(promoted.derivedFrom, { path: draft.path, sha256: draftSidecar.sha256 });
    assert.match(draft.path, /^videos\/[^/\\]+\.mp4$/);
    const final = await sidecarOf(promoted.files[0]!.uri);
    assert.ok(final);
    assert.deepEqual(final.derivedFrom, { path: draft.path, sha256: draftSidecar.sha256 });
    assert.equal(final.request.prompt, draftSidecar.request.prompt);
    assert.equal(final.request.ratio, draftSidecar.request.ratio);
    assert.deepEqual([final.request.model, final.request.quality, final.request.duration], ['provider-2/veo-fast', '1080p', 4]);
    const lineage = await waitInPanel<string | null>(
      `const row = [...document.querySelectorAll('#player .meta-row')].find((r) => r.querySelector('dt').textContent === 'Promoted from');
       return row ? row.querySelector('dd').textContent : null;`,
      (v) => v !== null,
      'the lineage row of the final',
    );
    assert.equal(lineage, draft.path); // The single video took the comparison's place: its players are let go, none goes on loading.
    const replaced = await inPanel<Array<{ src: string | null; networkState: number }> | null>(
      `return window.__compareVideos?.map((v) => ({ src: v.getAttribute('src'), networkState: v.networkState })) ?? null;`,
    );
    assert.ok(replaced && replaced.length === 3, 'the page that compared the takes shows the final');
    assert.deepEqual(
      replaced,
      replaced.map(() => ({ src: null, networkState: 0 })),
      'the compared players are let go',
    );
  });

  it('discards a take only after a confirmation, then removes the video and its sidecar', async () => {
    await vscode.commands.executeCommand(
      'videoGen.compareTakes',
      result.takes.map((t) => t.uri),
    );
    await waitInPanel<TileState>(TILES_SCRIPT, (s) => s.count === 3, 'the three takes again');
    const victim = result.takes.find((t) => t.model === 'provider-2/veo-fast')!;
    const sidecar = victim.uri.with({ path: victim.uri.path.replace(/\.mp4$/, '.json') });
    // The tile's Discard asks first; the test host refuses modal dialogs, which counts as "no".
    const tileIndex = await inPanel<number>(
      `return [...document.querySelectorAll('#compare .compare-model')].findIndex((h) => h.firstChild.textContent === 'Veo Fast');`,
    );
    await clickInPanel(`#compare .compare-tile:nth-child(${tileIndex + 1}) .compare-discard`);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await exists(victim.uri), true, 'not confirmed: the video stays');
    assert.equal(await exists(sidecar), true, 'not confirmed: the sidecar stays');
    const discarded = await vscode.commands.executeCommand<{ discarded: boolean; trashed: boolean; removed: string[] }>(
      'videoGen.discardTake',
      victim.uri,
      { confirmed: true, deletePermanentlyWithoutTrash: true },
    );
    assert.equal(discarded?.discarded, true);
    assert.deepEqual(discarded.removed, [victim.path, victim.path.replace(/\.mp4$/, '.json')]);
    assert.equal(await exists(victim.uri), false);
    assert.equal(await exists(sidecar), false);
    console.log(`    (discard: ${discarded.trashed ? 'moved to the trash' : 'no trash on this file system: deleted for good'})`);
  });
});
