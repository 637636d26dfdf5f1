// Real MP4 files for the probe tests, made by the system's ffmpeg into a temp dir, plus byte-level
// edits ffmpeg will not make on request (64-bit sizes, size-0 boxes, huge sparse padding, cuts).
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? '/usr/bin/ffprobe';

export function haveFfmpeg(): boolean {
  return existsSync(FFMPEG) && existsSync(FFPROBE);
}

export async function encoders(): Promise<Set<string>> {
  const { stdout } = await run(FFMPEG, ['-hide_banner', '-encoders'], { maxBuffer: 4 * 1024 * 1024 });
  return new Set(stdout.split('\n').map((line) => line.trim().split(/\s+/)[1] ?? '').filter(Boolean));
}

export interface ClipRecipe {
  name: string;
  width: number;
  height: number;
  seconds: number;
  video: 'h264' | 'hevc-hvc1' | 'hevc-hev1';
  audio?: 'aac' | 'mp3' | 'opus';
  /** Sample aspect ratio, e.g. '4/3': the display width (tkhd) then differs from the coded one. */
  sar?: string;
  /** Output channels (the sine source is mono). */
  channels?: number;
  faststart?: boolean;
  /** Degrees written as display rotation metadata (stream copy of the encoded clip). */
  rotate?: number;
}

export async function encodeClip(dir: string, recipe: ClipRecipe): Promise<string> {
  const out = path.join(dir, `${recipe.name}.mp4`);
  const { width, height, seconds } = recipe;
  // A low frame rate keeps encodes fast; probing does not care about motion.
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=10:duration=${seconds}`];
  if (recipe.audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`);
  if (recipe.video === 'h264') args.push('-c:v', 'libx264', '-preset', 'ultrafast');
  else args.push('-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error');
  if (recipe.video === 'hevc-hvc1') args.push('-tag:v', 'hvc1');
  args.push('-pix_fmt', 'yuv420p');
  if (recipe.sar) args.push('-vf', `setsar=${recipe.sar}`);
  if (recipe.audio === 'aac') args.push('-c:a', 'aac', '-b:a', '64k');
  if (recipe.audio === 'mp3') args.push('-c:a', 'libmp3lame', '-b:a', '64k');
  if (recipe.audio === 'opus') args.push('-c:a', 'libopus', '-b:a', '32k');
  if (recipe.channels) args.push('-ac', String(recipe.channels));
  if (recipe.audio) args.push('-shortest');
  if (recipe.faststart) args.push('-movflags', '+faststart');
  const target = recipe.rotate === undefined ? out : path.join(dir, `${recipe.name}.unrotated.mp4`);
  await run(FFMPEG, [...args, '-f', 'mp4', target]);
  if (recipe.rotate !== undefined) {
    await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', target, '-c', 'copy', '-metadata:s:v:0', `rotate=${recipe.rotate}`, out]);
  }
  return out;
}

export interface FfprobeStream {
  codec_type: string;
  codec_name: string;
  codec_tag_string: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  sample_rate?: string;
  channels?: number;
  side_data_list?: Array<{ rotation?: number }>;
}

export interface FfprobeResult {
  streams: FfprobeStream[];
  format: { duration: string; size: string; format_name: string };
}

export async function ffprobe(file: string): Promise<FfprobeResult> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]);
  return JSON.parse(stdout) as FfprobeResult;
}

export async function makeTempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'video-gen-probe-'));
}

/** Top-level boxes of a file, read with node directly (to locate what the edits below change). */
export async function topLevelBoxes(file: string): Promise<Array<{ type: string; offset: number; size: number }>> {
  const bytes = await fs.readFile(file);
  const boxes: Array<{ type: string; offset: number; size: number }> = [];
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    const size32 = bytes.readUInt32BE(offset);
    const size = size32 === 1 ? Number(bytes.readBigUInt64BE(offset + 8)) : size32 === 0 ? bytes.length - offset : size32;
    boxes.push({ type: bytes.toString('latin1', offset + 4, offset + 8), offset, size });
    offset += size;
  }
  return boxes;
}

/** Appends a top-level `free` box so the file reaches `totalSize`; sparse, so it costs no disk or time. */
export async function padWithFree(source: string, target: string, totalSize: number): Promise<void> {
  await fs.copyFile(source, target);
  const clipSize = (await fs.stat(source)).size;
  const boxSize = totalSize - clipSize;
  const header = boxSize > 0xffff_ffff ? Buffer.alloc(16) : Buffer.alloc(8);
  if (header.length === 16) {
    header.writeUInt32BE(1, 0);
    header.writeBigUInt64BE(BigInt(boxSize), 8);
  } else {
    header.writeUInt32BE(boxSize, 0);
  }
  header.write('free', 4, 'latin1');
  const handle = await fs.open(target, 'r+');
  try {
    await handle.write(header, 0, header.length, clipSize);
    await handle.truncate(totalSize);
  } finally {
    await handle.close();
  }
}

/**
 * Rewrites ffmpeg's `free`(8) + `mdat` pair as one `mdat` with a 64-bit size, which is what ffmpeg
 * itself does for files over 4 GB: the payload and every chunk offset stay where they were.
 */
export async function useLargesizeMdat(source: string, target: string): Promise<void> {
  const boxes = await topLevelBoxes(source);
  const index = boxes.findIndex((b) => b.type === 'mdat');
  const before = boxes[index - 1];
  const mdat = boxes[index];
  if (!mdat || !before || before.type !== 'free' || before.size !== 8) throw new Error('expected free(8) before mdat (encode without faststart)');
  const bytes = await fs.readFile(source);
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);
  header.write('mdat', 4, 'latin1');
  header.writeBigUInt64BE(BigInt(mdat.size + 8), 8);
  header.copy(bytes, before.offset);
  await fs.writeFile(target, bytes);
}

/** Sets the size field of the last top-level box to 0 ("extends to the end of the file"). */
export async function lastBoxToEndOfFile(source: string, target: string): Promise<string> {
  const boxes = await topLevelBoxes(source);
  const last = boxes[boxes.length - 1]!;
  const bytes = await fs.readFile(source);
  bytes.writeUInt32BE(0, last.offset);
  await fs.writeFile(target, bytes);
  return last.type;
}

export async function cutFile(source: string, target: string, length: number): Promise<void> {
  const bytes = await fs.readFile(source);
  await fs.writeFile(target, bytes.subarray(0, length));
}
