// The gallery's logic without the DOM: which takes a filter keeps, what the filter menus offer, and
// where the arrow keys move the focus in a grid of tiles. Plain functions, unit-tested in Node.
import type { HistoryItem } from '../shared/protocol';

export type DateRange = 'all' | 'today' | 'week' | 'month';

export interface GalleryFilter {
  /** Words that must all appear in the prompt (case-insensitive). */
  text: string;
  /** A model id, or '' for all. */
  model: string;
  /** A storyboard path, '-' for takes from no storyboard, or '' for all. */
  storyboard: string;
  range: DateRange;
}

export const NO_FILTER: GalleryFilter = { text: '', model: '', storyboard: '', range: 'all' };
export const NO_STORYBOARD = '-';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The takes the filter keeps, newest first (whatever order they came in). */
export function filterTakes(items: readonly HistoryItem[], filter: GalleryFilter, now: Date = new Date()): HistoryItem[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const since = rangeStart(filter.range, now);
  return items
    .filter((item) => {
      if (filter.model && item.modelId !== filter.model) return false;
      if (filter.storyboard === NO_STORYBOARD ? item.storyboard !== null : filter.storyboard && item.storyboard?.path !== filter.storyboard)
        return false;
      if (since !== undefined && !(Date.parse(item.savedAt) >= since)) return false;
      const prompt = item.prompt.toLowerCase();
      return words.every((w) => prompt.includes(w));
    })
    .sort((a, b) => Date.parse(b.savedAt) - Date.parse(a.savedAt));
}

function rangeStart(range: DateRange, now: Date): number | undefined {
  switch (range) {
    case 'all':
      return undefined;
    case 'today':
      return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    case 'week':
      return now.getTime() - 7 * DAY_MS;
    case 'month':
      return now.getTime() - 30 * DAY_MS;
  }
}

export interface FilterChoices {
  models: Array<{ id: string; label: string; count: number }>;
  storyboards: Array<{ path: string; count: number }>;
  /** Takes that come from no storyboard. */
  loose: number;
}

/** What the model and storyboard menus offer: what the takes have, most used first. */
export function filterChoices(items: readonly HistoryItem[]): FilterChoices {
  const models = new Map<string, { id: string; label: string; count: number }>();
  const storyboards = new Map<string, number>();
  let loose = 0;
  for (const item of items) {
    const m = models.get(item.modelId) ?? { id: item.modelId, label: item.modelLabel, count: 0 };
    m.count++;
    models.set(item.modelId, m);
    if (item.storyboard) storyboards.set(item.storyboard.path, (storyboards.get(item.storyboard.path) ?? 0) + 1);
    else loose++;
  }
  const byCount = <T extends { count: number }>(a: T, b: T): number => b.count - a.count;
  return {
    models: [...models.values()].sort((a, b) => byCount(a, b) || a.label.localeCompare(b.label)),
    storyboards: [...storyboards.entries()]
      .map(([path, count]) => ({ path, count }))
      .sort((a, b) => byCount(a, b) || a.path.localeCompare(b.path)),
    loose,
  };
}

/** Where a key moves the focus in a grid of `count` tiles laid out `columns` to a row; undefined: not a move. */
export function gridStep(index: number, key: string, count: number, columns: number): number | undefined {
  if (count === 0) return undefined;
  const cols = Math.max(1, columns);
  const clamp = (n: number): number => Math.min(count - 1, Math.max(0, n));
  switch (key) {
    case 'ArrowRight':
      return clamp(index + 1);
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowDown':
      return index + cols < count ? index + cols : index;
    case 'ArrowUp':
      return index - cols >= 0 ? index - cols : index;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return clamp(index + cols * 3);
    case 'PageUp':
      return clamp(index - cols * 3);
    default:
      return undefined;
  }
}

/** Where in the clip a poster frame is taken: half a second in, or the middle of a shorter clip. */
export function posterTime(duration: number | null): number {
  if (duration === null || !Number.isFinite(duration) || duration <= 0) return 0.5;
  return Math.min(0.5, duration / 2);
}
