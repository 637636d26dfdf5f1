import * as assert from 'node:assert/strict';
import { UsageStats, estimateCost, localDay } from '../../../src/generation/usageStats';

function memoryStore(): { get<T>(k: string): T | undefined; update(k: string, v: unknown): Promise<void> } {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => void data.set(k, JSON.parse(JSON.stringify(v))) };
}

describe('UsageStats', () => {
  it('counts generations and seconds per model, today and in total', async () => {
    let now = new Date(2026, 10, 24, 23, 59);
    const stats = new UsageStats(memoryStore(), () => now);
    await stats.record('provider-2/kling-v2.1', 5);
    await stats.record('provider-2/veo', 8);
    assert.deepEqual(stats.summary().today, {
      generations: 2,
      seconds: 13,
      byModel: { 'provider-2/kling-v2.1': { generations: 1, seconds: 5 }, 'provider-2/veo': { generations: 1, seconds: 8 } },
    });
    now = new Date(2026, 10, 25, 0, 1);
    await stats.record('provider-2/veo', 4);
    assert.equal(stats.generationsToday(), 1);
    assert.equal(stats.summary().total.generations, 3);
    assert.equal(stats.summary().total.byModel['provider-2/veo']!.seconds, 12);
    assert.equal(localDay(now), '2026-11-25');
  });

  it('counts generations that may have been billed without a video towards the day, not the saved ones', async () => {
    let now = new Date(2026, 10, 24, 12, 0);
    const stats = new UsageStats(memoryStore(), () => now);
    await stats.record('provider-2/kling-v2.1', 5, 0.25);
    await stats.recordUnsaved(0.5);
    await stats.recordUnsaved();
    assert.equal(stats.generationsToday(), 1);
    assert.deepEqual(stats.spent().today, { generations: 3, usd: 0.75 });
    now = new Date(2026, 10, 25, 12, 0);
    await stats.record('provider-2/veo', 8);
    assert.deepEqual(stats.spent(), { today: { generations: 1, usd: 0 }, thisMonth: { generations: 4, usd: 0.75 } });
    now = new Date(2026, 11, 1, 0, 5);
    assert.deepEqual(
      stats.spent(),
      { today: { generations: 0, usd: 0 }, thisMonth: { generations: 0, usd: 0 } },
      'a new month starts at 0',
    );
  });
});

describe('estimateCost', () => {
  it('reads a plain price per second or per video, and nothing else', () => {
    assert.deepEqual(estimateCost({ per_second: 0.05, currency: 'USD' }, 4), { amount: 0.2, currency: 'USD' });
    assert.deepEqual(estimateCost({ per_video: '0.30' }, 8), { amount: 0.3, currency: 'USD' });
    assert.equal(estimateCost({ input: 0.1, output: 0.2 }, 4), undefined);
    assert.equal(estimateCost(null, 4), undefined);
    assert.equal(estimateCost({ per_second: -1 }, 4), undefined);
    assert.equal(estimateCost('cheap', 4), undefined);
  });
});
