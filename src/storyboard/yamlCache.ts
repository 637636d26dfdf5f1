// The YAML of a shot's body (or the front matter), parsed once per distinct text: after an edit
// only the block that changed is parsed again, which keeps a 200-shot storyboard's check within
// an edit's budget. Safe to share because the parsed Document's positions are relative to its own
// source (the parser offsets them by where the body starts) and nothing modifies a Document.
// A small LRU: recently used texts stay, the oldest go once it is full. Plain Node.
import { parseDocument, type Document } from 'yaml';

const MAX_ENTRIES = 1024;
const cache = new Map<string, Document>();

export function parseYamlCached(source: string): Document {
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true, strict: true });
  cache.set(source, doc);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return doc;
}

/** How many texts are kept (for tests). */
export function yamlCacheSize(): number {
  return cache.size;
}
