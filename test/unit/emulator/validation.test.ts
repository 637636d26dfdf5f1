// Request validation and the documented errors the emulator produces on its own.
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/server';
import { generate, genBody, KEY, type ErrorJson } from './helpers';

describe('emulator: request validation', () => {
  let em: Emulator;

  before(async () => {
    em = await startEmulator({
      apiKeys: [KEY, 'free-key', 'pro-key'],
      keyPlans: { 'free-key': 'free', 'pro-key': 'pro' },
      // Pro without the premium models, so 403 can come from a paid plan too.
      planModels: { pro: ['provider-2/seedance-lite', 'provider-2/kling-v2.1', 'provider-2/sora-2', 'provider-2/veo-fast'] },
      retiredModels: ['provider-2/sora-2-pro'],
      maxBodyBytes: 64 * 1024,
    });
  });
  after(() => em.close());
  beforeEach(() => em.reset());

  async function expectError(res: Response, status: number, type: string, param?: string | null): Promise<ErrorJson> {
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.match(res.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{24}$/);
    const body = (await res.json()) as ErrorJson;
    assert.equal(body.error.type, type);
    assert.equal(typeof body.error.message, 'string');
    assert.ok(body.error.message.length > 0);
    assert.ok('param' in body.error && 'code' in body.error, 'param and code are always present');
    if (param !== undefined) assert.equal(body.error.param, param);
    return body;
  }

  it('401 invalid_api_key when the key is missing', async () => {
    await expectError(await generate(em, genBody(), { key: null }), 401, 'invalid_api_key');
  });

  it('401 invalid_api_key when the key is wrong or the scheme is not Bearer', async () => {
    await expectError(await generate(em, genBody(), { key: 'nope' }), 401, 'invalid_api_key');
    await expectError(await generate(em, genBody(), { key: null, headers: { authorization: `Basic ${KEY}` } }), 401, 'invalid_api_key');
  });

  it('accepts the Bearer scheme in any case', async () => {
    const res = await generate(em, genBody(), { key: null, headers: { authorization: `bearer ${KEY}` } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  });

  it('400 invalid_request_error on a body that is not JSON', async () => {
    await expectError(await generate(em, null, { rawBody: '{"model": ' }), 400, 'invalid_request_error');
    await expectError(await generate(em, null, { rawBody: '[1,2]' }), 400, 'invalid_request_error');
  });

  for (const field of ['model', 'prompt', 'quality', 'duration'] as const) {
    it(`400 invalid_request_error when ${field} is missing`, async () => {
      const body = genBody();
      delete body[field];
      await expectError(await generate(em, body), 400, 'invalid_request_error', field);
    });
  }

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['duration is a fraction', { duration: 2.5 }, 'duration'],
    ['duration is a string', { duration: '3' }, 'duration'],
    ['duration is 0', { duration: 0 }, 'duration'],
    ['duration is 9', { duration: 9, model: 'provider-2/veo-fast' }, 'duration'],
    ['quality is unknown', { quality: '4k' }, 'quality'],
    ['quality has the wrong case', { quality: '720P' }, 'quality'],
    ['ratio is unknown', { ratio: '21:9' }, 'ratio'],
    ['prompt is empty', { prompt: '   ' }, 'prompt'],
    ['model is not a string', { model: 42 }, 'model'],
  ];
  for (const [name, over, param] of invalid) {
    it(`400 invalid_request_error when ${name}`, async () => {
      await expectError(await generate(em, genBody(over)), 400, 'invalid_request_error', param);
    });
  }

  it('400 n_exceeds_model_limit when the duration is above the model maximum', async () => {
    const body = await expectError(
      await generate(em, genBody({ model: 'provider-2/sora-2', duration: 5 })),
      400,
      'n_exceeds_model_limit',
      'duration',
    );
    assert.match(body.error.message, /4s/);
  });

  it('400 n_exceeds_model_limit when the model lacks the quality', async () => {
    await expectError(
      await generate(em, genBody({ model: 'provider-2/seedance-lite', quality: '720p' })),
      400,
      'n_exceeds_model_limit',
      'quality',
    );
    await expectError(
      await generate(em, genBody({ model: 'provider-2/kling-v2.1', quality: '480p' })),
      400,
      'n_exceeds_model_limit',
      'quality',
    );
  });

  it('accepts every documented model at its maximum duration and 1080p', async () => {
    // Only the validation matters here, so answer each with empty data rather than encoding clips.
    const models: Array<[string, number]> = [
      ['provider-2/seedance-lite', 5],
      ['provider-2/kling-v2.1', 5],
      ['provider-2/sora-2', 4],
      ['provider-2/veo-fast', 8],
      ['provider-2/seedance-pro', 5],
      ['provider-2/veo', 8],
    ];
    for (const [model, duration] of models) {
      em.enqueue({ kind: 'empty_data' });
      const res = await generate(em, genBody({ model, duration, quality: '1080p' }));
      assert.equal(res.status, 200, model);
      assert.deepEqual(((await res.json()) as { data: unknown[] }).data, []);
    }
  });

  it('403 permission_denied_error when the plan lacks the model', async () => {
    await expectError(await generate(em, genBody(), { key: 'free-key' }), 403, 'permission_denied_error');
    await expectError(
      await generate(em, genBody({ model: 'provider-2/veo', quality: '1080p' }), { key: 'pro-key' }),
      403,
      'permission_denied_error',
    );
  });

  it('404 model_not_found for an unknown model', async () => {
    const body = await expectError(await generate(em, genBody({ model: 'provider-2/nope' })), 404, 'invalid_request_error', 'model');
    assert.equal(body.error.code, 'model_not_found');
  });

  it('404 naming a retired model', async () => {
    const body = await expectError(await generate(em, genBody({ model: 'provider-2/sora-2-pro' })), 404, 'invalid_request_error', 'model');
    assert.equal(body.error.code, 'model_not_found');
    assert.match(body.error.message, /`provider-2\/sora-2-pro` has been retired/);
  });

  it('413 when the body is larger than the limit', async () => {
    const res = await generate(em, genBody({ prompt: 'x'.repeat(100 * 1024) }));
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as ErrorJson).error.code, 'request_too_large');
  });

  it('405 for the wrong method, 404 JSON for an unknown path, both with x-request-id', async () => {
    const get = await fetch(`${em.baseUrl}/video/generations`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.ok(get.headers.get('x-request-id'));
    await get.arrayBuffer();
    const missing = await fetch(`${em.url}/v2/whatever`);
    assert.equal(missing.status, 404);
    assert.ok(missing.headers.get('x-request-id'));
    assert.equal(((await missing.json()) as ErrorJson).error.type, 'invalid_request_error');
  });

  it('gives each response its own x-request-id, matching the log', async () => {
    const a = await generate(em, genBody(), { key: null });
    const b = await generate(em, genBody(), { key: null });
    await a.arrayBuffer();
    await b.arrayBuffer();
    const ids = [a.headers.get('x-request-id'), b.headers.get('x-request-id')];
    assert.notEqual(ids[0], ids[1]);
    assert.deepEqual(
      em.requests().map((r) => r.id),
      ids,
    );
  });

  it('runs validation before success-like scenarios but lets error scenarios answer regardless', async () => {
    em.enqueue({ kind: 'slow_headers', delayMs: 10 });
    await expectError(await generate(em, genBody({ duration: 0 })), 400, 'invalid_request_error');
    em.enqueue({ kind: 'rate_limited' });
    const res = await generate(em, genBody({ duration: 0 }), { key: null });
    assert.equal(res.status, 429);
    await res.arrayBuffer();
    assert.equal(em.queued(), 0, 'each request consumed one entry');
  });
});
