// Entry point of `npm run test:reload`: a real window reload with the Video Gen Player open. The
// workbench runs this file again after the reload, so it runs in two phases, told apart by a marker
// file in the workspace: first it generates a clip, opens it in the player, steps to a frame and
// reloads the window; then (a new extension host) it checks that VS Code restored the player by
// itself, with its provenance, its hash check and the frame the reviewer was on.
import * as assert from 'node:assert/strict';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { AutomationResult } from '../../../src/commands/generateCommands';
import { INTEGRATION_API_KEY, EXTENSION_ID, driverUrl, evalInWebview } from '../env';
import { createHostMocha, runHostMocha } from '../hostMocha';

const VIEW_TYPE = 'videoGen.player';
const MARKER = '[data-video-gen-player]';
const FRAME = 10;

interface Phase {
  clip: string;
  prompt: string;
}

function markerFile(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test host opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, '.video-gen-reload-phase.json');
}

async function readPhase(): Promise<Phase | undefined> {
  try {
    return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(markerFile()))) as Phase;
  } catch {
    return undefined;
  }
}

async function callDriver(action: string, body: unknown): Promise<void> {
  const res = await fetch(`${driverUrl()}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`test driver ${action}: ${res.status}`);
}

async function waitInPlayer<T>(script: string, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await evalInWebview<T>(script, MARKER, 5_000);
      if (done(last)) return last;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

interface Shown {
  title: string;
  prompt: string | null;
  hash: string | null;
  frame: number;
  readyState: number;
}

const SHOWN = `
  const hash = document.getElementById('hash-state');
  const prompt = [...document.querySelectorAll('#provenance .meta-row')].find((r) => r.querySelector('dt').textContent === 'Prompt');
  return {
    title: document.getElementById('title').textContent,
    prompt: prompt ? prompt.querySelector('dd').textContent : null,
    hash: hash ? hash.dataset.state : null,
    frame: Number(document.getElementById('timecode').dataset.frame),
    readyState: document.getElementById('video').readyState,
  };`;

/** Phase one: a clip open in the player on frame FRAME, then the window reloads. */
async function beforeReload(): Promise<never> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  await extension.activate();
  assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
  const prompt = `A kite over dunes, before a reload ${Date.now()}`;
  const result = await vscode.commands.executeCommand<AutomationResult>('videoGen.generate', {
    prompt,
    model: 'provider-2/kling-v2.1',
    quality: '720p',
    duration: 1,
    ratio: '16:9',
  });
  const clip = result.files[0]!.uri;
  await vscode.commands.executeCommand('vscode.openWith', clip, VIEW_TYPE);
  await waitInPlayer<Shown>(SHOWN, (s) => s.readyState >= 2 && s.hash === 'matches', 'the player before the reload');
  await callDriver('webview-click', { selector: '#next-frame', marker: MARKER, timeoutMs: 10_000 });
  for (let i = 1; i < FRAME; i++) await callDriver('press', { key: '.' });
  await waitInPlayer<Shown>(SHOWN, (s) => s.frame === FRAME, `frame ${FRAME}`);
  // The page keeps its state when it pauses; give VS Code a moment to store the editor layout.
  await new Promise((r) => setTimeout(r, 1500));
  const phase: Phase = { clip: clip.toString(), prompt };
  await vscode.workspace.fs.writeFile(markerFile(), new TextEncoder().encode(JSON.stringify(phase)));
  console.log('reload test: reloading the window with the player open');
  await vscode.commands.executeCommand('workbench.action.reloadWindow');
  // This extension host ends with the reload; if it does not, the run times out and fails.
  return new Promise<never>(() => undefined);
}

function afterReload(phase: Phase): Promise<void> {
  const mocha = createHostMocha();
  mocha.suite.addTest(
    new Mocha.Test('Player editor after a window reload: VS Code restores it, with its provenance, hash check and frame', async function (
      this: Mocha.Context,
    ) {
      this.timeout(90_000);
      const name = phase.clip.slice(phase.clip.lastIndexOf('/') + 1);
      const shown = await waitInPlayer<Shown>(
        SHOWN,
        (s) => s.title === name && s.hash !== null && s.hash !== 'checking' && s.frame === FRAME,
        'the restored player',
      );
      assert.equal(shown.prompt, phase.prompt);
      assert.equal(shown.hash, 'matches');
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      assert.ok(
        tabs.some(
          (t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === VIEW_TYPE && t.input.uri.toString() === phase.clip,
        ),
        'the restored tab is the Video Gen Player on the clip',
      );
    }),
  );
  return runHostMocha(mocha, 'reload test(s)');
}

export async function run(): Promise<void> {
  const phase = await readPhase();
  if (!phase) await beforeReload();
  else await afterReload(phase);
}
