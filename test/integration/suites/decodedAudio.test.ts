// The panel's own AAC sound in a real VS Code: which route plays a clip's AAC track (the test host's
// Chromium decodes AAC itself, so the fallback is forced with videoGen.player.forceDecodedAudio),
// the decoded sound kept in sync over an 8 s clip through play, pause, seek and 0.5×/2× rates, its
// level following the video's own mute and volume, and the silent route with the notice when the decoder module is missing.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkLevelFollowsElement, makeAacClip, runSyncScenario, setForceDecoded } from '../decodedSound';
import { EXTENSION_ID, screenshot } from '../env';
import { clickInPanel, inPanel, waitInPanel } from '../webviewHelpers';

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

describe('decoded audio: the panel plays AAC sound itself where the webview cannot', function () {
  this.timeout(180_000);
  let dir: string;
  let clip: vscode.Uri;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'video-gen-aac-'));
    clip = await makeAacClip(dir);
  });
  after(async () => {
    await setForceDecoded(undefined);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('plays natively where the page decodes AAC itself (the test host), and says so', async () => {
    await setForceDecoded(undefined);
    const view = await openAndWaitForRoute(clip);
    assert.equal(view.route, 'native', view.text);
    assert.equal(view.muted, false);
    assert.ok(view.buttons.includes('Open in System Player'));
  });

  it('decodes the track with the wasm module when forced, and keeps the sound within 40 ms through play, pause, seek and 0.5×/2×', async () => {
    await setForceDecoded(true);
    const view = await openAndWaitForRoute(clip);
    assert.equal(view.route, 'decoded', view.text);
    assert.match(view.text, /decoded by Video Gen/);
    assert.equal(view.muted, false, 'the video element is not muted: its own sound is routed away instead');

    // A real click (a user gesture, so the audio context may start), then the scenario.
    await clickInPanel('#player video');
    await runSyncScenario(inPanel, '#player video', 'panel');
    await screenshot('panel-decoded-audio');
  });

  it("follows the video's own mute button and volume slider, and the element itself stays silent", async () => {
    await setForceDecoded(true);
    const view = await openAndWaitForRoute(clip);
    assert.equal(view.route, 'decoded', view.text);
    await checkLevelFollowsElement(inPanel, '#player video');
  });

  it('falls back to silent with the notice when the decoder module is missing (and no ffmpeg on the PATH)', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const wasm = vscode.Uri.joinPath(extension.extensionUri, 'media', 'aac', 'aac-decoder.wasm');
    const aside = vscode.Uri.joinPath(extension.extensionUri, 'media', 'aac', 'aac-decoder.wasm.aside');
    await setForceDecoded(true);
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
