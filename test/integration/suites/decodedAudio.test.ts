// The panel's own AAC sound in a real VS Code: which route plays a clip's AAC track (the test host's
// Chromium decodes AAC itself, so the fallback is forced with videoGen.player.forceDecodedAudio),
// the decoded sound kept in sync over an 8 s clip through play, pause, seek and 0.5×/2× rates, and
// the silent route with the notice when the decoder module is missing.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { EXTENSION_ID, screenshot } from '../env';
import { clickInPanel, inPanel, waitInPanel } from '../webviewHelpers';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
const CLIP_SECONDS = 8;

interface RouteView {
  route: string | null;
  text: string;
  notice: string;
  buttons: string[];
  muted: boolean;
}

const ROUTE_SCRIPT = `const r = document.querySelector('#player .audio-route');
  const v = document.querySelector('#player video');
  return { route: r ? r.dataset.route : null, text: r ? r.textContent : '',
           notice: document.querySelector('#player .notice')?.textContent ?? '',
           buttons: [...document.querySelectorAll('#player .notice button')].map((b) => b.textContent), muted: v ? v.muted : false };`;

async function makeClip(dir: string): Promise<vscode.Uri> {
  const file = path.join(dir, 'aac-sync.mp4');
  await run(FFMPEG, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=320x240:rate=30:duration=${CLIP_SECONDS}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    '-ac',
    '2',
    '-shortest',
    file,
  ]);
  return vscode.Uri.file(file);
}

async function setForce(value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('videoGen').update('player.forceDecodedAudio', value, vscode.ConfigurationTarget.Global);
}

/** Opens the clip in the panel and waits until the player has settled on a route for its sound. */
async function openAndWaitForRoute(clip: vscode.Uri): Promise<RouteView> {
  await vscode.commands.executeCommand('videoGen.openVideo', clip);
  // 'copying': a preview copy is being asked for (the next route, see the preview-copy suite).
  return waitInPanel<RouteView>(
    ROUTE_SCRIPT,
    (v) => v.route !== null && v.route !== 'checking' && v.route !== 'copying',
    'the sound route',
    30_000,
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface DriftView {
  drift: number | null;
  max: number | null;
  p95: number | null;
  samples: number;
  corrections: number;
  clock: string;
  time: number;
}

const DRIFT_SCRIPT = `const v = document.querySelector('#player video'); const d = v.dataset;
  return { drift: d.audioDriftMs ? Number(d.audioDriftMs) : null, max: d.audioDriftMaxMs ? Number(d.audioDriftMaxMs) : null, p95: d.audioDriftP95Ms ? Number(d.audioDriftP95Ms) : null,
           samples: Number(d.audioDriftSamples ?? 0), corrections: Number(d.audioCorrections ?? 0), clock: d.audioClock ?? '', time: v.currentTime };`;

describe('decoded audio: the panel plays AAC sound itself where the webview cannot', function () {
  this.timeout(180_000);
  let dir: string;
  let clip: vscode.Uri;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'video-gen-aac-'));
    clip = await makeClip(dir);
  });
  after(async () => {
    await setForce(undefined);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('plays natively where the page decodes AAC itself (the test host), and says so', async () => {
    await setForce(undefined);
    const view = await openAndWaitForRoute(clip);
    assert.equal(view.route, 'native', view.text);
    assert.equal(view.muted, false);
    assert.ok(view.buttons.includes('Open in System Player'));
  });

  it('decodes the track with the wasm module when forced, and keeps the sound within 40 ms through play, pause, seek and 0.5×/2×', async () => {
    await setForce(true);
    const view = await openAndWaitForRoute(clip);
    assert.equal(view.route, 'decoded', view.text);
    assert.match(view.text, /decoded by Video Gen/);
    assert.equal(view.muted, true, 'the video element is muted: the sound comes from Web Audio');

    // A real click (a user gesture, so the audio context may start), then the scenario.
    await clickInPanel('#player video');
    await inPanel(`const v = document.querySelector('#player video'); if (v.paused) await v.play(); return true;`);
    const worst: number[] = [];
    const watch = async (ms: number): Promise<void> => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const d = await inPanel<DriftView>(DRIFT_SCRIPT);
        if (d.drift !== null) worst.push(Math.abs(d.drift));
        await sleep(100);
      }
    };
    await watch(1500);
    await inPanel(`document.querySelector('#player video').pause(); return true;`);
    await sleep(500);
    await inPanel(`await document.querySelector('#player video').play(); return true;`);
    await watch(1000);
    await inPanel(`document.querySelector('#player video').currentTime = 3; return true;`);
    await watch(1000);
    await inPanel(`document.querySelector('#player video').playbackRate = 0.5; return true;`);
    await watch(1500);
    await inPanel(`document.querySelector('#player video').playbackRate = 2; return true;`);
    await watch(1500);
    const final = await inPanel<DriftView>(DRIFT_SCRIPT);
    await inPanel(`document.querySelector('#player video').pause(); return true;`);
    await screenshot('panel-decoded-audio');
    console.log(
      `      decoded sound over the ${CLIP_SECONDS} s clip: ${final.samples} frame checks, drift p95 ${final.p95} ms, max ${final.max} ms, ` +
        `${final.corrections} correction(s), audio clock ${final.clock}; polled drift max ${Math.max(...worst).toFixed(1)} ms`,
    );
    assert.equal(final.clock, 'running', 'the audio context runs after the click');
    assert.ok(final.samples > 30, `the drift was checked on presented frames (${final.samples})`);
    // 95% of the frames within the 40 ms budget. Single frames miss it when the machine is so
    // loaded that the video itself stutters (the largest figure is reported above); the restart
    // above 35 ms bounds how long that lasts.
    assert.ok(final.p95 !== null && final.p95 <= 40, `drift p95 ${final.p95} ms`);
    assert.ok(final.max !== null && final.max <= 250, `max drift ${final.max} ms`);
  });

  it('falls back to silent with the notice when the decoder module is missing (and no ffmpeg on the PATH)', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const wasm = vscode.Uri.joinPath(extension.extensionUri, 'media', 'aac', 'aac-decoder.wasm');
    const aside = vscode.Uri.joinPath(extension.extensionUri, 'media', 'aac', 'aac-decoder.wasm.aside');
    await setForce(true);
    await vscode.workspace.fs.rename(wasm, aside);
    // Without ffmpeg, no preview copy either: the player stays silent.
    const savedPath = process.env.PATH;
    const emptyBin = await fs.mkdtemp(path.join(os.tmpdir(), 'video-gen-no-ffmpeg-'));
    process.env.PATH = emptyBin;
    try {
      const view = await openAndWaitForRoute(clip);
      assert.equal(view.route, 'silent', view.text);
      assert.match(view.text, /decoder module/);
      assert.match(view.text, /Installing ffmpeg/);
      assert.match(view.notice, /plays silently/);
      assert.ok(view.buttons.includes('Open in System Player'));
      const error = await inPanel<string | null>(`return document.querySelector('#player .player-error')?.textContent ?? null;`);
      assert.equal(error, null, 'the player itself is not broken');
    } finally {
      process.env.PATH = savedPath;
      await fs.rm(emptyBin, { recursive: true, force: true });
      await vscode.workspace.fs.rename(aside, wasm, { overwrite: true });
    }
  });
});
