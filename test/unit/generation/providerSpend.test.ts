import * as assert from 'node:assert/strict';
import { ProviderSpend, accountId, withProviderSpend, type KeyValueStore } from '../../../src/generation/providerSpend';

function memory(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: async (key: string, value: unknown) => void data.set(key, JSON.parse(JSON.stringify(value))),
  };
}

const URL = 'https://api.example.test/v1';

describe("The provider's own spend, for the dollar budgets", () => {
  let now: Date;
  let store: ReturnType<typeof memory>;
  let spend: ProviderSpend;
  beforeEach(() => {
    now = new Date(2026, 11, 2, 9, 0, 0);
    store = memory();
    spend = new ProviderSpend(store, () => now);
  });

  it('knows nothing before a reading, and nothing spent at the first one', async () => {
    assert.deepEqual(spend.spent(URL), { today: undefined, thisMonth: undefined });
    await spend.record(accountId(URL, 'key-a'), 3.42, now);
    assert.deepEqual(spend.spent(URL).today, { usd: 0, since: now.toISOString() });
  });

  it('counts how far the cumulative cost moved since the first reading of the day and of the month', async () => {
    const a = accountId(URL, 'key-a');
    await spend.record(a, 3.0, now);
    now = new Date(2026, 11, 2, 15, 0, 0);
    await spend.record(a, 4.5, now);
    assert.equal(spend.spent(URL).today?.usd, 1.5);
    now = new Date(2026, 11, 3, 8, 0, 0);
    assert.equal(spend.spent(URL).today, undefined, 'a new day: not known until read');
    assert.equal(spend.spent(URL).thisMonth?.usd, 1.5);
    await spend.record(a, 5.0, now);
    assert.equal(spend.spent(URL).today?.usd, 0, 'the day starts at its first reading');
    assert.equal(spend.spent(URL).thisMonth?.usd, 2.0);
  });

  it('adds up the keys read at one base URL, and keeps other URLs apart', async () => {
    await spend.record(accountId(URL, 'key-a'), 1, now);
    await spend.record(accountId(URL, 'key-b'), 10, now);
    await spend.record(accountId('https://other.test/v1', 'key-a'), 100, now);
    await spend.record(accountId(URL, 'key-a'), 2, now);
    await spend.record(accountId(URL, 'key-b'), 10.5, now);
    await spend.record(accountId('https://other.test/v1', 'key-a'), 150, now);
    assert.equal(spend.spent(URL).today?.usd, 1.5);
    assert.ok(!JSON.stringify([...store.data.values()]).includes('key-a'), 'the key is not stored');
  });

  it('starts over when the figure goes down, and ignores figures that are not amounts', async () => {
    const a = accountId(URL, 'key-a');
    await spend.record(a, 5, now);
    await spend.record(a, 7, now);
    await spend.record(a, 1, now);
    assert.equal(spend.spent(URL).today?.usd, 0);
    await spend.record(a, Number.NaN, now);
    await spend.record(a, -3, now);
    assert.equal(spend.spent(URL).today?.usd, 0);
  });

  it('survives a damaged store', () => {
    store.data.set('videoGen.providerSpend', { [accountId(URL, 'k')]: { day: 'x' }, other: 7 });
    assert.deepEqual(spend.spent(URL), { today: undefined, thisMonth: undefined });
  });

  it("budgets count the larger of the local estimate and the provider's figure", () => {
    const local = { today: { generations: 2, usd: 1 }, thisMonth: { generations: 5, usd: 4 } };
    const counted = withProviderSpend(local, { today: { usd: 3, since: 'x' }, thisMonth: { usd: 2, since: 'x' } });
    assert.deepEqual(counted, { today: { generations: 2, usd: 3 }, thisMonth: { generations: 5, usd: 4 } });
    assert.deepEqual(withProviderSpend(local, {}), local);
  });
});
