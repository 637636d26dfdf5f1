// A refused server certificate (untrusted, expired, for another host) reads as such: a tls_error
// naming the problem, the host and what fixes it, never "may have been billed" (the handshake fails
// before the request is sent), and never retried (the same certificate would be refused again).
// Real TLS servers on loopback, with certificates made at test time.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { generateVideo } from '../../../src/api/client';
import type { VideoGenError } from '../../../src/api/errors';
import { fetchModelsListing } from '../../../src/api/fetchModels';
import { makeTestCertificates, startTlsServer, type KeyPair, type TestCertificates } from '../../support/tlsServers';

const KEY = 'tls-test-key-5e1f';

describe('refused server certificates', function () {
  this.timeout(30_000);
  let certs: TestCertificates;
  let dir: string;

  before(() => {
    certs = makeTestCertificates();
    dir = mkdtempSync(join(tmpdir(), 'video-gen-tls-out-'));
  });
  after(() => {
    certs.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = { model: 'provider-2/kling-v2.1', prompt: 'over tls', quality: '720p', duration: 1, ratio: '1:1' };

  interface Case {
    name: string;
    pair: () => KeyPair;
    /** Trust the test CA (so that only the problem under test remains). */
    trustCa: boolean;
    message: RegExp;
  }
  const cases: Case[] = [
    {
      name: 'a self-signed certificate',
      pair: () => certs.selfSigned,
      trustCa: false,
      message:
        /certificate for 127\.0\.0\.1 is not trusted, issued by Self Signed Test, 127\.0\.0\.1 \(DEPTH_ZERO_SELF_SIGNED_CERT: it is self-signed\)/,
    },
    {
      name: 'a certificate from a CA this machine does not trust',
      pair: () => certs.good,
      trustCa: false,
      message:
        /certificate for 127\.0\.0\.1 is not trusted, issued by Video Gen Tests, Video Gen Test CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: its issuer is not among the CAs this machine trusts\)/,
    },
    {
      name: 'an expired certificate',
      pair: () => certs.expired,
      trustCa: true,
      message: /certificate for 127\.0\.0\.1 has expired \(CERT_HAS_EXPIRED\)/,
    },
    {
      name: 'a certificate for another host',
      pair: () => certs.wrongHost,
      trustCa: true,
      message:
        /certificate is not for 127\.0\.0\.1, issued by Video Gen Tests, Video Gen Test CA \(ERR_TLS_CERT_ALTNAME_INVALID: it is for api\.example\.test/,
    },
  ];

  function checkError(err: VideoGenError, c: Case): true {
    assert.equal(err.code, 'tls_error', err.message);
    assert.match(err.message, c.message);
    assert.match(err.message, /Nothing was sent to the API/);
    assert.match(err.message, /http\.systemCertificates/);
    assert.match(err.message, /NODE_EXTRA_CA_CERTS/);
    assert.match(err.message, /http\.proxyStrictSSL off only on a network you trust/);
    assert.equal(err.mayHaveBeenBilled, false);
    assert.ok(!err.message.includes(KEY));
    return true;
  }

  for (const c of cases) {
    it(`generateVideo: ${c.name}, one attempt`, async () => {
      const server = await startTlsServer(c.pair());
      const dispatcher = c.trustCa ? new Agent({ connect: { ca: certs.ca } }) : undefined;
      try {
        await assert.rejects(
          generateVideo({
            baseUrl: server.baseUrl,
            apiKey: KEY,
            request,
            destinationFor: () => join(dir, 'x.mp4'),
            retries: 2,
            dispatcher,
            connection: { ignoreEnvProxy: true },
          }),
          (err: VideoGenError) => checkError(err, c),
        );
        assert.equal(server.connections(), 1, 'exactly one connection: no retry');
      } finally {
        await dispatcher?.close();
        await server.close();
      }
    });

    it(`fetchModelsListing: ${c.name}, one attempt`, async () => {
      const server = await startTlsServer(c.pair());
      const dispatcher = c.trustCa ? new Agent({ connect: { ca: certs.ca } }) : undefined;
      try {
        await assert.rejects(
          fetchModelsListing({ baseUrl: server.baseUrl, apiKey: KEY, dispatcher, connection: { ignoreEnvProxy: true } }),
          (err: VideoGenError) => checkError(err, c),
        );
        assert.equal(server.connections(), 1, 'exactly one connection: no retry');
      } finally {
        await dispatcher?.close();
        await server.close();
      }
    });
  }

  it('a trusted certificate works (the test CA is sound)', async () => {
    const server = await startTlsServer(certs.good, () => ({ status: 200, json: { object: 'list', data: [] } }));
    const dispatcher = new Agent({ connect: { ca: certs.ca } });
    try {
      assert.deepEqual(await fetchModelsListing({ baseUrl: server.baseUrl, apiKey: KEY, dispatcher }), { object: 'list', data: [] });
    } finally {
      await dispatcher.close();
      await server.close();
    }
  });

  it('http.proxyStrictSSL off accepts the self-signed certificate', async () => {
    const server = await startTlsServer(certs.selfSigned, () => ({ status: 200, json: { object: 'list', data: [] } }));
    try {
      const listing = await fetchModelsListing({
        baseUrl: server.baseUrl,
        apiKey: KEY,
        connection: { strictSSL: false, ignoreEnvProxy: true },
      });
      assert.deepEqual(listing, { object: 'list', data: [] });
    } finally {
      await server.close();
    }
  });
});
