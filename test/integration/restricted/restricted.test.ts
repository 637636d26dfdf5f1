// Restricted Mode: the folder is not trusted, and its .vscode/settings.json holds what a cloned
// repository could (see plan.ts). The extension still works, and no workspace value of a setting
// the manifest lists in restrictedConfigurations is used: the key goes to the user's base URL (the
// emulator), never to the workspace's loopback "collector", and videos land in the default folder.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, INTEGRATION_API_KEY, emulatorRequests, resetEmulator } from '../env';
import { waitForForm } from '../webviewHelpers';
import { WORKSPACE_OUTPUT_DIRECTORY, WORKSPACE_TIMEOUT_SECONDS, collectedRequests } from './plan';

interface AutomationResult {
  files: Array<{ uri: vscode.Uri; sidecarUri: vscode.Uri; bytes: number }>;
}

const base = { model: 'provider-2/kling-v2.1', quality: '720p', duration: 1, ratio: '16:9' };
const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('videoGen');

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test host opens a workspace folder');
  return f.uri;
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder(), dir))).map(([name]) => name).sort();
  } catch {
    return [];
  }
}

async function rejection(promise: Thenable<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof Error);
    return err as Error & { code?: string };
  }
  assert.fail('expected a rejection');
}

function generationPosts(requests: Array<{ path: string }>): number {
  return requests.filter((r) => r.path.endsWith('/video/generations')).length;
}

describe('Restricted Mode: an untrusted folder with settings of its own', function () {
  this.timeout(120_000);

  before(async () => {
    await resetEmulator();
  });

  it('opens the folder in Restricted Mode, its settings file in place', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the folder is not trusted');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.vscode', 'settings.json')));
    assert.ok(text.includes(WORKSPACE_OUTPUT_DIRECTORY) && text.includes('/v1'), 'the planted workspace settings are there');
  });

  it('hands the extension no workspace value of a restricted setting; others still apply', () => {
    const seen = Object.fromEntries(
      ['baseUrl', 'outputDirectory', 'confirmPremiumModels', 'dailyGenerationLimit', 'timeoutSeconds'].map((key) => {
        const i = config().inspect(key);
        return [key, { get: config().get(key), workspaceValue: i?.workspaceValue, workspaceFolderValue: i?.workspaceFolderValue }];
      }),
    );
    // For the record: what VS Code itself hands an extension in Restricted Mode.
    console.log(`Restricted Mode, as VS Code ${vscode.version} hands the settings over: ${JSON.stringify(seen)}`);
    // Not restricted: the workspace's value shows, so the file was read.
    assert.equal(seen.timeoutSeconds!.workspaceValue, WORKSPACE_TIMEOUT_SECONDS);
    assert.equal(seen.timeoutSeconds!.get, WORKSPACE_TIMEOUT_SECONDS);
    for (const key of ['baseUrl', 'outputDirectory', 'confirmPremiumModels', 'dailyGenerationLimit']) {
      assert.equal(seen[key]!.workspaceValue, undefined, `${key}: no workspace value`);
      assert.equal(seen[key]!.workspaceFolderValue, undefined, `${key}: no folder value`);
    }
    assert.equal(seen.outputDirectory!.get, 'videos');
    assert.equal(seen.confirmPremiumModels!.get, true);
  });

  it('activates, and its commands work', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded (not disabled by Restricted Mode)`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['videoGen.generate', 'videoGen.openPanel', 'videoGen.showHistory', 'videoGen.setApiKey', 'videoGen.refreshModels']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    const refreshed = (await vscode.commands.executeCommand('videoGen.refreshModels')) as { available: string[] };
    assert.ok(refreshed.available.includes(base.model), 'the model list came from the emulator');
    await vscode.commands.executeCommand('videoGen.openPanel');
    // The panel's page loads and shows its form (models included).
    assert.ok((await waitForForm()) > 0, 'the panel shows its form');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("generates through the user's base URL, not the workspace's, into videos/", async () => {
    await resetEmulator();
    const result = (await vscode.commands.executeCommand('videoGen.generate', {
      prompt: 'a lighthouse in restricted mode',
      ...base,
    })) as AutomationResult;
    assert.equal(result.files.length, 1);
    const file = result.files[0]!;
    assert.equal(
      vscode.Uri.joinPath(file.uri, '..').toString(),
      vscode.Uri.joinPath(folder(), 'videos').toString(),
      'saved in the default videos/ folder',
    );
    assert.ok((await names('videos')).includes(file.uri.path.split('/').pop()!));
    assert.equal(
      existsSync(vscode.Uri.joinPath(folder(), WORKSPACE_OUTPUT_DIRECTORY).fsPath),
      false,
      "the workspace's folder was not made",
    );
    assert.equal(generationPosts(await emulatorRequests()), 1, 'the emulator (user settings) got the generation');
    assert.deepEqual(await collectedRequests(), [], "the workspace's server got nothing");
  });

  it('still asks before a premium model though the workspace says not to', async () => {
    await resetEmulator();
    // The test host refuses modal dialogs: an asked confirmation is never given (see generate.test.ts).
    const err = await rejection(
      vscode.commands.executeCommand('videoGen.generate', { prompt: 'premium, unasked', ...base, model: 'provider-2/veo' }),
    );
    assert.equal(err.code, 'cancelled', err.message);
    assert.equal(generationPosts(await emulatorRequests()), 0, 'nothing was sent');
  });

  it("keeps the user's daily limit though the workspace raises it", async () => {
    await resetEmulator();
    // One generation is counted today (above): a user limit of 1 is reached.
    await config().update('dailyGenerationLimit', 1, vscode.ConfigurationTarget.Global);
    try {
      const err = await rejection(vscode.commands.executeCommand('videoGen.generate', { prompt: 'one too many', ...base }));
      assert.equal(err.code, 'daily_limit_reached', err.message);
      assert.equal(generationPosts(await emulatorRequests()), 0, 'nothing was sent');
    } finally {
      await config().update('dailyGenerationLimit', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("sent the workspace's server nothing at all, and never the key", async () => {
    const collected = await collectedRequests();
    assert.ok(!JSON.stringify(collected).includes(INTEGRATION_API_KEY), 'the key never reached it');
    assert.deepEqual(collected, []);
  });
});
