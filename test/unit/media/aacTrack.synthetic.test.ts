// readAacTrack on hand-built files: the sample tables' less common shapes (co64, several stsc
// runs, one size for all samples, an empty edit before the real one) and files it must decline.
import * as assert from 'node:assert/strict';
import { bufferSource, readAacTrack } from '../../../src/media';
import { audioEntry, box, esds, fullBox, ftyp, i32, mdat, moov, mp4, mvhd, trak, u32, u64 } from './mp4Builder';

const ASC_LC_48K_STEREO = Buffer.from([0x11, 0x90]);

function tables(opts: { co64?: boolean; uniformSize?: number } = {}): Buffer[] {
  // Five samples of 1024 ticks; chunks 1-2 hold two samples each, chunk 3 one.
  const stts = fullBox('stts', 0, 0, u32(1), u32(5), u32(1024));
  const stsc = fullBox('stsc', 0, 0, u32(2), u32(1), u32(2), u32(1), u32(3), u32(1), u32(1));
  const sizes = [10, 20, 30, 40, 50];
  const stsz = opts.uniformSize ? fullBox('stsz', 0, 0, u32(opts.uniformSize), u32(5)) : fullBox('stsz', 0, 0, u32(0), u32(5), ...sizes.map(u32));
  const chunks = [1000, 2000, 3000];
  const stco = opts.co64 ? fullBox('co64', 0, 0, u32(3), ...chunks.map((c) => u64(c))) : fullBox('stco', 0, 0, u32(3), ...chunks.map(u32));
  return [stts, stsc, stsz, stco];
}

function clip(spec: { entry?: Buffer; sampleTables?: Buffer[]; edts?: Buffer; extra?: Buffer[] }): Buffer {
  const entry = spec.entry ?? audioEntry('mp4a', 2, 48000, esds(0x40, ASC_LC_48K_STEREO));
  const track = trak({ handler: 'soun', entry, timescale: 48000, duration: 5120, sampleTables: spec.sampleTables ?? tables(), edts: spec.edts });
  return mp4(ftyp(), moov(mvhd(0, 1000, 100), track, ...(spec.extra ?? [])), mdat(4000));
}

describe('media: readAacTrack (synthetic files)', () => {
  it('lists offsets across stsc runs, sizes and decode times, and the AudioSpecificConfig', async () => {
    const track = await readAacTrack(bufferSource(clip({})));
    assert.ok(track);
    assert.equal(track.codec, 'mp4a.40.2');
    assert.deepEqual([...track.audioSpecificConfig], [...ASC_LC_48K_STEREO]);
    assert.equal(track.channels, 2);
    assert.equal(track.sampleRate, 48000);
    assert.deepEqual(track.offsets, [1000, 1010, 2000, 2030, 3000]);
    assert.deepEqual(track.sizes, [10, 20, 30, 40, 50]);
    assert.deepEqual(track.timestamps, [0, 1024, 2048, 3072, 4096]);
    assert.equal(track.presentationStart, 0);
    assert.equal(track.presentationDuration, 5120);
  });

  it('reads co64 and a single size for all samples', async () => {
    const track = await readAacTrack(bufferSource(clip({ sampleTables: tables({ co64: true, uniformSize: 7 }) })));
    assert.deepEqual(track?.offsets, [1000, 1007, 2000, 2007, 3000]);
    assert.deepEqual(track?.sizes, [7, 7, 7, 7, 7]);
  });

  it('takes the priming from the first non-empty edit, its length converted from the movie timescale', async () => {
    // An empty edit (media_time -1) of 50 ms, then 2048 media ticks in, for 80 ms (movie: 1000/s).
    const elst = fullBox('elst', 0, 0, u32(2), u32(50), i32(-1), u32(0x10000), u32(80), i32(2048), u32(0x10000));
    const track = await readAacTrack(bufferSource(clip({ edts: box('edts', elst) })));
    assert.equal(track?.presentationStart, 2048);
    assert.equal(track?.presentationDuration, 3840);
  });

  it('declines files without an AAC track: no sound, MP3 in mp4a, fragmented', async () => {
    const silent = mp4(ftyp(), moov(mvhd(0, 1000, 100)), mdat());
    assert.equal(await readAacTrack(bufferSource(silent)), null);
    assert.equal(await readAacTrack(bufferSource(clip({ entry: audioEntry('mp4a', 2, 48000, esds(0x6b)) }))), null);
    assert.equal(await readAacTrack(bufferSource(clip({ extra: [box('mvex')] }))), null);
  });

  it('reports tables that do not add up as a corrupt file', async () => {
    const short = [fullBox('stts', 0, 0, u32(1), u32(2), u32(1024)), ...tables().slice(1)];
    await assert.rejects(readAacTrack(bufferSource(clip({ sampleTables: short }))), { name: 'Mp4ProbeError', code: 'corrupt' });
  });
});
