import * as assert from 'node:assert/strict';
import { QUALITIES, RATIOS, frameSizeFor } from '../../../src/catalog';
import { compareWithRequest, probeMp4Buffer } from '../../../src/media';
import { audioEntry, ftyp, mdat, moov, mp4, mvhd, simpleClip, trak } from './mp4Builder';

describe('media: compareWithRequest', () => {
  it('finds nothing to say when the clip is what was asked, for every quality and ratio', async () => {
    for (const quality of QUALITIES) {
      for (const ratio of RATIOS) {
        const { width, height } = frameSizeFor(quality, ratio);
        const meta = await probeMp4Buffer(simpleClip({ width, height, seconds: 5 }));
        assert.deepEqual(compareWithRequest(meta, { quality, ratio, duration: 5 }), [], `${quality} ${ratio}`);
      }
    }
  });

  it('reports a wrong aspect ratio, quality and duration in words', async () => {
    const meta = await probeMp4Buffer(simpleClip({ width: 1280, height: 720, seconds: 4 }));
    assert.deepEqual(compareWithRequest(meta, { quality: '1080p', ratio: '9:16', duration: 8 }), [
      { field: 'ratio', message: 'The video is 1280x720 (about 16:9), not 9:16 as requested.' },
      { field: 'quality', message: 'The video is 720p (1280x720), not 1080p as requested.' },
      { field: 'duration', message: 'The video lasts 4.0 s, not 8 s as requested.' },
    ]);
  });

  it('allows small differences: ±2% ratio, ±0.5 s', async () => {
    const meta = await probeMp4Buffer(simpleClip({ width: 1296, height: 720, seconds: 5.4 })); // 1.8% wider than 16:9
    assert.deepEqual(compareWithRequest(meta, { quality: '720p', ratio: '16:9', duration: 5 }), []);
    const off = await probeMp4Buffer(simpleClip({ width: 1320, height: 720, seconds: 5.6 }));
    assert.deepEqual(compareWithRequest(off, { quality: '720p', ratio: '16:9', duration: 5 }).map((m) => m.field), ['ratio', 'duration']);
  });

  it('names an unusual ratio by its reduced fraction', async () => {
    const meta = await probeMp4Buffer(simpleClip({ width: 1000, height: 720, seconds: 1 }));
    assert.match(compareWithRequest(meta, { quality: '720p', ratio: '1:1', duration: 1 })[0]?.message ?? '', /\(about 25:18\)/);
  });

  it('says so when there is no video at all', async () => {
    const audioOnly = await probeMp4Buffer(mp4(ftyp('M4A '), moov(mvhd(0, 1000, 3000), trak({ handler: 'soun', entry: audioEntry('mp4a', 2, 44100) })), mdat()));
    assert.deepEqual(compareWithRequest(audioOnly, { quality: '720p', ratio: '1:1', duration: 3 }), [
      { field: 'video', message: 'The file has no video track with a frame size.' },
    ]);
  });
});
