// The panel's second sound route in a real VS Code: with the AAC decoder module missing (and the
// fallback forced, since the test host's Chromium decodes AAC itself), the user's ffmpeg makes a
// preview copy with FLAC sound in the extension's global storage, the page plays it and says so,
// a second open reuses it without running ffmpeg, and with ffmpeg gone from the PATH the player
// is silent with the reason and the hint that installing ffmpeg would help.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { EXTENSION_ID, screenshot, userDataDir } from '../env';
import { clickInPanel, inPanel, waitInPanel } from '../webviewHelpers';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
const FFPROBE = process.env.FFPROBE_PATH ?? '/usr/bin/ffprobe';

interface RouteView {
  route: string | null;
  text: string;
  codec: string | null;
  cached: string | null;
  notice: string;
  src: string;
  muted: boolean;
  error: string | null;
}

const ROUTE_SCRIPT = `const r = document.querySelector('#player .audio-route');
  const v = document.querySelector('#player video');
  return { route: r ? r.dataset.route : null, text: r ? r.textContent : '', codec: r?.dataset.codec ?? null, cached: r?.dataset.cached ?? null,
           notice: document.querySelector('#player .notice')?.textContent ?? '', src: v ? v.getAttribute('src') : '', muted: v ? v.muted : false,
           error: document.querySelector('#player .player-error')?.textContent ?? null };`;

const SETTLED = new Set(['native', 'decoded', 'silent', 'preview-copy']);

async function makeClip(file: string, hz: number): Promise<vscode.Uri> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await run(FFMPEG, [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=3'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${hz}:sample_rate=48000:duration=3`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', '-shortest', file],
  ]);
  return vscode.Uri.file(file);
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

async function audioCodec(file: string): Promise<string> {
  const { stdout } = await run(FFPROBE, [
    '-v',
    'error',
    '-select_streams',
    'a:0',
    '-show_entries',
    'stream=codec_name',
    '-of',
    'csv=p=0',
    file,
  ]);
  return stdout.trim();
}

async function openAndWaitForRoute(clip: vscode.Uri): Promise<RouteView> {
  await vscode.commands.executeCommand('videoGen.openVideo', clip);
  return waitInPanel<RouteView>(ROUTE_SCRIPT, (v) => v.route !== null && SETTLED.has(v.route), 'the sound route', 60_000);
}

async function setForce(value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('videoGen').update('player.forceDecodedAudio', value, vscode.ConfigurationTarget.Global);
}

describe('preview copy: the sound played from a copy made by the user’s ffmpeg', function () {
  this.timeout(240_000);
  let wasm: vscode.Uri;
  let aside: vscode.Uri;
  let clipDir: string;
  let storage: string;
  const savedPath = process.env.PATH;

  before(async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const data = userDataDir();
    if (!data) this.skip(); // the storage folder is known under code-server only
    storage = path.join(data, 'User', 'globalStorage', EXTENSION_ID, 'preview-copies');
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the test host opens a workspace');
    // The clip inside the workspace, to show that nothing is written beside it.
    clipDir = path.join(workspace.uri.fsPath, 'preview-copy-test');
    // The decoder module missing (as the decoded-audio suite makes it), the fallback forced.
    wasm = vscode.Uri.joinPath(extension.extensionUri, 'media', 'aac', 'aac-decoder.wasm');
    aside = vscode.Uri.joinPath(extension.extensionUri, 'media', 'aac', 'aac-decoder.wasm.preview-aside');
    await setForce(true);
    await vscode.workspace.fs.rename(wasm, aside);
    // ffmpeg's folder first on the PATH the extension host searches.
    process.env.PATH = [path.dirname(FFMPEG), savedPath].filter(Boolean).join(path.delimiter);
  });
  after(async () => {
    process.env.PATH = savedPath;
    await setForce(undefined);
    if (aside) await vscode.workspace.fs.rename(aside, wasm, { overwrite: true }).then(undefined, () => undefined);
    if (clipDir) await fs.rm(clipDir, { recursive: true, force: true });
  });

  it('makes a FLAC copy in the extension storage, plays it with sound, and reuses it on the second open without ffmpeg', async () => {
    const clipFile = path.join(clipDir, 'aac-preview.mp4');
    const clip = await makeClip(clipFile, 440);
    const name = `${await sha256(clipFile)}.flac.mp4`;
    const copyFile = path.join(storage, name);
    await fs.rm(copyFile, { force: true });

    const view = await openAndWaitForRoute(clip);
    assert.equal(view.route, 'preview-copy', view.text);
    assert.match(view.text, /preview copy with FLAC audio/);
    assert.equal(view.codec, 'flac');
    assert.equal(view.cached, 'false');
    assert.equal(view.error, null, 'the player is not broken');
    assert.ok(view.src.includes(name), `the page plays the copy (${view.src})`);
    assert.doesNotMatch(view.notice, /plays silently/);

    // The copy: in the extension's storage, never beside the clip in the workspace.
    const made = await fs.stat(copyFile);
    assert.ok(made.size > 0);
    assert.equal(await audioCodec(copyFile), 'flac');
    assert.deepEqual(await fs.readdir(clipDir), ['aac-preview.mp4'], 'nothing written into the workspace');
    assert.ok(!(await fs.readdir(storage)).some((f) => f.endsWith('.partial')), 'no temporary file left');

    // It plays, with its sound decoded by the page (a real click: the user's gesture).
    await clickInPanel('#player video');
    await inPanel(`const v = document.querySelector('#player video'); if (v.paused) await v.play(); return true;`);
    const played = await waitInPanel<{ time: number; audioBytes: number }>(
      `const v = document.querySelector('#player video'); return { time: v.currentTime, audioBytes: v.webkitAudioDecodedByteCount ?? -1 };`,
      (p) => p.time > 0.5 && p.audioBytes > 0,
      'the copy playing with its sound decoded',
      20_000,
    );
    await inPanel(`document.querySelector('#player video').pause(); return true;`);
    await screenshot('panel-preview-copy');
    console.log(
      `      preview copy: ${made.size} bytes, ${played.audioBytes} bytes of audio decoded by the page in ${played.time.toFixed(2)} s`,
    );

    // Second open: the same file is played again; ffmpeg did not run (the file was not rewritten).
    const again = await openAndWaitForRoute(clip);
    assert.equal(again.route, 'preview-copy', again.text);
    assert.equal(again.cached, 'true');
    const reused = await fs.stat(copyFile);
    assert.equal(reused.ino, made.ino, 'the same file, not a new copy renamed over it');
    assert.equal(reused.birthtimeMs, made.birthtimeMs);
    assert.equal((await fs.readdir(storage)).filter((f) => f.startsWith(name.slice(0, 64))).length, 1);
  });

  it('with ffmpeg gone from the PATH: a new clip is silent with the reason and the ffmpeg hint; a cached one still plays', async () => {
    const emptyBin = await fs.mkdtemp(path.join(os.tmpdir(), 'video-gen-no-ffmpeg-'));
    process.env.PATH = emptyBin;
    try {
      const clip = await makeClip(path.join(clipDir, 'aac-no-ffmpeg.mp4'), 660);
      const view = await openAndWaitForRoute(clip);
      assert.equal(view.route, 'silent', view.text);
      assert.match(view.text, /decoder module/);
      assert.match(view.text, /Installing ffmpeg \(on the PATH\) would let Video Gen play the sound from a preview copy/);
      assert.match(view.notice, /plays silently/);
      assert.match(view.notice, /Open in System Player/);
      assert.equal(view.error, null, 'the player is not broken');
      const hash = await sha256(clip.fsPath);
      assert.ok(!(await fs.readdir(storage)).some((f) => f.startsWith(hash)), 'no copy made');
      await screenshot('panel-preview-copy-no-ffmpeg');

      const cached = await openAndWaitForRoute(vscode.Uri.file(path.join(clipDir, 'aac-preview.mp4')));
      assert.equal(cached.route, 'preview-copy', cached.text);
      assert.equal(cached.cached, 'true');
    } finally {
      process.env.PATH = [path.dirname(FFMPEG), savedPath].filter(Boolean).join(path.delimiter);
      await fs.rm(emptyBin, { recursive: true, force: true });
    }
  });
});
