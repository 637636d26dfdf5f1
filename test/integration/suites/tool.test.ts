// The language-model tool, invoked the way an agent does: through vscode.lm.invokeTool.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { INTEGRATION_API_KEY, emulatorRequests, resetEmulator } from '../env';

const TOOL = 'videoGen_generateVideo';

function text(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

describe('Language model tool', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension('videogen.video-gen')!.activate();
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
    await resetEmulator();
  });

  it('is registered for agents with its input schema', () => {
    const tool = vscode.lm.tools.find((t) => t.name === TOOL);
    assert.ok(tool, 'the tool is listed in vscode.lm.tools');
    assert.deepEqual((tool.inputSchema as { required?: string[] }).required, ['prompt']);
  });

  it('generates into the workspace and tells the model where the file is and what it holds', async () => {
    const token = new vscode.CancellationTokenSource().token;
    const result = await vscode.lm.invokeTool(
      TOOL,
      {
        input: { prompt: 'a lighthouse at dusk', model: 'provider-2/kling-v2.1', quality: '720p', duration: 2, ratio: '1:1' },
        toolInvocationToken: undefined,
      },
      token,
    );
    const out = text(result);
    assert.match(out, /videos\/\d{8}-\d{6}-a-lighthouse-at-dusk-kling-v2\.1\.mp4/);
    assert.match(out, /720x720/);
    assert.match(out, /H\.264/);
    assert.match(out, /sha256 [0-9a-f]{64}/);
  });

  it('fills what the agent left out from the defaults, within the model limits', async () => {
    const result = await vscode.lm.invokeTool(
      TOOL,
      { input: { prompt: 'defaults only', model: 'provider-2/seedance-lite' }, toolInvocationToken: undefined },
      new vscode.CancellationTokenSource().token,
    );
    assert.match(text(result), /1080p/);
  });

  it('reports a failure with its code for the model to read', async () => {
    await assert.rejects(
      async () =>
        vscode.lm.invokeTool(
          TOOL,
          { input: { prompt: 'too long', model: 'provider-2/kling-v2.1', quality: '720p', duration: 8 }, toolInvocationToken: undefined },
          new vscode.CancellationTokenSource().token,
        ),
      /n_exceeds_model_limit/,
    );
  });

  it('sends nothing when the agent cancels before the generation is under way', async () => {
    for (const when of ['before the call', 'while the key is read']) {
      await resetEmulator();
      const source = new vscode.CancellationTokenSource();
      if (when === 'before the call') source.cancel();
      const call = vscode.lm.invokeTool(
        TOOL,
        {
          input: { prompt: `cancelled ${when}`, model: 'provider-2/kling-v2.1', quality: '720p', duration: 1 },
          toolInvocationToken: undefined,
        },
        source.token,
      );
      if (when !== 'before the call') setImmediate(() => source.cancel());
      await assert.rejects(Promise.resolve(call), /cancel/i, when);
      // Give a request that was wrongly sent the time to reach the emulator.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const sent = (await emulatorRequests()).filter((r) => r.path.endsWith('/video/generations'));
      assert.equal(sent.length, 0, `${when}: no request reached the API`);
    }
  });
});
