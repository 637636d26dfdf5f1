// Shared bits of the emulator tests: request shortcuts and an ffprobe wrapper to check that what
// the emulator serves is a real video.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Emulator } from '../../emulator/server';

const run = promisify(execFile);

export const KEY = 'test-key';

export interface GenBody {
  model?: unknown;
  prompt?: unknown;
  quality?: unknown;
  duration?: unknown;
  ratio?: unknown;
  [extra: string]: unknown;
}

/** A valid, cheap request (1 s of 720p): override what the test is about. */
export function genBody(over: GenBody = {}): GenBody {
  return { model: 'provider-2/kling-v2.1', prompt: 'a red fox in snow', quality: '720p', duration: 1, ratio: '16:9', ...over };
}

export function generate(
  em: Emulator,
  body: unknown,
  init: { key?: string | null; signal?: AbortSignal; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  const key = init.key === undefined ? KEY : init.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return fetch(`${em.baseUrl}/video/generations`, {
    method: 'POST',
    headers,
    body: init.rawBody ?? JSON.stringify(body),
    signal: init.signal,
  });
}

export interface ErrorJson {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface SuccessJson {
  created: number;
  data: Array<{ b64_json: string | null; url: string | null; revised_prompt: string | null }>;
}

export interface Probe {
  formatName: string;
  duration: number;
  video?: { codec: string; width: number; height: number; pixFmt: string; duration: number };
  audio?: { codec: string };
}

/** Runs ffprobe on bytes (via a temp file) and keeps the fields the tests check. */
export async function probe(bytes: Uint8Array): Promise<Probe> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'emu-probe-'));
  const file = path.join(dir, 'clip.mp4');
  try {
    await fs.writeFile(file, bytes);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_type,codec_name,width,height,pix_fmt,duration:format=duration,format_name',
      '-of',
      'json',
      file,
    ]);
    const j = JSON.parse(stdout) as {
      streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string; duration?: string }>;
      format: { duration: string; format_name: string };
    };
    const v = j.streams.find((s) => s.codec_type === 'video');
    const a = j.streams.find((s) => s.codec_type === 'audio');
    return {
      formatName: j.format.format_name,
      duration: Number(j.format.duration),
      video: v && {
        codec: v.codec_name,
        width: v.width ?? 0,
        height: v.height ?? 0,
        pixFmt: v.pix_fmt ?? '',
        duration: Number(v.duration),
      },
      audio: a && { codec: a.codec_name },
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** True when every character is in the standard base64 alphabet and the length is whole. */
export function isStrictBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

/** Reads a response to the end, or the error that ended it. */
export async function readAll(res: Response): Promise<{ bytes?: Buffer; error?: unknown }> {
  try {
    return { bytes: Buffer.from(await res.arrayBuffer()) };
  } catch (error) {
    return { error };
  }
}
