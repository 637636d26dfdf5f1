// The client goes through the user's proxy: an explicit one (VS Code's http.proxy) or the
// environment's HTTP_PROXY / HTTPS_PROXY, and honours NO_PROXY.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateVideo } from '../../../src/api/client';
import type { VideoGenError } from '../../../src/api/errors';
import { fetchModelsListing } from '../../../src/api/fetchModels';
import { noProxyMatch, proxyFor, type ConnectionOptions } from '../../../src/api/http';
import { startEmulator, type Emulator } from '../../emulator/server';
import { startForwardProxy as startProxy } from '../../support/forwardProxy';

const KEY = 'proxy-test-key-81c2';

describe('generateVideo through a proxy', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let dir: string;
  const saved = {
    HTTP_PROXY: process.env.HTTP_PROXY,
    NO_PROXY: process.env.NO_PROXY,
    http_proxy: process.env.http_proxy,
    no_proxy: process.env.no_proxy,
  };

  before(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
  });
  after(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'video-gen-proxy-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const request = { model: 'provider-2/kling-v2.1', prompt: 'through a proxy', quality: '720p', duration: 1, ratio: '1:1' };

  it('uses an explicit proxy URL', async () => {
    const proxy = await startProxy();
    try {
      const result = await generateVideo({
        baseUrl: emulator.baseUrl,
        apiKey: KEY,
        request,
        destinationFor: () => join(dir, 'a.mp4'),
        connection: { proxyUrl: proxy.url },
      });
      assert.equal(result.items.length, 1);
      assert.ok(proxy.uses.length >= 1, 'the request went through the proxy');
      assert.ok(proxy.uses.every((u) => u.includes(`127.0.0.1:${emulator.port}`)));
    } finally {
      await proxy.close();
    }
  });

  it('says what a proxy that refuses the tunnel wants, and that nothing reached the API', async () => {
    const before = emulator.requests().length;
    for (const [status, expected] of [
      [407, /proxy asks for a user name and password \(HTTP 407\)/],
      [403, /proxy refused to connect to the API \(HTTP 403\)/],
    ] as const) {
      const refusing = createServer((_req, res) => res.writeHead(status).end());
      refusing.on('connect', (_req, socket: Socket) => socket.end(`HTTP/1.1 ${status} No\r\nContent-Length: 0\r\n\r\n`));
      await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
      try {
        const port = (refusing.address() as { port: number }).port;
        await assert.rejects(
          generateVideo({
            baseUrl: emulator.baseUrl,
            apiKey: KEY,
            request,
            destinationFor: () => join(dir, 'b.mp4'),
            connection: { proxyUrl: `http://127.0.0.1:${port}` },
            retries: 0,
          }),
          (err: VideoGenError) => {
            assert.equal(err.code, 'network_error');
            assert.match(err.message, expected);
            assert.equal(err.mayHaveBeenBilled, false);
            return true;
          },
        );
      } finally {
        refusing.close();
      }
    }
    assert.equal(emulator.requests().length, before, 'nothing reached the API');
  });

  it('does not retry a proxy that refuses the credentials (407): one attempt, nothing reached the API', async () => {
    const proxy = await startProxy({ credentials: 'alice:right' });
    const before = emulator.requests().length;
    try {
      for (const proxyUrl of [proxy.url, proxy.url.replace('http://', 'http://alice:wrong@')]) {
        const refusedBefore = proxy.refused.length;
        await assert.rejects(
          generateVideo({
            baseUrl: emulator.baseUrl,
            apiKey: KEY,
            request,
            destinationFor: () => join(dir, 'c.mp4'),
            connection: { proxyUrl },
            retries: 2,
          }),
          (err: VideoGenError) => {
            assert.equal(err.code, 'network_error');
            assert.match(err.message, /HTTP 407/);
            assert.equal(err.mayHaveBeenBilled, false);
            return true;
          },
        );
        assert.equal(proxy.refused.length - refusedBefore, 1, `one attempt through ${proxyUrl.includes('@') ? 'wrong' : 'no'} credentials`);
      }
      assert.equal(proxy.uses.length, 0);
      assert.equal(emulator.requests().length, before, 'nothing reached the API');

      const result = await generateVideo({
        baseUrl: emulator.baseUrl,
        apiKey: KEY,
        request,
        destinationFor: () => join(dir, 'd.mp4'),
        connection: { proxyUrl: proxy.url.replace('http://', 'http://alice:right@') },
      });
      assert.equal(result.items.length, 1, 'the right credentials go through');
    } finally {
      await proxy.close();
    }
  });

  it('uses HTTP_PROXY from the environment, and NO_PROXY bypasses it', async () => {
    const proxy = await startProxy();
    try {
      delete process.env.no_proxy;
      delete process.env.NO_PROXY;
      process.env.HTTP_PROXY = proxy.url;
      process.env.http_proxy = proxy.url;
      await fetchModelsListing({ baseUrl: emulator.baseUrl, apiKey: KEY });
      assert.equal(proxy.uses.length, 1, 'the environment proxy was used');

      process.env.NO_PROXY = '127.0.0.1';
      process.env.no_proxy = '127.0.0.1';
      await fetchModelsListing({ baseUrl: emulator.baseUrl, apiKey: KEY });
      assert.equal(proxy.uses.length, 1, 'NO_PROXY bypassed the proxy');
    } finally {
      await proxy.close();
    }
  });
});

describe('proxyFor: which proxy a URL goes through (as VS Code resolves it for extensions)', () => {
  const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'http://plain:3128' };
  const pick = (url: string, e: Record<string, string | undefined>, options: Omit<ConnectionOptions, 'env'> = {}): string | undefined =>
    proxyFor(new URL(url), { ...options, env: e }).url;

  it('the http.proxy setting first, then https_proxy, HTTPS_PROXY, http_proxy, HTTP_PROXY (whatever the scheme)', () => {
    assert.equal(pick('https://api.example.com/v1', env, { proxyUrl: 'http://set:8080' }), 'http://set:8080');
    assert.equal(pick('http://api.example.com/v1', env, { proxyUrl: 'http://set:8080' }), 'http://set:8080');
    assert.equal(pick('https://api.example.com/v1', env), 'http://secure:3128');
    assert.equal(pick('http://api.example.com/v1', env), 'http://secure:3128');
    assert.equal(pick('https://api.example.com/v1', { HTTP_PROXY: 'http://plain:3128' }), 'http://plain:3128');
    assert.equal(pick('https://api.example.com/v1', { ...env, https_proxy: 'http://lower:1' }), 'http://lower:1');
    assert.equal(pick('https://api.example.com/v1', {}), undefined);
    assert.equal(proxyFor(new URL('https://api.example.com'), { env: {} }).reason, 'none');
    assert.equal(proxyFor(new URL('https://api.example.com'), { env, proxyUrl: 'http://set:8080' }).reason, 'setting');
    assert.equal(proxyFor(new URL('https://api.example.com'), { env }).reason, 'env');
  });

  it('NO_PROXY: *, a host and every host under it, .suffix, *.suffix, with an optional port; it bypasses http.proxy too', () => {
    for (const [noProxy, url, bypass] of [
      ['*', 'https://api.example.com/v1', true],
      ['api.example.com', 'https://api.example.com/v1', true],
      ['API.Example.com', 'https://api.example.com/v1', true],
      ['example.com', 'https://api.example.com/v1', true],
      ['ample.com', 'https://api.example.com/v1', false],
      ['.example.com', 'https://api.example.com/v1', true],
      ['*.example.com', 'https://api.example.com/v1', true],
      ['api.example.com:443', 'https://api.example.com/v1', true],
      ['api.example.com:8443', 'https://api.example.com/v1', false],
      ['other.org, 127.0.0.1', 'http://127.0.0.1:8787/v1', true],
      ['other.org,127.0.0.1:8787', 'http://127.0.0.1:8787/v1', true],
      ['127.0.0.1:9999', 'http://127.0.0.1:8787/v1', false],
      ['', 'https://api.example.com/v1', false],
    ] as const) {
      for (const proxyUrl of [undefined, 'http://set:8080']) {
        const choice = proxyFor(new URL(url), { env: { ...env, NO_PROXY: noProxy }, proxyUrl });
        assert.equal(choice.url === undefined, bypass, `${noProxy} for ${url} (http.proxy ${proxyUrl})`);
        if (bypass) {
          assert.match(choice.source, /^NO_PROXY lists /);
          assert.equal(choice.reason, 'noProxyEnv');
        }
      }
    }
  });

  it('http.noProxy bypasses http.proxy and the environment; when it lists anything, NO_PROXY is not read', () => {
    const choice = proxyFor(new URL('https://api.example.com/v1'), { env, proxyUrl: 'http://set:8080', noProxy: ['example.com'] });
    assert.equal(choice.url, undefined);
    assert.equal(choice.reason, 'noProxySetting');
    assert.equal(choice.source, 'http.noProxy lists example.com');
    assert.equal(pick('https://api.example.com/v1', env, { noProxy: ['example.com:8443'] }), 'http://secure:3128');
    // VS Code reads NO_PROXY only while http.noProxy is empty.
    assert.equal(pick('https://api.example.com/v1', { ...env, NO_PROXY: '*' }, { noProxy: ['other.org'] }), 'http://secure:3128');
    assert.equal(pick('https://api.example.com/v1', { ...env, NO_PROXY: '*' }, { noProxy: [] }), undefined);
    assert.equal(pick('https://api.example.com/v1', env, { noProxy: ['*'] }), undefined);
  });

  it('http.proxySupport: off sends nothing through a proxy; on, override and fallback resolve alike', () => {
    const off = proxyFor(new URL('https://api.example.com/v1'), { env, proxyUrl: 'http://set:8080', proxySupport: 'off' });
    assert.equal(off.url, undefined);
    assert.equal(off.reason, 'proxySupportOff');
    for (const proxySupport of ['on', 'override', 'fallback'] as const) {
      assert.equal(pick('https://api.example.com/v1', env, { proxySupport, proxyUrl: 'http://set:8080' }), 'http://set:8080');
      assert.equal(pick('https://api.example.com/v1', env, { proxySupport }), 'http://secure:3128');
      assert.equal(pick('https://api.example.com/v1', {}, { proxySupport }), undefined);
    }
  });

  it('ignoreEnvProxy ignores the environment', () => {
    assert.equal(proxyFor(new URL('https://api.example.com'), { env, ignoreEnvProxy: true }).url, undefined);
  });
});

describe('noProxyMatch', () => {
  it('names the entry that matched, and none for an empty list', () => {
    assert.equal(noProxyMatch([' foo.org ', 'example.com'], 'api.example.com', 443), 'example.com');
    assert.equal(noProxyMatch([], 'api.example.com', 443), undefined);
    assert.equal(noProxyMatch(['[::1]:8080'], '::1', 8080), '[::1]:8080');
    assert.equal(noProxyMatch(['[::1]:8080'], '::1', 80), undefined);
  });
});
