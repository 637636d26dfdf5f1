// Frame arithmetic of the player's frame step and time code.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ASSUMED_FPS, formatTimecode, frameAt, frameCount, seekTimeOf, stepRate } from '../../../src/webview/playerFrames';
import { PLAYBACK_RATES } from '../../../src/shared/playerProtocol';

describe('player page: frames and time codes', () => {
  it('seeking to a frame shows that frame, at every rate and frame', () => {
    fc.assert(
      fc.property(fc.constantFrom(24, 25, 29.97, 30, 60, 23.976), fc.integer({ min: 0, max: 2000 }), (fps, frame) => {
        const duration = 2001 / fps;
        assert.equal(frameAt(seekTimeOf(frame, fps, duration), fps), frame);
      }),
    );
  });

  it('clamps frame steps to the clip', () => {
    assert.equal(frameAt(seekTimeOf(-1, 24, 2), 24), 0);
    assert.equal(frameAt(seekTimeOf(48, 24, 2), 24), 47);
    assert.equal(frameCount(2, 24), 48);
    assert.equal(frameCount(NaN, 24), 1);
    assert.equal(frameCount(0.5, ASSUMED_FPS), 15);
  });

  it('shows the frame start time to the millisecond', () => {
    assert.equal(formatTimecode(seekTimeOf(12, 24, 2)), '0:00.500');
    assert.equal(formatTimecode(seekTimeOf(1, 24, 2)), '0:00.042');
    assert.equal(formatTimecode(75.25), '1:15.250');
    assert.equal(formatTimecode(3723.5), '1:02:03.500');
    assert.equal(formatTimecode(NaN), '0:00.000');
  });

  it('steps the speed along 0.25× to 2×, stopping at the ends', () => {
    assert.equal(stepRate(PLAYBACK_RATES, 1, 1), 1.25);
    assert.equal(stepRate(PLAYBACK_RATES, 1, -1), 0.75);
    assert.equal(stepRate(PLAYBACK_RATES, 2, 1), 2);
    assert.equal(stepRate(PLAYBACK_RATES, 0.25, -1), 0.25);
    assert.equal(stepRate(PLAYBACK_RATES, 1.1, 1), 1.25);
    assert.deepEqual([PLAYBACK_RATES[0], PLAYBACK_RATES[PLAYBACK_RATES.length - 1]], [0.25, 2]);
  });
});
