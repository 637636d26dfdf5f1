// Time-stretch by WSOLA (waveform-similarity overlap-add): the sound played `rate` times as fast
// with its pitch kept, as a native <video> keeps it. Output frames of 40 ms, Hann-windowed, are laid
// half a frame apart; each is read from the input near `rate` times its output position, shifted by
// up to ±10 ms to where the input best continues the frame laid before it (cross-correlation, found
// coarse then fine), so the overlaps add in phase. Plain arrays, no DOM: the page renders one
// stretched buffer per rate (the clips are seconds long) and the Node tests check it.

const FRAME_S = 0.04;
const TOLERANCE_S = 0.01;
/** The coarse search looks at every COARSE-th offset and sample; the fine one refines around the best. */
const COARSE = 4;

export interface StretchInput {
  sampleRate: number;
  /** One array per channel, all the same length. */
  channels: readonly Float32Array[];
}

/** `channels` played `rate` times as fast (rate 0.5: twice as long), pitch kept. */
export function timeStretch(input: StretchInput, rate: number): Float32Array<ArrayBuffer>[] {
  const length = input.channels[0]?.length ?? 0;
  if (!(rate > 0) || Math.abs(rate - 1) < 1e-9 || length === 0) return input.channels.map((c) => new Float32Array(c));
  const frame = Math.max(4, 2 * Math.round((FRAME_S * input.sampleRate) / 2));
  const hop = frame / 2;
  const tolerance = Math.max(1, Math.round(TOLERANCE_S * input.sampleRate));
  const outLength = Math.round(length / rate);
  const guide = monoMix(input.channels, length);
  const window = hann(frame);
  const starts = frameStarts(guide, { frame, hop, tolerance, rate, outLength });
  return input.channels.map((channel) => overlapAdd(channel, starts, window, hop, outLength));
}

interface Plan {
  frame: number;
  hop: number;
  tolerance: number;
  rate: number;
  outLength: number;
}

/** Where in the input each output frame is read from. */
function frameStarts(x: Float32Array, plan: Plan): number[] {
  const { frame, hop, tolerance, rate, outLength } = plan;
  const last = x.length - frame;
  const starts: number[] = [];
  let previous = 0;
  for (let out = 0; out < outLength; out += hop) {
    const nominal = Math.round(out * rate);
    if (out === 0 || last <= 0) {
      starts.push(Math.max(0, Math.min(nominal, Math.max(0, last))));
    } else {
      // The input that would follow the previous frame naturally: the new frame should look like it.
      const natural = Math.min(previous + hop, last);
      const from = Math.max(0, nominal - tolerance);
      const to = Math.min(last, nominal + tolerance);
      starts.push(from > to ? Math.min(nominal, last) : bestMatch(x, natural, from, to, frame));
    }
    previous = starts[starts.length - 1] ?? 0;
  }
  return starts;
}

/** The start in [from, to] whose frame correlates best with the frame at `target`: coarse, then fine. */
function bestMatch(x: Float32Array, target: number, from: number, to: number, frame: number): number {
  let best = from;
  let bestScore = -Infinity;
  for (let at = from; at <= to; at += COARSE) {
    const score = correlation(x, target, at, frame, COARSE);
    if (score > bestScore) [best, bestScore] = [at, score];
  }
  const coarseBest = best;
  for (let at = Math.max(from, coarseBest - COARSE + 1); at <= Math.min(to, coarseBest + COARSE - 1); at++) {
    const score = correlation(x, target, at, frame, 1);
    if (score > bestScore) [best, bestScore] = [at, score];
  }
  return best;
}

function correlation(x: Float32Array, a: number, b: number, frame: number, step: number): number {
  let sum = 0;
  for (let i = 0; i < frame; i += step) sum += (x[a + i] ?? 0) * (x[b + i] ?? 0);
  return sum * step;
}

function overlapAdd(
  x: Float32Array,
  starts: readonly number[],
  window: Float32Array,
  hop: number,
  outLength: number,
): Float32Array<ArrayBuffer> {
  const out = new Float32Array(outLength);
  const weight = new Float32Array(outLength);
  starts.forEach((start, k) => {
    const at = k * hop;
    for (let i = 0; i < window.length && at + i < outLength; i++) {
      const w = window[i] ?? 0;
      out[at + i] = (out[at + i] ?? 0) + (x[start + i] ?? 0) * w;
      weight[at + i] = (weight[at + i] ?? 0) + w;
    }
  });
  // Divided by the windows' sum: the level stays where it was, at the edges too.
  for (let i = 0; i < outLength; i++) {
    const w = weight[i] ?? 0;
    if (w > 1e-3) out[i] = (out[i] ?? 0) / w;
  }
  return out;
}

function hann(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
}

function monoMix(channels: readonly Float32Array[], length: number): Float32Array {
  if (channels.length === 1 && channels[0]) return channels[0];
  const mix = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) mix[i] = (mix[i] ?? 0) + (channel[i] ?? 0) / channels.length;
  return mix;
}
