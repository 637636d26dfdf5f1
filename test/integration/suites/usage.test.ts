// The Usage & Spend view in a real VS Code, against the emulator's GET /v1/usage: the provider's plan
// and per-model counts, read on demand and again after a generation (debounced, while the view is
// visible; nothing while it is hidden), the 404 row of a server without the endpoint, a refused key
// in plain words, this machine's own counts beside them, and screenshots in light and dark themes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AutomationResult } from '../../../src/commands/generateCommands';
import { INTEGRATION_API_KEY, WRONG_API_KEY, driverUrl, emulatorRequests, emulatorUrl, resetEmulator, screenshot } from '../env';
import { inWorkbench, waitInWorkbench } from '../webviewHelpers';

const EXTENSION_ID = 'videogen.video-gen';
const ROWS = `return [...document.querySelectorAll('.part.sidebar .pane-body .monaco-list-row')].map((r) => r.getAttribute('aria-label') ?? '');`;

async function usageShape(shape: unknown): Promise<void> {
  const res = await fetch(`${emulatorUrl()}/__emulator/usage-shape`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(shape),
  });
  assert.ok(res.ok, `usage shape accepted (${res.status})`);
}

/** The view's reads (all sections); a generation's own billing check asks for a few sections only. */
async function usageRequests(): Promise<number> {
  return (await emulatorRequests()).filter((r) => r.path.split('?')[0]!.endsWith('/usage') && !/[?&]section=/.test(r.path)).length;
}

/** "Model Kling v2.1: 3 requests · 2 successful · …" → [3, 2]; [0, 0] when the model has no row yet. */
function klingCounts(rows: string[]): [number, number] {
  const row = rows.find((r) => r.startsWith('Model Kling v2.1:'));
  if (!row) return [0, 0];
  const total = /(\d+) requests?/.exec(row);
  const ok = /(\d+) successful/.exec(row);
  return [Number(total?.[1] ?? 0), Number(ok?.[1] ?? 0)];
}

/** What the emulator itself counts for Kling under `user` (its admin route, not the view's). */
async function emulatorKlingCounts(user: string): Promise<[number, number]> {
  const res = await fetch(`${emulatorUrl()}/__emulator/usage`);
  assert.ok(res.ok, `emulator usage read (${res.status})`);
  const body = (await res.json()) as { usage: Record<string, Record<string, { totalRequests: number; successfulRequests: number }>> };
  const kling = body.usage[user]?.['provider-2/kling-v2.1'];
  return [kling?.totalRequests ?? 0, kling?.successfulRequests ?? 0];
}

async function generate(prompt: string): Promise<void> {
  const result = await vscode.commands.executeCommand<AutomationResult | undefined>('videoGen.generate', {
    prompt,
    model: 'provider-2/kling-v2.1',
    quality: '720p',
    duration: 1,
    ratio: '16:9',
  });
  assert.ok(result?.files[0], 'the generation saved a file');
}

function sidebarWidth(): Promise<number> {
  return inWorkbench<number>(`return document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0;`);
}

/** The Usage & Spend pane alone (its header and rows). */
const USAGE_PANE = '.part.sidebar .pane:has(.pane-header[aria-label*="Usage & Spend"])';

async function inTheme(theme: string, name: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await new Promise((r) => setTimeout(r, 1500));
  await screenshot(name, USAGE_PANE);
}

describe('Usage & Spend view', function () {
  this.timeout(120_000);

  before(async function () {
    if (!driverUrl()) this.skip();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    await resetEmulator();
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await usageShape(true).catch(() => undefined);
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it('shows the provider’s plan, models and limits beside this machine’s counts, and reads again after a generation', async () => {
    await vscode.commands.executeCommand('videoGen.usage.focus');
    await vscode.commands.executeCommand('videoGen.refreshUsage');
    const rows = await waitInWorkbench<string[]>(ROWS, (r) => r.some((l) => l.startsWith('Provider’s plan:')), 'the plan row');
    assert.ok(rows.includes('From the provider (GET /usage)'), 'the provider’s group is labelled');
    assert.ok(rows.includes('Counted by this machine'), 'the local group is labelled');
    assert.ok(
      rows.some((l) => /^Provider’s plan: ultra, user \w+$/.test(l)),
      `plan row in ${JSON.stringify(rows)}`,
    );
    assert.ok(rows.some((l) => /^Provider’s cumulative cost: [\d.]+ US dollars \(cumulative_cost_usd\)$/.test(l)));
    assert.ok(rows.some((l) => l === 'Provider’s rate limits: 10 requests per minute, 500 requests per day'));
    assert.ok(rows.some((l) => /^Provider’s figures read at /.test(l)));
    assert.ok(rows.some((l) => /^Counted by this machine today: \d+ videos?, \d+ s/.test(l)));
    // The tree may still show an earlier read (from before the emulator was reset) for a moment after
    // the refresh: wait until it shows what the emulator counts now.
    const user = /^Provider’s plan: ultra, user (\w+)$/.exec(rows.find((l) => l.startsWith('Provider’s plan:'))!)![1]!;
    const [total, successful] = await emulatorKlingCounts(user);
    await waitInWorkbench<string[]>(
      ROWS,
      (r) => klingCounts(r)[0] === total && klingCounts(r)[1] === successful,
      `the Kling row to show the emulator's ${total} requests`,
    );

    const before = await usageRequests();
    await generate(`A usage test, ${Date.now()}`);
    // No refresh asked for: the view is visible, so the finished generation is read 2 s later.
    const after = await waitInWorkbench<string[]>(
      ROWS,
      (r) => klingCounts(r)[0] === total + 1,
      'the Kling row to count the generation',
      20_000,
    );
    assert.deepEqual(klingCounts(after), [total + 1, successful + 1]);
    assert.ok(
      after.some((l) => /^Model Kling v2\.1: .*video_cost_usd [\d.]+ USD/.test(l)),
      'the video cost, by its field name',
    );
    assert.equal((await usageRequests()) - before, 1, 'one read after the generation');
  });

  it('counts what the provider says was spent in the dollar budgets, by another client too', async () => {
    // Kling is priced once the model list was read with its prices; the budget applies to priced models.
    await vscode.commands.executeCommand('videoGen.refreshModels');
    await vscode.commands.executeCommand('videoGen.refreshUsage');
    const api = vscode.extensions.getExtension<{ spending(): { thisMonth: { usd: number } } }>(EXTENSION_ID)!.exports;
    const config = vscode.workspace.getConfiguration('videoGen');
    // Earlier suites spent some estimated dollars here: the budget leaves one more dollar of room.
    const local = api.spending().thisMonth.usd;
    await config.update('monthlyBudgetUsd', Math.round((local + 1) * 100) / 100, vscode.ConfigurationTarget.Global);
    try {
      // Another client of the same key spends more than that: this machine's own estimate does not see it.
      const bump = await fetch(`${emulatorUrl()}/__emulator/usage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'provider-2/kling-v2.1', costUsd: Math.ceil(local) + 5 }),
      });
      assert.ok(bump.ok, `usage bumped (${bump.status})`);
      await vscode.commands.executeCommand('videoGen.refreshUsage');
      const sent = async (): Promise<number> => (await emulatorRequests()).filter((r) => r.path.endsWith('/video/generations')).length;
      const before = await sent();
      await assert.rejects(
        async () =>
          await vscode.commands.executeCommand('videoGen.generate', {
            prompt: 'over the provider-counted budget',
            model: 'provider-2/kling-v2.1',
            quality: '720p',
            duration: 1,
            ratio: '16:9',
          }),
        (err: Error & { code?: string }) => err.code === 'budget_exceeded' && /monthly budget/.test(err.message),
      );
      assert.equal(await sent(), before, 'nothing was sent');
    } finally {
      await config.update('monthlyBudgetUsd', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('reads nothing while the view is hidden, and reads when it is shown again', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await new Promise((r) => setTimeout(r, 500));
    const before = await usageRequests();
    await generate(`Hidden usage, ${Date.now()}`);
    await new Promise((r) => setTimeout(r, 3500));
    assert.equal(await usageRequests(), before, 'no read while the view is hidden');
    await vscode.commands.executeCommand('videoGen.usage.focus');
    const deadline = Date.now() + 10_000;
    while ((await usageRequests()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal((await usageRequests()) - before, 1, 'one read on showing the view with an out-of-date reading');
  });

  it('joins a refresh asked for while one runs', async () => {
    const before = await usageRequests();
    await Promise.all([vscode.commands.executeCommand('videoGen.refreshUsage'), vscode.commands.executeCommand('videoGen.refreshUsage')]);
    assert.equal((await usageRequests()) - before, 1);
  });

  it('looks native in light and dark themes', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const previous = workbench.inspect<string>('colorTheme')?.globalValue;
    const steps: string[] = [];
    try {
      await vscode.commands.executeCommand('videoGen.usage.focus');
      // Another client of the same key used Veo: its requests show up on the next read.
      const added = await fetch(`${emulatorUrl()}/__emulator/usage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'provider-2/veo', requests: 3, successful: 2, duration: 4 }),
      });
      assert.ok(added.ok);
      await vscode.commands.executeCommand('videoGen.refreshUsage');
      await waitInWorkbench<string[]>(ROWS, (r) => r.some((l) => l.startsWith('Model Veo: 3 requests · 2 successful')), 'the Veo row');
      // Wide enough for the descriptions (the field names, the costs) to show. Which command widens
      // the side bar depends on the part in focus: try one, and use the other if it narrows it.
      let widen = 'workbench.action.decreaseViewWidth';
      for (let i = 0; i < 12 && (await sidebarWidth()) < 520; i++) {
        const before = await sidebarWidth();
        await vscode.commands.executeCommand(widen);
        steps.push(widen);
        if ((await sidebarWidth()) < before)
          widen = widen.endsWith('decreaseViewWidth') ? 'workbench.action.increaseViewWidth' : 'workbench.action.decreaseViewWidth';
      }
      await inTheme('Default Light Modern', 'usage-light');
      await inTheme('Default Dark Modern', 'usage-dark');
      await inTheme('Default High Contrast', 'usage-hc-dark');
    } finally {
      for (const step of steps.reverse()) {
        await vscode.commands.executeCommand(
          step.endsWith('decreaseViewWidth') ? 'workbench.action.increaseViewWidth' : 'workbench.action.decreaseViewWidth',
        );
      }
      await workbench.update('colorTheme', previous, vscode.ConfigurationTarget.Global);
    }
  });

  it('says so when the server has no usage endpoint, and keeps the local counts', async () => {
    await usageShape(false);
    await vscode.commands.executeCommand('videoGen.refreshUsage');
    const rows = await waitInWorkbench<string[]>(
      ROWS,
      (r) => r.some((l) => l.startsWith('This server has no usage endpoint')),
      'the 404 row',
    );
    assert.ok(rows.includes('This server has no usage endpoint; the counts below are this machine’s own., HTTP 404'), JSON.stringify(rows));
    assert.ok(!rows.some((l) => l.startsWith('Provider’s plan')), 'no figure of the provider is left');
    assert.ok(rows.some((l) => /^Counted by this machine in total: \d+ videos?/.test(l)));
    await usageShape(true);
  });

  it('says in plain words that the key was refused, never showing it', async () => {
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', WRONG_API_KEY), true);
    await vscode.commands.executeCommand('videoGen.refreshUsage');
    const rows = await waitInWorkbench<string[]>(ROWS, (r) => r.some((l) => l.startsWith('Could not read the usage:')), 'the error row');
    const row = rows.find((l) => l.startsWith('Could not read the usage:'))!;
    assert.match(row, /The API key is missing or was refused\./);
    const text = (await inWorkbench<string>(`return document.querySelector('.part.sidebar')?.textContent ?? '';`)) + rows.join('\n');
    assert.ok(!text.includes(WRONG_API_KEY) && !text.includes(INTEGRATION_API_KEY), 'no key in the view');
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    await vscode.commands.executeCommand('videoGen.refreshUsage');
    await waitInWorkbench<string[]>(ROWS, (r) => r.some((l) => l.startsWith('Provider’s plan:')), 'the plan row again');
  });
});
