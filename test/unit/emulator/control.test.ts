// Controlling the emulator: queue and default scenario, prompt directives, admin endpoints, the
// request log, /v1/models, lifetime limits and the CLI.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseDirective, parseScenario, ScenarioError } from '../../emulator/scenarios';
import { startEmulator, type Emulator, type LoggedRequest } from '../../emulator/server';
import { generate, genBody, KEY, type ErrorJson, type SuccessJson } from './helpers';

describe('emulator: scenario parsing', () => {
  it('fills defaults and rejects unknown kinds or fields', () => {
    const s = parseScenario({ kind: 'rate_limited' });
    assert.equal(s.kind, 'rate_limited');
    assert.equal(s.kind === 'rate_limited' && s.retryAfter, 2);
    assert.throws(() => parseScenario({ kind: 'nope' }), ScenarioError);
    assert.throws(() => parseScenario({ kind: 'success', delay: 5 }), /delay/);
    assert.throws(() => parseScenario({ kind: 'proxy_html', status: 500 }), ScenarioError);
    assert.throws(() => parseScenario({ kind: 'invalid_base64', garbage: 'AAAA' }), ScenarioError);
    assert.throws(() => parseScenario({ kind: 'large', endpoint: 'models' }), /only applies to generations/);
  });

  it('reads prompt directives with typed values and leaves the rest of the prompt alone', () => {
    const d = parseDirective('A cat  [[emulator:rate_limited retryAfter=5 message="slow down, please" code=null]] on a mat');
    assert.ok(d.found && 'scenario' in d);
    assert.deepEqual(
      { ...d.scenario },
      {
        kind: 'rate_limited',
        retryAfter: 5,
        message: 'slow down, please',
        code: null,
        endpoint: 'generations',
        delayMs: 0,
        retryAfterDate: false,
      },
    );
    assert.equal(d.promptWithout, 'A cat on a mat');
    const e = parseDirective('[[emulator:success audio=true items=2]]');
    assert.ok(e.found && 'scenario' in e && e.scenario.kind === 'success' && e.scenario.audio && e.scenario.items === 2);
    assert.deepEqual(parseDirective('no directive [[here]]'), { found: false });
    const bad = parseDirective('x [[emulator:success itmes=2]]');
    assert.ok(bad.found && 'error' in bad && /itmes/.test(bad.error));
  });
});

describe('emulator: control', function () {
  this.timeout(30_000);
  let em: Emulator;
  before(async () => {
    em = await startEmulator({ apiKeys: [KEY, 'free-key'], keyPlans: { 'free-key': 'free' }, retiredModels: ['provider-2/sora-2'] });
  });
  after(() => em.close());
  beforeEach(() => em.reset());

  const statusOf = async (res: Promise<Response>): Promise<number> => {
    const r = await res;
    await r.arrayBuffer();
    return r.status;
  };

  it('enqueue is FIFO, honours times, then falls back to the default scenario, then success', async () => {
    em.enqueue({ kind: 'provider_error' }, { kind: 'rate_limited', times: 2 });
    em.setDefaultScenario({ kind: 'upstream_timeout' });
    assert.equal(em.queued(), 3);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await statusOf(generate(em, genBody())));
    assert.deepEqual(statuses, [500, 429, 429, 408, 408]);
    em.setDefaultScenario(null);
    assert.equal(await statusOf(generate(em, genBody())), 200);
    const sources = em.requests().map((r) => `${r.scenario}/${r.scenarioSource}`);
    assert.deepEqual(sources, [
      'provider_error/queue',
      'rate_limited/queue',
      'rate_limited/queue',
      'upstream_timeout/default',
      'upstream_timeout/default',
      'success/none',
    ]);
  });

  it('enqueue throws on an invalid scenario and queues nothing', () => {
    assert.throws(() => em.enqueue({ kind: 'success' }, { kind: 'rate_limited', retryAfter: -1 }), ScenarioError);
    assert.equal(em.queued(), 0);
  });

  it('a prompt directive answers that request only and leaves the queue alone', async () => {
    em.enqueue({ kind: 'provider_error' });
    const res = await generate(em, genBody({ prompt: 'fox [[emulator:error status=418 type=teapot]]' }));
    assert.equal(res.status, 418);
    assert.equal(((await res.json()) as ErrorJson).error.type, 'teapot');
    assert.equal(em.queued(), 1);
    assert.equal(await statusOf(generate(em, genBody())), 500);
    assert.equal(em.requests()[0]?.scenarioSource, 'directive');
  });

  it('directives select scenarios per request among many concurrent ones', async () => {
    const kinds = ['rate_limited', 'provider_error', 'success', 'empty_data', 'upstream_timeout', 'proxy_html'];
    const expected = [429, 500, 200, 200, 408, 502];
    const statuses = await Promise.all(kinds.map((k) => statusOf(generate(em, genBody({ prompt: `clip [[emulator:${k}]] please` })))));
    assert.deepEqual(statuses, expected);
  });

  it('a success directive is not part of revised_prompt', async () => {
    const res = await generate(em, genBody({ prompt: 'a heron [[emulator:success]] at dusk' }));
    const json = (await res.json()) as SuccessJson;
    assert.equal(json.data[0]?.revised_prompt, 'a heron at dusk');
    assert.equal(
      (em.requests()[0]?.body as { prompt: string }).prompt,
      'a heron [[emulator:success]] at dusk',
      'the log keeps what was sent',
    );
  });

  it('an invalid directive answers 400 explaining why', async () => {
    const res = await generate(em, genBody({ prompt: 'x [[emulator:explode]]' }));
    assert.equal(res.status, 400);
    const body = (await res.json()) as ErrorJson;
    assert.equal(body.error.code, 'emulator_directive_invalid');
  });

  it('admin: POST /__emulator/scenarios queues one, several, or sets the default; GET shows them', async () => {
    const post = (body: unknown): Promise<Response> =>
      fetch(`${em.url}/__emulator/scenarios`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let res = await post({ kind: 'provider_error' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { queued: 1, default: null });
    res = await post([{ kind: 'rate_limited', retryAfter: 9 }, { kind: 'empty_data' }]);
    assert.deepEqual(await res.json(), { queued: 3, default: null });
    res = await post({ enqueue: { kind: 'upstream_timeout' }, default: { kind: 'proxy_html', status: 503 } });
    assert.deepEqual(await res.json(), { queued: 4, default: 'proxy_html' });
    const state = (await (await fetch(`${em.url}/__emulator/scenarios`)).json()) as {
      queue: Array<{ kind: string }>;
      default: { kind: string };
    };
    assert.deepEqual(
      state.queue.map((s) => s.kind),
      ['provider_error', 'rate_limited', 'empty_data', 'upstream_timeout'],
    );
    assert.equal(state.default.kind, 'proxy_html');

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await statusOf(generate(em, genBody())));
    assert.deepEqual(statuses, [500, 429, 200, 408, 503]);

    res = await post({ kind: 'success', delayMs: -1 });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as ErrorJson).error.code, 'invalid_scenario');
    res = await fetch(`${em.url}/__emulator/scenarios`, { method: 'POST', body: 'not json' });
    assert.equal(res.status, 400);
    await res.arrayBuffer();
  });

  it('admin: POST /__emulator/reset clears queue, default and log; admin calls are not logged', async () => {
    em.enqueue({ kind: 'provider_error' });
    em.setDefaultScenario({ kind: 'rate_limited' });
    await statusOf(generate(em, genBody()));
    const res = await fetch(`${em.url}/__emulator/reset`, { method: 'POST' });
    assert.deepEqual(await res.json(), { ok: true });
    assert.equal(em.queued(), 0);
    assert.deepEqual(em.requests(), []);
    assert.equal(await statusOf(generate(em, genBody())), 200);
    const health = (await (await fetch(`${em.url}/__emulator/health`)).json()) as { ok: boolean; baseUrl: string };
    assert.equal(health.baseUrl, em.baseUrl);
    assert.equal(em.requests().length, 1);
  });

  it('logs how many generations were in flight when each arrived, and faults only the prompt that asks, in any order', async () => {
    const slow = (name: string): Promise<number> => statusOf(generate(em, genBody({ prompt: `${name} [[emulator:success delayMs=300]]` })));
    const faulted = statusOf(generate(em, genBody({ prompt: 'the faulted one [[emulator:provider_error delayMs=100]]' })));
    const statuses = await Promise.all([slow('one'), faulted, slow('two')]);
    assert.deepEqual(statuses, [200, 500, 200]);
    const log = em.requests().filter((r) => r.path === '/v1/video/generations');
    assert.deepEqual(
      log.map((r) => r.generationsInFlight),
      [1, 2, 3],
      'three at once',
    );
    await statusOf(generate(em, genBody()));
    assert.equal(em.requests().at(-1)?.generationsInFlight, 1, 'the finished ones no longer count');
    assert.equal((await fetch(`${em.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } })).status, 200);
    assert.equal(em.requests().at(-1)?.generationsInFlight, undefined, 'only generations are counted');
  });

  it('admin: GET /__emulator/requests logs what was sent, with the key redacted', async () => {
    await statusOf(
      generate(em, genBody({ prompt: 'logged prompt' }), { headers: { origin: 'vscode-webview://abc', 'user-agent': 'video-gen-test' } }),
    );
    await statusOf(generate(em, genBody(), { key: 'wrong-key' }));
    await statusOf(generate(em, null, { rawBody: 'not json at all' }));
    const res = await fetch(`${em.url}/__emulator/requests`);
    const { requests } = (await res.json()) as { requests: LoggedRequest[] };
    assert.equal(requests.length, 3);
    const [ok, wrong, raw] = requests as [LoggedRequest, LoggedRequest, LoggedRequest];
    assert.equal(ok.method, 'POST');
    assert.equal(ok.path, '/v1/video/generations');
    assert.equal(ok.listener, 'api');
    assert.equal(ok.authorization, 'valid');
    assert.equal(ok.headers.authorization, '[redacted: valid]');
    assert.equal(ok.headers['user-agent'], 'video-gen-test');
    assert.equal(ok.origin, 'vscode-webview://abc');
    assert.equal(ok.host, new URL(em.url).host);
    assert.deepEqual(ok.body, genBody({ prompt: 'logged prompt' }));
    assert.equal(ok.status, 200);
    assert.equal(ok.outcome, 'completed');
    assert.ok(!Number.isNaN(Date.parse(ok.time)));
    assert.equal(wrong.authorization, 'invalid');
    assert.equal(wrong.status, 401);
    assert.equal(raw.rawBody, 'not json at all');
    const all = JSON.stringify(requests);
    assert.ok(!all.includes(KEY) && !all.includes('wrong-key'), 'no key value anywhere in the log');
  });

  describe('GET /v1/models', () => {
    type ModelsJson = {
      object: string;
      data: Array<{
        id: string;
        object: string;
        created: number;
        owned_by: string;
        type?: string;
        pricing?: { per_second?: number; currency: string };
      }>;
    };
    const models = async (query = '', key: string | null = KEY): Promise<{ status: number; json: ModelsJson }> => {
      const res = await fetch(`${em.baseUrl}/models${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
      return { status: res.status, json: (await res.json()) as ModelsJson };
    };

    it('lists the usable models OpenAI-style (retired ones gone), with no type or pricing by default', async () => {
      const { status, json } = await models();
      assert.equal(status, 200);
      assert.equal(json.object, 'list');
      const ids = json.data.map((m) => m.id);
      assert.ok(ids.includes('provider-2/kling-v2.1') && ids.includes('provider-2/veo'));
      assert.ok(!ids.includes('provider-2/sora-2'), 'retired');
      for (const m of json.data) {
        assert.equal(m.object, 'model');
        assert.equal(typeof m.created, 'number');
        assert.equal(typeof m.owned_by, 'string');
        assert.equal(m.type, undefined);
        assert.equal(m.pricing, undefined);
      }
    });

    it('?type adds type (video/generation for video models)', async () => {
      const { json } = await models('?type');
      const video = json.data.filter((m) => m.type === 'video/generation').map((m) => m.id);
      assert.deepEqual(video.sort(), [
        'provider-2/kling-v2.1',
        'provider-2/seedance-lite',
        'provider-2/seedance-pro',
        'provider-2/sora-2-pro',
        'provider-2/veo',
        'provider-2/veo-fast',
      ]);
      assert.ok(
        json.data.some((m) => m.type && m.type !== 'video/generation'),
        'other model types are listed too',
      );
      assert.ok((await models('?type=anything')).json.data.every((m) => typeof m.type === 'string'));
    });

    it('?plan filters by plan (free has no video models); the key plan applies otherwise', async () => {
      const free = (await models('?type&plan=free')).json.data;
      assert.equal(free.filter((m) => m.type === 'video/generation').length, 0);
      const pro = (await models('?type&plan=pro')).json.data;
      assert.equal(pro.filter((m) => m.type === 'video/generation').length, 6);
      const asFreeKey = (await models('?type', 'free-key')).json.data;
      assert.equal(asFreeKey.filter((m) => m.type === 'video/generation').length, 0);
      assert.equal((await models('?plan=gold')).status, 400);
    });

    it('?pricing adds a pricing object per model', async () => {
      const { json } = await models('?pricing&type');
      for (const m of json.data) {
        assert.ok(m.pricing, m.id);
        assert.equal(m.pricing.currency, 'USD');
        if (m.type === 'video/generation') assert.ok((m.pricing.per_second ?? 0) > 0);
      }
    });

    it('requires the key', async () => {
      const { status, json } = await models('', null);
      assert.equal(status, 401);
      assert.equal((json as unknown as ErrorJson).error.type, 'invalid_api_key');
    });

    it('takes scenarios queued for the models endpoint only', async () => {
      em.enqueue({ kind: 'proxy_html', endpoint: 'models', status: 504 }, { kind: 'provider_error' });
      const res = await fetch(`${em.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
      assert.equal(res.status, 504);
      await res.arrayBuffer();
      assert.equal(em.queued(), 1, 'the generations entry is still waiting');
      em.enqueue({ kind: 'truncated_json', endpoint: 'models' });
      const cut = await fetch(`${em.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
      await assert.rejects(cut.json());
    });
  });
});

describe('emulator: lifetime', () => {
  it('stops by itself after maxLifetimeMs', async () => {
    const em = await startEmulator({ maxLifetimeMs: 200 });
    const t0 = Date.now();
    await em.closed;
    assert.ok(Date.now() - t0 < 2000);
    await assert.rejects(fetch(`${em.url}/__emulator/health`));
  });

  it('stops by itself after idleTimeoutMs without requests', async () => {
    const em = await startEmulator({ idleTimeoutMs: 300 });
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${em.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    await res.arrayBuffer();
    const t0 = Date.now();
    await em.closed;
    assert.ok(Date.now() - t0 >= 200, 'the request re-armed the idle timer');
  });

  it('binds to 127.0.0.1 only and uses two different ports', async () => {
    const em = await startEmulator();
    try {
      assert.match(em.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(em.filesUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(em.port, em.filesPort);
      assert.equal(em.baseUrl, `${em.url}/v1`);
    } finally {
      await em.close();
      await em.close(); // idempotent
    }
    await assert.rejects(startEmulator({ host: '0.0.0.0' as '127.0.0.1' }));
  });
});

describe('emulator: CLI', function () {
  this.timeout(15_000);
  it('prints the base URL and key, serves, and stops on SIGTERM', async () => {
    const cli = path.join(__dirname, '..', '..', 'emulator', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--key', 'cli-key', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const baseUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (d: string) => {
          out += d;
          const m = /base URL:\s+(\S+)/.exec(out);
          if (m?.[1] && out.includes('cli-key')) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited early (${code}): ${out}`)));
      });
      const res = await fetch(`${baseUrl}/models`, { headers: { authorization: 'Bearer cli-key' } });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('stops by itself with --max-lifetime-ms', async () => {
    const cli = path.join(__dirname, '..', '..', 'emulator', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--max-lifetime-ms', '300', '--quiet'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
  });

  it('refuses bad arguments', async () => {
    const cli = path.join(__dirname, '..', '..', 'emulator', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', 'eighty'], { stdio: 'ignore' });
    assert.equal(await new Promise<number | null>((resolve) => child.once('exit', resolve)), 2);
  });
});
