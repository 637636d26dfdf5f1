// The extension's requests on a company network, in plain Node: a gateway CA that only the
// system's bundle holds (a bundle file made here, read as VS Code reads the system store) is trusted
// with http.systemCertificates on and refused, once, with it off; http.proxyAuthorization reaches
// the proxy as Proxy-Authorization; http.proxySupport off and http.noProxy keep requests off the
// proxy; Check Connection says each of these.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateVideo } from '../../../src/api/client';
import { checkConnection, type CheckStep, type CheckStepName } from '../../../src/api/connectionCheck';
import type { VideoGenError } from '../../../src/api/errors';
import { fetchModelsListing } from '../../../src/api/fetchModels';
import { forgetTrustStore, splitPem, systemStore } from '../../../src/api/trustStore';
import { startEmulator, type Emulator } from '../../emulator/server';
import { startForwardProxy } from '../../support/forwardProxy';
import { startTlsFront, type TlsFront } from '../../support/tlsFront';
import { makeTestCertificates, type TestCertificates } from '../../support/tlsServers';

const KEY = 'corp-test-key-19ab';

function byStep(steps: CheckStep[]): Record<CheckStepName, CheckStep> {
  for (const s of steps) assert.ok(!s.detail.includes(KEY), `no key in ${s.step}`);
  return Object.fromEntries(steps.map((s) => [s.step, s])) as Record<CheckStepName, CheckStep>;
}

describe('corporate networks: system certificates, proxy settings', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let certs: TestCertificates;
  let front: TlsFront;
  let dir: string;
  let bundle: string;

  before(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    certs = makeTestCertificates();
    front = await startTlsFront(certs.good, emulator.port);
    dir = mkdtempSync(join(tmpdir(), 'video-gen-corp-'));
    // The "system store": another CA first, then the gateway's, as a distribution's bundle holds them.
    bundle = join(dir, 'ca-certificates.crt');
    writeFileSync(bundle, `# test bundle\n${certs.selfSigned.cert}\n${certs.ca}\n`);
  });
  after(async () => {
    await front.close();
    await emulator.close();
    certs.dispose();
    rmSync(dir, { recursive: true, force: true });
    forgetTrustStore();
  });

  const request = { model: 'provider-2/kling-v2.1', prompt: 'behind the gateway', quality: '720p', duration: 1, ratio: '1:1' };
  const paths = (): string[] => [join(dir, 'missing.crt'), bundle];

  it('reads the first bundle that exists, as VS Code does on Linux', () => {
    const store = systemStore({ bundlePaths: paths() });
    assert.equal(store.source, bundle);
    assert.equal(store.certificates.length, 2);
    assert.equal(splitPem(certs.ca).length, 1);
    assert.match(systemStore({ bundlePaths: [join(dir, 'none.crt')] }).problem ?? '', /none of .* exists/);
  });

  it('http.systemCertificates on: the generation is saved through the gateway CA from the system bundle', async () => {
    const result = await generateVideo({
      baseUrl: front.baseUrl,
      apiKey: KEY,
      request,
      destinationFor: () => join(dir, 'a.mp4'),
      connection: { caBundlePaths: paths(), ignoreEnvProxy: true },
    });
    assert.equal(result.items.length, 1);
    const s = byStep(await checkConnection({ baseUrl: front.baseUrl, apiKey: KEY, caBundlePaths: paths(), ignoreEnvProxy: true }));
    assert.ok(s.tls.ok, s.tls.detail);
    assert.match(
      s.tls.detail,
      new RegExp(
        `Its chain ends in Video Gen Tests, Video Gen Test CA, found in the system store \\(${bundle.replace(/[.]/g, '\\.')}; http\\.systemCertificates is on\\)\\. Trusted\\.$`,
      ),
    );
    assert.ok(s.models.ok, s.models.detail);
  });

  it('http.systemCertificates off: the certificate message, one connection, nothing reaches the API', async () => {
    const connections = front.connections();
    const handshakes = front.handshakes();
    const requests = emulator.requests().length;
    await assert.rejects(
      generateVideo({
        baseUrl: front.baseUrl,
        apiKey: KEY,
        request,
        destinationFor: () => join(dir, 'b.mp4'),
        connection: { caBundlePaths: paths(), systemCertificates: false, ignoreEnvProxy: true },
        retries: 2,
      }),
      (err: VideoGenError) => {
        assert.equal(err.code, 'tls_error');
        assert.match(
          err.message,
          /^The server's certificate for 127\.0\.0\.1 is not trusted, issued by Video Gen Tests, Video Gen Test CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
        );
        assert.match(err.message, /Nothing was sent to the API/);
        assert.equal(err.mayHaveBeenBilled, false);
        return true;
      },
    );
    assert.equal(front.connections() - connections, 1, 'one attempt, no retry');
    assert.equal(front.handshakes(), handshakes);
    assert.equal(emulator.requests().length, requests, 'nothing reached the API');
    const s = byStep(
      await checkConnection({
        baseUrl: front.baseUrl,
        apiKey: KEY,
        caBundlePaths: paths(),
        systemCertificates: false,
        ignoreEnvProxy: true,
      }),
    );
    assert.ok(!s.tls.ok);
    assert.match(s.tls.detail, /Not trusted: .*UNABLE_TO_VERIFY_LEAF_SIGNATURE.*http\.systemCertificates is off/);
    assert.match(s.models.detail, /\(tls_error\)$|not trusted/);
  });

  it('through a proxy too, a refused certificate names its issuer; one tunnel, nothing reaches the API', async () => {
    const proxy = await startForwardProxy();
    const requests = emulator.requests().length;
    try {
      await assert.rejects(
        fetchModelsListing({
          baseUrl: front.baseUrl,
          apiKey: KEY,
          connection: { proxyUrl: proxy.url, caBundlePaths: paths(), systemCertificates: false, env: {} },
        }),
        (err: VideoGenError) => {
          assert.equal(err.code, 'tls_error');
          assert.match(
            err.message,
            /^The server's certificate for 127\.0\.0\.1 is not trusted, issued by Video Gen Tests, Video Gen Test CA \(/,
          );
          return true;
        },
      );
      assert.deepEqual(proxy.uses, [`CONNECT 127.0.0.1:${front.port}`]);
      assert.equal(emulator.requests().length, requests);
      const ok = await fetchModelsListing({
        baseUrl: front.baseUrl,
        apiKey: KEY,
        connection: { proxyUrl: proxy.url, caBundlePaths: paths(), env: {} },
      });
      assert.ok(Array.isArray((ok as { data?: unknown }).data), 'trusted through the tunnel with the system bundle');
    } finally {
      await proxy.close();
    }
  });

  it('http.proxyAuthorization reaches the proxy as Proxy-Authorization, for the requests and the check', async () => {
    const proxy = await startForwardProxy({ credentials: 'carol:s3cret' });
    const header = `Basic ${Buffer.from('carol:s3cret').toString('base64')}`;
    try {
      const connection = { proxyUrl: proxy.url, proxyAuthorization: header, env: {} };
      await fetchModelsListing({ baseUrl: emulator.baseUrl, apiKey: KEY, connection });
      assert.equal(proxy.uses.length, 1, 'through the proxy, with the header');
      assert.equal(proxy.refused.length, 0);
      const s = byStep(await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, ...connection }));
      assert.ok(s.connect.ok, s.connect.detail);
      assert.match(s.proxy.detail, /sent the Proxy-Authorization header from http\.proxyAuthorization/);
      assert.ok(!JSON.stringify(s).includes(header.split(' ')[1]!), 'the header value is never shown');
      assert.ok(s.models.ok, s.models.detail);
    } finally {
      await proxy.close();
    }
  });

  it('http.proxySupport off and http.noProxy keep every request off the proxy, and the check says why', async () => {
    const proxy = await startForwardProxy();
    try {
      const env = { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url };
      await fetchModelsListing({ baseUrl: emulator.baseUrl, apiKey: KEY, connection: { proxyUrl: proxy.url, proxySupport: 'off', env } });
      await fetchModelsListing({
        baseUrl: emulator.baseUrl,
        apiKey: KEY,
        connection: { proxyUrl: proxy.url, noProxy: ['127.0.0.1'], env },
      });
      assert.equal(proxy.uses.length, 0);
      const off = byStep(await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, proxyUrl: proxy.url, proxySupport: 'off', env }));
      assert.match(off.proxy.detail, /^No proxy: http\.proxySupport is off, so no request goes through a proxy\./);
      const listed = byStep(
        await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, proxyUrl: proxy.url, noProxy: ['127.0.0.1'], env }),
      );
      assert.equal(
        listed.proxy.detail,
        `No proxy: http.noProxy lists 127.0.0.1. The proxy ${proxy.url} is not used for 127.0.0.1. Connecting straight to 127.0.0.1:${emulator.port}.`,
      );
      assert.ok(off.models.ok && listed.models.ok);
      assert.equal(proxy.uses.length, 0, 'the check did not use the proxy either');
      await fetchModelsListing({
        baseUrl: emulator.baseUrl,
        apiKey: KEY,
        connection: { proxyUrl: proxy.url, proxySupport: 'fallback', env },
      });
      assert.equal(proxy.uses.length, 1, 'fallback uses the proxy VS Code resolves');
    } finally {
      await proxy.close();
    }
  });
});
