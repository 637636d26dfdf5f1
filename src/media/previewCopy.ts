// The preview copy: where a page cannot decode a clip's AAC, the user's own ffmpeg copies the video
// stream and re-encodes the sound to FLAC in MP4 (MP3 in MP4 where its FLAC is refused), which VS
// Code's player plays. The copy lives in a folder the caller owns (the extension's storage, never
// the workspace) under the clip's SHA-256, so a clip seen again is not re-encoded; ffmpeg writes a
// temporary name that is renamed only once it finished, so the final name never holds half a copy.
// Old copies are removed: over 30 days unused, then the least recently used beyond 512 MB.
// No vscode import.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sha256OfFile } from '../player/hashFile';
import { findFfmpeg, type FfmpegSearch } from './ffmpegLocate';
import { FfmpegRunError, runFfmpeg } from './ffmpegRun';

export type PreviewCodec = 'flac' | 'mp3';

export interface PreviewCopy {
  path: string;
  codec: PreviewCodec;
  sha256: string;
  /** True when an earlier copy was reused (ffmpeg did not run). */
  cached: boolean;
}

export type PreviewCopyProblem = 'no-ffmpeg' | 'failed' | 'timeout' | 'cancelled';

export class PreviewCopyError extends Error {
  constructor(
    readonly problem: PreviewCopyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PreviewCopyError';
  }
}

export interface PreviewCopyOptions extends FfmpegSearch {
  /** The folder the copies live in (created when missing). */
  storageDir: string;
  /** Per ffmpeg run. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called once ffmpeg is about to run (not on a cache hit). */
  onEncoding?: (ffmpeg: string) => void;
  /** Cleanup limits; see pruneCopies. */
  maxBytes?: number;
  maxAgeMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** A temporary file this old was left by a run that never finished (a crash, a killed host). */
const STALE_PARTIAL_MS = 60 * 60 * 1000;
const CODECS: readonly PreviewCodec[] = ['flac', 'mp3'];
const COPY_NAME = /^[0-9a-f]{64}\.(flac|mp3)\.mp4$/;
const PARTIAL_NAME = /^[0-9a-f]{64}\.(flac|mp3)\.[0-9a-z-]+\.partial$/;

export function previewCopyName(sha256: string, codec: PreviewCodec): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
  return `${sha256}.${codec}.mp4`;
}

/** ffmpeg's arguments for one codec: the first video and audio streams, the video copied. */
export function previewCopyArgs(clip: string, output: string, codec: PreviewCodec): string[] {
  // ffmpeg 5.1 (Debian 12) calls FLAC in MP4 experimental and refuses it without `-strict -2`;
  // 16-bit samples keep the copy small (the source is lossy AAC anyway).
  const audio = codec === 'flac' ? ['-c:a', 'flac', '-sample_fmt', 's16', '-strict', '-2'] : ['-c:a', 'libmp3lame', '-q:a', '2'];
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    // `file:` so no name is read as another protocol or an option.
    '-i',
    `file:${path.resolve(clip)}`,
    '-map',
    '0:v:0',
    '-map',
    '0:a:0',
    '-c:v',
    'copy',
    ...audio,
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    `file:${output}`,
  ];
}

/** The clip's preview copy: the cached one, else one made now with the ffmpeg found on the PATH. */
export async function makePreviewCopy(clip: string, options: PreviewCopyOptions): Promise<PreviewCopy> {
  await fs.mkdir(options.storageDir, { recursive: true });
  const sha256 = await hashClip(clip, options.signal);
  const cached = await findCachedCopy(options.storageDir, sha256);
  if (cached) return { ...cached, sha256, cached: true };
  const ffmpeg = await findFfmpeg(options);
  if (!ffmpeg) throw new PreviewCopyError('no-ffmpeg', 'ffmpeg was not found on the PATH');
  options.onEncoding?.(ffmpeg);
  const made = await encodeFirstAccepted(ffmpeg, clip, sha256, options);
  await pruneCopies(options.storageDir, { keep: made.path, maxBytes: options.maxBytes, maxAgeMs: options.maxAgeMs });
  return { ...made, sha256, cached: false };
}

async function hashClip(clip: string, signal: AbortSignal | undefined): Promise<string> {
  try {
    return await sha256OfFile(clip, signal);
  } catch (err) {
    if (signal?.aborted) throw new PreviewCopyError('cancelled', 'the preview copy was cancelled');
    throw new PreviewCopyError('failed', `the clip could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A finished copy of this hash (FLAC first); its time is touched, so cleanup sees it was used. */
export async function findCachedCopy(dir: string, sha256: string): Promise<{ path: string; codec: PreviewCodec } | null> {
  for (const codec of CODECS) {
    const file = path.join(dir, previewCopyName(sha256, codec));
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile() || stat.size === 0) continue;
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => undefined);
    return { path: file, codec };
  }
  return null;
}

async function encodeFirstAccepted(
  ffmpeg: string,
  clip: string,
  sha256: string,
  options: PreviewCopyOptions,
): Promise<{ path: string; codec: PreviewCodec }> {
  const refusals: string[] = [];
  for (const codec of CODECS) {
    try {
      return { path: await encodeOnce(ffmpeg, clip, sha256, codec, options), codec };
    } catch (err) {
      if (!(err instanceof FfmpegRunError)) throw err;
      if (err.failure === 'cancelled') throw new PreviewCopyError('cancelled', 'the preview copy was cancelled');
      if (err.failure === 'timeout') throw new PreviewCopyError('timeout', err.message);
      if (err.failure === 'not-started') throw new PreviewCopyError('failed', err.message);
      refusals.push(`${codec.toUpperCase()}: ${err.message}`);
    }
  }
  throw new PreviewCopyError('failed', refusals.join('; '));
}

async function encodeOnce(ffmpeg: string, clip: string, sha256: string, codec: PreviewCodec, options: PreviewCopyOptions): Promise<string> {
  const final = path.join(options.storageDir, previewCopyName(sha256, codec));
  const partial = path.join(options.storageDir, `${sha256}.${codec}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  try {
    await runFfmpeg(ffmpeg, previewCopyArgs(clip, partial, codec), {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: options.signal,
    });
    const stat = await fs.stat(partial).catch(() => null);
    if (!stat || stat.size === 0) throw new FfmpegRunError('failed', 'ffmpeg finished but wrote nothing', '');
    await fs.rename(partial, final);
    return final;
  } finally {
    await fs.rm(partial, { force: true });
  }
}

export interface PruneLimits {
  /** Never removed (the copy just made). */
  keep?: string;
  maxBytes?: number;
  maxAgeMs?: number;
  now?: number;
}

/**
 * Removes copies unused for longer than maxAgeMs, then the least recently used until the rest fit
 * in maxBytes, and temporary files left by runs that never finished. Returns the names removed.
 */
export async function pruneCopies(dir: string, limits: PruneLimits = {}): Promise<string[]> {
  const now = limits.now ?? Date.now();
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxAgeMs = limits.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const copies: Array<{ name: string; size: number; usedAt: number }> = [];
  const doomed: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (file === limits.keep) continue;
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) continue;
    if (PARTIAL_NAME.test(name) && now - stat.mtimeMs > STALE_PARTIAL_MS) doomed.push(name);
    else if (COPY_NAME.test(name)) copies.push({ name, size: stat.size, usedAt: stat.mtimeMs });
  }
  const keptBytes = limits.keep ? ((await fs.stat(limits.keep).catch(() => null))?.size ?? 0) : 0;
  let total = keptBytes;
  for (const copy of copies.sort((a, b) => b.usedAt - a.usedAt)) {
    if (now - copy.usedAt > maxAgeMs || total + copy.size > maxBytes) doomed.push(copy.name);
    else total += copy.size;
  }
  for (const name of doomed) await fs.rm(path.join(dir, name), { force: true });
  return doomed;
}
