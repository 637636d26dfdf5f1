// The Video Gen Player editor in a real VS Code: "Open With" a generated clip shows its provenance
// and checks its SHA-256; a clip without a sidecar shows what the file says; a changed clip says so;
// the reviewer controls (frame step, speed, loop) by keyboard; Save Frame writes a PNG of the clip's
// size whose pixels match ffmpeg's extraction of the same frame; the editor follows a rename and
// says when the file is gone; screenshots in three themes.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import * as vscode from 'vscode';
import type { AutomationResult } from '../../../src/commands/generateCommands';
import { checkLevelFollowsElement, makeAacClip, runSyncScenario, setForceDecoded, waitForLevel } from '../decodedSound';
import { INTEGRATION_API_KEY, driverUrl, evalInWebview, screenshot } from '../env';
import { videosFolder } from '../workspaceVideos';

const EXTENSION_ID = 'videogen.video-gen';
const VIEW_TYPE = 'videoGen.player';
const MARKER = '[data-video-gen-player]';
const run = promisify(execFile);

async function callDriver(action: string, body: unknown): Promise<void> {
  const res = await fetch(`${driverUrl()}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`test driver ${action}: ${((await res.json()) as { error?: string }).error ?? res.status}`);
}

const clickInPlayer = (selector: string): Promise<void> => callDriver('webview-click', { selector, marker: MARKER, timeoutMs: 10_000 });
const press = (key: string): Promise<void> => callDriver('press', { key });
const inPlayer = <T>(script: string): Promise<T> => evalInWebview<T>(script, MARKER, 20_000);

async function waitInPlayer<T>(script: string, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await inPlayer<T>(script);
      if (done(last)) return last;
    } catch {
      // the page is (re)loading
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

interface PlayerState {
  title: string;
  readyState: number;
  videoWidth: number;
  videoHeight: number;
  provenance: Record<string, string> | null;
  file: Record<string, string>;
  hash: string | null;
  hashText: string | null;
  actions: string[];
  noSidecar: boolean;
  gone: string | null;
  timecode: string;
  frame: number;
  loop: boolean;
  rate: number;
  status: string;
}

const STATE_SCRIPT = `
  const rows = (id) => {
    const out = {};
    for (const row of document.querySelectorAll('#' + id + ' .meta-row')) out[row.querySelector('dt').textContent] = row.querySelector('dd').textContent;
    return out;
  };
  const v = document.getElementById('video');
  const hash = document.getElementById('hash-state');
  const gone = document.getElementById('gone');
  return {
    title: document.getElementById('title').textContent,
    readyState: v.readyState, videoWidth: v.videoWidth, videoHeight: v.videoHeight,
    provenance: document.getElementById('provenance-section').hidden ? null : rows('provenance'),
    file: rows('file-facts'),
    hash: hash ? hash.dataset.state : null, hashText: hash ? hash.textContent : null,
    actions: [...document.querySelectorAll('#actions button')].map((b) => b.dataset.action),
    noSidecar: !document.getElementById('no-sidecar').hidden,
    gone: gone.hidden ? null : gone.textContent,
    timecode: document.getElementById('timecode').textContent,
    frame: Number(document.getElementById('timecode').dataset.frame),
    loop: v.loop, rate: v.playbackRate,
    status: document.getElementById('status').textContent,
  };`;

function waitForPlayer(done: (s: PlayerState) => boolean, what: string, timeoutMs?: number): Promise<PlayerState> {
  return waitInPlayer<PlayerState>(STATE_SCRIPT, done, what, timeoutMs);
}

async function openInPlayer(uri: vscode.Uri, name: string): Promise<PlayerState> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  const shown = (s: PlayerState): boolean => s.title === name && s.readyState >= 2 && s.videoWidth > 0;
  try {
    return await waitForPlayer(shown, `the player to show ${name}`, 20_000);
  } catch (err) {
    // Seen twice in full runs on a loaded 2-core machine, never alone: the editor's page stayed
    // empty (no title, no clip). Said in the log, then the editor is opened once more; a second
    // failure fails the test.
    console.log(`the player editor showed nothing within 20 s (${err instanceof Error ? err.message : String(err)}); reopening it once`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    return waitForPlayer(shown, `the player to show ${name} (opened again)`);
  }
}

function activePlayerTab(): vscode.TabInputCustom | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === VIEW_TYPE ? input : undefined;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** A copy of the generated clip (and, when asked, of its sidecar naming the copy) under `name`. */
async function copyClip(source: AutomationResult['files'][number], name: string, withSidecar: boolean): Promise<vscode.Uri> {
  const target = vscode.Uri.joinPath(videosFolder(), name);
  await vscode.workspace.fs.copy(source.uri, target, { overwrite: true });
  if (withSidecar) {
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(source.sidecarUri))) as Record<string, unknown>;
    sidecar.video = name;
    const json = vscode.Uri.joinPath(videosFolder(), name.replace(/\.mp4$/, '.json'));
    await vscode.workspace.fs.writeFile(json, new TextEncoder().encode(JSON.stringify(sidecar, null, 2)));
  }
  return target;
}

/** Mean absolute difference of the RGB channels of two same-sized PNGs (0–255). */
function meanAbsoluteDifference(a: PNG, b: PNG): number {
  assert.equal(a.width, b.width);
  assert.equal(a.height, b.height);
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    sum += Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) + Math.abs(a.data[i + 2]! - b.data[i + 2]!);
  }
  return sum / ((a.data.length / 4) * 3);
}

/**
 * Frame `frame` as ffmpeg extracts it (`-ss` at its start time), converted to RGB with the BT.709
 * matrix, as Chromium converts an HD clip that does not say which one it uses (ffmpeg's own
 * default, BT.601, gives a mean absolute difference of about 8.7 on this clip).
 */
async function ffmpegFrame(clip: string, frame: number, fps: number, dir: string): Promise<PNG> {
  const out = join(dir, `ffmpeg-${frame}.png`);
  const at = (Math.floor((frame / fps) * 1e6) / 1e6).toFixed(6);
  await run(process.env.FFMPEG_PATH ?? 'ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-ss',
    at,
    '-i',
    clip,
    '-frames:v',
    '1',
    '-vf',
    'scale=in_color_matrix=bt709:out_color_matrix=bt709',
    out,
  ]);
  return PNG.sync.read(readFileSync(out));
}

async function screenshotInTheme(theme: string, name: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await new Promise((r) => setTimeout(r, 1500));
  // The editor part only: the player is what the README shows.
  await screenshot(name, '.part.editor');
}

describe('Player editor: Open With Video Gen Player', function () {
  this.timeout(180_000);
  const prompt = `A paper boat on a rain-swept street, ${Date.now()}`;
  let take: AutomationResult['files'][number];

  before(async function () {
    if (!driverUrl()) this.skip();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    const result = await vscode.commands.executeCommand<AutomationResult | undefined>('videoGen.generate', {
      prompt,
      model: 'provider-2/kling-v2.1',
      quality: '720p',
      duration: 2,
      ratio: '16:9',
    });
    assert.ok(result?.files[0], 'the generation saved a file');
    take = result.files[0];
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a generated clip with its provenance, and its SHA-256 matches', async () => {
    const state = await openInPlayer(take.uri, baseName(take.uri));
    assert.equal(state.videoWidth, 1280);
    assert.equal(state.videoHeight, 720);
    assert.ok(state.provenance, 'the provenance is shown');
    assert.equal(state.provenance['Prompt'], prompt);
    assert.match(state.provenance['Model'] ?? '', /Kling/);
    assert.equal(state.provenance['Settings'], '720p · 16:9 · 2 s');
    assert.ok(state.provenance['Created'] && state.provenance['Saved']);
    assert.ok(state.provenance['SHA-256']?.startsWith(take.sha256), 'the sidecar SHA-256 is shown');
    const checked = await waitForPlayer((s) => s.hash !== 'checking', 'the hash check');
    assert.equal(checked.hash, 'matches', checked.hashText ?? '');
    assert.match(checked.hashText ?? '', /^matches/);
    assert.deepEqual(
      checked.actions.filter((a) => a !== 'promoteToFinal'),
      ['generateAgain', 'reveal', 'copyPath'],
    );
    assert.equal(checked.file['Frame rate'], '24 fps');
    assert.equal(checked.noSidecar, false);
    assert.ok(activePlayerTab(), 'the active tab is the Video Gen Player');
  });

  it('copies the clip path through Copy Path', async () => {
    await openInPlayer(take.uri, baseName(take.uri));
    await vscode.env.clipboard.writeText('');
    await clickInPlayer('#actions button[data-action="copyPath"]');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await vscode.env.clipboard.readText()) !== take.path) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await vscode.env.clipboard.readText(), take.path);
  });

  it('shows what the file itself says for a clip without a sidecar', async () => {
    const plain = await copyClip(take, `plain-${Date.now()}.mp4`, false);
    const state = await openInPlayer(plain, baseName(plain));
    assert.equal(state.provenance, null);
    assert.equal(state.noSidecar, true);
    assert.equal(state.file['Resolution'], '1280 × 720');
    assert.equal(state.file['Duration'], '2 s');
    assert.equal(state.file['Video'], 'H.264');
    assert.equal(state.file['Frame rate'], '24 fps');
    assert.deepEqual(
      state.actions,
      state.actions.includes('promoteToFinal') ? ['promoteToFinal', 'reveal', 'copyPath'] : ['reveal', 'copyPath'],
    );
  });

  it('plays a WebM clip and says the probe cannot read it, showing what the player reads', async () => {
    const webm = vscode.Uri.joinPath(videosFolder(), `pattern-${Date.now()}.webm`);
    await run(process.env.FFMPEG_PATH ?? 'ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=25:duration=1',
      '-c:v',
      'libvpx',
      '-b:v',
      '200k',
      webm.fsPath,
    ]);
    const state = await openInPlayer(webm, baseName(webm));
    assert.equal(state.provenance, null);
    assert.equal(state.videoWidth, 320);
    assert.match(Object.values(state.file).join(' | '), /Not read from the file: the MP4 probe does not read WebM files\./);
    const shown = await waitForPlayer((s) => s.file['Resolution'] !== undefined, 'the resolution the player read');
    assert.equal(shown.file['Resolution'], '320 × 180 (as the player reads it)');
  });

  it('says so when the bytes no longer match the sidecar SHA-256', async () => {
    const name = `changed-${Date.now()}.mp4`;
    const changed = await copyClip(take, name, true);
    // One byte of the last frame's data (mdat is last: the emulator's clips are faststart).
    const bytes = await vscode.workspace.fs.readFile(changed);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await vscode.workspace.fs.writeFile(changed, bytes);
    await openInPlayer(changed, name);
    const state = await waitForPlayer((s) => s.hash !== null && s.hash !== 'checking', 'the hash check');
    assert.equal(state.hash, 'differs');
    assert.match(state.hashText ?? '', /does not match the sidecar: the file changed since it was generated/);
    assert.ok(state.provenance, 'the provenance is still shown');
  });

  it('steps frames, changes speed and loops from the keyboard', async () => {
    await openInPlayer(take.uri, baseName(take.uri));
    await clickInPlayer('#next-frame');
    await waitForPlayer((s) => s.frame === 1, 'frame 1 after the button');
    for (let i = 0; i < 3; i++) await press('.');
    let state = await waitForPlayer((s) => s.frame === 4, 'frame 4 after three "."');
    assert.match(state.timecode, /^0:00\.167 · frame 4 of 48$/);
    await press(',');
    state = await waitForPlayer((s) => s.frame === 3, 'frame 3 after ","');
    await press(']');
    await press(']');
    state = await waitForPlayer((s) => s.rate === 1.5, 'speed 1.5×');
    await press('[');
    state = await waitForPlayer((s) => s.rate === 1.25, 'speed 1.25×');
    await press('l');
    state = await waitForPlayer((s) => s.loop, 'loop on');
    await press('l');
    await waitForPlayer((s) => !s.loop, 'loop off');
    // Focus is visible on the control the keyboard reaches.
    const outline = await inPlayer<string>(
      `document.getElementById('next-frame').focus(); return getComputedStyle(document.getElementById('next-frame')).outlineStyle;`,
    );
    assert.notEqual(outline, 'none');
  });

  it('saves the frame shown as a PNG of the clip size whose pixels match ffmpeg extraction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'video-gen-frames-'));
    try {
      await openInPlayer(take.uri, baseName(take.uri));
      await clickInPlayer('#next-frame');
      for (let i = 0; i < 11; i++) await press('.');
      await waitForPlayer((s) => s.frame === 12, 'frame 12');
      const stem = baseName(take.uri).replace(/\.mp4$/, '');
      const first = vscode.Uri.joinPath(videosFolder(), `${stem}-frame-12.png`);
      const second = vscode.Uri.joinPath(videosFolder(), `${stem}-frame-12-2.png`);
      await clickInPlayer('#save-frame');
      await waitForPlayer((s) => s.status.includes('frame-12.png'), 'the saved frame');
      const saved = PNG.sync.read(Buffer.from(await vscode.workspace.fs.readFile(first)));
      assert.equal(saved.width, 1280);
      assert.equal(saved.height, 720);
      const same = meanAbsoluteDifference(saved, await ffmpegFrame(take.path, 12, 24, dir));
      const before = meanAbsoluteDifference(saved, await ffmpegFrame(take.path, 11, 24, dir));
      const after = meanAbsoluteDifference(saved, await ffmpegFrame(take.path, 13, 24, dir));
      console.log(
        `      Save Frame vs ffmpeg, frame 12 of a 1280×720 H.264 clip: MAD ${same.toFixed(3)} (frames 11 and 13: ${before.toFixed(3)}, ${after.toFixed(3)})`,
      );
      assert.ok(same < 2, `mean absolute difference ${same} is small`);
      assert.ok(same < before && same < after, 'the saved frame is frame 12, not its neighbours');
      // Saving again never overwrites: the next free name.
      await clickInPlayer('#save-frame');
      await waitForPlayer((s) => s.status.includes('frame-12-2.png'), 'the second saved frame');
      assert.equal((await vscode.workspace.fs.stat(second)).size > 0, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates again with the same request and opens the new take in the player', async () => {
    const before = new Set((await vscode.workspace.fs.readDirectory(videosFolder())).map(([n]) => n));
    await openInPlayer(take.uri, baseName(take.uri));
    await clickInPlayer('#actions button[data-action="generateAgain"]');
    const next = await waitForPlayer(
      (s) => s.title !== baseName(take.uri) && !before.has(s.title) && s.hash === 'matches',
      'the new take in the player',
      90_000,
    );
    assert.equal(next.provenance?.['Prompt'], prompt);
    assert.equal(next.provenance?.['Settings'], '720p · 16:9 · 2 s');
    assert.ok(activePlayerTab()?.uri.path.endsWith(next.title));
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('offers Promote to Final once that command exists, and passes it the clip', async function () {
    const existing = (await vscode.commands.getCommands(true)).includes('videoGen.promoteToFinal');
    // Until the real command is there, a stand-in records what the player passes it.
    const received: unknown[] = [];
    const standIn = existing ? undefined : vscode.commands.registerCommand('videoGen.promoteToFinal', (arg: unknown) => received.push(arg));
    try {
      const state = await openInPlayer(take.uri, baseName(take.uri));
      assert.ok(state.actions.includes('promoteToFinal'), `actions: ${state.actions.join(', ')}`);
      if (existing) return;
      await clickInPlayer('#actions button[data-action="promoteToFinal"]');
      const deadline = Date.now() + 10_000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(received.length, 1);
      assert.ok(received[0] instanceof vscode.Uri);
      assert.equal(received[0].toString(), take.uri.toString());
    } finally {
      standIn?.dispose();
    }
  });

  it('follows a rename (provenance kept) and says when the file is gone', async () => {
    const name = `follow-${Date.now()}.mp4`;
    const clip = await copyClip(take, name, true);
    await openInPlayer(clip, name);
    const renamed = vscode.Uri.joinPath(videosFolder(), name.replace('.mp4', '-renamed.mp4'));
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(clip, renamed);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const state = await waitForPlayer((s) => s.title === baseName(renamed) && s.readyState >= 1, 'the player to follow the rename');
    assert.ok(state.provenance, 'the sidecar under the old name is still read');
    assert.equal(state.provenance['Prompt'], prompt);
    assert.equal(activePlayerTab()?.uri.toString(), renamed.toString());
    await vscode.workspace.fs.delete(renamed);
    const gone = await waitForPlayer((s) => s.gone !== null, 'the player to say the file is gone');
    assert.match(gone.gone ?? '', /The file is gone/);
    assert.equal(await inPlayer<boolean>(`return document.getElementById('save-frame').disabled;`), true);
  });

  it('revives when reopened (as after a reload) and takes screenshots in three themes', async () => {
    await openInPlayer(take.uri, baseName(take.uri));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand('workbench.action.reopenClosedEditor');
    await waitForPlayer((s) => s.title === baseName(take.uri) && s.readyState >= 2 && s.hash === 'matches', 'the reopened player');
    assert.ok(activePlayerTab());
    const theme = vscode.workspace.getConfiguration('workbench').get<string>('colorTheme');
    try {
      await clickInPlayer('#next-frame');
      for (let i = 0; i < 20; i++) await press('.');
      await screenshotInTheme('Default Dark Modern', 'player-dark');
      await screenshotInTheme('Default Light Modern', 'player-light');
      await screenshotInTheme('Default High Contrast', 'player-hc-dark');
    } finally {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    }
  });
});

interface SoundView {
  route: string | null;
  text: string;
  notice: string;
  error: string | null;
}

const SOUND_SCRIPT = `const r = document.querySelector('#notice .audio-route');
  const error = document.getElementById('player-error');
  return { route: r ? r.dataset.route : null, text: r ? r.textContent : '', notice: document.getElementById('notice').textContent,
           error: error.hidden ? null : error.textContent };`;

describe("Player editor: the clip's AAC sound takes the panel's routes", function () {
  this.timeout(180_000);
  let dir: string;
  let clip: vscode.Uri;

  before(async function () {
    if (!driverUrl()) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'video-gen-player-aac-'));
    clip = await makeAacClip(dir, 'player-aac.mp4');
  });
  after(async () => {
    await setForceDecoded(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  async function openAndWaitForSound(): Promise<SoundView> {
    await openInPlayer(clip, 'player-aac.mp4');
    return waitInPlayer<SoundView>(SOUND_SCRIPT, (v) => v.route !== null && v.route !== 'checking', 'the sound route');
  }

  it('plays natively where the page decodes AAC itself (the test host), and says so', async () => {
    await setForceDecoded(undefined);
    const view = await openAndWaitForSound();
    assert.equal(view.route, 'native', view.text);
    assert.match(view.text, /VS Code's own player/);
  });

  it('decodes the track when forced, keeps it in sync, and follows the mute button, the volume and the M key', async () => {
    await setForceDecoded(true);
    const view = await openAndWaitForSound();
    assert.equal(view.route, 'decoded', view.text);
    assert.match(view.text, /decoded by Video Gen/);
    await clickInPlayer('#video');
    await runSyncScenario(inPlayer, '#video', 'player editor');
    await checkLevelFollowsElement(inPlayer, '#video');
    await inPlayer<boolean>(`document.getElementById('next-frame').focus(); return true;`);
    await press('m');
    await waitForLevel(inPlayer, '#video', (l) => l.muted && l.gain === 0, 'muted by the M key');
    await press('m');
    await waitForLevel(inPlayer, '#video', (l) => !l.muted && l.gain === l.volume, 'unmuted by the M key');
  });

  it('falls back to silent with the notice when the decoder module is missing, and still plays', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const wasm = vscode.Uri.joinPath(extension.extensionUri, 'media', 'aac', 'aac-decoder.wasm');
    const aside = vscode.Uri.joinPath(extension.extensionUri, 'media', 'aac', 'aac-decoder.wasm.aside');
    await setForceDecoded(true);
    await vscode.workspace.fs.rename(wasm, aside);
    try {
      const view = await openAndWaitForSound();
      assert.equal(view.route, 'silent', view.text);
      assert.match(view.text, /decoder module/);
      assert.match(view.notice, /plays without sound/);
      assert.equal(view.error, null, 'the player itself is not broken');
      await clickInPlayer('#next-frame');
      await waitForPlayer((s) => s.frame === 1, 'frame 1: the controls still work');
    } finally {
      await vscode.workspace.fs.rename(aside, wasm, { overwrite: true });
    }
  });
});
