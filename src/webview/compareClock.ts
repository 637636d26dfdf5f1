// The shared clock of the compare view, as pure functions: where each tile goes on a seek, how a
// tile that drifted while playing is brought back, and when the group has ended or loops. The
// longest take sets the clock; a shorter one waits on its last frame until the group restarts.

/** How far apart tiles may be while playing before they are moved back together. */
export const SEEK_DRIFT_S = 0.25;
/** Drift above this (and under SEEK_DRIFT_S) is closed by playing the tile a little faster or slower. */
export const RATE_DRIFT_S = 0.04;
/** How much faster or slower a drifting tile plays. */
export const RATE_NUDGE = 0.05;
/** A tile is at its end this close to its duration. */
const END_EPSILON_S = 0.05;

/** The group's length: the longest take (0 while none knows its duration). */
export function groupDuration(durations: readonly number[]): number {
  return durations.reduce((max, d) => (Number.isFinite(d) && d > max ? d : max), 0);
}

/** Where each tile goes when the group is sought to `time`: the same time, or a shorter take's end. */
export function seekTargets(time: number, durations: readonly number[]): number[] {
  const t = Number.isFinite(time) ? Math.max(0, time) : 0;
  return durations.map((d) => (Number.isFinite(d) && d > 0 ? Math.min(t, d) : t));
}

/** The widest gap between tiles that all play (tiles that reached their end are left out). */
export function spread(times: readonly number[]): number {
  if (times.length === 0) return 0;
  return Math.max(...times) - Math.min(...times);
}

export type Correction = { kind: 'none' } | { kind: 'rate'; rate: number } | { kind: 'seek'; to: number };

/** What to do with a tile at `tileTime` while the clock reads `clock` (both playing). */
export function correctDrift(clock: number, tileTime: number, tileDuration: number): Correction {
  const target = Number.isFinite(tileDuration) && tileDuration > 0 ? Math.min(clock, tileDuration) : clock;
  if (target >= tileDuration - END_EPSILON_S && tileTime >= tileDuration - END_EPSILON_S) return { kind: 'none' };
  const drift = tileTime - target;
  if (Math.abs(drift) >= SEEK_DRIFT_S) return { kind: 'seek', to: target };
  if (Math.abs(drift) >= RATE_DRIFT_S) return { kind: 'rate', rate: drift > 0 ? 1 - RATE_NUDGE : 1 + RATE_NUDGE };
  return { kind: 'rate', rate: 1 };
}

/** True once the clock has reached the end of the longest take. */
export function groupEnded(clock: number, durations: readonly number[]): boolean {
  const total = groupDuration(durations);
  return total > 0 && clock >= total - END_EPSILON_S;
}

/** The index of the tile that sets the clock: the longest take (the first of equals). */
export function clockTile(durations: readonly number[]): number {
  let best = 0;
  durations.forEach((d, i) => {
    if (Number.isFinite(d) && d > (durations[best] ?? 0)) best = i;
  });
  return best;
}
