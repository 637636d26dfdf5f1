// What the player accepts as a saved frame: a whole PNG of the size expected, nothing else.
import * as assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { checkPng } from '../../../src/player/pngCheck';
import { MAX_FRAME_NAME_ATTEMPTS, clipStem, frameFileName } from '../../../src/player/frameNames';

function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(128);
  return PNG.sync.write(image);
}

describe('player: saved frames', () => {
  it('accepts a PNG of the expected size', () => {
    assert.deepEqual(checkPng(png(64, 36), { width: 64, height: 36 }), { ok: true, width: 64, height: 36 });
  });

  it('refuses another size, other bytes, a cut file and a damaged header', () => {
    const good = png(64, 36);
    const other = checkPng(good, { width: 1280, height: 720 });
    assert.equal(other.ok, false);
    assert.deepEqual(other, { ok: false, problem: 'size', width: 64, height: 36 });
    assert.deepEqual(checkPng(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), { width: 64, height: 36 }), {
      ok: false,
      problem: 'notPng',
    });
    assert.deepEqual(checkPng(good.subarray(0, good.length - 20), { width: 64, height: 36 }), { ok: false, problem: 'cut' });
    const damaged = Buffer.from(good);
    damaged[18] = damaged[18]! ^ 0x01; // a width byte, without fixing the CRC
    assert.deepEqual(checkPng(damaged, { width: 64, height: 36 }), { ok: false, problem: 'damaged' });
    assert.equal(checkPng(new Uint8Array(0), { width: 1, height: 1 }).ok, false);
  });

  it('names frames beside their clip, with a suffix when a name is taken', () => {
    assert.equal(clipStem('20261124-153012-waves-kling-v2.1.mp4'), '20261124-153012-waves-kling-v2.1');
    assert.equal(frameFileName('take.mp4', 12), 'take-frame-12.png');
    assert.equal(frameFileName('take.mp4', 12, 1), 'take-frame-12-2.png');
    assert.equal(frameFileName('clip.webm', 0, 2), 'clip-frame-0-3.png');
    assert.equal(frameFileName('.hidden', 3), '.hidden-frame-3.png');
    assert.equal(frameFileName('take.mp4', -4.7), 'take-frame-0.png');
    assert.ok(MAX_FRAME_NAME_ATTEMPTS >= 100);
  });
});
