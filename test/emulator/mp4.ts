// Real MP4 clips for the emulator: made once by ffmpeg, cached on disk, optionally padded (on the
// fly, never in memory) with a trailing top-level `free` box so any size can be served while the
// file stays valid and playable.
import { spawn } from 'node:child_process';
import { createReadStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Quality, Ratio } from './models';

export interface ClipSpec {
  width: number;
  height: number;
  durationSec: number;
  audio: boolean;
}

export interface ClipOptions {
  cacheDir?: string;
  ffmpegPath?: string;
}

/** Bump when the ffmpeg recipe changes, so stale cache files are not reused. */
const RECIPE_VERSION = 1;
const FPS = 24;

export function defaultCacheDir(): string {
  return path.join(os.tmpdir(), 'video-gen-emulator-cache');
}

/** Short side = the quality's number, long side by the ratio, rounded to an even size (H.264 4:2:0 needs it). */
export function clipDimensions(quality: Quality, ratio: Ratio): { width: number; height: number } {
  const short = Number.parseInt(quality, 10);
  const [a, b] = ratio.split(':').map(Number) as [number, number];
  const long = Math.round((short * Math.max(a, b)) / Math.min(a, b) / 2) * 2;
  return a >= b ? { width: long, height: short } : { width: short, height: long };
}

// One ffmpeg per core at most: tests fire many requests at once and the machine is small.
const maxEncoders = Math.max(1, os.cpus().length);
let runningEncoders = 0;
const waitingEncoders: Array<() => void> = [];

async function withEncoderSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (runningEncoders >= maxEncoders) await new Promise<void>((resolve) => waitingEncoders.push(resolve));
  runningEncoders++;
  try {
    return await fn();
  } finally {
    runningEncoders--;
    waitingEncoders.shift()?.();
  }
}

// Same key asked twice while ffmpeg is still running: both wait for the one encode.
const inFlight = new Map<string, Promise<string>>();

/** Path of a cached clip matching the spec, encoding it first if needed. */
export function getClip(spec: ClipSpec, opts: ClipOptions = {}): Promise<string> {
  const dir = opts.cacheDir ?? defaultCacheDir();
  const name = `clip-v${RECIPE_VERSION}-${spec.width}x${spec.height}-${spec.durationSec}s-${spec.audio ? 'aac' : 'mute'}.mp4`;
  const file = path.join(dir, name);
  const existing = inFlight.get(file);
  if (existing) return existing;
  const job = (async () => {
    try {
      const st = await fs.stat(file);
      if (st.size > 0) return file;
    } catch {
      // not cached yet
    }
    await fs.mkdir(dir, { recursive: true });
    // Encode to a private temp name and rename: readers never see a half-written file, and two
    // processes racing on the same key both end with a complete one.
    const tmp = path.join(dir, `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}-${name}`);
    try {
      await withEncoderSlot(() => encode(spec, tmp, opts.ffmpegPath ?? process.env.FFMPEG_PATH ?? 'ffmpeg'));
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    return file;
  })();
  inFlight.set(file, job);
  void job.then(
    () => inFlight.delete(file),
    () => inFlight.delete(file),
  );
  return job;
}

function encode(spec: ClipSpec, out: string, ffmpeg: string): Promise<void> {
  const { width, height, durationSec } = spec;
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=${FPS}:duration=${durationSec}`,
  ];
  if (spec.audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${durationSec}`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (spec.audio) args.push('-c:a', 'aac', '-b:a', '64k', '-shortest');
  args.push('-movflags', '+faststart', '-f', 'mp4', out);
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 4000) stderr += d;
    });
    child.on('error', (err) => reject(new Error(`cannot run ffmpeg (${ffmpeg}): ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/**
 * A byte source for one MP4 as served: the cached clip, then (optionally) a `free` box that pads it
 * to `size`. The box's payload starts with a short tag so items of one answer differ byte-wise.
 */
export interface VideoSource {
  readonly clipPath: string;
  readonly clipSize: number;
  readonly size: number;
  /** Bytes [start, end) as a stream of chunks; reads the clip from disk and makes padding on the fly. */
  read(start?: number, end?: number, chunkBytes?: number): AsyncGenerator<Buffer>;
}

const MAX_BOX = 0xffff_ffff;
/** Read size: a multiple of 3 so base64 of each chunk needs no carry in the common case. */
export const READ_CHUNK = 3 * 64 * 1024;
const ZEROS = Buffer.alloc(READ_CHUNK);

export async function videoSource(clipPath: string, opts: { padTo?: number; tag?: string } = {}): Promise<VideoSource> {
  const clipSize = (await fs.stat(clipPath)).size;
  let padHeader = Buffer.alloc(0);
  let size = clipSize;
  if (opts.padTo !== undefined || opts.tag !== undefined) {
    const tag = Buffer.from(opts.tag ?? '', 'utf8');
    const minimum = 8 + tag.length;
    const boxSize = Math.max(minimum, (opts.padTo ?? 0) - clipSize);
    if (boxSize > MAX_BOX) throw new Error(`padding of ${boxSize} bytes does not fit a 32-bit box`);
    padHeader = Buffer.alloc(minimum);
    padHeader.writeUInt32BE(boxSize, 0);
    padHeader.write('free', 4, 'latin1');
    tag.copy(padHeader, 8);
    size = clipSize + boxSize;
  }
  return {
    clipPath,
    clipSize,
    size,
    async *read(start = 0, end = size, chunkBytes = READ_CHUNK) {
      start = Math.max(0, start);
      end = Math.min(end, size);
      if (start < Math.min(end, clipSize)) {
        const stream = createReadStream(clipPath, { start, end: Math.min(end, clipSize) - 1, highWaterMark: chunkBytes });
        try {
          for await (const chunk of stream) yield chunk as Buffer;
        } finally {
          stream.destroy();
        }
      }
      // Padding region: header bytes then zeros, sliced to the requested window.
      let pos = Math.max(start, clipSize);
      while (pos < end) {
        const inPad = pos - clipSize;
        if (inPad < padHeader.length) {
          const piece = padHeader.subarray(inPad, Math.min(padHeader.length, inPad + (end - pos)));
          yield piece;
          pos += piece.length;
        } else {
          const n = Math.min(end - pos, chunkBytes, ZEROS.length);
          yield ZEROS.subarray(0, n);
          pos += n;
        }
      }
    },
  };
}
