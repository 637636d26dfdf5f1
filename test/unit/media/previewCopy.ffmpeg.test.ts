// The preview copy with the real ffmpeg: an H.264 + AAC clip copied with FLAC (or MP3) sound into
// the storage folder under its SHA-256, reused without ffmpeg, and every way it can fail.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { FfmpegRunError, lastStderrLine, runFfmpeg } from '../../../src/media/ffmpegRun';
import { makePreviewCopy, PreviewCopyError, type PreviewCopyOptions } from '../../../src/media/previewCopy';
import { sha256OfFile } from '../../../src/player/hashFile';
import { encodeClip, FFMPEG, ffprobe, haveFfmpeg, makeTempDir } from './mp4Fixtures';

const run = promisify(execFile);

/** The MD5 of a stream's packets as stored (no decode): equal means the stream was copied. */
async function packetsMd5(file: string, stream: string): Promise<string> {
  const { stdout } = await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-map', stream, '-c', 'copy', '-f', 'md5', '-']);
  return stdout.trim();
}

async function filesIn(dir: string): Promise<string[]> {
  return (await fs.readdir(dir).catch(() => [] as string[])).sort();
}

/** A stand-in ffmpeg on a PATH of its own: the real one, with `-strict -2` dropped (FLAC in MP4 refused). */
async function ffmpegWithoutStrict(dir: string): Promise<string> {
  const bin = path.join(dir, 'strict-bin');
  await fs.mkdir(bin, { recursive: true });
  const script = [
    '#!/bin/sh',
    'skip=0',
    'for a in "$@"; do',
    '  shift',
    '  if [ "$skip" = 1 ]; then skip=0; continue; fi',
    '  if [ "$a" = "-strict" ]; then skip=1; continue; fi',
    '  set -- "$@" "$a"',
    'done',
    `exec "${FFMPEG}" "$@"`,
    '',
  ].join('\n');
  await fs.writeFile(path.join(bin, 'ffmpeg'), script, { mode: 0o755 });
  return bin;
}

describe('media: preview copies made with the real ffmpeg', function () {
  this.timeout(120_000);
  let dir: string;
  let clip: string;
  let onPath: PreviewCopyOptions;

  before(async function () {
    assert.ok(haveFfmpeg(), 'ffmpeg is needed; npm test installs it');
    dir = await makeTempDir();
    clip = await encodeClip(dir, { name: 'aac-clip', width: 160, height: 120, seconds: 2, video: 'h264', audio: 'aac', channels: 2 });
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  beforeEach(async function () {
    const storageDir = path.join(dir, 'storage', this.currentTest?.title.replace(/\W+/g, '-').slice(0, 60) ?? 'x');
    onPath = { storageDir, searchPath: path.dirname(FFMPEG), excludeDirs: [path.join(dir, 'workspace')] };
  });

  it('copies the video stream and re-encodes the AAC to FLAC in MP4, named by the SHA-256, nothing else left behind', async () => {
    const encodings: string[] = [];
    const copy = await makePreviewCopy(clip, { ...onPath, onEncoding: (ffmpeg) => encodings.push(ffmpeg) });
    const sha = await sha256OfFile(clip);
    assert.deepEqual(encodings, [FFMPEG]);
    assert.equal(copy.codec, 'flac');
    assert.equal(copy.cached, false);
    assert.equal(copy.sha256, sha);
    assert.equal(copy.path, path.join(onPath.storageDir, `${sha}.flac.mp4`));
    assert.deepEqual(await filesIn(onPath.storageDir), [`${sha}.flac.mp4`]);
    const probe = await ffprobe(copy.path);
    assert.deepEqual(
      probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`),
      ['video:h264', 'audio:flac'],
    );
    assert.equal(probe.format.format_name.split(',')[0], 'mov');
    assert.equal(await packetsMd5(copy.path, '0:v:0'), await packetsMd5(clip, '0:v:0'), 'the video packets are the same bytes');
    const source = await ffprobe(clip);
    const audio = (p: typeof probe) => p.streams.find((s) => s.codec_type === 'audio');
    assert.equal(audio(probe)?.sample_rate, audio(source)?.sample_rate);
    assert.equal(audio(probe)?.channels, 2);
    assert.ok(Math.abs(Number(probe.format.duration) - Number(source.format.duration)) < 0.1);
  });

  it('reuses the copy for the same bytes without running ffmpeg (found even with no ffmpeg on the PATH)', async () => {
    const first = await makePreviewCopy(clip, onPath);
    const before = await fs.stat(first.path);
    let encodings = 0;
    const again = await makePreviewCopy(clip, { ...onPath, searchPath: path.join(dir, 'nowhere'), onEncoding: () => encodings++ });
    const after = await fs.stat(again.path);
    assert.equal(again.cached, true);
    assert.equal(encodings, 0);
    assert.equal(again.path, first.path);
    assert.equal(after.ino, before.ino, 'the same file, not a new one renamed over it');
    // Another clip (other bytes) is not a hit.
    const other = path.join(dir, 'other.mp4');
    await fs.copyFile(clip, other);
    await fs.appendFile(other, Buffer.alloc(16));
    const third = await makePreviewCopy(other, { ...onPath, onEncoding: () => encodings++ });
    assert.equal(third.cached, false);
    assert.equal(encodings, 1);
    assert.notEqual(third.path, first.path);
  });

  it('says ffmpeg is missing on a PATH without it, and writes nothing', async () => {
    const empty = path.join(dir, 'no-ffmpeg-bin');
    await fs.mkdir(empty, { recursive: true });
    await assert.rejects(
      makePreviewCopy(clip, { ...onPath, searchPath: empty }),
      (err: unknown) => err instanceof PreviewCopyError && err.problem === 'no-ffmpeg' && /not found on the PATH/.test(err.message),
    );
    assert.deepEqual(await filesIn(onPath.storageDir), []);
  });

  it('falls back to MP3 in MP4 when ffmpeg refuses FLAC in MP4', async () => {
    const copy = await makePreviewCopy(clip, { ...onPath, searchPath: await ffmpegWithoutStrict(dir) });
    assert.equal(copy.codec, 'mp3');
    assert.match(path.basename(copy.path), /^[0-9a-f]{64}\.mp3\.mp4$/);
    const probe = await ffprobe(copy.path);
    assert.deepEqual(
      probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`),
      ['video:h264', 'audio:mp3'],
    );
    assert.deepEqual(await filesIn(onPath.storageDir), [path.basename(copy.path)]);
    // The MP3 copy is found again later, whoever asks.
    const again = await makePreviewCopy(clip, onPath);
    assert.equal(again.cached, true);
    assert.equal(again.codec, 'mp3');
  });

  it("reports ffmpeg's last stderr line when it fails, and leaves no file", async () => {
    const broken = path.join(dir, 'not-a-video.mp4');
    await fs.writeFile(broken, 'this is not an MP4 file\n');
    await assert.rejects(makePreviewCopy(broken, onPath), (err: unknown) => {
      assert.ok(err instanceof PreviewCopyError);
      assert.equal(err.problem, 'failed');
      assert.match(err.message, /^FLAC: ffmpeg failed \(exit code \d+\): .*Invalid data found when processing input; MP3: ffmpeg failed/);
      return true;
    });
    assert.deepEqual(await filesIn(onPath.storageDir), []);
  });

  it('stops ffmpeg on timeout and on cancellation, without a copy under the final name', async () => {
    const long = await encodeClip(dir, { name: 'long-clip', width: 320, height: 240, seconds: 30, video: 'h264', audio: 'aac' });
    await assert.rejects(
      makePreviewCopy(long, { ...onPath, timeoutMs: 1 }),
      (err: unknown) => err instanceof PreviewCopyError && err.problem === 'timeout',
    );
    assert.deepEqual(await filesIn(onPath.storageDir), []);
    const abort = new AbortController();
    await assert.rejects(
      makePreviewCopy(long, { ...onPath, signal: abort.signal, onEncoding: () => setTimeout(() => abort.abort(), 5) }),
      (err: unknown) => err instanceof PreviewCopyError && err.problem === 'cancelled',
    );
    assert.deepEqual(await filesIn(onPath.storageDir), []);
  });
});

describe('media: running ffmpeg', function () {
  this.timeout(30_000);
  // Real time (-re) over a 30 s tone: runs long enough to be stopped.
  const slow = ['-hide_banner', '-nostdin', '-re', '-f', 'lavfi', '-i', 'sine=duration=30', '-f', 'null', '-'];

  it('kills a run that outlives its timeout, and says so', async () => {
    const started = Date.now();
    await assert.rejects(runFfmpeg(FFMPEG, slow, { timeoutMs: 500 }), (err: unknown) => err instanceof FfmpegRunError && err.failure === 'timeout');
    assert.ok(Date.now() - started < 5000, `stopped after ${Date.now() - started} ms`);
  });

  it('kills a cancelled run at once', async () => {
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 300);
    await assert.rejects(
      runFfmpeg(FFMPEG, slow, { timeoutMs: 60_000, signal: abort.signal }),
      (err: unknown) => err instanceof FfmpegRunError && err.failure === 'cancelled',
    );
    assert.ok(Date.now() - started < 5000, `stopped after ${Date.now() - started} ms`);
  });

  it("fails with the exit code and stderr's last line; a missing program is 'not-started'", async () => {
    await assert.rejects(runFfmpeg(FFMPEG, ['-hide_banner', '-nostdin', '-i', 'file:/nonexistent/clip.mp4', '-f', 'null', '-'], { timeoutMs: 10_000 }), (err: unknown) => {
      assert.ok(err instanceof FfmpegRunError);
      assert.equal(err.failure, 'failed');
      assert.match(err.lastLine, /No such file or directory/);
      assert.match(err.message, /^ffmpeg failed \(exit code \d+\): .*No such file or directory$/);
      return true;
    });
    await assert.rejects(
      runFfmpeg('/nonexistent/ffmpeg', ['-version'], { timeoutMs: 10_000 }),
      (err: unknown) => err instanceof FfmpegRunError && err.failure === 'not-started',
    );
  });

  it('takes the last non-empty line of stderr', () => {
    assert.equal(lastStderrLine('a\nb\r\n\n  c  \n\n'), 'c');
    assert.equal(lastStderrLine('frame=1\rframe=2\r'), 'frame=2');
    assert.equal(lastStderrLine(''), '');
  });
});
