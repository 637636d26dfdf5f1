// pruneCopies: old copies go, the least recently used go once over the size cap, temporary files
// of runs that never finished go, and nothing else in the folder is touched.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findCachedCopy, previewCopyName, pruneCopies } from '../../../src/media/previewCopy';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 5, 1);
const sha = (n: number): string => n.toString(16).padStart(64, '0');

async function put(dir: string, name: string, bytes: number, usedAt: number): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, Buffer.alloc(bytes, 1));
  await fs.utimes(file, new Date(usedAt), new Date(usedAt));
  return file;
}

describe('media: preview copy cleanup', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'video-gen-prune-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('removes copies unused for longer than the age limit, keeps the rest', async () => {
    await put(dir, previewCopyName(sha(1), 'flac'), 10, NOW - 31 * DAY);
    await put(dir, previewCopyName(sha(2), 'mp3'), 10, NOW - 29 * DAY);
    const removed = await pruneCopies(dir, { now: NOW, maxAgeMs: 30 * DAY, maxBytes: 1000 });
    assert.deepEqual(removed, [previewCopyName(sha(1), 'flac')]);
    assert.deepEqual(await fs.readdir(dir), [previewCopyName(sha(2), 'mp3')]);
  });

  it('over the size cap, removes the least recently used first, never the one just made', async () => {
    const kept = await put(dir, previewCopyName(sha(9), 'flac'), 400, NOW - 5 * DAY); // just made, oldest time
    await put(dir, previewCopyName(sha(1), 'flac'), 300, NOW - 1 * DAY);
    await put(dir, previewCopyName(sha(2), 'flac'), 300, NOW - 2 * DAY);
    await put(dir, previewCopyName(sha(3), 'flac'), 100, NOW - 3 * DAY);
    const removed = await pruneCopies(dir, { now: NOW, keep: kept, maxBytes: 850, maxAgeMs: 30 * DAY });
    // 400 kept + 300 (newest) = 700; the 300 next would pass 850; the 100 after it still fits.
    assert.deepEqual(removed, [previewCopyName(sha(2), 'flac')]);
    assert.deepEqual((await fs.readdir(dir)).sort(), [sha(1), sha(3), sha(9)].map((s) => previewCopyName(s, 'flac')).sort());
  });

  it('removes temporary files of runs that never finished, not those of a run under way, nor other files', async () => {
    const stale = `${sha(1)}.flac.123-abcd.partial`;
    const fresh = `${sha(2)}.flac.456-ef01.partial`;
    await put(dir, stale, 10, NOW - 2 * 60 * 60 * 1000);
    await put(dir, fresh, 10, NOW - 60 * 1000);
    await put(dir, 'notes.txt', 10, NOW - 365 * DAY);
    const removed = await pruneCopies(dir, { now: NOW });
    assert.deepEqual(removed, [stale]);
    assert.deepEqual((await fs.readdir(dir)).sort(), [fresh, 'notes.txt'].sort());
  });

  it('a cache hit counts as a use: its time is touched, and an empty file is no hit', async () => {
    const file = await put(dir, previewCopyName(sha(1), 'mp3'), 10, NOW - 20 * DAY);
    await put(dir, previewCopyName(sha(2), 'flac'), 0, NOW);
    const hit = await findCachedCopy(dir, sha(1));
    assert.deepEqual(hit, { path: file, codec: 'mp3' });
    assert.ok(Date.now() - (await fs.stat(file)).mtimeMs < 60_000);
    assert.equal(await findCachedCopy(dir, sha(2)), null);
    assert.throws(() => previewCopyName('../../etc', 'flac'), /not a SHA-256/);
  });
});
