// What the Usage & Spend view shows, from a reading of GET /usage in each shape the contract lists
// (the emulator's own answers), from a server without the endpoint, from failures, and the local
// counts beside them.
import * as assert from 'node:assert/strict';
import { parseUsage, type UsageFetch } from '../../../src/api/usage';
import type { UsageReading } from '../../../src/generation/usageSchedule';
import type { UsageSummary } from '../../../src/generation/usageStats';
import { providerSummary, usageRows, type ProviderRow } from '../../../src/views/usageRows';
import { parseUsageShape, usageBody, USAGE_SECTIONS, type ModelCounters, type UsageShapeInput } from '../../emulator/usage';

const AT = '2026-03-01T10:00:00.000Z';
const EMPTY_LOCAL: UsageSummary = {
  today: { generations: 0, seconds: 0, byModel: {} },
  total: { generations: 0, seconds: 0, byModel: {} },
};
const LABELS: Record<string, string> = { 'provider-2/kling-v2.1': 'Kling v2.1', 'provider-2/veo': 'Veo' };
const label = (id: string): string => LABELS[id] ?? id;

function reading(shape: UsageShapeInput): UsageReading {
  const models = new Map<string, ModelCounters>([
    ['provider-2/kling-v2.1', { totalRequests: 3, successfulRequests: 2, costUsd: 0.1, lastUsed: 1764000000 }],
    ['provider-2/veo', { totalRequests: 1, successfulRequests: 1, costUsd: 0.4, lastUsed: 1764000100 }],
  ]);
  const body = usageBody(
    models,
    { username: 'user1', plan: 'pro', createdIso: '2026-01-01T00:00:00Z' },
    new Set(USAGE_SECTIONS),
    parseUsageShape(shape),
  );
  const fetch: UsageFetch = { available: true, report: parseUsage(body, AT) };
  return { kind: 'read', fetch, at: AT };
}

function providerOf(r: UsageReading | undefined, busy = false): ProviderRow[] {
  return usageRows({ reading: r, busy, local: EMPTY_LOCAL, remaining: {}, modelLabel: label }).provider;
}

function kinds(rows: ProviderRow[]): string[] {
  return rows.map((r) => r.kind);
}

describe('Usage & Spend rows', () => {
  const shapes: Array<[string, UsageShapeInput, string]> = [
    ['the documented shape', {}, 'cumulative_cost_usd'],
    ["the provider's client's cost field", { costField: 'cumulative_token_cost_usd' }, 'cumulative_token_cost_usd'],
    ['the legacy fields', { costField: 'legacy', planField: 'plan' }, 'cumulative_token_cost'],
    ['per-model figures at the top level', { modelUsageAt: 'top_level' }, 'cumulative_cost_usd'],
    ['figures as numeric strings', { numbersAsStrings: true }, 'cumulative_cost_usd'],
  ];
  for (const [name, shape, costField] of shapes) {
    it(`shows every figure of ${name}`, () => {
      const rows = providerOf(reading(shape));
      assert.deepEqual(kinds(rows), ['plan', 'cumulativeCost', 'paid', 'model', 'model', 'rateLimits', 'daysRemaining', 'readAt']);
      assert.deepEqual(rows[0], { kind: 'plan', plan: 'pro', username: 'user1' });
      assert.deepEqual(rows[1], { kind: 'cumulativeCost', usd: 0.5, field: costField });
      assert.deepEqual(rows[2], { kind: 'paid', usd: 20 });
      const kling = rows.find((r) => r.kind === 'model' && r.id === 'provider-2/kling-v2.1');
      assert.ok(kling && kling.kind === 'model');
      assert.equal(kling.label, 'Kling v2.1', 'the catalog names the model');
      assert.equal(kling.total, 3);
      assert.equal(kling.successful, 2);
      assert.deepEqual(kling.costs, [
        { field: 'token_cost_usd', usd: 0 },
        { field: 'image_cost_usd', usd: 0 },
        { field: 'video_cost_usd', usd: 0.1 },
      ]);
      assert.equal(kling.lastUsed, new Date(1764000000 * 1000).toISOString());
      assert.deepEqual(rows.at(-3), { kind: 'rateLimits', perMinute: 10, perDay: 500 });
      assert.deepEqual(rows.at(-2), { kind: 'daysRemaining', days: 30 });
      assert.deepEqual(rows.at(-1), { kind: 'readAt', at: AT });
    });
  }

  it('lists the busiest model first', () => {
    const rows = providerOf(reading({})).filter((r) => r.kind === 'model');
    assert.deepEqual(
      rows.map((r) => (r.kind === 'model' ? r.id : '')),
      ['provider-2/kling-v2.1', 'provider-2/veo'],
    );
  });

  it('says when the answer has no per-model figures, and shows only the cost fields it has', () => {
    const none = providerOf(reading({ modelUsageAt: 'none' }));
    assert.ok(kinds(none).includes('noModels'));
    assert.ok(!kinds(none).includes('model'));
    const noVideoCost = providerOf(reading({ videoCostField: null })).find((r) => r.kind === 'model');
    assert.ok(noVideoCost?.kind === 'model');
    assert.deepEqual(
      noVideoCost.costs.map((c) => c.field),
      ['token_cost_usd', 'image_cost_usd'],
    );
    const otherName = providerOf(reading({ videoCostField: 'generation_cost_usd' })).find((r) => r.kind === 'model');
    assert.ok(otherName?.kind === 'model');
    assert.ok(
      otherName.costs.some((c) => c.field === 'generation_cost_usd'),
      'a cost field is shown by its own name',
    );
  });

  it('invents nothing from an empty or foreign answer', () => {
    const rows = providerOf({ kind: 'read', fetch: { available: true, report: parseUsage({ hello: 1 }, AT) }, at: AT });
    assert.deepEqual(kinds(rows), ['noModels', 'readAt']);
  });

  it('shows the 404 row for a server without the usage endpoint', () => {
    const rows = providerOf({ kind: 'read', fetch: { available: false, status: 404, reason: 'no endpoint' }, at: AT });
    assert.deepEqual(rows, [{ kind: 'unavailable', status: 404 }]);
    assert.equal(providerSummary({ kind: 'read', fetch: { available: false, status: 404, reason: 'x' }, at: AT }), undefined);
  });

  it('shows a row for no key, and for nothing read yet', () => {
    assert.deepEqual(providerOf({ kind: 'noKey', at: AT }), [{ kind: 'noKey' }]);
    assert.deepEqual(providerOf(undefined), [{ kind: 'notRead', busy: false }]);
    assert.deepEqual(providerOf(undefined, true), [{ kind: 'notRead', busy: true }]);
  });

  it('shows an error row, then the last good figures marked with their time', () => {
    const good = reading({});
    assert.ok(good.kind === 'read');
    const failed: UsageReading = {
      kind: 'failed',
      summary: 'Could not reach the API.',
      action: 'Check the connection.',
      code: 'network_error',
      at: '2026-03-01T11:00:00.000Z',
      previous: { fetch: good.fetch, at: AT },
    };
    const rows = providerOf(failed);
    assert.deepEqual(rows[0], {
      kind: 'failed',
      summary: 'Could not reach the API.',
      action: 'Check the connection.',
      code: 'network_error',
      at: '2026-03-01T11:00:00.000Z',
      figuresFrom: AT,
    });
    assert.equal(rows[1]?.kind, 'plan');
    assert.deepEqual(rows.at(-1), { kind: 'readAt', at: AT });
    assert.deepEqual(providerSummary(failed), { plan: 'pro', cumulativeCost: { usd: 0.5, field: 'cumulative_cost_usd' }, at: AT });
    const refused: UsageReading = {
      kind: 'failed',
      summary: 'The API key is missing or was refused.',
      code: 'invalid_api_key',
      status: 401,
      at: AT,
    };
    assert.deepEqual(providerOf(refused), [
      { kind: 'failed', summary: 'The API key is missing or was refused.', code: 'invalid_api_key', status: 401, at: AT },
    ]);
  });

  it('keeps the local counts, with estimated dollars when priced, and the budgets when one is set', () => {
    const local: UsageSummary = {
      today: { generations: 2, seconds: 6, byModel: { 'provider-2/veo': { generations: 2, seconds: 6, usd: 1.5 } } },
      total: { generations: 5, seconds: 20, byModel: { 'provider-2/veo': { generations: 5, seconds: 20 } } },
    };
    const none = usageRows({ reading: undefined, busy: false, local, remaining: {}, modelLabel: label }).local;
    assert.deepEqual(none, [
      { kind: 'localToday', generations: 2, seconds: 6, usd: 1.5 },
      { kind: 'localTotal', generations: 5, seconds: 20 },
    ]);
    const withBudget = usageRows({ reading: undefined, busy: false, local, remaining: { dailyUsd: 3.5 }, modelLabel: label }).local;
    assert.deepEqual(withBudget.at(-1), { kind: 'budgets', remaining: { dailyUsd: 3.5 } });
  });

  it('gives the status bar the plan, the cost and the time of the reading', () => {
    assert.deepEqual(providerSummary(reading({})), { plan: 'pro', cumulativeCost: { usd: 0.5, field: 'cumulative_cost_usd' }, at: AT });
    assert.equal(providerSummary(undefined), undefined);
    assert.equal(providerSummary({ kind: 'noKey', at: AT }), undefined);
  });
});
