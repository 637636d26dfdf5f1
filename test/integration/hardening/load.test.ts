// Load: 16 generations at once through the command, a mix of successes, slow answers and faults.
// Every success is saved with exactly the bytes the emulator sent (by SHA-256), every failure is
// reported once (one error notification per failed generation, counted in the notification
// centre), nothing temporary remains, the extension host's event loop never stalls for long,
// and its memory comes back near where it started.
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { INTEGRATION_API_KEY, driverUrl, emulatorRequests, resetEmulator } from '../env';
import { allNotificationCentreRows, type CentreRow } from '../notificationCentre';

interface Saved {
  files: Array<{ uri: vscode.Uri; sha256: string }>;
}

const base = { model: 'provider-2/kling-v2.1', quality: '720p', ratio: '16:9' };

describe('Load: 16 generations at once', function () {
  this.timeout(180_000);

  it('saves every success intact, reports every failure once, and keeps the extension host responsive', async () => {
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
    await resetEmulator();
    const directives = [
      '',
      '',
      '',
      '',
      '',
      '',
      '[[emulator:slow_headers delayMs=1500]]',
      '[[emulator:slow_headers delayMs=2500]]',
      '[[emulator:success chunkSize=65536 chunkDelayMs=5]]',
      '[[emulator:success escapeSlashes=true]]',
      '[[emulator:provider_error]]',
      '[[emulator:drop_mid_body]]',
      '[[emulator:invalid_base64]]',
      '[[emulator:truncated_json]]',
      '[[emulator:proxy_html]]',
      '[[emulator:rate_limited retryAfter=900]]',
    ];
    const expectedFailures = new Map([
      ['provider_error', 'provider_error'],
      ['drop_mid_body', 'network_error'],
      ['invalid_base64', 'bad_response'],
      ['truncated_json', 'bad_response'],
      ['proxy_html', 'bad_response'],
      ['rate_limited', 'rate_limit_exceeded'],
    ]);
    // One generation first, so the figures are about load rather than first-use loading.
    await vscode.commands.executeCommand('videoGen.generate', { prompt: 'warm up', ...base, duration: 1 });
    await resetEmulator();
    assert.ok(driverUrl(), 'the notifications are counted through the test driver');
    await vscode.commands.executeCommand('notifications.clearAll');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const heapBefore = process.memoryUsage().heapUsed;
    loop.enable();
    const started = Date.now();
    const outcomes = await Promise.allSettled(
      directives.map((d, i) =>
        vscode.commands.executeCommand<Saved>('videoGen.generate', { prompt: `load ${i} ${d}`, ...base, duration: 1 + (i % 5) }),
      ),
    );
    loop.disable();
    const wallMs = Date.now() - started;

    const successes = outcomes.filter((o): o is PromiseFulfilledResult<Saved> => o.status === 'fulfilled');
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.equal(
      successes.length,
      10,
      `successes: ${successes.length}; failures: ${failures.map((f) => String(f.reason?.message)).join(' | ')}`,
    );
    assert.equal(failures.length, 6);
    for (const [i, o] of outcomes.entries()) {
      if (o.status !== 'rejected') continue;
      const kind = /emulator:(\w+)/.exec(directives[i]!)?.[1] ?? '';
      assert.equal((o.reason as { code?: string }).code, expectedFailures.get(kind), `generation ${i} (${kind})`);
    }

    // What was saved is exactly what the emulator sent.
    const sent = new Set(
      (await emulatorRequests()).flatMap((r) => ((r as { videoSha256?: Array<string | null> }).videoSha256 ?? []).filter(Boolean)),
    );
    for (const s of successes) {
      const file = s.value.files[0]!;
      assert.ok(sent.has(file.sha256), `${file.uri.path} matches a video the emulator sent`);
      const bytes = await vscode.workspace.fs.readFile(file.uri);
      assert.equal(bytes.length > 0, true);
    }

    // Nothing temporary is left in the output folder.
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const names = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder, 'videos'))).map(([n]) => n);
    assert.deepEqual(
      names.filter((n) => n.endsWith('.part') || n.startsWith('.')),
      [],
    );

    const maxStallMs = loop.max / 1e6;
    await new Promise((r) => setTimeout(r, 2000));
    const heapAfter = process.memoryUsage().heapUsed;
    console.log(
      `    16 generations in ${wallMs} ms; longest event-loop stall ${maxStallMs.toFixed(0)} ms; heap ${(heapBefore / 1048576).toFixed(0)} → ${(heapAfter / 1048576).toFixed(0)} MB`,
    );

    // Each failure was shown once (counted after the figures above are taken, so the counting
    // does not weigh on them): as many error notifications as failed generations, each code
    // as often as it failed. The errors are shown without waiting for them, so they may come a
    // moment after the commands settled; a second look catches any shown late a second time.
    // VS Code replaces a notification identical to one still shown, so the same error object shown
    // twice would count once; these messages differ (each names its request id), so two reports of
    // different failures never merge.
    const errorRows = async (): Promise<CentreRow[]> => (await allNotificationCentreRows()).filter((r) => r.severity === 'error');
    const deadline = Date.now() + 15_000;
    let shown = await errorRows();
    while (shown.length < failures.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      shown = await errorRows();
    }
    await new Promise((r) => setTimeout(r, 1500));
    shown = await errorRows();
    const messages = shown.map((r) => r.message).join(' | ');
    console.log(`    ${shown.length} error notifications for ${failures.length} failed generations`);
    assert.equal(shown.length, failures.length, `error notifications: ${messages}`);
    const failedCodes = failures.map((f) => String((f.reason as { code?: string }).code));
    for (const code of new Set(failedCodes)) {
      const times = failedCodes.filter((c) => c === code).length;
      assert.equal(shown.filter((r) => r.message.includes(code)).length, times, `notifications naming ${code}: ${messages}`);
    }
    await vscode.commands.executeCommand('notifications.clearAll');

    assert.ok(maxStallMs < 100, `the extension host's event loop stalled ${maxStallMs.toFixed(0)} ms`);
    assert.ok(heapAfter - heapBefore < 64 * 1048576, `heap grew by ${((heapAfter - heapBefore) / 1048576).toFixed(0)} MB`);
  });
});
