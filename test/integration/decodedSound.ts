// What the decodedAudio and player suites share to check the decoded AAC route in a page: the 8 s
// test clip (ffmpeg: testsrc2 and a 440 Hz sine in AAC), the forcing setting, the play / pause /
// seek / 0.5× / 2× scenario with its drift figures, and the mute and volume mirroring. `inPage`
// runs a function body in the page; `video` is the selector of its <video>.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
export const CLIP_SECONDS = 8;

export type InPage = <T>(script: string) => Promise<T>;

export async function makeAacClip(dir: string, name = 'aac-sync.mp4'): Promise<vscode.Uri> {
  const file = path.join(dir, name);
  const lavfi = (graph: string): string[] => ['-f', 'lavfi', '-i', graph];
  await run(FFMPEG, [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...lavfi(`testsrc2=size=320x240:rate=30:duration=${CLIP_SECONDS}`),
    ...lavfi(`sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`),
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '96k', '-ac', '2', '-shortest', file],
  ]);
  return vscode.Uri.file(file);
}

export async function setForceDecoded(value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('videoGen').update('player.forceDecodedAudio', value, vscode.ConfigurationTarget.Global);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface DriftView {
  drift: number | null;
  max: number | null;
  p95: number | null;
  samples: number;
  corrections: number;
  clock: string;
  time: number;
  /** The rate the playing sound was time-stretched for (1: the decoded buffer itself). */
  stretchedFor: number;
}

const driftScript = (video: string): string => `const v = document.querySelector('${video}'); const d = v.dataset;
  return { drift: d.audioDriftMs ? Number(d.audioDriftMs) : null, max: d.audioDriftMaxMs ? Number(d.audioDriftMaxMs) : null, p95: d.audioDriftP95Ms ? Number(d.audioDriftP95Ms) : null,
           samples: Number(d.audioDriftSamples ?? 0), corrections: Number(d.audioCorrections ?? 0), clock: d.audioClock ?? '', time: v.currentTime, stretchedFor: Number(d.audioStretchedFor ?? 0) };`;

/**
 * Plays the clip through play, pause, seek and 0.5×/2× (after the caller's real click, so the audio
 * context may start) and checks the drift the page measured: p95 ≤ 40 ms. Returns the figures.
 */
export async function runSyncScenario(inPage: InPage, video: string, where: string): Promise<DriftView> {
  const on = (body: string): Promise<boolean> => inPage<boolean>(`const v = document.querySelector('${video}'); ${body}; return true;`);
  await on('if (v.paused) await v.play()');
  const polled: number[] = [];
  const watch = async (ms: number): Promise<void> => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const d = await inPage<DriftView>(driftScript(video));
      if (d.drift !== null) polled.push(Math.abs(d.drift));
      await sleep(100);
    }
  };
  await watch(1500);
  await on('v.pause()');
  await sleep(500);
  await on('await v.play()');
  await watch(1000);
  await on('v.currentTime = 3');
  await watch(1000);
  await on('v.playbackRate = 0.5');
  await watch(1500);
  await on('v.playbackRate = 2');
  await watch(1500);
  const final = await inPage<DriftView>(driftScript(video));
  await on('v.pause(); v.playbackRate = 1');
  console.log(
    `      decoded sound in the ${where} over the ${CLIP_SECONDS} s clip: ${final.samples} frame checks, drift p95 ${final.p95} ms, ` +
      `max ${final.max} ms, ${final.corrections} correction(s), audio clock ${final.clock}; polled drift max ${Math.max(0, ...polled).toFixed(1)} ms`,
  );
  assert.equal(final.clock, 'running', 'the audio context runs after the click');
  assert.equal(final.stretchedFor, 2, 'at 2× the sound plays from the buffer stretched for 2× (pitch kept)');
  assert.ok(final.samples > 30, `the drift was checked on presented frames (${final.samples})`);
  // 95% of the frames within the 40 ms budget. Single frames miss it when the machine is so loaded
  // that the video itself stutters (the largest figure is reported above); the restart above 35 ms
  // bounds how long that lasts.
  assert.ok(final.p95 !== null && final.p95 <= 40, `drift p95 ${final.p95} ms`);
  assert.ok(final.max !== null && final.max <= 250, `max drift ${final.max} ms`);
  return final;
}

export interface LevelView {
  muted: boolean;
  volume: number;
  gain: number | null;
  element: string | null;
}

export const levelScript = (video: string): string => `const v = document.querySelector('${video}');
  return { muted: v.muted, volume: v.volume, gain: v.dataset.audioGain ? Number(v.dataset.audioGain) : null, element: v.dataset.audioElement ?? null };`;

/** Polls the page until `done` accepts its level figures. */
export async function waitForLevel(inPage: InPage, video: string, done: (l: LevelView) => boolean, what: string): Promise<LevelView> {
  const deadline = Date.now() + 10_000;
  let last: LevelView | undefined;
  while (Date.now() < deadline) {
    last = await inPage<LevelView>(levelScript(video));
    if (done(last)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/**
 * The element's `muted` and `volume` set the decoded sound's gain, while the element's own sound
 * stays routed away from the output (`data-audio-element="silenced"`) whatever they are.
 */
export async function checkLevelFollowsElement(inPage: InPage, video: string): Promise<void> {
  const set = (body: string): Promise<boolean> => inPage<boolean>(`const v = document.querySelector('${video}'); ${body}; return true;`);
  let level = await waitForLevel(inPage, video, (l) => l.gain !== null, 'the decoded gain');
  assert.equal(level.muted, false, 'the element is not muted: its mute button is free for the user');
  assert.equal(level.element, 'silenced');
  assert.equal(level.gain, level.volume);
  await set('v.muted = true');
  level = await waitForLevel(inPage, video, (l) => l.gain === 0, 'gain 0 after muting');
  assert.equal(level.element, 'silenced');
  await set('v.muted = false; v.volume = 0.25');
  level = await waitForLevel(inPage, video, (l) => l.gain === 0.25, 'gain 0.25 after volume 0.25');
  assert.equal(level.element, 'silenced', 'unmuted, the element itself still outputs nothing');
  await set('v.volume = 1');
  await waitForLevel(inPage, video, (l) => l.gain === 1, 'gain 1 after volume 1');
}
