// Misbehaviour on demand: every error shape, broken bodies and broken connections.
import * as assert from 'node:assert/strict';
import { request } from 'undici';
import type { ScenarioInput } from '../../emulator/scenarios';
import { startEmulator, type Emulator } from '../../emulator/server';
import { generate, genBody, isStrictBase64, KEY, probe, readAll, type ErrorJson, type SuccessJson } from './helpers';

describe('emulator: error scenarios', () => {
  let em: Emulator;
  before(async () => {
    em = await startEmulator();
  });
  after(() => em.close());
  beforeEach(() => em.reset());

  const cases: Array<[ScenarioInput, number, string]> = [
    [{ kind: 'invalid_request_error' }, 400, 'invalid_request_error'],
    [{ kind: 'n_exceeds_model_limit' }, 400, 'n_exceeds_model_limit'],
    [{ kind: 'invalid_api_key' }, 401, 'invalid_api_key'],
    [{ kind: 'permission_denied_error' }, 403, 'permission_denied_error'],
    [{ kind: 'rate_limited' }, 429, 'rate_limit_exceeded'],
    [{ kind: 'provider_error' }, 500, 'provider_error'],
    [{ kind: 'upstream_timeout' }, 408, 'request_timeout'],
    [{ kind: 'error_in_200' }, 200, 'provider_error'],
    [{ kind: 'error', status: 418, type: 'teapot', code: 'short_and_stout', message: 'I am a teapot' }, 418, 'teapot'],
  ];
  for (const [scenario, status, type] of cases) {
    it(`${scenario.kind} answers ${status} with error.type ${type}`, async () => {
      em.enqueue(scenario);
      const res = await generate(em, genBody());
      assert.equal(res.status, status);
      assert.ok(res.headers.get('x-request-id'));
      const body = (await res.json()) as ErrorJson;
      assert.equal(body.error.type, type);
      assert.ok(body.error.message);
      assert.ok('param' in body.error && 'code' in body.error);
    });
  }

  it('custom error fields come through', async () => {
    em.enqueue({ kind: 'provider_error', message: 'GPU on fire', code: 'gpu_fire', param: null });
    const body = (await (await generate(em, genBody())).json()) as ErrorJson;
    assert.deepEqual(body.error, { message: 'GPU on fire', type: 'provider_error', param: null, code: 'gpu_fire' });
  });

  it('429 carries Retry-After (default 2 s, configurable, or an HTTP date)', async () => {
    em.enqueue(
      { kind: 'rate_limited' },
      { kind: 'rate_limited', retryAfter: 7 },
      { kind: 'rate_limited', retryAfter: 30, retryAfterDate: true },
    );
    const a = await generate(em, genBody());
    assert.equal(a.headers.get('retry-after'), '2');
    await a.arrayBuffer();
    const b = await generate(em, genBody());
    assert.equal(b.headers.get('retry-after'), '7');
    await b.arrayBuffer();
    const c = await generate(em, genBody());
    const when = Date.parse(c.headers.get('retry-after') ?? '');
    assert.ok(when > Date.now() + 20_000 && when < Date.now() + 40_000);
    await c.arrayBuffer();
  });

  it('model_retired names the model (requested one by default, 404 or 400)', async () => {
    em.enqueue({ kind: 'model_retired' }, { kind: 'model_retired', status: 400, model: 'provider-2/veo' });
    const a = await generate(em, genBody({ model: 'provider-2/sora-2', duration: 2 }));
    assert.equal(a.status, 404);
    const ea = (await a.json()) as ErrorJson;
    assert.equal(ea.error.message, 'The model `provider-2/sora-2` has been retired and is no longer available.');
    assert.equal(ea.error.type, 'invalid_request_error');
    assert.equal(ea.error.code, 'model_not_found');
    const b = await generate(em, genBody());
    assert.equal(b.status, 400);
    assert.match(((await b.json()) as ErrorJson).error.message, /provider-2\/veo/);
  });

  for (const status of [502, 503, 504] as const) {
    it(`proxy_html answers ${status} with an nginx HTML page`, async () => {
      em.enqueue({ kind: 'proxy_html', status });
      const res = await generate(em, genBody());
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      const html = await res.text();
      assert.match(html, new RegExp(`<h1>${status} `));
      assert.match(html, /nginx/);
    });
  }

  it('plain_text_error answers text/plain', async () => {
    em.enqueue({ kind: 'plain_text_error', status: 503, text: 'upstream connect error or disconnect/reset before headers' });
    const res = await generate(em, genBody());
    assert.equal(res.status, 503);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await res.text(), 'upstream connect error or disconnect/reset before headers');
  });

  it('json_message_error and json_detail_error use the other JSON shapes', async () => {
    em.enqueue(
      { kind: 'json_message_error', status: 500, message: 'boom' },
      { kind: 'json_detail_error', status: 422, detail: [{ loc: ['body', 'duration'], msg: 'bad' }] },
    );
    const a = await generate(em, genBody());
    assert.equal(a.status, 500);
    assert.deepEqual(await a.json(), { message: 'boom' });
    const b = await generate(em, genBody());
    assert.equal(b.status, 422);
    assert.deepEqual(await b.json(), { detail: [{ loc: ['body', 'duration'], msg: 'bad' }] });
  });

  it('wrapped_error answers in the detail wrapper, or in the documented shape', async () => {
    em.enqueue(
      { kind: 'wrapped_error', status: 403, type: 'permission_denied', code: 'provider_plan_restricted' },
      { kind: 'wrapped_error', wrapper: 'none', code: 'provider_prefix_missing_or_model_not_found', message: 'no such model' },
    );
    const a = await generate(em, genBody());
    assert.equal(a.status, 403);
    const wrapped = (await a.json()) as { detail: ErrorJson };
    assert.deepEqual(Object.keys(wrapped), ['detail']);
    assert.equal(wrapped.detail.error.type, 'permission_denied');
    assert.equal(wrapped.detail.error.code, 'provider_plan_restricted');
    assert.match(wrapped.detail.error.message, /plan/);
    assert.equal(wrapped.detail.error.param, null);
    const b = await generate(em, genBody());
    assert.equal(b.status, 400);
    assert.deepEqual(await b.json(), {
      error: { type: 'invalid_request_error', code: 'provider_prefix_missing_or_model_not_found', message: 'no such model', param: null },
    });
  });

  it('error_in_200 answers 200 with an error body', async () => {
    em.enqueue({ kind: 'error_in_200', message: 'Video generation failed' });
    const res = await generate(em, genBody());
    assert.equal(res.status, 200);
    const body = (await res.json()) as ErrorJson & { data?: unknown };
    assert.equal(body.error.message, 'Video generation failed');
    assert.equal(body.data, undefined);
  });

  it('error scenarios can wait before answering', async () => {
    em.enqueue({ kind: 'provider_error', delayMs: 300 });
    const t0 = Date.now();
    const res = await generate(em, genBody());
    assert.ok(Date.now() - t0 >= 280);
    assert.equal(res.status, 500);
    await res.arrayBuffer();
  });
});

describe('emulator: broken bodies and connections', function () {
  this.timeout(30_000);
  let em: Emulator;
  before(async () => {
    em = await startEmulator();
  });
  after(() => em.close());
  beforeEach(() => em.reset());

  it('stall_body sends headers and part of the body, then nothing until the client gives up', async () => {
    em.enqueue({ kind: 'stall_body', fraction: 0.3 });
    const res = await generate(em, genBody(), { signal: AbortSignal.timeout(1500) });
    assert.equal(res.status, 200);
    const declared = Number(res.headers.get('content-length'));
    assert.ok(declared > 0);
    const t0 = Date.now();
    let received = 0;
    await assert.rejects(
      async () => {
        for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) received += c.length;
      },
      (err: Error) => err.name === 'TimeoutError' || err.name === 'AbortError',
    );
    assert.ok(Date.now() - t0 >= 500, 'the body hung instead of ending');
    assert.ok(received > 0 && received < declared, `received ${received} of ${declared}`);
    // The server notices the client leaving.
    await waitFor(() => em.requests()[0]?.outcome === 'stalled');
  });

  it('stall_body with holdMs drops the socket after holding it', async () => {
    em.enqueue({ kind: 'stall_body', afterBytes: 100, holdMs: 300 });
    const res = await generate(em, genBody());
    const { bytes, error } = await readAll(res);
    assert.equal(bytes, undefined);
    assert.ok(error);
  });

  it('drop_mid_body sends part of the body then destroys the socket (client sees an error)', async () => {
    em.enqueue({ kind: 'drop_mid_body', afterBytes: 50_000 });
    const res = await generate(em, genBody());
    assert.equal(res.status, 200);
    const { bytes, error } = await readAll(res);
    assert.equal(bytes, undefined);
    assert.ok(error instanceof Error);
    await waitFor(() => em.requests()[0]?.outcome === 'dropped');
    assert.equal(em.requests()[0]?.bytesSent, 50_000);
  });

  it('drop_mid_body also breaks a chunked body', async () => {
    em.enqueue({ kind: 'drop_mid_body', fraction: 0.5, transfer: 'chunked' });
    const res = await generate(em, genBody());
    assert.equal(res.headers.get('content-length'), null);
    assert.ok((await readAll(res)).error);
  });

  it('drop_before_headers reads the request then hangs up without answering', async () => {
    em.enqueue({ kind: 'drop_before_headers' });
    await assert.rejects(generate(em, genBody()), TypeError);
    const [entry] = em.requests();
    assert.equal(entry?.outcome, 'dropped_before_headers');
    assert.equal((entry?.body as { prompt?: string }).prompt, 'a red fox in snow', 'the request was read first');
  });

  it('truncated_json ends the body cleanly but mid-string', async () => {
    em.enqueue({ kind: 'truncated_json' });
    const res = await request(`${em.baseUrl}/video/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(genBody()),
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    const text = await res.body.text(); // completes: the chunked stream was terminated properly
    assert.ok(text.startsWith('{"created":'));
    assert.ok(text.includes('"b64_json":"'));
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  it('invalid_base64 puts characters outside the alphabet in the middle of b64_json', async () => {
    em.enqueue({ kind: 'invalid_base64' });
    const json = (await (await generate(em, genBody())).json()) as SuccessJson;
    const b64 = json.data[0]?.b64_json ?? '';
    assert.ok(!isStrictBase64(b64));
    const at = b64.indexOf('!!!');
    assert.ok(at > b64.length * 0.3 && at < b64.length * 0.7, `garbage at ${at} of ${b64.length}`);
    assert.ok(isStrictBase64(b64.replace('!!!', '')), 'only the garbage is wrong');
  });

  it('empty_data answers data: []', async () => {
    em.enqueue({ kind: 'empty_data' });
    const res = await generate(em, genBody());
    assert.equal(res.status, 200);
    const json = (await res.json()) as SuccessJson;
    assert.deepEqual(json.data, []);
    assert.equal(typeof json.created, 'number');
  });

  it('a client giving up during the generation delay is logged as aborted', async () => {
    em.enqueue({ kind: 'success', delayMs: 5_000 });
    await assert.rejects(generate(em, genBody(), { signal: AbortSignal.timeout(200) }));
    await waitFor(() => em.requests()[0]?.outcome === 'aborted');
  });

  it('close() ends a stalled response so nothing hangs', async () => {
    const own = await startEmulator();
    own.enqueue({ kind: 'stall_body', afterBytes: 10 });
    const res = await generate(own, genBody());
    const reading = readAll(res);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await own.close();
    assert.ok((await reading).error);
    assert.ok(Date.now() - t0 < 2000);
  });
});

describe('emulator: URL answers on another origin', () => {
  let em: Emulator;
  before(async () => {
    em = await startEmulator();
  });
  after(() => em.close());
  beforeEach(() => em.reset());

  it('answers b64_json null and a URL on the files origin that serves the MP4', async () => {
    em.enqueue({ kind: 'url_answer' });
    const json = (await (await generate(em, genBody({ duration: 2 }))).json()) as SuccessJson;
    const item = json.data[0];
    assert.equal(item?.b64_json, null);
    assert.ok(item?.url);
    const url = new URL(item.url);
    assert.equal(url.origin, em.filesUrl);
    assert.notEqual(url.origin, em.url);
    assert.match(url.pathname, /^\/files\/[0-9a-f]+\.mp4$/);

    const dl = await fetch(item.url);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('content-type'), 'video/mp4');
    const bytes = Buffer.from(await dl.arrayBuffer());
    assert.equal(Number(dl.headers.get('content-length')), bytes.length);
    const p = await probe(bytes);
    assert.equal(p.video?.codec, 'h264');
    assert.ok(Math.abs(p.duration - 2) <= 0.1);

    const log = em.requests();
    const download = log.find((r) => r.listener === 'files');
    assert.ok(download);
    assert.equal(download.authorization, 'missing');
    assert.equal(download.headers.authorization, undefined);
    assert.equal(download.status, 200);
  });

  it('logs when a client sends the API key to the download origin (redacted)', async () => {
    em.enqueue({ kind: 'url_answer' });
    const json = (await (await generate(em, genBody())).json()) as SuccessJson;
    const res = await fetch(json.data[0]?.url ?? '', { headers: { authorization: `Bearer ${KEY}` } });
    await res.arrayBuffer();
    const download = em.requests().find((r) => r.listener === 'files');
    assert.equal(download?.authorization, 'valid');
    assert.equal(download?.headers.authorization, '[redacted: valid]');
    assert.ok(!JSON.stringify(em.requests()).includes(KEY));
  });

  it('supports byte ranges, HEAD, 404 for unknown files and 403 after expiry', async () => {
    em.enqueue({ kind: 'url_answer', expiresMs: 300 });
    const json = (await (await generate(em, genBody())).json()) as SuccessJson;
    const url = json.data[0]?.url ?? '';
    const head = await fetch(url, { method: 'HEAD' });
    const size = Number(head.headers.get('content-length'));
    assert.ok(size > 1000);
    const part = await fetch(url, { headers: { range: 'bytes=4-11' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 4-11/${size}`);
    assert.equal(Buffer.from(await part.arrayBuffer()).toString('latin1'), 'ftypisom');
    const unknown = await fetch(`${em.filesUrl}/files/deadbeef.mp4`);
    assert.equal(unknown.status, 404);
    await unknown.arrayBuffer();
    await new Promise((r) => setTimeout(r, 350));
    const expired = await fetch(url);
    assert.equal(expired.status, 403);
    await expired.arrayBuffer();
  });

  it('several URL items are distinct downloads', async () => {
    em.enqueue({ kind: 'url_answer', items: 2 });
    const json = (await (await generate(em, genBody())).json()) as SuccessJson;
    assert.equal(json.data.length, 2);
    const [a, b] = await Promise.all(json.data.map(async (d) => Buffer.from(await (await fetch(d.url ?? '')).arrayBuffer())));
    assert.ok(a && b && !a.equals(b));
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
