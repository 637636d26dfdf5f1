// "Was I billed?" in a real VS Code, against the emulator: a generation whose answer is lost says
// what the provider's usage shows. The emulator counts a generation as billed when its answer
// starts (or as the scenario's `billed` option says), so: a drop mid-body after the count →
// billed; a drop before the count → not billed; a server without the usage endpoint → cannot
// tell; the model's figures moved by two generations (another client) → cannot tell. The same
// cases after a window reload are in generate-interrupted.test.ts (jobs the harness seeds).
import * as assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { INTEGRATION_API_KEY, emulatorRequests, emulatorUrl, resetEmulator } from '../env';
import { notificationCentreRow } from '../notificationCentre';

const base = { model: 'provider-2/kling-v2.1', quality: '720p', duration: 1, ratio: '16:9' };
const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('videoGen');

interface Failure extends Error {
  code?: string;
  billing?: { verdict: string; reason?: string };
}

async function failure(prompt: string): Promise<Failure> {
  try {
    await vscode.commands.executeCommand('videoGen.generate', { prompt, ...base });
  } catch (err) {
    return err as Failure;
  }
  assert.fail(`"${prompt}" was expected to fail`);
}

/** The failure's notification, as the user reads it (the billing sentence is added there). */
async function shown(needle: string): Promise<string> {
  return (await notificationCentreRow(needle, `the notification about "${needle}"`)).message;
}

async function generationRequests(): Promise<number> {
  return (await emulatorRequests()).filter((r) => r.path.endsWith('/video/generations')).length;
}

/** A gateway in front of the emulator that has no usage endpoint (404), at another origin. */
async function gatewayWithoutUsage(): Promise<{ baseUrl: string; seen: string[]; close(): Promise<void> }> {
  // The user setting (the workspace's own base URL is ignored by the extension, and set to a trap here).
  const target = new URL(config().inspect<string>('baseUrl')!.globalValue!);
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if ((req.url ?? '').split('?')[0]!.endsWith('/usage')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error' } }));
      return;
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // The emulator cutting its answer short is cut short here too, as a real gateway passes it on.
        answer.on('aborted', () => res.destroy());
        answer.on('error', () => res.destroy());
        answer.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      seen.push(`upstream error ${e.message}`);
      res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    seen,
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('Was I billed? A lost answer says what the provider’s usage shows', function () {
  this.timeout(120_000);

  before(async () => {
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
  });
  beforeEach(async () => {
    await resetEmulator();
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('billed: the connection dropped mid-answer after the provider counted the generation', async () => {
    const error = await failure('[[emulator:drop_mid_body fraction=0.5]] billed drop');
    assert.equal(error.code, 'network_error');
    assert.equal(error.billing?.verdict, 'billed', error.message);
    const message = await shown('UND_ERR_SOCKET');
    assert.match(message, /The provider's usage shows this generation was billed/);
    assert.match(message, /cannot be downloaded again/);
    assert.equal(await generationRequests(), 1, 'it was not sent again');
  });

  it('not billed: the connection dropped before the provider counted it', async () => {
    const error = await failure('[[emulator:drop_mid_body fraction=0.5 billed=false]] unbilled drop');
    assert.equal(error.billing?.verdict, 'not_billed', error.message);
    assert.match(await shown('UND_ERR_SOCKET'), /The provider's usage shows it was not billed/);
    assert.equal(await generationRequests(), 1, 'it was not sent again');
  });

  it('cannot tell: another client used the key meanwhile (the figures moved by two)', async () => {
    const lost = failure('[[emulator:stall_body fraction=0.5 holdMs=2500]] while another client works');
    // While the answer stalls, another client's generation of the same model is billed.
    const deadline = Date.now() + 20_000;
    while ((await generationRequests()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const bump = await fetch(`${emulatorUrl()}/__emulator/usage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: base.model }),
    });
    assert.ok(bump.ok);
    const error = await lost;
    assert.equal(error.billing?.verdict, 'cannot_tell', error.message);
    assert.match(error.billing?.reason ?? '', /moved by 2/);
    assert.match(await shown(error.message.slice(0, 40)), /It may have been billed .*moved by 2/);
  });

  it('cannot tell: the server has no usage endpoint (404), and it says so', async () => {
    const gateway = await gatewayWithoutUsage();
    const previous = config().inspect<string>('baseUrl')?.globalValue;
    await config().update('baseUrl', gateway.baseUrl, vscode.ConfigurationTarget.Global);
    try {
      const error = await failure('[[emulator:drop_mid_body fraction=0.5]] behind a gateway without usage');
      assert.equal(error.billing?.verdict, 'cannot_tell', error.message + JSON.stringify(gateway.seen));
      assert.match(error.billing?.reason ?? '', /no usage endpoint/);
      assert.match(await shown('UND_ERR_SOCKET'), /It may have been billed .*no usage endpoint/);
      assert.equal(
        await generationRequests(),
        1,
        `it was not sent again: ${JSON.stringify((await emulatorRequests()).map((r) => r.path))}`,
      );
    } finally {
      await config().update('baseUrl', previous, vscode.ConfigurationTarget.Global);
      await gateway.close();
    }
  });
});
