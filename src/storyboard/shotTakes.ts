// The takes of a storyboard's shots: the generated videos whose sidecar names this storyboard
// (workspace-relative path, `/`) and a shot's id, newest first. Plain Node: any list of entries
// with a sidecar will do (the HistoryStore's, in the extension).

export interface TakeSource {
  sidecar: { storyboard?: { path: string; shotId: string }; savedAt: string; created?: string };
}

export interface ShotTakes<T extends TakeSource = TakeSource> {
  count: number;
  /** The newest take's save time (ms since the epoch; NaN when its sidecar's time is unreadable). */
  latest: number;
  /** Newest first. */
  entries: T[];
}

/** A workspace-relative path as sidecars keep it: `/` separators, no leading `./` or `/`. */
export function storyboardPathKey(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

function savedAt<T extends TakeSource>(entry: T): number {
  const t = Date.parse(entry.sidecar.savedAt);
  return Number.isFinite(t) ? t : Number.NEGATIVE_INFINITY;
}

/** The takes of the storyboard at `path`, by shot id. */
export function takesByShot<T extends TakeSource>(entries: readonly T[], path: string): Map<string, ShotTakes<T>> {
  const wanted = storyboardPathKey(path);
  const byShot = new Map<string, T[]>();
  for (const entry of entries) {
    const from = entry.sidecar.storyboard;
    if (!from || storyboardPathKey(from.path) !== wanted) continue;
    const list = byShot.get(from.shotId) ?? [];
    list.push(entry);
    byShot.set(from.shotId, list);
  }
  const result = new Map<string, ShotTakes<T>>();
  for (const [shotId, list] of byShot) {
    list.sort((a, b) => savedAt(b) - savedAt(a));
    const newest = savedAt(list[0]!);
    result.set(shotId, { count: list.length, latest: Number.isFinite(newest) ? newest : Number.NaN, entries: list });
  }
  return result;
}
