// Frame arithmetic for the reviewer controls: which frame a time shows, where to seek to show a
// frame, and the time code. Frame n covers [n/fps, (n+1)/fps); seeking lands a hair after its
// start so that rounding to the decoder's microseconds never shows the frame before it.

/** What the frame step uses when the file gives no frame rate. */
export const ASSUMED_FPS = 30;
const SEEK_NUDGE_SECONDS = 1e-4;
const EPSILON = 1e-6;

export function frameAt(time: number, fps: number): number {
  return Math.max(0, Math.floor(time * fps + EPSILON));
}

/** Number of frames in a clip of `duration` seconds (at least 1). */
export function frameCount(duration: number, fps: number): number {
  if (!Number.isFinite(duration) || duration <= 0) return 1;
  return Math.max(1, Math.ceil(duration * fps - EPSILON));
}

/** The time to seek to for frame `frame`, clamped to the clip. */
export function seekTimeOf(frame: number, fps: number, duration: number): number {
  const last = frameCount(duration, fps) - 1;
  const n = Math.min(Math.max(0, Math.round(frame)), last);
  return n / fps + SEEK_NUDGE_SECONDS;
}

/** `m:ss.mmm` (or `h:mm:ss.mmm` past an hour). */
export function formatTimecode(seconds: number): string {
  const ms = Math.max(0, Math.round((Number.isFinite(seconds) ? seconds : 0) * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = `${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The next speed up or down the list from `rate` (the nearest one when it is not in the list). */
export function stepRate(rates: readonly number[], rate: number, direction: 1 | -1): number {
  let index = 0;
  for (let i = 0; i < rates.length; i++) if (Math.abs(rates[i]! - rate) < Math.abs(rates[index]! - rate)) index = i;
  return rates[Math.min(rates.length - 1, Math.max(0, index + direction))]!;
}
