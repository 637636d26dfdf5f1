// The WSOLA time-stretch: a 440 Hz sine played at 0.5× and 2× keeps its frequency (measured by
// zero crossings) and takes the expected length; rate 1 is a copy.
import * as assert from 'node:assert/strict';
import { timeStretch } from '../../../src/webview/audio/timeStretch';

const RATE = 48_000;

function sine(hz: number, seconds: number, sampleRate = RATE): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * sampleRate) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
}

/** Frequency from the rising zero crossings of the middle of `x` (the edges left out), interpolated. */
function measuredHz(x: Float32Array, sampleRate = RATE): number {
  const from = Math.floor(x.length * 0.1);
  const to = Math.floor(x.length * 0.9);
  const crossings: number[] = [];
  for (let i = from; i < to; i++) {
    const a = x[i - 1] ?? 0;
    const b = x[i] ?? 0;
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  const first = crossings[0] ?? 0;
  const last = crossings[crossings.length - 1] ?? 0;
  return ((crossings.length - 1) * sampleRate) / (last - first);
}

function rms(x: Float32Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return Math.sqrt(sum / x.length);
}

describe('timeStretch (WSOLA, pitch kept)', () => {
  const input = sine(440, 2);

  for (const rate of [0.5, 2]) {
    it(`keeps a 440 Hz sine at 440 Hz at ${rate}× and lasts 1/${rate} as long`, () => {
      const started = Date.now();
      const [out] = timeStretch({ sampleRate: RATE, channels: [input] }, rate);
      assert.ok(out);
      const hz = measuredHz(out);
      console.log(
        `      ${rate}×: ${hz.toFixed(2)} Hz, ${out.length} samples (${(out.length / RATE).toFixed(3)} s), ${Date.now() - started} ms`,
      );
      assert.equal(out.length, Math.round(input.length / rate));
      assert.ok(Math.abs(hz - 440) < 3, `measured ${hz} Hz`);
      // The level is kept (no dips where frames meet).
      assert.ok(Math.abs(rms(out.subarray(RATE / 10, out.length - RATE / 10)) - 0.5 / Math.SQRT2) < 0.02, `rms ${rms(out)}`);
    });
  }

  it('tells a pitch change apart: the sine read every other sample (a plain 2× rate) measures 880 Hz', () => {
    const resampled = input.filter((_, i) => i % 2 === 0);
    assert.ok(Math.abs(measuredHz(resampled) - 880) < 3);
  });

  it('stretches every channel alike and copies at rate 1', () => {
    const stereo = [sine(440, 1), sine(440, 1)];
    const out = timeStretch({ sampleRate: RATE, channels: stereo }, 0.5);
    assert.equal(out.length, 2);
    assert.deepEqual(out[0], out[1]);
    const same = timeStretch({ sampleRate: RATE, channels: stereo }, 1);
    assert.deepEqual(same[0], stereo[0]);
    assert.notEqual(same[0], stereo[0]);
  });
});
