// The probe on hand-built MP4s: header versions, fallbacks and broken structures that encoders
// rarely produce, plus fuzzing that only ever Mp4ProbeError comes out of bad bytes.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Mp4ProbeError, probeMp4Buffer, type Mp4ProbeErrorCode } from '../../../src/media';
import {
  ROTATE_90, audioEntry, audioEntryV2, box, esds, fullBox, ftyp, mdat, moov, mp4, mvhd, simpleClip, sinf, text, trak, u32, u64, visualEntry, zeros,
} from './mp4Builder';

async function rejectsWith(bytes: Buffer, code: Mp4ProbeErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(probeMp4Buffer(bytes), (err: unknown) => {
    assert.ok(err instanceof Mp4ProbeError, `expected Mp4ProbeError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/** Packs [value, bit count] pairs MSB first (for AudioSpecificConfig). */
function bits(fields: Array<[number, number]>): Buffer {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  for (const [value, count] of fields) {
    for (let i = count - 1; i >= 0; i--) {
      acc = (acc << 1) | ((value >> i) & 1);
      if (++n === 8) {
        out.push(acc);
        acc = 0;
        n = 0;
      }
    }
  }
  if (n) out.push(acc << (8 - n));
  return Buffer.from(out);
}

const video = (w = 1280, h = 720) => trak({ handler: 'vide', width: w, height: h, entry: visualEntry('avc1', w, h) });

describe('media: probeMp4Buffer on synthetic files', () => {
  it('reads a minimal clip', async () => {
    const meta = await probeMp4Buffer(simpleClip({ width: 1080, height: 1920, seconds: 5 }));
    assert.equal(meta.durationSeconds, 5);
    assert.deepEqual([meta.width, meta.height], [1080, 1920]);
    assert.equal(meta.video?.codecName, 'H.264');
    assert.equal(meta.audio, null);
    assert.equal(meta.majorBrand, 'isom');
    assert.deepEqual(meta.compatibleBrands, ['isom', 'avc1']);
    assert.equal(meta.moovBeforeMdat, true);
  });

  it('reads version-1 (64-bit) mvhd, tkhd and mdhd', async () => {
    const bytes = mp4(
      ftyp(),
      moov(
        mvhd(1, 90000, 2n ** 33n), // beyond 32 bits: 95443.7 s
        trak({ handler: 'vide', tkhdVersion: 1, mdhdVersion: 1, width: 640, height: 480, entry: visualEntry('avc1', 640, 480), timescale: 90000, duration: 2n ** 33n }),
      ),
      mdat(),
    );
    const meta = await probeMp4Buffer(bytes);
    assert.ok(Math.abs(meta.durationSeconds - 2 ** 33 / 90000) < 1e-6);
    assert.ok(Math.abs((meta.video?.durationSeconds ?? 0) - 2 ** 33 / 90000) < 1e-6);
    assert.deepEqual([meta.width, meta.height], [640, 480]);
  });

  it('prefers the display size of tkhd over the coded size of the sample entry', async () => {
    // Anamorphic: coded 1440x1080, shown 1920x1080.
    const bytes = mp4(ftyp(), moov(mvhd(0, 1000, 1000), trak({ handler: 'vide', width: 1920, height: 1080, entry: visualEntry('avc1', 1440, 1080) })), mdat());
    const meta = await probeMp4Buffer(bytes);
    assert.deepEqual([meta.width, meta.height, meta.video?.codedWidth, meta.video?.codedHeight], [1920, 1080, 1440, 1080]);
  });

  it('falls back to the sample entry size when tkhd has none', async () => {
    const zero = mp4(ftyp(), moov(mvhd(0, 1000, 1000), trak({ handler: 'vide', width: 0, height: 0, entry: visualEntry('avc1', 854, 480) })), mdat());
    assert.deepEqual([(await probeMp4Buffer(zero)).width, (await probeMp4Buffer(zero)).height], [854, 480]);
    const missing = mp4(ftyp(), moov(mvhd(0, 1000, 1000), trak({ handler: 'vide', omitTkhd: true, entry: visualEntry('avc1', 320, 240) })), mdat());
    assert.deepEqual([(await probeMp4Buffer(missing)).width, (await probeMp4Buffer(missing)).height], [320, 240]);
  });

  it('does not take an audio track (tkhd 0x0) for the video, whatever the order', async () => {
    const aac = audioEntry('mp4a', 2, 44100, esds(0x40, bits([[2, 5], [4, 4], [2, 4], [0, 3]])));
    const bytes = mp4(ftyp(), moov(mvhd(0, 1000, 2000), trak({ handler: 'soun', entry: aac, timescale: 44100, duration: 88200 }), video(720, 1280)), mdat());
    const meta = await probeMp4Buffer(bytes);
    assert.deepEqual([meta.width, meta.height], [720, 1280]);
    assert.deepEqual(meta.audio, { codec: 'mp4a', codecName: 'AAC', channels: 2, sampleRate: 44100, durationSeconds: 2 });
    assert.deepEqual(meta.playableInVsCode, { video: true, audio: false, silentInVsCode: true });
  });

  it('reads channels and rate from the AudioSpecificConfig, HE-AAC v2 included', async () => {
    // AAC-LC mono 48 kHz in an entry claiming stereo 44.1 kHz (entries carry template values).
    const lc = audioEntry('mp4a', 2, 44100, esds(0x40, bits([[2, 5], [3, 4], [1, 4], [0, 3]])));
    const meta = await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 1000), video(), trak({ handler: 'soun', entry: lc })), mdat()));
    assert.deepEqual([meta.audio?.channels, meta.audio?.sampleRate], [1, 48000]);
    // PS (29): 24 kHz mono core, 48 kHz stereo output.
    const ps = audioEntry('mp4a', 2, 24000, esds(0x40, bits([[29, 5], [6, 4], [1, 4], [3, 4], [2, 5], [0, 3]])));
    const he = await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 1000), video(), trak({ handler: 'soun', entry: ps })), mdat()));
    assert.deepEqual([he.audio?.channels, he.audio?.sampleRate], [2, 48000]);
  });

  it('names audio codecs and their VS Code playability', async () => {
    const cases: Array<[Buffer, string, boolean]> = [
      [audioEntry('mp4a', 2, 44100, esds(0x6b)), 'MP3', true],
      [audioEntry('mp4a', 2, 44100), 'AAC', false], // no esds: AAC is what mp4a almost always is
      [audioEntry('Opus', 2, 48000), 'Opus', true],
      [audioEntry('fLaC', 2, 48000), 'FLAC', true],
      [audioEntry('ac-3', 6, 48000), 'AC-3', false],
      [audioEntry('zzzz', 1, 8000), 'zzzz', false],
    ];
    for (const [entry, name, plays] of cases) {
      const meta = await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 1000), video(), trak({ handler: 'soun', entry })), mdat()));
      assert.equal(meta.audio?.codecName, name);
      assert.deepEqual(meta.playableInVsCode, { video: true, audio: plays, silentInVsCode: !plays }, name);
    }
  });

  it('reads a QuickTime version-2 sound description', async () => {
    const meta = await probeMp4Buffer(mp4(ftyp('qt  ', ['qt  ']), moov(mvhd(0, 1000, 1000), video(), trak({ handler: 'soun', entry: audioEntryV2('lpcm', 6, 96000) })), mdat()));
    assert.deepEqual([meta.audio?.codecName, meta.audio?.channels, meta.audio?.sampleRate], ['PCM', 6, 96000]);
    assert.equal(meta.majorBrand, 'qt  ');
  });

  it('names the real codec of protected (encv/enca) entries', async () => {
    const encv = visualEntry('encv', 1280, 720, box('avcC', zeros(8)), sinf('avc1'));
    const enca = audioEntry('enca', 2, 48000, esds(0x40), sinf('mp4a'));
    const meta = await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 1000), trak({ handler: 'vide', width: 1280, height: 720, entry: encv }), trak({ handler: 'soun', entry: enca })), mdat()));
    assert.equal(meta.video?.codec, 'avc1');
    assert.equal(meta.audio?.codecName, 'AAC');
  });

  it('names other video codecs and marks them not playable', async () => {
    for (const [fourcc, name] of [['hvc1', 'HEVC'], ['hev1', 'HEVC'], ['av01', 'AV1'], ['vp09', 'VP9'], ['avc3', 'H.264']] as const) {
      const meta = await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 1000), trak({ handler: 'vide', width: 64, height: 64, entry: visualEntry(fourcc, 64, 64) })), mdat()));
      assert.equal(meta.video?.codecName, name);
      assert.equal(meta.playableInVsCode.video, fourcc === 'avc3');
    }
  });

  it('picks the enabled video track', async () => {
    const off = trak({ handler: 'vide', enabled: false, width: 320, height: 240, entry: visualEntry('avc1', 320, 240) });
    const meta = await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 1000), off, video(1920, 1080)), mdat()));
    assert.equal(meta.width, 1920);
  });

  it('ignores other tracks (text, timecode)', async () => {
    const meta = await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 1000), trak({ handler: 'text', entry: box('tx3g', zeros(30)) }), video()), mdat()));
    assert.equal(meta.video?.codec, 'avc1');
    assert.equal(meta.audio, null);
  });

  it('swaps the displayed size for a quarter-turn matrix', async () => {
    const rotated = trak({ handler: 'vide', width: 1920, height: 1080, matrix: ROTATE_90, entry: visualEntry('avc1', 1920, 1080) });
    const meta = await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 1000), rotated), mdat()));
    assert.equal(meta.video?.rotation, 90);
    assert.deepEqual([meta.width, meta.height], [1080, 1920]);
  });

  it('takes the duration of a fragmented file from mehd, else from the tracks', async () => {
    const mvex = box('mvex', fullBox('mehd', 0, 0, u32(6000)), fullBox('trex', 0, 0, zeros(20)));
    const frag = await probeMp4Buffer(mp4(ftyp('iso5'), moov(mvhd(0, 1000, 0), video(), mvex), box('moof', zeros(16)), mdat()));
    assert.equal(frag.fragmented, true);
    assert.equal(frag.durationSeconds, 6);
    const v1 = box('mvex', fullBox('mehd', 1, 0, u64(7000)));
    assert.equal((await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 0), video(), v1), mdat()))).durationSeconds, 7);
    const unknown = trak({ handler: 'vide', width: 64, height: 64, entry: visualEntry('avc1', 64, 64), timescale: 600, duration: 1800 });
    assert.equal((await probeMp4Buffer(mp4(ftyp(), moov(mvhd(0, 1000, 0xffff_ffff), unknown), mdat()))).durationSeconds, 3);
  });

  it('accepts moov before or after mdat, and QuickTime files starting with wide/mdat', async () => {
    const movie = moov(mvhd(0, 1000, 1000), video());
    assert.equal((await probeMp4Buffer(mp4(ftyp(), mdat(), movie))).moovBeforeMdat, false);
    const qt = await probeMp4Buffer(mp4(box('wide'), mdat(), movie));
    assert.equal(qt.majorBrand, null);
    assert.equal(qt.video?.codec, 'avc1');
  });

  it('tolerates a few padding bytes after the last child box inside moov', async () => {
    const padded = box('moov', mvhd(0, 1000, 1000), video(), zeros(3));
    assert.equal((await probeMp4Buffer(mp4(ftyp(), padded, mdat()))).video?.codec, 'avc1');
  });

  describe('broken structures', () => {
    it('rejects an empty buffer and foreign formats', async () => {
      await rejectsWith(Buffer.alloc(0), 'empty', /empty/);
      await rejectsWith(Buffer.from('GIF89a..........'), 'not_mp4', /starts with "GIF89a/);
      await rejectsWith(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]), 'not_mp4', /bytes 1a 45 df a3/); // Matroska/WebM
      await rejectsWith(Buffer.from('ftyp'), 'not_mp4', /"ftyp"/);
    });

    it('rejects an ISO file without a movie (an image)', async () => {
      await rejectsWith(mp4(ftyp('avif', ['avif', 'mif1']), fullBox('meta', 0, 0)), 'not_mp4', /no movie header/);
    });

    it('rejects bytes after the last box that cannot be a box', async () => {
      await rejectsWith(Buffer.concat([simpleClip(), zeros(5)]), 'truncated', /ends inside a box header at byte \d+ \(the file is truncated\)/);
    });

    it('rejects impossible sizes and types at the top level', async () => {
      const clip = simpleClip();
      const tiny = Buffer.from(clip);
      tiny.writeUInt32BE(4, 32); // moov size 4 (ftyp is 24 bytes + ... find the second box)
      const second = clip.readUInt32BE(0);
      const bad = Buffer.from(clip);
      bad.writeUInt32BE(5, second);
      await rejectsWith(bad, 'corrupt', /impossible size \(5\)/);
      const large = Buffer.from(clip);
      large.writeUInt32BE(1, second);
      large.writeBigUInt64BE(8n, second + 8);
      await rejectsWith(large, 'corrupt', /impossible size \(8\)/);
      const binaryType = Buffer.from(clip);
      binaryType.writeUInt32BE(0x00ff00ff, second + 4);
      await rejectsWith(binaryType, 'corrupt', /invalid box type at byte 24/);
    });

    it('rejects a child box that overruns moov as corrupt', async () => {
      const inner = mvhd(0, 1000, 1000);
      inner.writeUInt32BE(inner.length + 5000, 0);
      await rejectsWith(mp4(ftyp(), moov(inner), mdat()), 'corrupt', /The moov box: the mvhd box at byte 8 needs 5108 bytes but only 108 remain\./);
    });

    it('rejects a movie without mvhd, or a video track without a sample description', async () => {
      await rejectsWith(mp4(ftyp(), moov(video()), mdat()), 'corrupt', /no mvhd box/);
      await rejectsWith(mp4(ftyp(), moov(mvhd(0, 1000, 1000), trak({ handler: 'vide', width: 64, height: 64 })), mdat()), 'corrupt', /empty sample description/);
      const noStsd = box('trak', box('mdia', box('hdlr', u32(0), u32(0), text('vide'), zeros(12))));
      await rejectsWith(mp4(ftyp(), moov(mvhd(0, 1000, 1000), noStsd), mdat()), 'corrupt', /no sample description/);
    });

    it('rejects headers too short for their version', async () => {
      await rejectsWith(mp4(ftyp(), moov(fullBox('mvhd', 1, 0, zeros(12)), video()), mdat()), 'corrupt', /mvhd box is too short/);
      const shortTkhd = box('trak', fullBox('tkhd', 0, 3, zeros(20)), box('mdia', box('hdlr', u32(0), u32(0), text('vide'), zeros(12))));
      await rejectsWith(mp4(ftyp(), moov(mvhd(0, 1000, 1000), shortTkhd), mdat()), 'corrupt');
    });

    it('never throws anything but Mp4ProbeError on random bytes', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
          try {
            await probeMp4Buffer(bytes);
          } catch (err) {
            assert.ok(err instanceof Mp4ProbeError, String(err));
          }
        }),
        { numRuns: 500 },
      );
    });

    it('never throws anything but Mp4ProbeError when a valid file is mutated', async () => {
      const aac = audioEntry('mp4a', 2, 44100, esds(0x40, bits([[2, 5], [4, 4], [2, 4], [0, 3]])));
      const encv = visualEntry('encv', 1280, 720, sinf('avc1'));
      const base = mp4(ftyp(), moov(mvhd(1, 1000, 1000), trak({ handler: 'vide', tkhdVersion: 1, width: 1280, height: 720, entry: encv }), trak({ handler: 'soun', entry: aac })), mdat(32));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), async (edits) => {
          const bytes = Buffer.from(base);
          for (const [at, value] of edits) bytes[at] = value;
          try {
            await probeMp4Buffer(bytes);
          } catch (err) {
            assert.ok(err instanceof Mp4ProbeError, String(err));
          }
        }),
        { numRuns: 2000 },
      );
    });
  });
});
