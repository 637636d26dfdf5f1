// Reading the account's usage: parseUsage over every documented name and place (the contract's
// example verbatim), numbers as strings, garbage ignored and never a throw (property test), and
// fetchUsage against the emulator (its shapes, 404 as "unavailable", 401 as invalid_api_key).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ApiCallOptions } from '../../../src/api/apiRequest';
import type { VideoGenError } from '../../../src/api/errors';
import { fetchUsage, parseUsage, readNumber, type UsageReport } from '../../../src/api/usage';
import { startEmulator, type Emulator } from '../../emulator/server';

const READ_AT = '2026-03-01T12:00:00.000Z';

/** The contract's example, verbatim. */
const CONTRACT_EXAMPLE = `{ "account_information": { "username": "u", "current_plan": "pro", "is_enabled": true,
      "model_specific_usage": { "<model id>": { "total_requests": 12, "successful_requests": 11,
          "token_cost_usd": 0.0, "image_cost_usd": 0.0, "last_used": 1764000000 } } },
  "subscription_details": { "creation_date": "2026-01-01T00:00:00Z", "effective_days_remaining": 30 },
  "billing_information": { "total_amount_paid_usd": 20.0, "cumulative_cost_usd": 3.42 },
  "rate_limits_and_restrictions": { "requests_per_minute_limit": 10, "requests_per_day_limit": 500 } }`;

describe('parseUsage', () => {
  it("reads the contract's example", () => {
    const raw: unknown = JSON.parse(CONTRACT_EXAMPLE);
    const report = parseUsage(raw, READ_AT);
    assert.deepEqual(report, {
      plan: 'pro',
      username: 'u',
      cumulativeCostUsd: { value: 3.42, field: 'cumulative_cost_usd' },
      totalPaidUsd: 20,
      models: {
        '<model id>': {
          totalRequests: 12,
          successfulRequests: 11,
          costs: { token_cost_usd: 0, image_cost_usd: 0 },
          lastUsed: new Date(1764000000 * 1000).toISOString(),
        },
      },
      rateLimits: { perMinute: 10, perDay: 500 },
      daysRemaining: 30,
      sections: [
        'account_information',
        'subscription_details',
        'billing_information',
        'rate_limits_and_restrictions',
        'model_specific_usage',
      ],
      conflicts: [],
      readAt: READ_AT,
      raw,
    } satisfies UsageReport);
  });

  it('reads each name of the cost, the paid amount and the plan', () => {
    const cost = (billing: object): UsageReport['cumulativeCostUsd'] => parseUsage({ billing_information: billing }).cumulativeCostUsd;
    assert.deepEqual(cost({ cumulative_cost_usd: 1.5 }), { value: 1.5, field: 'cumulative_cost_usd' });
    assert.deepEqual(cost({ cumulative_token_cost_usd: 2 }), { value: 2, field: 'cumulative_token_cost_usd' });
    assert.deepEqual(cost({ cumulative_token_cost: '0.25' }), { value: 0.25, field: 'cumulative_token_cost' });
    assert.deepEqual(
      cost({ cumulative_cost_usd: 1, cumulative_token_cost_usd: 9 }),
      { value: 1, field: 'cumulative_cost_usd' },
      'the docs name first',
    );
    assert.equal(cost({ cost: 5 }), undefined);
    assert.equal(parseUsage({ billing_information: { total_paid: 7 } }).totalPaidUsd, 7);
    assert.equal(parseUsage({ billing_information: { total_amount_paid_usd: '20.00', total_paid: 7 } }).totalPaidUsd, 20);
    assert.equal(parseUsage({ account_information: { plan: 'ultra' } }).plan, 'ultra');
    assert.equal(parseUsage({ account_information: { plan: 'basic', current_plan: 'pro' } }).plan, 'pro');
  });

  it('reads model_specific_usage in both places; the top level wins, and a disagreement is noted', () => {
    const report = parseUsage({
      account_information: {
        model_specific_usage: {
          a: { total_requests: 1, successful_requests: 1, token_cost_usd: 0 },
          both: { total_requests: 3, successful_requests: 2, video_cost_usd: 0.5, last_used: 1 },
        },
      },
      model_specific_usage: {
        b: { total_requests: 4 },
        both: { total_requests: 5, successful_requests: 2, image_cost_usd: 0 },
      },
    });
    assert.deepEqual(Object.keys(report.models).sort(), ['a', 'b', 'both']);
    assert.deepEqual(report.models.both, {
      totalRequests: 5,
      successfulRequests: 2,
      costs: { video_cost_usd: 0.5, image_cost_usd: 0 },
      lastUsed: '1970-01-01T00:00:01.000Z',
    });
    assert.deepEqual(report.conflicts, ['both.total_requests']);
    assert.deepEqual(report.models.b, { totalRequests: 4, costs: {} });
    assert.ok(report.sections.includes('model_specific_usage'));
    const topOnly = parseUsage({ model_specific_usage: { x: { total_requests: '2' } } });
    assert.deepEqual(topOnly.models, { x: { totalRequests: 2, costs: {} } });
    assert.deepEqual(topOnly.sections, ['model_specific_usage']);
  });

  it('keeps every cost field by its name, and reads a list of entries naming their model', () => {
    const report = parseUsage({
      model_specific_usage: [
        { model: 'm1', total_requests: 2, video_generation_cost_usd: '1.20', token_cost: 0, note: 'x' },
        { id: 'm2', successful_requests: 1 },
        { total_requests: 9 },
      ],
    });
    assert.deepEqual(report.models, {
      m1: { totalRequests: 2, costs: { video_generation_cost_usd: 1.2, token_cost: 0 } },
      m2: { successfulRequests: 1, costs: {} },
    });
  });

  it('accepts numeric strings; ignores garbage; invents no figure', () => {
    const report = parseUsage({
      account_information: {
        username: 42,
        current_plan: '  ',
        model_specific_usage: {
          m: { total_requests: '1e1', successful_requests: -1, token_cost_usd: 'free', image_cost_usd: null, last_used: 'yesterday' },
          n: { total_requests: 1.5, successful_requests: '3', last_used: '1764000000' },
          o: 'not an object',
        },
      },
      billing_information: { cumulative_cost_usd: 'NaN', total_amount_paid_usd: Infinity },
      rate_limits_and_restrictions: { requests_per_minute_limit: '10', requests_per_day_limit: true },
      subscription_details: { effective_days_remaining: '12.5' },
      extra: { kept: true },
    });
    assert.equal(report.username, undefined);
    assert.equal(report.plan, undefined);
    assert.deepEqual(report.models.m, { totalRequests: 10, costs: {} });
    assert.deepEqual(report.models.n, { successfulRequests: 3, costs: {}, lastUsed: new Date(1764000000 * 1000).toISOString() });
    assert.deepEqual(report.models.o, { costs: {} });
    assert.equal(report.cumulativeCostUsd, undefined);
    assert.equal(report.totalPaidUsd, undefined);
    assert.deepEqual(report.rateLimits, { perMinute: 10 });
    assert.equal(report.daysRemaining, 12.5);
    assert.deepEqual((report.raw as { extra: unknown }).extra, { kept: true }, 'unknown fields are kept in raw');
  });

  it('gives an empty report for bodies of no known shape', () => {
    for (const json of [null, 1, 'usage', [], [1, 2], {}, { account_information: [] }, { model_specific_usage: 5 }]) {
      const report = parseUsage(json, READ_AT);
      assert.deepEqual(report.models, {});
      assert.deepEqual(report.rateLimits, {});
      assert.deepEqual(report.sections, []);
      assert.equal(report.plan, undefined);
      assert.equal(report.cumulativeCostUsd, undefined);
      assert.equal(report.readAt, READ_AT);
    }
  });

  it('takes model ids such as __proto__ as plain keys', () => {
    const report = parseUsage(JSON.parse('{"model_specific_usage":{"__proto__":{"total_requests":1},"constructor":{"total_requests":2}}}'));
    assert.equal(Object.getPrototypeOf(report.models), Object.prototype);
    assert.deepEqual(Object.keys(report.models).sort(), ['__proto__', 'constructor']);
    assert.equal(Object.getOwnPropertyDescriptor(report.models, '__proto__')?.value.totalRequests, 1);
    const plain = parseUsage(JSON.parse('{"__proto__":{"account_information":{"current_plan":"pro"}}}'));
    assert.equal(plain.plan, undefined, 'no section is read through the prototype');
  });

  it('never throws on any JSON, and every figure it gives is a finite number', () => {
    const json = fc.jsonValue();
    const likely = fc.record(
      {
        account_information: fc.record(
          { current_plan: json, plan: json, username: json, model_specific_usage: fc.dictionary(fc.string(), json) },
          { requiredKeys: [] },
        ),
        model_specific_usage: fc.oneof(
          fc.dictionary(
            fc.string(),
            fc.dictionary(fc.constantFrom('total_requests', 'successful_requests', 'x_cost_usd', 'last_used'), json),
          ),
          json,
        ),
        billing_information: fc.dictionary(
          fc.constantFrom('cumulative_cost_usd', 'cumulative_token_cost_usd', 'cumulative_token_cost', 'total_paid'),
          json,
        ),
        rate_limits_and_restrictions: json,
        subscription_details: json,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(json, likely), (value) => {
        const report = parseUsage(value, READ_AT);
        const finite = (n: number | undefined): boolean => n === undefined || Number.isFinite(n);
        assert.ok(finite(report.cumulativeCostUsd?.value) && finite(report.totalPaidUsd) && finite(report.daysRemaining));
        for (const m of Object.values(report.models)) {
          assert.ok(finite(m.totalRequests) && finite(m.successfulRequests));
          assert.ok(Object.values(m.costs).every((c) => Number.isFinite(c)));
          assert.ok(m.lastUsed === undefined || !Number.isNaN(Date.parse(m.lastUsed)));
        }
        assert.equal(report.raw, value);
      }),
      { numRuns: 500 },
    );
  });

  it('readNumber takes numbers and exact numeric strings only', () => {
    assert.equal(readNumber(' 3.5 '), 3.5);
    assert.equal(readNumber('-2'), -2);
    assert.equal(readNumber('1e3'), 1000);
    for (const v of ['', '0x10', '1,5', '3 USD', 'Infinity', NaN, Infinity, true, null, [], {}])
      assert.equal(readNumber(v), undefined, String(v));
  });
});

describe('fetchUsage', function () {
  this.timeout(30_000);
  const KEY = 'usage-key-8d2e4b';
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ apiKeys: [KEY], keyPlans: { [KEY]: 'pro' } });
  });
  after(() => emulator.close());
  beforeEach(() => emulator.reset());

  const call = (overrides: Partial<ApiCallOptions> = {}): ApiCallOptions => ({
    baseUrl: emulator.baseUrl,
    apiKey: KEY,
    connection: { ignoreEnvProxy: true },
    ...overrides,
  });

  it('reads the usage with the key and parses it', async () => {
    emulator.addUsage({ model: 'provider-2/veo', requests: 2, successful: 1, duration: 2 });
    const now = new Date('2026-04-01T00:00:00Z');
    const result = await fetchUsage(call(), undefined, { now: () => now });
    assert.ok(result.available);
    const { report } = result;
    assert.equal(report.plan, 'pro');
    assert.equal(report.username, 'user1');
    assert.deepEqual(report.cumulativeCostUsd, { value: 0.8, field: 'cumulative_cost_usd' });
    assert.equal(report.totalPaidUsd, 20);
    assert.deepEqual(report.rateLimits, { perMinute: 10, perDay: 500 });
    assert.equal(report.daysRemaining, 30);
    const veo = report.models['provider-2/veo'];
    assert.equal(veo?.totalRequests, 2);
    assert.equal(veo?.successfulRequests, 1);
    assert.deepEqual(veo?.costs, { token_cost_usd: 0, image_cost_usd: 0, video_cost_usd: 0.8 });
    assert.ok(veo?.lastUsed);
    assert.equal(report.readAt, now.toISOString());
    const [sent] = emulator.requests();
    assert.equal(sent?.path, '/v1/usage');
    assert.equal(sent?.authorization, 'valid');
  });

  it('asks for sections when told', async () => {
    const result = await fetchUsage(call(), undefined, { sections: ['billing_information', 'model_specific_usage'] });
    assert.ok(result.available);
    assert.deepEqual(result.report.sections, ['account_information', 'billing_information', 'model_specific_usage']);
    assert.equal(emulator.requests()[0]?.path, '/v1/usage?section=billing_information%2Cmodel_specific_usage');
  });

  it('reads every shape the emulator can answer in the same way', async () => {
    emulator.addUsage({ model: 'provider-2/kling-v2.1', duration: 4 });
    const shapes = [
      { costField: 'cumulative_token_cost_usd', planField: 'plan', modelUsageAt: 'top_level' },
      { costField: 'legacy', numbersAsStrings: true },
      { costField: 'cumulative_cost_usd', modelUsageAt: 'top_level', numbersAsStrings: true, videoCostField: 'generation_cost_usd' },
    ] as const;
    const fields = ['cumulative_token_cost_usd', 'cumulative_token_cost', 'cumulative_cost_usd'];
    for (const [i, shape] of shapes.entries()) {
      emulator.setUsageShape(shape);
      const result = await fetchUsage(call());
      assert.ok(result.available);
      assert.equal(result.report.plan, 'pro');
      assert.deepEqual(result.report.cumulativeCostUsd, { value: 0.2, field: fields[i] });
      assert.equal(result.report.totalPaidUsd, 20);
      const kling = result.report.models['provider-2/kling-v2.1'];
      assert.equal(kling?.totalRequests, 1);
      assert.equal(kling?.successfulRequests, 1);
      assert.equal(
        Object.values(kling?.costs ?? {}).reduce((a, b) => a + b, 0),
        0.2,
      );
    }
    emulator.setUsageShape({ modelUsageAt: 'none' });
    const none = await fetchUsage(call());
    assert.ok(none.available);
    assert.deepEqual(none.report.models, {});
    assert.ok(!none.report.sections.includes('model_specific_usage'));
  });

  it('a server without the endpoint (404) is "unavailable", not an error', async () => {
    emulator.setUsageShape(false);
    const result = await fetchUsage(call());
    assert.equal(result.available, false);
    assert.ok(!result.available && result.status === 404 && /no usage endpoint/.test(result.reason) && result.requestId);
  });

  it('a refused key is the usual invalid_api_key error, the key not in it', async () => {
    await assert.rejects(fetchUsage(call({ apiKey: 'wrong-key-77' })), (err: VideoGenError) => {
      assert.equal(err.code, 'invalid_api_key');
      assert.equal(err.status, 401);
      assert.ok(!err.message.includes('wrong-key-77'));
      return true;
    });
  });

  it('other failures are typed errors too; a signal cancels', async () => {
    emulator.enqueue({ kind: 'proxy_html', endpoint: 'usage', status: 502 });
    await assert.rejects(fetchUsage(call()), (err: VideoGenError) => err.code === 'bad_response' && err.status === 502);
    emulator.enqueue({ kind: 'success', endpoint: 'usage', delayMs: 5000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(fetchUsage(call(), ac.signal), (err: VideoGenError) => err.code === 'cancelled');
  });
});
