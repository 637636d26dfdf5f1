// The frame rate the player's frame step uses, read from real clips ffmpeg makes (24, 10 and
// 30000/1001 fps, with and without audio, faststart or not) and from broken input.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { probeMp4File } from '../../../src/media';
import { frameRateOfMoov, readFrameRate } from '../../../src/player/frameRate';
import { FFMPEG, haveFfmpeg, makeTempDir } from '../media/mp4Fixtures';

const run = promisify(execFile);

async function clip(dir: string, name: string, rate: string, extra: string[] = []): Promise<string> {
  const out = path.join(dir, `${name}.mp4`);
  await run(FFMPEG, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=320x180:rate=${rate}:duration=1`,
    ...extra,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'mp4',
    out,
  ]);
  return out;
}

async function rateOf(file: string): Promise<number | null> {
  const meta = await probeMp4File(file);
  return readFrameRate(
    file,
    meta.topLevelBoxes.find((b) => b.type === 'moov'),
  );
}

describe('player: frame rate from the MP4', function () {
  this.timeout(60_000);
  let dir: string;

  before(async function () {
    if (!haveFfmpeg()) this.skip();
    dir = await makeTempDir();
  });

  after(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads 24 fps (the emulator clips), 10 fps and NTSC 29.97 fps', async () => {
    assert.equal(await rateOf(await clip(dir, 'r24', '24', ['-movflags', '+faststart'])), 24);
    assert.equal(await rateOf(await clip(dir, 'r10', '10')), 10);
    assert.equal(await rateOf(await clip(dir, 'ntsc', '30000/1001')), 29.97);
  });

  it('reads the video track when an audio track comes first', async () => {
    const out = path.join(dir, 'audio-first.mp4');
    await run(FFMPEG, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=1',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=25:duration=1',
      '-map',
      '0:a',
      '-map',
      '1:v',
      '-c:a',
      'aac',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      out,
    ]);
    assert.equal(await rateOf(out), 25);
  });

  it('reads a QuickTime .mov the same way', async () => {
    const out = path.join(dir, 'clip.mov');
    await run(FFMPEG, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=25:duration=1',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      out,
    ]);
    assert.equal(await rateOf(out), 25);
  });

  it('says null for what is not a movie box, and for no moov at all', async () => {
    assert.equal(frameRateOfMoov(Buffer.from('not an mp4 at all, just text')), null);
    assert.equal(frameRateOfMoov(Buffer.alloc(0)), null);
    assert.equal(await readFrameRate(path.join(dir, 'r24.mp4'), undefined), null);
  });

  it('says null rather than throwing for a damaged moov', async () => {
    const file = await clip(dir, 'damaged', '24', ['-movflags', '+faststart']);
    const meta = await probeMp4File(file);
    const moov = meta.topLevelBoxes.find((b) => b.type === 'moov')!;
    const bytes = (await fs.readFile(file)).subarray(moov.offset, moov.offset + moov.size);
    const at = bytes.indexOf('stts');
    assert.ok(at > 0);
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32BE(0xffffff, at + 8); // an entry count far beyond the box
    assert.equal(frameRateOfMoov(damaged), null);
    // The undamaged box still reads, so the test above is about the damage.
    assert.equal(frameRateOfMoov(Buffer.from(bytes)), 24);
  });
});
