// Video Gen: Check Connection in a real VS Code, against the emulator: the command resolves with
// its steps (proxy, DNS, connect, TLS, GET /models), the Video Gen output channel holds the same
// report, a notification sums it up, and the key is in none of them. Without a key it says so and
// still runs the other steps.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CheckStep } from '../../../src/api/connectionCheck';
import { INTEGRATION_API_KEY, driverUrl, emulatorRequests, emulatorUrl, userDataDir } from '../env';
import { notificationCentreRow } from '../notificationCentre';
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
        /^The server's certificate for 127\.0\.0\.1 is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: it is self-signed\)\. Nothing was sent to the API\./,
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
