// Shutdown: the extension is deactivated (window reload or close, extension disabled) while a
// generation is receiving its video. The connection is closed, the temporary file removed, the
// deactivation finishes promptly, and the job stays in the journal marked as cut off (it may have
// been billed) for the next start to report. Runs last: the extension is shut down afterwards.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, INTEGRATION_API_KEY, resetEmulator, userDataDir } from '../env';
import { videoNames } from '../workspaceVideos';

async function waitFor<T>(probe: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Shutdown while a generation runs', function () {
  this.timeout(60_000);

  it('aborts it cleanly, leaves no file, and keeps it in the journal as cut off', async function () {
    if (!userDataDir()) this.skip();
    const extension = vscode.extensions.getExtension<{ runningJobs(): number }>(EXTENSION_ID)!;
    await extension.activate();
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
    await resetEmulator();
    const before = await videoNames();
    const prompt = 'a train cut off by a reload [[emulator:stall_body fraction=0.5]]';
    const pending = vscode.commands
      .executeCommand('videoGen.generate', { prompt, model: 'provider-2/kling-v2.1', quality: '720p', duration: 2, ratio: '16:9' })
      .then(
        () => assert.fail('a generation cut off by shutdown must not succeed'),
        (err: Error & { code?: string }) => err,
      );
    // Half the video has arrived and is being written to a temporary file.
    await waitFor(videoNames, (names) => names.some((n) => n.endsWith('.part') && !before.includes(n)), 'the temporary file');
    assert.equal(extension.exports.runningJobs(), 1);

    // What VS Code calls when the window reloads or closes: the module's deactivate(). require()
    // returns the instance VS Code loaded (the same module cache), not a fresh copy.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(join(extension.extensionPath, 'dist', 'extension.js')) as { deactivate(): Promise<void> | undefined };
    const started = Date.now();
    await module.deactivate();
    const deactivateMs = Date.now() - started;
    const error = await pending;
    console.log(`    deactivate() with a generation receiving its video: ${deactivateMs} ms`);

    assert.equal(error.code, 'cancelled', error.message);
    assert.ok(deactivateMs < 4000, `deactivate took ${deactivateMs} ms`);
    assert.equal(extension.exports.runningJobs(), 0, 'no job is left running');
    assert.deepEqual(
      (await videoNames()).filter((n) => !before.includes(n)),
      [],
      'no video, partial or temporary file is left',
    );

    const journalDir = join(userDataDir()!, 'User', 'globalStorage', EXTENSION_ID, 'journal');
    const entries = readdirSync(journalDir)
      .filter((n) => n.endsWith('.json'))
      .map((n) => readFileSync(join(journalDir, n), 'utf8'));
    const cut = entries
      .map((text) => JSON.parse(text) as { request: { prompt: string }; interruptedAt?: string; phase: string })
      .filter((e) => e.request.prompt === prompt);
    assert.equal(cut.length, 1, 'the cut-off job stays in the journal');
    assert.ok(cut[0]!.interruptedAt, 'marked as cut off, to be reported at the next start');
    assert.equal(cut[0]!.phase, 'receiving');
    for (const text of entries) assert.ok(!text.includes(INTEGRATION_API_KEY), 'the journal never holds the key');
  });
});
