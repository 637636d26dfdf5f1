// "Generate All Shots" in a real VS Code against the emulator: a 4-shot storyboard with one shot
// faulted (by a directive in its prompt, as the order is not fixed) saves 3 and reports 1 with its
// code, within the concurrency limit (read off the emulator's request log); a second run skips the
// shots with takes; a 429 pauses the whole queue; a monthly dollar budget crossing mid-run stops
// it and names the shots not started; a confirmation the window cannot show sends nothing.
//
// It runs after generate.test.ts (file order), whose suites expect the built-in model table before
// they refresh it from the emulator: the budget case here refreshes it too, for the prices.
//
// The test host refuses modal dialogs, so the runs pass `confirm: false` (automation), which skips
// the batch's confirmation for shots without a premium model (as `videoGen.generate` with
// arguments does).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { INTEGRATION_API_KEY, emulatorRequests, emulatorUrl, resetEmulator, screenshot } from '../env';

interface Summary {
  saved: Array<{ shotId: string; files: string[] }>;
  failed: Array<{ shotId: string; code: string; message: string }>;
  cancelled: Array<{ shotId: string }>;
  notStarted: Array<{ shotId: string; code: string; reason: string }>;
  skipped: Array<{ shotId: string; why: string; problem?: string }>;
}

interface LoggedGeneration {
  path: string;
  body?: unknown;
  time: string;
  durationMs?: number;
  status?: number;
  generationsInFlight?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('videoGen');

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test host opens a workspace folder');
  return f.uri;
}

function shot(prompt: string, duration = 1): string {
  return [
    '```video',
    `prompt: ${prompt}`,
    'model: provider-2/kling-v2.1',
    'quality: 720p',
    `duration: ${duration}`,
    'ratio: 16:9',
    '```',
    '',
  ].join('\n');
}

async function writeStoryboard(name: string, shots: string[]): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder(), `${name}-${Date.now()}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode([`# ${name}`, '', ...shots].join('\n')));
  return uri;
}

async function generateAll(uri: vscode.Uri, extra: Record<string, unknown> = {}): Promise<Summary> {
  const summary = await vscode.commands.executeCommand<Summary | undefined>('videoGen.generateAllShots', { uri, confirm: false, ...extra });
  assert.ok(summary, 'the command resolves with its summary');
  return summary;
}

async function generations(): Promise<LoggedGeneration[]> {
  return ((await emulatorRequests()) as unknown as LoggedGeneration[]).filter((r) => r.path === '/v1/video/generations');
}

async function setEmulatorScenarios(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emulatorUrl()}/__emulator/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}

describe('Generate All Shots', function () {
  this.timeout(120_000);
  const created: vscode.Uri[] = [];

  before(async () => {
    await vscode.extensions.getExtension('videogen.video-gen')!.activate();
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    await config().update('queue.concurrency', 2, vscode.ConfigurationTarget.Global);
  });
  beforeEach(() => resetEmulator());
  after(async () => {
    await config().update('queue.concurrency', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) {
      // The ids written are unsaved edits: save them, so nothing asks about them later.
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isDirty) await doc.save();
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  it('saves 3 of 4 shots and reports the faulted one with its code, never more at once than the setting; a second run skips shots with takes', async () => {
    const slow = '[[emulator:success delayMs=700]]';
    const uri = await writeStoryboard('generate-all', [
      shot(`A red kite over the sea ${slow}`),
      shot(`A lighthouse at dusk ${slow}`),
      shot('A storm that fails [[emulator:provider_error delayMs=300]]'),
      shot(`A fox in the snow ${slow}`),
    ]);
    created.push(uri);
    const summary = await generateAll(uri);

    assert.equal(summary.saved.length, 3, JSON.stringify(summary));
    assert.equal(summary.failed.length, 1);
    assert.equal(summary.failed[0]!.code, 'provider_error');
    assert.match(summary.failed[0]!.shotId, /^a-storm-that-fails/);
    assert.deepEqual(summary.notStarted, []);

    const sent = await generations();
    assert.equal(sent.length, 4, 'one request per shot');
    const most = Math.max(...sent.map((r) => r.generationsInFlight ?? 0));
    assert.equal(most, 2, `at most 2 in flight, and the queue did use both (${sent.map((r) => r.generationsInFlight).join(',')})`);

    // Each shot got an id written into its block, and each take's sidecar names the storyboard and the shot.
    const doc = await vscode.workspace.openTextDocument(uri);
    const ids = [...doc.getText().matchAll(/^id: (.+)$/gm)].map((m) => m[1]!);
    assert.equal(ids.length, 4, doc.getText());
    if (doc.isDirty) await doc.save();
    const path = vscode.workspace.asRelativePath(uri, false);
    for (const saved of summary.saved) {
      assert.ok(ids.includes(saved.shotId));
      const sidecarUri = vscode.Uri.joinPath(folder(), saved.files[0]!.replace(/\.mp4$/, '.json'));
      const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecarUri))) as {
        storyboard?: { path: string; shotId: string };
      };
      assert.deepEqual(sidecar.storyboard, { path, shotId: saved.shotId });
    }

    await resetEmulator();
    const again = await generateAll(uri);
    assert.deepEqual(
      again.skipped.map((s) => s.why),
      ['has-takes', 'has-takes', 'has-takes'],
    );
    assert.deepEqual(
      again.failed.map((f) => f.shotId),
      [summary.failed[0]!.shotId],
      'only the shot without a take is sent again',
    );
    assert.equal((await generations()).length, 1);
  });

  it('a 429 with Retry-After pauses the whole queue: no request starts during the wait, and the refused shot is sent again', async () => {
    // The 429 comes 300 ms after its request, so the other shot started with it is already on its
    // way (a running job goes on); every request after the 429 must wait the 3 s.
    await setEmulatorScenarios({
      enqueue: { kind: 'rate_limited', retryAfter: 3, delayMs: 300 },
      default: { kind: 'success', delayMs: 300 },
    });
    const uri = await writeStoryboard('generate-all-429', [
      shot('Rain on a window'),
      shot('A train at night'),
      shot('Waves on rocks'),
      shot('A candle'),
    ]);
    created.push(uri);
    await vscode.commands.executeCommand('notifications.clearAll');
    const running = generateAll(uri);
    // The batch's one notification while the queue waits (for the README).
    for (let i = 0; i < 100 && !(await generations()).some((r) => r.status === 429); i++) await sleep(50);
    await sleep(700);
    await screenshot('generate-all-paused');
    const summary = await running;
    assert.equal(summary.saved.length, 4, JSON.stringify(summary));

    const sent = await generations();
    assert.equal(sent.length, 5, 'four shots and the one sent again after the 429');
    const limited = sent.find((r) => r.status === 429);
    assert.ok(limited, 'the emulator answered one 429');
    const pauseStart = Date.parse(limited.time) + (limited.durationMs ?? 0);
    const during = sent.filter((r) => Date.parse(r.time) > pauseStart && Date.parse(r.time) < pauseStart + 2900);
    const timeline = sent
      .map((r) => `${(r.body as { prompt?: string } | undefined)?.prompt} +${Date.parse(r.time) - pauseStart}ms ${r.status}`)
      .join('; ');
    assert.equal(during.length, 0, `nothing was sent while the queue waited: ${timeline}`);
    const after = sent.filter((r) => Date.parse(r.time) >= pauseStart + 2900);
    assert.ok(after.length >= 1, 'the queue went on after the wait');
    assert.ok(Math.max(...sent.map((r) => r.generationsInFlight ?? 0)) <= 2);
  });

  it('a monthly dollar budget crossed during the run stops the queue, and the summary names the shots not started', async () => {
    // The refreshed model list prices Kling at 0.05 USD a second: two 2-second shots fit, a third would not.
    await vscode.commands.executeCommand('videoGen.refreshModels');
    const api = vscode.extensions.getExtension<{ spending(): { thisMonth: { usd: number } } }>('videogen.video-gen')!.exports;
    await config().update('monthlyBudgetUsd', api.spending().thisMonth.usd + 0.25, vscode.ConfigurationTarget.Global);
    try {
      const uri = await writeStoryboard('generate-all-budget', [
        shot('Budget one', 2),
        shot('Budget two', 2),
        shot('Budget three', 2),
        shot('Budget four', 2),
      ]);
      created.push(uri);
      const summary = await generateAll(uri);
      assert.equal(summary.saved.length, 2, JSON.stringify(summary));
      assert.deepEqual(
        summary.notStarted.map((n) => n.shotId),
        ['budget-three', 'budget-four'],
      );
      for (const n of summary.notStarted) {
        assert.equal(n.code, 'budget_exceeded');
        assert.match(n.reason, /monthly budget/);
      }
      assert.equal((await generations()).length, 2, 'nothing was sent past the budget');
    } finally {
      await config().update('monthlyBudgetUsd', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('sends nothing when the confirmation is not given (the test host cannot show the modal dialog)', async () => {
    const uri = await writeStoryboard('generate-all-unconfirmed', [shot('Never sent')]);
    created.push(uri);
    const result = await vscode.commands.executeCommand('videoGen.generateAllShots', uri);
    assert.equal(result, undefined);
    assert.equal((await generations()).length, 0);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.doesNotMatch(doc.getText(), /^id: /m, 'no id is written when nothing is generated');
  });
});
