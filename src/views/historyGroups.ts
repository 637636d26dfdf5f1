// How the Generated Videos view arranges takes, as data: grouped under storyboard file → shot id
// (takes without a storyboard under "other"), and the lineage that links a final to the draft it
// was promoted from (sidecar `derivedFrom`). No vscode import: unit-tested in plain Node.

/** A sidecar's `storyboard` field. */
export interface ShotRef {
  path: string;
  shotId: string;
}

export interface ShotGroup<T> {
  shotId: string;
  /** Newest first, as given. */
  takes: T[];
}

export interface StoryboardGroup<T> {
  /** Workspace-relative, with `/`. */
  path: string;
  shots: Array<ShotGroup<T>>;
  /** Takes of all its shots. */
  count: number;
}

export interface HistoryGroups<T> {
  /** By path. */
  storyboards: Array<StoryboardGroup<T>>;
  /** Takes without a storyboard, newest first. */
  other: T[];
}

/** A workspace-relative path as the groups and the lineage compare it: `/`, no `./`, no leading `/`. */
export function normalizeRelativePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Compares in natural order (`shot-2` before `shot-10`), then exactly, so the order is total. */
function compareNatural(a: string, b: string): number {
  return natural.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Groups takes (given newest first) under their storyboard file and shot id. Storyboards are sorted
 * by path and shots by id in natural order (a derived id starts with the shot's position); takes
 * keep the order they were given in. A storyboard field with an empty path or shot id counts as none.
 */
export function groupByStoryboard<T>(takes: readonly T[], shotOf: (take: T) => ShotRef | undefined): HistoryGroups<T> {
  const boards = new Map<string, Map<string, T[]>>();
  const other: T[] = [];
  for (const take of takes) {
    const ref = shotOf(take);
    const path = ref ? normalizeRelativePath(ref.path.trim()) : '';
    const shotId = ref?.shotId.trim() ?? '';
    if (!path || !shotId) {
      other.push(take);
      continue;
    }
    let shots = boards.get(path);
    if (!shots) boards.set(path, (shots = new Map()));
    let list = shots.get(shotId);
    if (!list) shots.set(shotId, (list = []));
    list.push(take);
  }
  const storyboards = [...boards.entries()]
    .sort(([a], [b]) => compareNatural(a, b))
    .map(([path, shots]) => {
      const groups = [...shots.entries()].sort(([a], [b]) => compareNatural(a, b)).map(([shotId, list]) => ({ shotId, takes: list }));
      return { path, shots: groups, count: groups.reduce((n, g) => n + g.takes.length, 0) };
    });
  return { storyboards, other };
}

/** What the lineage needs to know of a take. */
export interface LineageTake {
  key: string;
  /** The workspace-relative paths its video is known by (relative to its folder, and with the folder's name). */
  paths: readonly string[];
  sha256: string;
  derivedFrom?: { path: string; sha256: string };
}

export interface Lineage {
  /** A final's key → its draft's key, where the draft is among the takes. */
  draftOf: Map<string, string>;
  /** A draft's key → its finals' keys, in the order the takes were given. */
  finalsOf: Map<string, string[]>;
}

/**
 * Links each final to its draft: the take whose video has the SHA-256 the final's sidecar names,
 * preferring the one at the path it names (copies share a hash). A take at that path whose bytes
 * differ is not the draft any more (it was replaced), so it is not linked.
 */
export function linkLineage(takes: readonly LineageTake[]): Lineage {
  const bySha = new Map<string, LineageTake[]>();
  for (const take of takes) {
    const list = bySha.get(take.sha256);
    if (list) list.push(take);
    else bySha.set(take.sha256, [take]);
  }
  const draftOf = new Map<string, string>();
  const finalsOf = new Map<string, string[]>();
  for (const take of takes) {
    const from = take.derivedFrom;
    if (!from) continue;
    const candidates = (bySha.get(from.sha256) ?? []).filter((t) => t.key !== take.key);
    if (!candidates.length) continue;
    const wanted = normalizeRelativePath(from.path);
    const draft = candidates.find((t) => t.paths.some((p) => normalizeRelativePath(p) === wanted)) ?? candidates[0]!;
    draftOf.set(take.key, draft.key);
    const finals = finalsOf.get(draft.key);
    if (finals) finals.push(take.key);
    else finalsOf.set(draft.key, [take.key]);
  }
  return { draftOf, finalsOf };
}

/** The file name of a workspace-relative path (`videos/a b.mp4` → `a b.mp4`). */
export function fileNameOf(path: string): string {
  const normalized = normalizeRelativePath(path);
  return normalized.slice(normalized.lastIndexOf('/') + 1);
}
