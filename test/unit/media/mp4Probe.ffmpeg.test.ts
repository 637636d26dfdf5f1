// The probe against ffprobe on real files ffmpeg makes, including byte-level variants (64-bit
// sizes, a size-0 last box, hundreds of MB of padding) and broken ones.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Mp4ProbeError, compareWithRequest, probeMp4Buffer, probeMp4File, type Mp4Metadata } from '../../../src/media';
import {
  cutFile, encodeClip, encoders, ffprobe, haveFfmpeg, lastBoxToEndOfFile, makeTempDir, padWithFree, topLevelBoxes, useLargesizeMdat,
  type ClipRecipe, type FfprobeResult,
} from './mp4Fixtures';

const RECIPES: ClipRecipe[] = [
  { name: 'h264-aac-faststart-720x1280', width: 720, height: 1280, seconds: 2, video: 'h264', audio: 'aac', faststart: true },
  { name: 'h264-1280x720', width: 1280, height: 720, seconds: 2, video: 'h264' },
  { name: 'h264-aac-1440x1080', width: 1440, height: 1080, seconds: 1, video: 'h264', audio: 'aac' },
  // Stereo: MP3 in MP4 has no decoder config, so the channel count is the sample entry's (which
  // ffmpeg sets to 2 even for mono); reading it from the first frame in mdat is not worth it.
  { name: 'h264-mp3-480x640', width: 480, height: 640, seconds: 1, video: 'h264', audio: 'mp3', channels: 2 },
  { name: 'hevc-hvc1-opus-854x480', width: 854, height: 480, seconds: 1, video: 'hevc-hvc1', audio: 'opus', faststart: true },
  { name: 'hevc-hev1-480x480', width: 480, height: 480, seconds: 1, video: 'hevc-hev1' },
  { name: 'h264-anamorphic-1440x1080', width: 1440, height: 1080, seconds: 1, video: 'h264', sar: '4/3' },
  { name: 'h264-rotated-1280x720', width: 1280, height: 720, seconds: 1, video: 'h264', rotate: 90 },
];

const FRIENDLY: Record<string, string> = { h264: 'H.264', hevc: 'HEVC', aac: 'AAC', mp3: 'MP3', opus: 'Opus' };
const MB = 1024 * 1024;

async function expectProbeError(file: string, code: string, message: RegExp): Promise<void> {
  await assert.rejects(probeMp4File(file), (err: unknown) => {
    assert.ok(err instanceof Mp4ProbeError, `expected Mp4ProbeError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    return true;
  });
}

function assertMatchesFfprobe(meta: Mp4Metadata, probe: FfprobeResult): void {
  assert.equal(meta.fileSize, Number(probe.format.size));
  assert.ok(Math.abs(meta.durationSeconds - Number(probe.format.duration)) < 0.05, `duration ${meta.durationSeconds} vs ffprobe ${probe.format.duration}`);
  const v = probe.streams.find((s) => s.codec_type === 'video');
  const a = probe.streams.find((s) => s.codec_type === 'audio');
  assert.ok(v && meta.video);
  assert.equal(meta.video.codec, v.codec_tag_string);
  assert.equal(meta.video.codecName, FRIENDLY[v.codec_name]);
  // ffprobe gives the coded size and the sample aspect ratio; tkhd holds the display size.
  const [sarW, sarH] = (v.sample_aspect_ratio && v.sample_aspect_ratio !== '0:1' ? v.sample_aspect_ratio : '1:1').split(':').map(Number) as [number, number];
  assert.equal(meta.video.codedWidth, v.width);
  assert.equal(meta.video.codedHeight, v.height);
  assert.equal(meta.video.width, Math.round(((v.width ?? 0) * sarW) / sarH));
  assert.equal(meta.video.height, v.height);
  const rotation = v.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0;
  // ffprobe gives the display matrix angle counter-clockwise; players turn the picture clockwise.
  assert.equal(meta.video.rotation, ((-rotation % 360) + 360) % 360);
  if (!a) {
    assert.equal(meta.audio, null);
    return;
  }
  assert.ok(meta.audio);
  assert.equal(meta.audio.codec, a.codec_tag_string);
  assert.equal(meta.audio.codecName, FRIENDLY[a.codec_name]);
  assert.equal(meta.audio.sampleRate, Number(a.sample_rate));
  assert.equal(meta.audio.channels, a.channels);
}

describe('media: probeMp4File on ffmpeg output', function () {
  this.timeout(60_000);
  let dir = '';
  const clips = new Map<string, string>();

  before(async function () {
    // ffmpeg is part of the test host (`npm test` installs it): a missing encoder is a failure, not a skip.
    assert.ok(haveFfmpeg(), 'ffmpeg and ffprobe are needed; npm test installs them');
    const available = await encoders();
    for (const encoder of ['libx264', 'libx265', 'libmp3lame', 'libopus']) assert.ok(available.has(encoder), `ffmpeg lacks ${encoder}`);
    dir = await makeTempDir();
    const wanted = RECIPES;
    // Two at a time: CI machines are small and each encode is short.
    for (let i = 0; i < wanted.length; i += 2) {
      await Promise.all(wanted.slice(i, i + 2).map(async (r) => clips.set(r.name, await encodeClip(dir, r))));
    }
  });

  after(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  function clip(name: string): string {
    const file = clips.get(name);
    if (!file) throw new Error(`${name} was not encoded (encoder missing?)`);
    return file;
  }

  for (const recipe of RECIPES) {
    it(`matches ffprobe: ${recipe.name}`, async function () {
      const file = clip(recipe.name);
      assertMatchesFfprobe(await probeMp4File(file), await ffprobe(file));
    });
  }

  it('reads H.264 + AAC as playable but silent in VS Code, faststart', async () => {
    const meta = await probeMp4File(clip('h264-aac-faststart-720x1280'));
    assert.deepEqual(meta.playableInVsCode, { video: true, audio: false, silentInVsCode: true });
    assert.equal(meta.moovBeforeMdat, true);
    assert.equal(meta.majorBrand, 'isom');
    assert.deepEqual([meta.width, meta.height], [720, 1280]);
    assert.deepEqual(compareWithRequest(meta, { quality: '720p', ratio: '9:16', duration: 2 }), []);
  });

  it('reads H.264 without audio as fully playable, moov after mdat', async () => {
    const meta = await probeMp4File(clip('h264-1280x720'));
    assert.deepEqual(meta.playableInVsCode, { video: true, audio: null, silentInVsCode: false });
    assert.equal(meta.moovBeforeMdat, false);
    assert.deepEqual(meta.topLevelBoxes.map((b) => b.type), ['ftyp', 'free', 'mdat', 'moov']);
  });

  it('reads HEVC as not playable, whatever its tag', async function () {
    const hvc1 = await probeMp4File(clip('hevc-hvc1-opus-854x480'));
    assert.equal(hvc1.video?.codec, 'hvc1');
    assert.deepEqual(hvc1.playableInVsCode, { video: false, audio: true, silentInVsCode: false });
    const hev1 = await probeMp4File(clip('hevc-hev1-480x480'));
    assert.equal(hev1.video?.codec, 'hev1');
    assert.equal(hev1.video?.codecName, 'HEVC');
    assert.equal(hev1.playableInVsCode.video, false);
  });

  it('tells MP3 in mp4a apart from AAC', async function () {
    const meta = await probeMp4File(clip('h264-mp3-480x640'));
    assert.equal(meta.audio?.codec, 'mp4a');
    assert.equal(meta.audio?.codecName, 'MP3');
    assert.equal(meta.playableInVsCode.silentInVsCode, false);
  });

  it('turns the display size for a rotated track', async () => {
    const meta = await probeMp4File(clip('h264-rotated-1280x720'));
    // Which way `rotate=90` turns differs between ffmpeg versions; the match with ffprobe is checked above.
    assert.ok(meta.video?.rotation === 90 || meta.video?.rotation === 270);
    assert.deepEqual([meta.video?.width, meta.video?.height], [1280, 720]);
    assert.deepEqual([meta.width, meta.height], [720, 1280]);
  });

  it('takes the display size from tkhd when pixels are not square', async () => {
    const meta = await probeMp4File(clip('h264-anamorphic-1440x1080'));
    assert.deepEqual([meta.width, meta.height, meta.video?.codedWidth], [1920, 1080, 1440]);
  });

  it('gives the same answer from a buffer as from the file', async () => {
    const file = clip('h264-aac-1440x1080');
    assert.deepEqual(await probeMp4Buffer(await fs.readFile(file)), await probeMp4File(file));
  });

  it('skips a 300 MB trailing free box without reading it', async () => {
    const source = clip('h264-aac-faststart-720x1280');
    const padded = path.join(dir, 'padded-300mb.mp4');
    await padWithFree(source, padded, 300 * MB);
    const started = process.hrtime.bigint();
    const before = process.memoryUsage().rss;
    const meta = await probeMp4File(padded);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(meta.fileSize, 300 * MB);
    assert.equal(meta.topLevelBoxes.at(-1)?.type, 'free');
    assert.ok(ms < 1000, `took ${ms} ms`);
    assert.ok(process.memoryUsage().rss - before < 50 * MB, 'memory grew as if the padding was read');
    assertMatchesFfprobe(meta, await ffprobe(padded));
  });

  it('follows a 64-bit largesize free box past 4 GB (sparse file)', async function () {
    if (process.platform === 'win32') this.skip(); // NTFS would allocate the 5 GB for real
    const padded = path.join(dir, 'padded-5gb.mp4');
    await padWithFree(clip('h264-1280x720'), padded, 5 * 1024 * MB);
    const meta = await probeMp4File(padded);
    assert.equal(meta.fileSize, 5 * 1024 * MB);
    const free = meta.topLevelBoxes.at(-1);
    assert.equal(free?.type, 'free');
    assert.ok(free && free.size > 0xffff_ffff);
    assert.equal(meta.video?.width, 1280);
    await fs.rm(padded);
  });

  it('reads a 64-bit largesize mdat as ffprobe does', async () => {
    const file = path.join(dir, 'largesize-mdat.mp4');
    await useLargesizeMdat(clip('h264-1280x720'), file);
    const meta = await probeMp4File(file);
    assert.deepEqual(meta.topLevelBoxes.map((b) => b.type), ['ftyp', 'mdat', 'moov']);
    assertMatchesFfprobe(meta, await ffprobe(file));
  });

  it('reads a last box of size 0 ("to the end of the file")', async () => {
    const file = path.join(dir, 'size0-mdat.mp4');
    assert.equal(await lastBoxToEndOfFile(clip('h264-aac-faststart-720x1280'), file), 'mdat');
    const meta = await probeMp4File(file);
    assert.equal(meta.topLevelBoxes.at(-1)?.size, meta.fileSize - (meta.topLevelBoxes.at(-1)?.offset ?? 0));
    assertMatchesFfprobe(meta, await ffprobe(file));
  });

  describe('broken input', () => {
    it('rejects a file cut inside mdat (moov first)', async () => {
      const source = clip('h264-aac-faststart-720x1280');
      const file = path.join(dir, 'cut-faststart.mp4');
      await cutFile(source, file, Math.floor((await fs.stat(source)).size * 0.6));
      await expectProbeError(file, 'truncated', /the mdat box at byte \d+ needs \d+ bytes but only \d+ remain \(the file is truncated\)/);
    });

    it('rejects a file cut inside mdat (moov last, never reached)', async () => {
      const source = clip('h264-1280x720');
      const file = path.join(dir, 'cut-plain.mp4');
      await cutFile(source, file, Math.floor((await fs.stat(source)).size / 2));
      await expectProbeError(file, 'truncated', /truncated/);
    });

    it('rejects a file cut exactly before moov', async () => {
      const source = clip('h264-1280x720');
      const moov = (await topLevelBoxes(source)).find((b) => b.type === 'moov')!;
      const file = path.join(dir, 'no-moov.mp4');
      await cutFile(source, file, moov.offset);
      await expectProbeError(file, 'truncated', /no movie header \(moov box\)/);
    });

    it('rejects a file cut exactly after moov (faststart, no media data)', async () => {
      const source = clip('h264-aac-faststart-720x1280');
      const moov = (await topLevelBoxes(source)).find((b) => b.type === 'moov')!;
      const file = path.join(dir, 'no-mdat.mp4');
      await cutFile(source, file, moov.offset + moov.size);
      await expectProbeError(file, 'truncated', /no media data/);
    });

    it('rejects a file cut inside moov or inside a box header', async () => {
      const source = clip('h264-aac-faststart-720x1280');
      const moov = (await topLevelBoxes(source)).find((b) => b.type === 'moov')!;
      for (const length of [moov.offset + 100, moov.offset + 4, 20]) {
        const file = path.join(dir, `cut-${length}.mp4`);
        await cutFile(source, file, length);
        await expectProbeError(file, 'truncated', /truncated/);
      }
    });

    it('rejects every cut of a real file', async () => {
      const bytes = await fs.readFile(clip('h264-aac-faststart-720x1280'));
      // Every cut point in the header region, then a spread through mdat.
      const cuts = [...Array.from({ length: 1200 }, (_, i) => i + 1), ...Array.from({ length: 50 }, (_, i) => Math.floor((bytes.length * (i + 1)) / 51))];
      for (const cut of cuts) {
        await assert.rejects(probeMp4Buffer(bytes.subarray(0, cut)), (err: unknown) => err instanceof Mp4ProbeError && ['truncated', 'not_mp4'].includes(err.code), `cut at ${cut}`);
      }
    });

    it('rejects a text file, an empty file and a PNG', async () => {
      const text = path.join(dir, 'notes.mp4');
      await fs.writeFile(text, 'Hello world, this is not a video.\n');
      await expectProbeError(text, 'not_mp4', /not an MP4 video: .*starts with "Hello wo"/);
      const empty = path.join(dir, 'empty.mp4');
      await fs.writeFile(empty, '');
      await expectProbeError(empty, 'empty', /The file is empty/);
      const png = path.join(dir, 'image.mp4');
      await fs.writeFile(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
      await expectProbeError(png, 'not_mp4', /starts with bytes 89 50 4e 47/);
    });

    it('passes file system errors through unchanged', async () => {
      await assert.rejects(probeMp4File(path.join(dir, 'missing.mp4')), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
    });
  });
});
