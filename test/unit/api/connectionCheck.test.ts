// Check Connection's steps against the emulator over http, a TLS server with a self-signed
// certificate, and the forward proxy (with and without the credentials it demands).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConnection, formatReport, type CheckStep, type CheckStepName } from '../../../src/api/connectionCheck';
import { startEmulator, type Emulator } from '../../emulator/server';
import { startForwardProxy } from '../../support/forwardProxy';
import { makeTestCertificates, startTlsServer, type TestCertificates } from '../../support/tlsServers';

const KEY = 'check-test-key-77d0';

function byStep(steps: CheckStep[]): Record<CheckStepName, CheckStep> {
  assert.deepEqual(
    steps.map((s) => s.step),
    ['proxy', 'dns', 'connect', 'tls', 'models'],
  );
  for (const s of steps) {
    assert.ok(!s.detail.includes(KEY), `no key in ${s.step}`);
    assert.ok(s.ms >= 0);
  }
  return Object.fromEntries(steps.map((s) => [s.step, s])) as Record<CheckStepName, CheckStep>;
}

describe('checkConnection', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let certs: TestCertificates;

  before(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    certs = makeTestCertificates();
  });
  after(async () => {
    await emulator.close();
    certs.dispose();
  });

  it('the emulator over http, no proxy: every step, the model count, no TLS', async () => {
    const s = byStep(await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, env: {} }));
    assert.ok(s.proxy.ok);
    assert.match(s.proxy.detail, /^No proxy: no proxy is set .*Connecting straight to 127\.0\.0\.1:\d+\.$/);
    assert.match(s.dns.detail, /127\.0\.0\.1 is an address/);
    assert.ok(s.connect.ok);
    assert.match(s.connect.detail, /^Connected to 127\.0\.0\.1:\d+/);
    assert.ok(s.tls.ok && s.tls.skipped);
    assert.match(s.tls.detail, /no TLS/);
    assert.ok(s.models.ok, s.models.detail);
    assert.match(s.models.detail, /HTTP 200 with \d+ models \([1-9]\d* video models\)/);
    const report = formatReport(emulator.baseUrl, await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, env: {} }));
    assert.match(report, /^Check Connection to http:\/\/127\.0\.0\.1:\d+\/v1 at /);
    assert.match(report, /\n {2}models {2}ok +\d+ ms {2}GET \/models answered HTTP 200/);
    assert.ok(!report.includes(KEY));
  });

  it('no key: says so and still runs the other steps', async () => {
    const s = byStep(await checkConnection({ baseUrl: emulator.baseUrl, env: {} }));
    assert.ok(s.connect.ok);
    assert.ok(s.models.skipped && !s.models.ok);
    assert.match(s.models.detail, /No API key is set/);
  });

  it('a refused key: the status and the message, without the key', async () => {
    const s = byStep(await checkConnection({ baseUrl: emulator.baseUrl, apiKey: 'wrong-key-1234', env: {} }));
    assert.ok(!s.models.ok);
    assert.match(s.models.detail, /GET \/models failed: HTTP 401: The API key is missing or was refused/);
    assert.ok(!s.models.detail.includes('wrong-key-1234'));
  });

  it('a self-signed certificate: its subject, issuer and dates, not trusted and why; accepted with strictSSL off', async () => {
    const server = await startTlsServer(certs.selfSigned, (path) =>
      path.startsWith('/v1/models')
        ? { status: 200, json: { object: 'list', data: [{ id: 'a/b', type: 'video/generation' }] } }
        : { status: 404, json: {} },
    );
    try {
      const s = byStep(await checkConnection({ baseUrl: server.baseUrl, apiKey: KEY, env: {} }));
      assert.ok(s.connect.ok);
      assert.ok(!s.tls.ok);
      assert.match(
        s.tls.detail,
        /^Certificate of Self Signed Test, 127\.0\.0\.1, for 127\.0\.0\.1, localhost, issued by Self Signed Test, 127\.0\.0\.1, valid from .+ to .+ \(TLSv1\.3\)\./,
      );
      assert.match(
        s.tls.detail,
        /Not trusted: The server's certificate for 127\.0\.0\.1 is not trusted, issued by .* \(DEPTH_ZERO_SELF_SIGNED_CERT: it is self-signed\)/,
      );
      assert.match(s.tls.detail, /NODE_EXTRA_CA_CERTS/);
      assert.ok(!s.models.ok);
      assert.match(s.models.detail, /not trusted, issued by Self Signed Test, 127\.0\.0\.1 .*\(tls_error\)$/);

      const lax = byStep(await checkConnection({ baseUrl: server.baseUrl, apiKey: KEY, env: {}, strictSSL: false }));
      assert.ok(lax.tls.ok);
      assert.match(lax.tls.detail, /accepted only because http\.proxyStrictSSL is off/);
      assert.ok(lax.models.ok, lax.models.detail);
      assert.match(lax.models.detail, /HTTP 200 with 1 models \(1 video models\)/);
    } finally {
      await server.close();
    }
  });

  it('through HTTP_PROXY: names the proxy, opens the tunnel, asks /models through it; NO_PROXY bypasses it', async () => {
    const proxy = await startForwardProxy();
    try {
      const s = byStep(await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, env: { HTTP_PROXY: proxy.url } }));
      assert.equal(s.proxy.detail, `Through the proxy ${proxy.url} (from HTTP_PROXY).`);
      assert.match(s.connect.detail, /it opened a tunnel to 127\.0\.0\.1:\d+ \(HTTP 200\)/);
      assert.ok(s.models.ok, s.models.detail);
      assert.equal(proxy.uses.length, 2, 'the check and the model list both went through the proxy');

      const bypass = byStep(
        await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } }),
      );
      assert.equal(bypass.proxy.detail.startsWith('No proxy: NO_PROXY lists 127.0.0.1.'), true, bypass.proxy.detail);
      assert.equal(proxy.uses.length, 2, 'NO_PROXY bypassed the proxy');

      const explicit = byStep(await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, env: {}, proxyUrl: proxy.url }));
      assert.match(explicit.proxy.detail, /\(from the http\.proxy setting\)/);
    } finally {
      await proxy.close();
    }
  });

  it('a proxy that demands credentials: 407 said plainly; with them, the password is never shown', async () => {
    const proxy = await startForwardProxy({ credentials: 'alice:s3cret-pw' });
    try {
      const s = byStep(await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, env: {}, proxyUrl: proxy.url }));
      assert.ok(!s.connect.ok);
      assert.match(s.connect.detail, /asks for a user name and password \(HTTP 407\)/);
      assert.ok(!s.models.ok);
      assert.match(s.models.detail, /HTTP 407/);

      const withCredentials = proxy.url.replace('http://', 'http://alice:s3cret-pw@');
      const ok = await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, env: {}, proxyUrl: withCredentials });
      const t = byStep(ok);
      assert.ok(t.connect.ok, t.connect.detail);
      assert.ok(t.models.ok, t.models.detail);
      assert.match(t.proxy.detail, /alice:\*\*\*@127\.0\.0\.1/);
      assert.ok(ok.every((step) => !step.detail.includes('s3cret-pw')));
    } finally {
      await proxy.close();
    }
  });

  it('a name that does not resolve, and a base URL that is not one', async () => {
    const s = byStep(await checkConnection({ baseUrl: 'https://no-such-host.invalid/v1', apiKey: KEY, env: {}, timeoutMs: 5000 }));
    assert.ok(!s.dns.ok);
    assert.match(s.dns.detail, /no-such-host\.invalid does not resolve \(ENOTFOUND|EAI_AGAIN/);
    assert.ok(s.connect.skipped && s.tls.skipped);
    assert.ok(!s.models.ok);
    const bad = await checkConnection({ baseUrl: 'ftp://x', apiKey: KEY, env: {} });
    assert.equal(bad.length, 1);
    assert.match(bad[0]?.detail ?? '', /not an http\(s\) URL/);
  });

  it('the fix it names works: with the CA in NODE_EXTRA_CA_CERTS, the certificate is trusted and /models answers', async () => {
    const server = await startTlsServer(certs.good, (path) =>
      path.startsWith('/v1/models')
        ? { status: 200, json: { object: 'list', data: [{ id: 'a/b', type: 'video/generation' }] } }
        : { status: 404, json: {} },
    );
    const dir = mkdtempSync(join(tmpdir(), 'video-gen-ca-'));
    try {
      const caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, certs.ca);
      // Node reads NODE_EXTRA_CA_CERTS when it starts: a fresh process runs the check.
      const script = `require(${JSON.stringify(require.resolve('../../../src/api/connectionCheck'))})
        .checkConnection({ baseUrl: ${JSON.stringify(server.baseUrl)}, apiKey: 'k', env: {} })
        .then((steps) => process.stdout.write(JSON.stringify(steps)));`;
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile } }, (err, stdout) =>
          err ? reject(err) : resolve(stdout),
        ),
      );
      const s = byStep(JSON.parse(out) as CheckStep[]);
      assert.ok(s.tls.ok, s.tls.detail);
      assert.match(
        s.tls.detail,
        /^Certificate of good, for 127\.0\.0\.1, localhost, issued by Video Gen Tests, Video Gen Test CA, valid from .*\. Its chain ends in Video Gen Tests, Video Gen Test CA, found in NODE_EXTRA_CA_CERTS\. Trusted\.$/,
      );
      assert.ok(s.models.ok, s.models.detail);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  });
});
