// The AAC fallback end to end in Node: clips made by the system's ffmpeg (sine tones and chirps,
// mono and stereo, 44.1 and 48 kHz, AAC-LC beside H.264), demuxed by readAacTrack, decoded by
// media/aac/aac-decoder.wasm, and compared with ffmpeg's own decode of the same clip.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { openFileSource } from '../../../src/media/byteSource';
import { readAacPackets, readAacTrack, type AacTrack } from '../../../src/media/aacTrack';
import { trimToPresentation } from '../../../src/webview/audio/aacPresentation';
import { AacWasm } from '../../../src/webview/audio/aacWasm';
import { FFMPEG, haveFfmpeg, makeTempDir } from './mp4Fixtures';

const run = promisify(execFile);
const WASM = path.join(__dirname, '..', '..', '..', '..', 'media', 'aac', 'aac-decoder.wasm');

interface AudioRecipe {
  name: string;
  rate: number;
  /** An ffmpeg source filter per channel. */
  sources: string[];
  minSnrDb: number;
}

const SECONDS = 2;
const sine = (hz: number, rate: number): string => `sine=frequency=${hz}:sample_rate=${rate}:duration=${SECONDS}`;
// A linear chirp from 200 Hz rising 1.6 kHz per second, at half scale.
const chirp = (rate: number, gain = 0.5): string => `aevalsrc=${gain}*sin(2*PI*(200*t+800*t*t)):s=${rate}:d=${SECONDS}`;

const RECIPES: AudioRecipe[] = [
  { name: 'sine-mono-44k', rate: 44100, sources: [sine(440, 44100)], minSnrDb: 60 },
  { name: 'sine-stereo-48k', rate: 48000, sources: [sine(440, 48000), sine(660, 48000)], minSnrDb: 60 },
  { name: 'chirp-mono-48k', rate: 48000, sources: [chirp(48000)], minSnrDb: 60 },
  { name: 'chirp-stereo-44k', rate: 44100, sources: [chirp(44100), chirp(44100, 0.25)], minSnrDb: 60 },
];

async function makeClip(dir: string, recipe: AudioRecipe): Promise<string> {
  const out = path.join(dir, `${recipe.name}.mp4`);
  const inputs = recipe.sources.flatMap((source) => ['-f', 'lavfi', '-i', source]);
  const audioLabels = recipe.sources.map((_, i) => `[${i + 1}:a]`).join('');
  const merge = recipe.sources.length > 1 ? ['-filter_complex', `${audioLabels}amerge=inputs=${recipe.sources.length}[a]`, '-map', '[a]'] : ['-map', '1:a'];
  const video = ['-f', 'lavfi', '-i', `testsrc2=size=160x120:rate=10:duration=${SECONDS}`];
  await run(FFMPEG, [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...video, ...inputs, '-map', '0:v', ...merge,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-f', 'mp4', out,
  ]);
  return out;
}

/** ffmpeg's own decode of the clip's audio: interleaved float, split into channels. */
async function ffmpegDecode(file: string, channels: number): Promise<Float32Array[]> {
  const { stdout } = await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-map', '0:a', '-f', 'f32le', '-ac', String(channels), '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  const all = new Float32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
  return Array.from({ length: channels }, (_, c) => all.filter((_, i) => i % channels === c));
}

async function wasmDecode(decoder: AacWasm, file: string): Promise<{ track: AacTrack; channels: Float32Array[]; sampleRate: number }> {
  const source = await openFileSource(file);
  try {
    const track = await readAacTrack(source);
    assert.ok(track, `${file} has an AAC track`);
    const packets = await readAacPackets(source, track);
    const pcm = decoder.decodeTrack({ audioSpecificConfig: track.audioSpecificConfig, packets, sizes: track.sizes });
    return { track, sampleRate: pcm.sampleRate, channels: trimToPresentation(pcm, track) };
  } finally {
    await source.close();
  }
}

function snrDb(reference: Float32Array, test: Float32Array): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] ?? 0;
    signal += r * r;
    noise += (r - (test[i] ?? 0)) ** 2;
  }
  return noise === 0 ? Infinity : 10 * Math.log10(signal / noise);
}

/** The shift of `test` against `reference` (in samples, within ±maxLag) that matches best. */
function bestLag(reference: Float32Array, test: Float32Array, maxLag: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let score = 0;
    for (let i = maxLag; i < reference.length - maxLag; i++) score += (reference[i] ?? 0) * (test[i + lag] ?? 0);
    if (score > bestScore) [best, bestScore] = [lag, score];
  }
  return best;
}

describe('media: AAC decoded by aac-decoder.wasm matches ffmpeg', function () {
  this.timeout(120_000);
  let dir: string;
  let decoder: AacWasm;

  before(async () => {
    assert.ok(haveFfmpeg(), 'ffmpeg is needed; npm test installs it');
    dir = await makeTempDir();
    decoder = await AacWasm.load(await fs.readFile(WASM));
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  for (const recipe of RECIPES) {
    it(`${recipe.name}: SNR ≥ ${recipe.minSnrDb} dB, first sample aligned within 1 ms, the clip's length`, async () => {
      const file = await makeClip(dir, recipe);
      const ours = await wasmDecode(decoder, file);
      const channelCount = recipe.sources.length;
      assert.equal(ours.track.channels, channelCount);
      assert.equal(ours.sampleRate, recipe.rate);
      assert.equal(ours.channels.length, channelCount);
      const reference = await ffmpegDecode(file, channelCount);
      const oneMs = Math.round(recipe.rate / 1000);
      for (let c = 0; c < channelCount; c++) {
        // ffmpeg's command line drops the priming samples but keeps the last frame's padding;
        // the page plays the edit list's length (the clip's), so compare over that.
        const got = ours.channels[c] ?? new Float32Array(0);
        assert.equal(got.length, SECONDS * recipe.rate, `channel ${c}: ${got.length} samples`);
        const full = reference[c] ?? new Float32Array(0);
        assert.ok(full.length >= got.length && full.length - got.length < 2048, `channel ${c}: ffmpeg gave ${full.length} samples`);
        const ref = full.subarray(0, got.length);
        const lag = bestLag(ref, got, 2 * oneMs);
        const snr = snrDb(ref, got);
        console.log(`      ${recipe.name} ch${c}: SNR ${snr.toFixed(1)} dB, lag ${lag} samples (${((lag * 1000) / recipe.rate).toFixed(3)} ms), ${got.length} samples (ffmpeg ${full.length} with the padding)`);
        assert.ok(Math.abs(lag) <= oneMs, `channel ${c} is shifted by ${lag} samples`);
        assert.ok(snr >= recipe.minSnrDb, `channel ${c}: SNR ${snr.toFixed(1)} dB`);
      }
    });
  }

  it('a tampered packet costs that frame only (silence there), not the track', async () => {
    const file = await makeClip(dir, RECIPES[0] as AudioRecipe);
    const source = await openFileSource(file);
    try {
      const track = await readAacTrack(source);
      assert.ok(track);
      const packets = await readAacPackets(source, track);
      const broken = Uint8Array.from(packets);
      const third = (track.sizes[0] ?? 0) + (track.sizes[1] ?? 0);
      broken.fill(0xff, third, third + (track.sizes[2] ?? 0));
      const clean = decoder.decodeTrack({ audioSpecificConfig: track.audioSpecificConfig, packets, sizes: track.sizes });
      const damaged = decoder.decodeTrack({ audioSpecificConfig: track.audioSpecificConfig, packets: broken, sizes: track.sizes });
      assert.equal(damaged.channels[0]?.length, clean.channels[0]?.length);
    } finally {
      await source.close();
    }
  });
});
