// The emulator's GET /v1/usage (counters per key that move with the generations it serves, the
// shapes the contract lists, 404 when switched off, the admin routes) and /v1/models?features.
import * as assert from 'node:assert/strict';
import type { VideoModel } from '../../emulator/models';
import { parseScenario, ScenarioError } from '../../emulator/scenarios';
import { startEmulator, type Emulator } from '../../emulator/server';
import { generate, genBody, KEY, readAll, type ErrorJson } from './helpers';

const OTHER = 'other-key';
const KLING = 'provider-2/kling-v2.1';
const VEO = 'provider-2/veo';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('emulator: GET /v1/usage', function () {
  this.timeout(30_000);
  let em: Emulator;
  before(async () => {
    em = await startEmulator({ apiKeys: [KEY, OTHER], keyPlans: { [OTHER]: 'pro' }, usernames: { [OTHER]: 'someone' } });
  });
  after(() => em.close());
  beforeEach(() => em.reset());

  const usage = async (query = '', key: string | null = KEY): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${em.baseUrl}/usage${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const admin = async (route: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${em.url}/__emulator/${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const run = async (body = genBody(), key = KEY): Promise<number> => {
    const res = await generate(em, body, { key });
    await readAll(res);
    return res.status;
  };
  const modelUsage = (json: Json, model: string): Json | undefined => json.account_information?.model_specific_usage?.[model];

  it('answers every section in the documented shape for a fresh key', async () => {
    const { status, json } = await usage();
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(json).sort(), [
      'account_information',
      'billing_information',
      'rate_limits_and_restrictions',
      'subscription_details',
      'usage_statistics',
    ]);
    assert.deepEqual(json.account_information, { username: 'user1', current_plan: 'ultra', is_enabled: true, model_specific_usage: {} });
    assert.deepEqual(json.billing_information, { total_amount_paid_usd: 20, cumulative_cost_usd: 0 });
    assert.deepEqual(json.rate_limits_and_restrictions, { requests_per_minute_limit: 10, requests_per_day_limit: 500 });
    assert.equal(json.subscription_details.effective_days_remaining, 30);
    assert.ok(!Number.isNaN(Date.parse(json.subscription_details.creation_date)));
    assert.deepEqual(json.usage_statistics, { total_requests: 0, successful_requests: 0, failed_requests: 0 });
    assert.equal((await usage('', OTHER)).json.account_information.username, 'someone');
    assert.equal((await usage('', OTHER)).json.account_information.current_plan, 'pro');
  });

  it('requires the key (401 invalid_api_key), and logs the request', async () => {
    const none = await usage('', null);
    assert.equal(none.status, 401);
    assert.equal((none.json as ErrorJson).error.type, 'invalid_api_key');
    assert.equal((await usage('', 'wrong-key')).status, 401);
    assert.deepEqual(
      em.requests().map((r) => [r.path, r.status]),
      [
        ['/v1/usage', 401],
        ['/v1/usage', 401],
      ],
    );
  });

  it('counts a served generation: request, success, price × duration, last_used; per key', async () => {
    const t0 = Math.floor(Date.now() / 1000);
    assert.equal(await run(genBody({ duration: 3 })), 200);
    const { json } = await usage();
    const kling = modelUsage(json, KLING);
    assert.equal(kling?.total_requests, 1);
    assert.equal(kling?.successful_requests, 1);
    assert.equal(kling?.video_cost_usd, 0.15, '0.05 $/s × 3 s');
    assert.equal(kling?.token_cost_usd, 0);
    assert.equal(kling?.image_cost_usd, 0);
    assert.ok(kling && kling.last_used >= t0 && kling.last_used <= Math.floor(Date.now() / 1000) + 1);
    assert.equal(json.billing_information.cumulative_cost_usd, 0.15);
    assert.deepEqual(json.usage_statistics, { total_requests: 1, successful_requests: 1, failed_requests: 0 });
    assert.deepEqual(modelUsage((await usage('', OTHER)).json, KLING), undefined, "the other key's usage did not move");
    assert.equal(em.requests()[0]?.billed, true);
    assert.deepEqual(em.usageCounters(), {
      [KLING]: { totalRequests: 1, successfulRequests: 1, costUsd: 0.15, lastUsed: kling?.last_used },
    });
  });

  it('counts a refused request (valid key) but does not bill it; an invalid key counts nothing', async () => {
    assert.equal(await run(genBody({ duration: 7 })), 400);
    assert.equal(await run(genBody(), 'wrong-key'), 401);
    em.enqueue({ kind: 'provider_error' });
    assert.equal(await run(), 500);
    const k = modelUsage((await usage()).json, KLING);
    assert.equal(k?.total_requests, 2);
    assert.equal(k?.successful_requests, 0);
    assert.equal(k?.video_cost_usd, 0);
  });

  it('bills a drop mid-body by default; not when the scenario says billed=false', async () => {
    em.enqueue({ kind: 'drop_mid_body' });
    await run();
    let k = modelUsage((await usage()).json, KLING);
    assert.deepEqual([k?.total_requests, k?.successful_requests, k?.video_cost_usd], [1, 1, 0.05]);
    await run(genBody({ prompt: 'fox [[emulator:drop_mid_body billed=false]]' }));
    k = modelUsage((await usage()).json, KLING);
    assert.deepEqual([k?.total_requests, k?.successful_requests, k?.video_cost_usd], [2, 1, 0.05]);
  });

  it('does not bill a drop before headers by default; bills it with billed=true', async () => {
    em.enqueue({ kind: 'drop_before_headers' }, { kind: 'drop_before_headers', billed: true });
    await assert.rejects(generate(em, genBody({ model: VEO, duration: 2 })));
    let v = modelUsage((await usage()).json, VEO);
    assert.deepEqual([v?.total_requests, v?.successful_requests, v?.video_cost_usd], [1, 0, 0]);
    await assert.rejects(generate(em, genBody({ model: VEO, duration: 2 })));
    v = modelUsage((await usage()).json, VEO);
    assert.deepEqual([v?.total_requests, v?.successful_requests, v?.video_cost_usd], [2, 1, 0.8]);
  });

  it('billed=true on an error bills it; empty_data is not billed by default', async () => {
    em.enqueue({ kind: 'upstream_timeout', billed: true }, { kind: 'empty_data' }, { kind: 'empty_data', billed: true });
    assert.equal(await run(), 408);
    assert.equal(await run(), 200);
    assert.equal(await run(), 200);
    const k = modelUsage((await usage()).json, KLING);
    assert.deepEqual([k?.total_requests, k?.successful_requests], [3, 2]);
  });

  it('billed=true counts a generation whose client left during the generation time', async () => {
    em.enqueue({ kind: 'success', delayMs: 5000, billed: true }, { kind: 'success', delayMs: 5000 });
    for (let i = 0; i < 2; i++) {
      const ac = new AbortController();
      const pending = generate(em, genBody(), { signal: ac.signal });
      await new Promise((r) => setTimeout(r, 150));
      ac.abort();
      await assert.rejects(pending);
    }
    await new Promise((r) => setTimeout(r, 100));
    const k = modelUsage((await usage()).json, KLING);
    assert.deepEqual([k?.total_requests, k?.successful_requests], [2, 1]);
  });

  it('billed only applies to generations', () => {
    assert.throws(() => parseScenario({ kind: 'success', endpoint: 'usage', billed: true }), ScenarioError);
    assert.throws(() => parseScenario({ kind: 'success', endpoint: 'models', billed: false }), /only applies to generations/);
  });

  it('?section picks sections; an unknown one is a 400', async () => {
    const { json } = await usage('?section=billing_information,rate_limits_and_restrictions');
    assert.deepEqual(Object.keys(json).sort(), ['billing_information', 'rate_limits_and_restrictions']);
    const only = (await usage('?section=model_specific_usage')).json;
    assert.deepEqual(only, { account_information: { model_specific_usage: {} } });
    const bad = await usage('?section=billing_information,nope');
    assert.equal(bad.status, 400);
    assert.match((bad.json as ErrorJson).error.message, /nope/);
  });

  it('answers in each shape the contract lists, set at start or at run time', async () => {
    await run();
    em.setUsageShape({ costField: 'cumulative_token_cost_usd', planField: 'plan', modelUsageAt: 'top_level' });
    let { json } = await usage();
    assert.equal(json.billing_information.cumulative_token_cost_usd, 0.05);
    assert.equal(json.billing_information.cumulative_cost_usd, undefined);
    assert.equal(json.account_information.plan, 'ultra');
    assert.equal(json.account_information.current_plan, undefined);
    assert.equal(json.account_information.model_specific_usage, undefined);
    assert.equal(json.model_specific_usage[KLING].total_requests, 1);

    const set = await admin('usage-shape', { costField: 'legacy', modelUsageAt: 'none', numbersAsStrings: true, videoCostField: null });
    assert.equal(set.status, 200);
    assert.equal(set.json.costField, 'legacy');
    json = (await usage()).json;
    assert.deepEqual(json.billing_information, { total_paid: '20', cumulative_token_cost: '0.05' });
    assert.equal(json.model_specific_usage, undefined);
    assert.equal(json.account_information.model_specific_usage, undefined);
    assert.equal(json.rate_limits_and_restrictions.requests_per_day_limit, '500');

    await admin('usage-shape', { videoCostField: 'generation_cost_usd' });
    json = (await usage()).json;
    assert.equal(modelUsage(json, KLING)?.generation_cost_usd, 0.05);
    assert.equal(modelUsage(json, KLING)?.video_cost_usd, undefined);

    assert.equal((await admin('usage-shape', { costField: 'bitcoin' })).status, 400);
    assert.equal((await admin('usage-shape')).json.videoCostField, 'generation_cost_usd');

    const started = await startEmulator({ usage: { planField: 'plan', costField: 'legacy' } });
    try {
      const res = await fetch(`${started.baseUrl}/usage`, { headers: { authorization: `Bearer ${KEY}` } });
      const body = (await res.json()) as Json;
      assert.equal(body.account_information.plan, 'ultra');
      assert.equal(body.billing_information.cumulative_token_cost, 0);
    } finally {
      await started.close();
    }
  });

  it('usage: false answers 404 like a gateway without the endpoint; switchable at run time', async () => {
    em.setUsageShape(false);
    const res = await usage();
    assert.equal(res.status, 404);
    assert.equal((res.json as ErrorJson).error.code, 'unknown_url');
    assert.equal((await usage('', null)).status, 404, 'no endpoint, whatever the key');
    await admin('usage-shape', true);
    assert.equal((await usage()).status, 200);
    await admin('usage-shape', false);
    assert.equal((await usage()).status, 404);
    em.reset();
    assert.equal((await usage()).status, 200, 'reset restores the shape the emulator started with');

    const without = await startEmulator({ usage: false });
    try {
      const r = await fetch(`${without.baseUrl}/usage`, { headers: { authorization: `Bearer ${KEY}` } });
      assert.equal(r.status, 404);
      await r.arrayBuffer();
    } finally {
      await without.close();
    }
  });

  it('admin: POST /__emulator/usage adds another client’s generations; GET shows counters by username', async () => {
    let res = await admin('usage', { model: VEO, requests: 2, duration: 4 });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json.usage), ['user1']);
    res = await admin('usage', { key: OTHER, model: KLING, requests: 3, successful: 1, costUsd: 0.5 });
    assert.equal(res.json.usage.someone[KLING].totalRequests, 3);
    const mine = (await usage()).json;
    assert.deepEqual([modelUsage(mine, VEO)?.total_requests, modelUsage(mine, VEO)?.successful_requests], [2, 2]);
    assert.equal(modelUsage(mine, VEO)?.video_cost_usd, 3.2, '2 × 0.4 $/s × 4 s');
    assert.equal(mine.billing_information.cumulative_cost_usd, 3.2);
    const theirs = (await usage('', OTHER)).json;
    assert.deepEqual([modelUsage(theirs, KLING)?.total_requests, modelUsage(theirs, KLING)?.successful_requests], [3, 1]);
    assert.equal(theirs.billing_information.cumulative_cost_usd, 0.5);
    assert.ok(!JSON.stringify((await admin('usage')).json).includes(KEY), 'no key in the admin answer');
    em.addUsage({ model: KLING });
    assert.equal(modelUsage((await usage()).json, KLING)?.total_requests, 1);

    assert.equal((await admin('usage', { requests: 1 })).status, 400, 'model required');
    assert.equal((await admin('usage', { model: VEO, key: 'nobody' })).status, 400);
    assert.equal((await admin('usage', { model: VEO, requests: 1, successful: 2 })).status, 400);
    assert.throws(() => em.addUsage({ model: VEO, requests: -1 }));
    assert.equal(em.requests().length, 3, 'only the three usage reads are logged');
  });

  it('reset clears the counters', async () => {
    await run();
    em.addUsage({ model: VEO });
    await admin('reset', {});
    const { json } = await usage();
    assert.deepEqual(json.account_information.model_specific_usage, {});
    assert.equal(json.billing_information.cumulative_cost_usd, 0);
    assert.deepEqual(em.usageCounters(), {});
  });

  it('takes scenarios queued for the usage endpoint only', async () => {
    em.enqueue({ kind: 'proxy_html', endpoint: 'usage', status: 503 }, { kind: 'rate_limited' });
    const res = await fetch(`${em.baseUrl}/usage`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(res.status, 503);
    await res.arrayBuffer();
    assert.equal(em.queued(), 1);
    assert.equal((await usage()).status, 200);
  });
});

describe('emulator: GET /v1/models?features', function () {
  this.timeout(30_000);
  let em: Emulator;
  before(async () => {
    em = await startEmulator({ extraModels: [SILENT] });
  });
  after(() => em.close());

  const list = async (query: string): Promise<Array<{ id: string; features?: string[]; pricing?: unknown; type?: string }>> => {
    const res = await fetch(`${em.baseUrl}/models${query}`, { headers: { authorization: `Bearer ${KEY}` } });
    return ((await res.json()) as { data: Array<{ id: string; features?: string[] }> }).data;
  };

  it('adds a features array per model, with audio where the model has sound', async () => {
    const data = await list('?features');
    const of = (id: string): string[] | undefined => data.find((m) => m.id === id)?.features;
    assert.deepEqual(of(VEO), ['text-to-video', 'audio']);
    assert.deepEqual(of('provider-2/sora-2-pro'), ['text-to-video', 'audio']);
    assert.deepEqual(of(KLING), ['text-to-video']);
    assert.deepEqual(of('provider-2/seedance-lite'), ['text-to-video']);
    assert.deepEqual(of('provider-9/silent'), ['text-to-video']);
    assert.deepEqual(of('provider-4/imagen-4'), ['text-to-image']);
    assert.ok(data.every((m) => Array.isArray(m.features)));
  });

  it('goes with ?pricing and ?type, and is absent without the flag', async () => {
    const both = await list('?features&pricing&type=video/generation');
    const veo = both.find((m) => m.id === VEO);
    assert.ok(veo?.features && veo.pricing && veo.type === 'video/generation');
    assert.ok((await list('?pricing')).every((m) => m.features === undefined && m.pricing !== undefined));
  });
});

const SILENT: VideoModel = {
  id: 'provider-9/silent',
  provider: 'Nobody',
  maxDuration: 4,
  qualities: ['720p'],
  advice: 'daily',
  usdPerSecond: 0.01,
  created: 1_750_000_000,
  audio: false,
};
