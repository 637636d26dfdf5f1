import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobJournal, STALE_AFTER_MS } from '../../../src/generation/jobJournal';

describe('JobJournal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'video-gen-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entry = {
    id: 'job-1',
    request: { model: 'provider-2/veo', prompt: 'a fox', quality: '1080p', duration: 8, ratio: '16:9' },
    apiOrigin: 'https://api.example',
    outputDir: '/w/videos',
    startedAt: new Date().toISOString(),
  };

  it('reports a job that started and never finished once its window stopped beating', async () => {
    const journal = new JobJournal(dir);
    await journal.started(entry);
    assert.deepEqual(await journal.interrupted(), [], 'a live job is not reported');
    const later = Date.now() + STALE_AFTER_MS + 1000;
    const cut = await journal.interrupted(later);
    assert.equal(cut.length, 1);
    assert.deepEqual(cut[0]!.request, entry.request);
    await journal.finished('job-1');
    assert.deepEqual(await journal.interrupted(later), []);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('reports a job cut off by its own window going away at once, without waiting for the heartbeat', async () => {
    const journal = new JobJournal(dir);
    await journal.started(entry);
    await journal.beat('job-1', 'receiving');
    await journal.interruptedByShutdown('job-1', 'receiving');
    const cut = await journal.interrupted();
    assert.equal(cut.length, 1, 'reported right after a reload, though its heartbeat is fresh');
    assert.equal(cut[0]!.phase, 'receiving');
    assert.ok(cut[0]!.interruptedAt);
    // Marking a job that already ended does not bring it back.
    await journal.finished('job-1');
    await journal.interruptedByShutdown('job-1', 'saving');
    assert.deepEqual(await journal.interrupted(), []);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('keeps a beating job alive and records its phase', async () => {
    const journal = new JobJournal(dir);
    await journal.started(entry);
    await journal.beat('job-1', 'receiving');
    const file = JSON.parse(readFileSync(join(dir, 'job-1.json'), 'utf8')) as { phase: string };
    assert.equal(file.phase, 'receiving');
  });

  it('ignores files that are not journal entries', async () => {
    const journal = new JobJournal(dir);
    await journal.started(entry);
    writeFileSync(join(dir, 'junk.json'), '{"not":"an entry"}');
    assert.equal((await journal.interrupted(Date.now() + STALE_AFTER_MS * 2)).length, 1);
  });
});
