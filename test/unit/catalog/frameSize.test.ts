import * as assert from 'node:assert/strict';
import { QUALITIES, RATIOS, frameSizeFor, type Quality, type Ratio } from '../../../src/catalog';

describe('catalog: frameSizeFor', () => {
  const expected: Record<Quality, Record<Ratio, string>> = {
    '480p': { '1:1': '480x480', '16:9': '854x480', '9:16': '480x854', '3:4': '480x640', '4:3': '640x480' },
    '720p': { '1:1': '720x720', '16:9': '1280x720', '9:16': '720x1280', '3:4': '720x960', '4:3': '960x720' },
    '1080p': { '1:1': '1080x1080', '16:9': '1920x1080', '9:16': '1080x1920', '3:4': '1080x1440', '4:3': '1440x1080' },
  };
  for (const quality of QUALITIES) {
    for (const ratio of RATIOS) {
      it(`${quality} ${ratio} → ${expected[quality][ratio]}`, () => {
        const { width, height } = frameSizeFor(quality, ratio);
        assert.equal(`${width}x${height}`, expected[quality][ratio]);
        assert.equal(Math.min(width, height), Number.parseInt(quality, 10));
        assert.equal(width % 2, 0);
        assert.equal(height % 2, 0);
      });
    }
  }
});
