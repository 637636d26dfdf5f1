// One parse per document version: diagnostics, quick fixes and (later) CodeLenses all ask for the
// same document's storyboard, and an unchanged document must not be parsed again. Plain Node.
import type { Storyboard } from './parseStoryboard';

interface Entry {
  version: number;
  stamp: number;
  storyboard: Storyboard;
}

export class StoryboardCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * The storyboard of `key` at `version`, parsed by `parse` only when the version or the stamp
   * (what else the result depends on: the catalog, the settings) differs from the cached one.
   */
  get(key: string, version: number, stamp: number, parse: () => Storyboard): Storyboard {
    const cached = this.entries.get(key);
    if (cached && cached.version === version && cached.stamp === stamp) return cached.storyboard;
    const storyboard = parse();
    this.entries.set(key, { version, stamp, storyboard });
    return storyboard;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
