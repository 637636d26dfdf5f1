// Video Gen: Check Connection in a real VS Code, against the emulator: the command resolves with
// its steps (proxy, DNS, connect, TLS, GET /models), the Video Gen output channel holds the same
// report, a notification sums it up, and the key is in none of them. Without a key it says so and
// still runs the other steps. Then the company network: a server whose CA only the system store
// that VS Code reads holds (the test host's private trust store), and VS Code's proxy settings
// (http.proxy, http.noProxy, NO_PROXY, http.proxySupport, http.proxyAuthorization, a 407).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CheckStep } from '../../../src/api/connectionCheck';
import { INTEGRATION_API_KEY, driverUrl, emulatorRequests, emulatorUrl, privateTrustStore, userDataDir } from '../env';
import { notificationCentreRow } from '../notificationCentre';
import { startForwardProxy } from '../../support/forwardProxy';
import { startTlsFront } from '../../support/tlsFront';
import { makeTestCertificates, startTlsServer } from '../../support/tlsServers';

const EXTENSION_ID = 'videogen.video-gen';

function byStep(steps: CheckStep[]): Record<string, CheckStep> {
  assert.deepEqual(
    steps.map((s) => s.step),
    ['proxy', 'dns', 'connect', 'tls', 'models'],
  );
  for (const s of steps) assert.ok(!s.detail.includes(INTEGRATION_API_KEY), `no key in the ${s.step} step`);
  return Object.fromEntries(steps.map((s) => [s.step, s]));
}

/** The Video Gen output channel's log file(s) under the test host's user data: their text. */
function outputChannelText(): string {
  const root = userDataDir();
  if (!root) return '';
  let text = '';
  const walk = (dir: string, depth: number): void => {
    if (depth > 8) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, depth + 1);
      else if (name === 'Video Gen.log') text += readFileSync(path, 'utf8');
    }
  };
  walk(join(root, 'logs'), 0);
  return text;
}

async function waitFor<T>(what: string, read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Check Connection', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    assert.equal(await vscode.commands.executeCommand<boolean>('videoGen.setApiKey', INTEGRATION_API_KEY), true);
  });
  after(async () => {
    await vscode.commands.executeCommand<boolean>('videoGen.setApiKey', INTEGRATION_API_KEY);
  });

  it('checks the emulator step by step with the current settings and key; the output channel has the same, without the key', async () => {
    const before = (await emulatorRequests()).length;
    const steps = await vscode.commands.executeCommand<CheckStep[]>('videoGen.checkConnection');
    const s = byStep(steps);
    const emulator = new URL(emulatorUrl());
    for (const name of ['proxy', 'dns', 'connect', 'models']) assert.ok(s[name]?.ok, `${name}: ${s[name]?.detail}`);
    assert.match(s.connect!.detail, new RegExp(`${emulator.hostname.replace(/\./g, '\\.')}:${emulator.port}`));
    assert.ok(s.tls!.skipped, 'an http base URL has no TLS');
    assert.match(s.tls!.detail, /no TLS/);
    assert.match(s.models!.detail, /^GET \/models answered HTTP 200 with \d+ models \([1-9]\d* video models\); the key was accepted\.$/);

    const asked = (await emulatorRequests()).slice(before).filter((r) => r.path.split('?')[0]!.endsWith('/models'));
    assert.equal(asked.length, 1, 'one GET /models, with the key');

    const log = await waitFor('the report in the output channel', () => {
      const text = outputChannelText();
      return userDataDir() === undefined || text.includes('GET /models answered HTTP 200') ? text : undefined;
    });
    if (userDataDir() !== undefined) {
      assert.match(log, /Check Connection to http:\/\/127\.0\.0\.1:\d+\/v1 at /);
      for (const name of ['proxy', 'dns', 'connect', 'tls', 'models']) assert.match(log, new RegExp(`\\n {2}${name} +(ok|n/a) `));
      assert.ok(!log.includes(INTEGRATION_API_KEY), 'no key in the output channel');
    }
    if (driverUrl()) {
      const row = await notificationCentreRow('the connection works', 'the summary of a working connection');
      assert.match(row.message, /GET \/models answered HTTP 200/);
      assert.ok(row.buttons.includes('Show Report'));
      assert.ok(!row.text.includes(INTEGRATION_API_KEY));
    }
  });

  it('without a key: says so and still runs the other steps', async () => {
    await vscode.commands.executeCommand('videoGen.clearApiKey');
    const before = (await emulatorRequests()).length;
    const s = byStep(await vscode.commands.executeCommand<CheckStep[]>('videoGen.checkConnection'));
    assert.ok(s.connect!.ok, s.connect!.detail);
    assert.ok(s.models!.skipped && !s.models!.ok);
    assert.match(s.models!.detail, /No API key is set/);
    assert.equal((await emulatorRequests()).length, before, 'nothing asked of the API without a key');
    if (driverUrl()) {
      const row = await notificationCentreRow('no API key is set', 'the summary without a key');
      assert.ok(row.buttons.includes('Set API Key'));
    }
  });

  it('a self-signed server: the model refresh fails as tls_error with the certificate actions, and the check names the issuer', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    const certs = makeTestCertificates();
    const server = await startTlsServer(certs.selfSigned);
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('videoGen');
    const previous = config().inspect<string>('baseUrl')?.globalValue;
    try {
      await config().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
      const error = await vscode.commands.executeCommand('videoGen.refreshModels').then(
        () => assert.fail('the refresh should fail'),
        (err: unknown) => err as Error,
      );
      assert.match(error.message, /\(tls_error\)$/);
      assert.match(
        error.message,
        /^The server's certificate for 127\.0\.0\.1 is not trusted, issued by Self Signed Test, 127\.0\.0\.1 \(DEPTH_ZERO_SELF_SIGNED_CERT: it is self-signed\)\. Nothing was sent to the API\./,
      );
      assert.doesNotMatch(error.message, /may have been billed/);
      if (driverUrl()) {
        const row = await notificationCentreRow('is not trusted', 'the certificate error');
        assert.deepEqual(row.buttons, ['Certificate Settings', 'Strict SSL Setting', 'Check Connection']);
      }

      const s = byStep(await vscode.commands.executeCommand<CheckStep[]>('videoGen.checkConnection'));
      assert.ok(s.connect!.ok, s.connect!.detail);
      assert.ok(!s.tls!.ok);
      assert.match(
        s.tls!.detail,
        /issued by Self Signed Test, 127\.0\.0\.1, valid from .* Not trusted: .*DEPTH_ZERO_SELF_SIGNED_CERT: it is self-signed/,
      );
      assert.match(s.models!.detail, /\(tls_error\)$/);
      if (driverUrl()) {
        const row = await notificationCentreRow('Check Connection failed at the tls step', 'the summary of a failed check');
        assert.match(row.message, /Self Signed Test/);
      }
    } finally {
      await config().update('baseUrl', previous, vscode.ConfigurationTarget.Global);
      await server.close();
      certs.dispose();
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });
});

interface GenerationAnswer {
  files: Array<{ path?: string; uri?: string }>;
}

const base = { model: 'provider-2/kling-v2.1', quality: '720p', duration: 1, ratio: '16:9' };
const NETWORK_SETTINGS = ['proxy', 'noProxy', 'proxySupport', 'proxyAuthorization', 'systemCertificates'] as const;

/** Sets VS Code's http.* settings (user level) for one test; undefined removes one. */
async function setHttp(values: Partial<Record<(typeof NETWORK_SETTINGS)[number], unknown>>): Promise<void> {
  const http = vscode.workspace.getConfiguration('http');
  for (const [key, value] of Object.entries(values)) await http.update(key, value, vscode.ConfigurationTarget.Global);
}

async function resetHttp(): Promise<void> {
  await setHttp(Object.fromEntries(NETWORK_SETTINGS.map((k) => [k, undefined])));
}

async function generate(prompt: string): Promise<GenerationAnswer> {
  return (await vscode.commands.executeCommand('videoGen.generate', { prompt, ...base })) as GenerationAnswer;
}

async function generationError(prompt: string): Promise<Error & { code?: string }> {
  return generate(prompt).then(
    () => assert.fail('the generation should fail'),
    (err: unknown) => err as Error & { code?: string },
  );
}

async function check(): Promise<Record<string, CheckStep>> {
  return byStep(await vscode.commands.executeCommand<CheckStep[]>('videoGen.checkConnection'));
}

async function apiRequestCount(): Promise<number> {
  return (await emulatorRequests()).filter((r) => !r.path.startsWith('/__emulator')).length;
}

describe('Check Connection and the requests on a corporate network: the certificates and proxy VS Code names', function () {
  this.timeout(120_000);
  const videoGen = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('videoGen');
  let previousBaseUrl: string | undefined;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    assert.equal(await vscode.commands.executeCommand<boolean>('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    previousBaseUrl = videoGen().inspect<string>('baseUrl')?.globalValue;
  });
  afterEach(async () => {
    await resetHttp();
    await videoGen().update('baseUrl', previousBaseUrl, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('a server whose CA only the system store holds: trusted with http.systemCertificates on (the video is saved); off, refused once, nothing sent', async function () {
    const store = privateTrustStore();
    if ('unavailable' in store) {
      console.log(`skipped: ${store.unavailable}`);
      this.skip();
    }
    const read = (name: string): string => readFileSync(join(store.dir, name), 'utf8');
    const front = await startTlsFront({ key: read('good.key'), cert: read('good.crt') }, Number(new URL(emulatorUrl()).port));
    try {
      await videoGen().update('baseUrl', front.baseUrl, vscode.ConfigurationTarget.Global);
      await setHttp({ systemCertificates: true });
      const saved = await generate('through a TLS-inspecting gateway');
      assert.equal(saved.files.length, 1, 'the video was saved');
      assert.ok(front.handshakes() >= 1);
      const trusted = await check();
      assert.ok(trusted.tls!.ok, trusted.tls!.detail);
      assert.match(
        trusted.tls!.detail,
        /issued by Video Gen Tests, Video Gen Test CA, .* Its chain ends in Video Gen Tests, Video Gen Test CA, found in the system store \(\/etc\/[^;]+; http\.systemCertificates is on\)\. Trusted\.$/,
      );
      assert.ok(trusted.models!.ok, trusted.models!.detail);

      await setHttp({ systemCertificates: false });
      const connections = front.connections();
      const handshakes = front.handshakes();
      const requests = await apiRequestCount();
      const error = await generationError('through the gateway, system certificates off');
      assert.equal(error.code, 'tls_error', error.message);
      assert.match(
        error.message,
        /^The server's certificate for 127\.0\.0\.1 is not trusted, issued by Video Gen Tests, Video Gen Test CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: its issuer is not among the CAs this machine trusts\)\. Nothing was sent to the API\./,
      );
      assert.match(error.message, /http\.systemCertificates/);
      assert.match(error.message, /NODE_EXTRA_CA_CERTS/);
      assert.doesNotMatch(error.message, /may have been billed/);
      // The usage read before a generation, then the generation: one connection each, no retry.
      assert.equal(front.connections() - connections, 2, 'one attempt per request, not retried');
      assert.equal(front.handshakes(), handshakes, 'no handshake completed');
      assert.equal(await apiRequestCount(), requests, 'nothing reached the API');
      await vscode.commands.executeCommand('videoGen.refreshModels').then(
        () => assert.fail('the refresh should fail'),
        (err: Error) => assert.match(err.message, /is not trusted, issued by Video Gen Tests/),
      );
      assert.equal(front.connections() - connections, 3, 'the model list: exactly one attempt');
      if (driverUrl()) {
        const row = await notificationCentreRow('is not trusted', 'the certificate error');
        assert.deepEqual(row.buttons, ['Certificate Settings', 'Strict SSL Setting', 'Check Connection']);
      }
      const refused = await check();
      assert.ok(!refused.tls!.ok);
      assert.match(refused.tls!.detail, /Not trusted: .*UNABLE_TO_VERIFY_LEAF_SIGNATURE.*http\.systemCertificates is off/);
      assert.ok(!refused.models!.ok);
    } finally {
      await front.close();
    }
  });

  it('http.proxy is used; http.noProxy, NO_PROXY and http.proxySupport off keep requests off it; Check Connection says which and why', async () => {
    const proxy = await startForwardProxy();
    const saved = { NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
    const emulator = new URL(emulatorUrl());
    try {
      await setHttp({ proxy: proxy.url });
      await generate('through the company proxy');
      const through = proxy.uses.length;
      assert.ok(through >= 1, 'the generation went through http.proxy');
      assert.ok(proxy.uses.every((u) => u.includes(`127.0.0.1:${emulator.port}`)));
      const used = await check();
      assert.equal(used.proxy!.detail, `Through the proxy ${proxy.url} (from the http.proxy setting).`);
      assert.match(used.connect!.detail, /it opened a tunnel to 127\.0\.0\.1:\d+ \(HTTP 200\)|Connected to the proxy/);
      const afterCheck = proxy.uses.length;

      await setHttp({ noProxy: ['127.0.0.1'] });
      await vscode.commands.executeCommand('videoGen.refreshModels');
      const listed = await check();
      assert.equal(
        listed.proxy!.detail,
        `No proxy: http.noProxy lists 127.0.0.1. The proxy ${proxy.url} is not used for 127.0.0.1. Connecting straight to 127.0.0.1:${emulator.port}.`,
      );
      assert.ok(listed.models!.ok, listed.models!.detail);
      assert.equal(proxy.uses.length, afterCheck, 'http.noProxy: nothing through the proxy');

      await setHttp({ noProxy: undefined });
      process.env.NO_PROXY = 'localhost,127.0.0.1';
      process.env.no_proxy = 'localhost,127.0.0.1';
      await vscode.commands.executeCommand('videoGen.refreshModels');
      const env = await check();
      assert.match(env.proxy!.detail, /^No proxy: (no_proxy|NO_PROXY) lists 127\.0\.0\.1\. The proxy .* is not used for 127\.0\.0\.1\./);
      assert.equal(proxy.uses.length, afterCheck, 'NO_PROXY: nothing through the proxy');
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }

      await setHttp({ proxySupport: 'off' });
      await generate('proxy support off');
      const off = await check();
      assert.match(off.proxy!.detail, /^No proxy: http\.proxySupport is off, so no request goes through a proxy\./);
      assert.ok(off.models!.ok, off.models!.detail);
      assert.equal(proxy.uses.length, afterCheck, 'http.proxySupport off: nothing through the proxy');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await proxy.close();
    }
  });

  it('with no proxy set, asks VS Code’s own proxy resolution (the desktop’s system proxy and PAC file) and goes where it says', async () => {
    // The module VS Code loaded for the extension host, where it hangs its resolver.
    const agentModule = module.require(join(vscode.env.appRoot, 'node_modules', '@vscode', 'proxy-agent')) as {
      resolveProxyURL?: (url: string) => Promise<string | undefined>;
    };
    assert.equal(typeof agentModule.resolveProxyURL, 'function', 'VS Code 1.100.3 exposes its resolver on the module');
    const original = agentModule.resolveProxyURL!;
    assert.equal(await original(emulatorUrl()), undefined, 'VS Code itself goes straight to a loopback server');
    const proxy = await startForwardProxy();
    const asked: string[] = [];
    // Stands in for what a PAC file or the system's settings answer on desktop (code-server's
    // window is a browser, so VS Code resolves no system proxy here).
    agentModule.resolveProxyURL = (url) => {
      asked.push(url);
      return Promise.resolve(proxy.url);
    };
    try {
      await generate('through the proxy the PAC file names');
      assert.ok(
        proxy.uses.some((u) => u.includes(`127.0.0.1:${new URL(emulatorUrl()).port}`)),
        `proxy saw ${JSON.stringify(proxy.uses)}`,
      );
      assert.ok(
        asked.some((u) => u.startsWith(emulatorUrl())),
        `asked for ${JSON.stringify(asked)}`,
      );
      const s = await check();
      assert.equal(
        s.proxy!.detail,
        `Through the proxy ${proxy.url} (from VS Code's proxy resolution (the system's proxy settings or PAC file)).`,
      );
      assert.ok(s.models!.ok, s.models!.detail);

      // A proxy the settings name decides first: VS Code's resolver is not asked.
      asked.length = 0;
      await setHttp({ proxySupport: 'off' });
      const off = await check();
      assert.match(off.proxy!.detail, /^No proxy: http\.proxySupport is off/);
      // (A usage read the finished generation scheduled may still ask: only the check's own request counts.)
      assert.deepEqual(
        asked.filter((u) => u.includes('/models')),
        [],
        'not asked with http.proxySupport off',
      );
    } finally {
      agentModule.resolveProxyURL = original;
      await proxy.close();
    }
    await setHttp({ proxySupport: undefined });
    let direct = await check();
    // The settings reach the extension host with their change event: wait for it.
    for (let i = 0; i < 20 && /proxySupport is off/.test(direct.proxy!.detail); i++) {
      await new Promise((r) => setTimeout(r, 250));
      direct = await check();
    }
    assert.match(
      direct.proxy!.detail,
      /VS Code's proxy resolution \(the system's proxy settings or PAC file\) names none\. Connecting straight/,
    );
  });

  it('a proxy that answers 407 gets one attempt; http.proxyAuthorization reaches it as Proxy-Authorization', async () => {
    const proxy = await startForwardProxy({ credentials: 'dana:corp-pass' });
    try {
      await setHttp({ proxy: proxy.url });
      const requests = await apiRequestCount();
      const error = await generationError('a proxy that wants credentials');
      assert.equal(error.code, 'network_error', error.message);
      assert.match(error.message, /asks for a user name and password \(HTTP 407\)/);
      assert.match(error.message, /http\.proxyAuthorization/);
      assert.doesNotMatch(error.message, /may have been billed/);
      // The usage read before a generation, then the generation: each asked the proxy once.
      assert.equal(proxy.refused.length, 2, 'one attempt per request, no retry');
      assert.equal(await apiRequestCount(), requests, 'nothing reached the API');
      await vscode.commands.executeCommand('videoGen.refreshModels').then(
        () => assert.fail('the refresh should fail'),
        (err: Error) => assert.match(err.message, /HTTP 407/),
      );
      assert.equal(proxy.refused.length, 3, 'the model list: exactly one attempt');
      const refused = await check();
      assert.equal(proxy.refused.length, 5, "the check's tunnel and its GET /models, once each");
      assert.ok(!refused.connect!.ok);
      assert.match(refused.connect!.detail, /asks for a user name and password \(HTTP 407\)/);

      await setHttp({ proxyAuthorization: `Basic ${Buffer.from('dana:corp-pass').toString('base64')}` });
      const refusedBefore = proxy.refused.length;
      const saved = await generate('with the proxy authorization header');
      assert.equal(saved.files.length, 1);
      assert.ok(proxy.uses.length >= 1, 'through the proxy, with the header');
      const accepted = await check();
      assert.ok(accepted.connect!.ok, accepted.connect!.detail);
      assert.match(accepted.proxy!.detail, /It is sent the Proxy-Authorization header from http\.proxyAuthorization\./);
      assert.ok(!JSON.stringify(accepted).includes(Buffer.from('dana:corp-pass').toString('base64')), 'the header value is never shown');
      assert.equal(proxy.refused.length, refusedBefore, 'the header was accepted every time');
    } finally {
      await proxy.close();
    }
  });
});
