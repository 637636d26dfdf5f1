// The model list, and the one request helper behind it (which a usage call uses the same way):
// the URL with its query, the bearer key, decoded bodies, and error answers read like a generation's.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import { gzipSync } from 'node:zlib';
import { getJson, type ApiCallOptions } from '../../../src/api/apiRequest';
import type { VideoGenError } from '../../../src/api/errors';
import { fetchModelsListing } from '../../../src/api/fetchModels';
import { startEmulator, type Emulator } from '../../emulator/server';

const KEY = 'models-key-3f9a1c';

describe('fetchModelsListing and getJson', function () {
  this.timeout(30_000);
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
  });
  after(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const call = (overrides: Partial<ApiCallOptions> = {}): ApiCallOptions => ({
    baseUrl: emulator.baseUrl,
    apiKey: KEY,
    connection: { ignoreEnvProxy: true },
    ...overrides,
  });

  /** Serves every request with `handler` on a one-off server, and runs `use` against it. */
  async function against<T>(handler: RequestListener, use: (baseUrl: string) => Promise<T>): Promise<T> {
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      return await use(`http://127.0.0.1:${(server.address() as { port: number }).port}/v1`);
    } finally {
      server.close();
    }
  }

  it('asks for types and pricing with the key, and returns the parsed list', async () => {
    const json = (await fetchModelsListing({ ...call({ userAgent: 'video-gen-test/1' }), pricing: true })) as {
      data: Array<{ id: string; type?: string; pricing?: unknown }>;
    };
    const veo = json.data.find((m) => m.id === 'provider-2/veo');
    assert.equal(veo?.type, 'video/generation');
    assert.ok(veo?.pricing, 'pricing came');
    const [sent] = emulator.requests();
    assert.equal(sent?.path, '/v1/models?type=true&pricing=true');
    assert.equal(sent?.authorization, 'valid');
    assert.equal(sent?.headers['user-agent'], 'video-gen-test/1');
  });

  it('asks for features too when told, and the emulator lists audio for models with sound', async () => {
    const json = (await fetchModelsListing({ ...call(), pricing: true, features: true })) as {
      data: Array<{ id: string; features?: string[] }>;
    };
    assert.equal(emulator.requests()[0]?.path, '/v1/models?type=true&pricing=true&features=true');
    assert.ok(json.data.find((m) => m.id === 'provider-2/veo')?.features?.includes('audio'));
  });

  it("reads an error answer like a generation's: the code, and the server's own words", async () => {
    emulator.enqueue({
      kind: 'wrapped_error',
      endpoint: 'models',
      status: 403,
      type: 'permission_denied',
      code: 'provider_plan_restricted',
      message: 'Listing needs a paid plan.',
    });
    await assert.rejects(fetchModelsListing(call()), (err: VideoGenError) => {
      assert.equal(err.code, 'permission_denied_error');
      assert.match(err.message, /The server said: "Listing needs a paid plan\."/);
      return true;
    });
    await assert.rejects(
      fetchModelsListing(call({ apiKey: 'wrong-key-123' })),
      (err: VideoGenError) => err.code === 'invalid_api_key' && !err.message.includes('wrong-key-123'),
    );
  });

  it('decodes a compressed list, and refuses one that is not JSON', async () => {
    const list = { object: 'list', data: [{ id: 'provider-2/veo' }] };
    const gzipped: RequestListener = (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(JSON.stringify(list)));
    assert.deepEqual(await against(gzipped, (baseUrl) => fetchModelsListing(call({ baseUrl }))), list);
    const html: RequestListener = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('not json');
    await assert.rejects(
      against(html, (baseUrl) => fetchModelsListing(call({ baseUrl }))),
      (err: VideoGenError) => err.code === 'bad_response' && /The model list is not JSON/.test(err.message),
    );
  });

  it('serves another GET the same way: the query, the key, the typed error of a missing endpoint', async () => {
    const seen: Array<{ url?: string; headers: IncomingHttpHeaders }> = [];
    const usage: RequestListener = (req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      if (req.url?.startsWith('/v1/usage'))
        res
          .writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-1' })
          .end('{"account_information":{"current_plan":"pro"}}');
      else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"Not found","type":"not_found"}}');
    };
    const limits = { defaultTimeoutMs: 5000, maxBytes: 1024, what: 'The usage' };
    await against(usage, async (baseUrl) => {
      const json = await getJson(
        call({ baseUrl }),
        'usage',
        { section: 'account_information,billing_information', unused: undefined },
        limits,
      );
      assert.deepEqual(json, { account_information: { current_plan: 'pro' } });
      assert.equal(seen[0]?.url, '/v1/usage?section=account_information%2Cbilling_information');
      assert.equal(seen[0]?.headers.authorization, `Bearer ${KEY}`);
      await assert.rejects(
        getJson(call({ baseUrl: `${baseUrl}/elsewhere` }), 'usage', {}, limits),
        (err: VideoGenError) => err.status === 404 && /Not found/.test(err.message),
      );
    });
  });
});
