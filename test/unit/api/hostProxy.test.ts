// VS Code's own proxy resolution (the desktop's system proxy and PAC file) is asked only when the
// settings and the environment name no proxy, found on the `@vscode/proxy-agent` module VS Code
// loaded, looked up at each call, and its answer routes the generation like http.proxy does.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateVideo } from '../../../src/api/client';
import { checkConnection } from '../../../src/api/connectionCheck';
import { resolveWithHost, setHostProxyResolver, vscodeProxyResolver } from '../../../src/api/hostProxy';
import { resolveProxy } from '../../../src/api/http';
import { startEmulator, type Emulator } from '../../emulator/server';
import { startForwardProxy } from '../../support/forwardProxy';

const KEY = 'host-proxy-key-3b7e';

describe("VS Code's own proxy resolution", function () {
  this.timeout(30_000);
  afterEach(() => setHostProxyResolver(undefined));

  it('is found on the proxy-agent module under VS Code’s folder, at each call; missing or without it, none', async () => {
    const modules: Record<string, unknown> = {
      '/vsc/node_modules/@vscode/proxy-agent': { resolveProxyURL: () => Promise.resolve('http://first:1') },
    };
    const load = (path: string): unknown => {
      if (!(path in modules)) throw new Error(`Cannot find module ${path}`);
      return modules[path];
    };
    const resolve = vscodeProxyResolver('/vsc', load);
    assert.ok(resolve);
    assert.equal(await resolve('https://api.example.com/v1'), 'http://first:1');
    (modules['/vsc/node_modules/@vscode/proxy-agent'] as { resolveProxyURL: unknown }).resolveProxyURL = () =>
      Promise.resolve('http://second:2');
    assert.equal(await resolve('https://api.example.com/v1'), 'http://second:2', 'the resolver VS Code holds now');

    modules['/asar/node_modules.asar/@vscode/proxy-agent'] = { default: { resolveProxyURL: () => Promise.resolve(undefined) } };
    const fromAsar = vscodeProxyResolver('/asar', load);
    assert.ok(fromAsar, 'found in node_modules.asar, on the default export');
    assert.equal(await fromAsar('https://api.example.com/v1'), undefined);

    modules['/old/node_modules/@vscode/proxy-agent'] = { createProxyResolver: () => undefined };
    assert.equal(vscodeProxyResolver('/old', load), undefined, 'a VS Code that does not expose its resolver');
    assert.equal(vscodeProxyResolver('/nowhere', load), undefined, 'no module at all');
  });

  it('keeps only http(s) answers; a failing resolver or one that never answers means none', async () => {
    assert.equal(await resolveWithHost('https://a.example/', () => Promise.resolve('socks://s:1080')), undefined);
    assert.equal(await resolveWithHost('https://a.example/', () => Promise.resolve('HTTPS://p:3128')), 'HTTPS://p:3128');
    assert.equal(await resolveWithHost('https://a.example/', () => Promise.reject(new Error('PAC script failed'))), undefined);
    assert.equal(await resolveWithHost('https://a.example/', () => new Promise(() => undefined), 50), undefined);
  });

  it('is asked only when neither the settings nor the environment name a proxy, and never with proxySupport off', async () => {
    const asked: string[] = [];
    setHostProxyResolver((url) => {
      asked.push(url);
      return Promise.resolve('http://pac-proxy:8080');
    });
    const target = new URL('https://api.example.com/v1');
    assert.equal((await resolveProxy(target, { proxyUrl: 'http://set:1', ignoreEnvProxy: true })).reason, 'setting');
    assert.equal((await resolveProxy(target, { env: { HTTPS_PROXY: 'http://env:2' } })).reason, 'env');
    assert.equal((await resolveProxy(target, { noProxy: ['example.com'], ignoreEnvProxy: true })).reason, 'noProxySetting');
    assert.equal((await resolveProxy(target, { proxySupport: 'off', ignoreEnvProxy: true })).reason, 'proxySupportOff');
    assert.deepEqual(asked, [], 'not asked while something else decides');
    const host = await resolveProxy(target, { ignoreEnvProxy: true });
    assert.deepEqual([host.reason, host.url], ['host', 'http://pac-proxy:8080']);
    assert.match(host.source, /VS Code's proxy resolution/);
    assert.deepEqual(asked, ['https://api.example.com/v1']);
    assert.equal((await resolveProxy(target, { ignoreEnvProxy: true, useHostProxy: false })).reason, 'none');
  });

  describe('routing a generation and Check Connection', () => {
    let emulator: Emulator;
    let dir: string;
    before(async () => {
      emulator = await startEmulator({ apiKeys: [KEY] });
    });
    after(() => emulator.close());
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'video-gen-host-proxy-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('sends the generation through the proxy VS Code names, asked once per origin; Check Connection says where it came from', async () => {
      const proxy = await startForwardProxy();
      try {
        let asked = 0;
        setHostProxyResolver(() => {
          asked++;
          return Promise.resolve(proxy.url);
        });
        const result = await generateVideo({
          baseUrl: emulator.baseUrl,
          apiKey: KEY,
          request: { model: 'provider-2/kling-v2.1', prompt: 'through the PAC proxy', quality: '720p', duration: 1, ratio: '1:1' },
          destinationFor: () => join(dir, 'a.mp4'),
          connection: { ignoreEnvProxy: true },
        });
        assert.equal(result.items.length, 1);
        assert.ok(
          proxy.uses.some((u) => u.includes(`127.0.0.1:${emulator.port}`)),
          `proxy saw ${JSON.stringify(proxy.uses)}`,
        );
        assert.equal(asked, 1);

        const steps = await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, ignoreEnvProxy: true });
        const step = steps.find((s) => s.step === 'proxy')!;
        assert.ok(step.ok);
        assert.match(step.detail, /Through the proxy http:\/\/127\.0\.0\.1:\d+ \(from VS Code's proxy resolution/);
        assert.equal(steps.find((s) => s.step === 'models')?.ok, true);
      } finally {
        await proxy.close();
      }
    });

    it('goes straight to the server when VS Code names none, and Check Connection says VS Code named none', async () => {
      setHostProxyResolver(() => Promise.resolve(undefined));
      const steps = await checkConnection({ baseUrl: emulator.baseUrl, apiKey: KEY, ignoreEnvProxy: true });
      assert.match(
        steps.find((s) => s.step === 'proxy')!.detail,
        /proxy resolution \(the system's proxy settings or PAC file\) names none\. Connecting straight/,
      );
      assert.equal(steps.find((s) => s.step === 'models')?.ok, true);
    });
  });
});
