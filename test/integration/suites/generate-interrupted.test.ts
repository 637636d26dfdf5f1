// Nothing paid is forgotten: a generation a previous window lost (the harness writes it into the
// journal before VS Code starts) is reported at the next start as possibly billed, and "Run Again"
// runs it with the same parameters. Runs early, before any suite clears the notifications.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, INTEGRATION_API_KEY, SEEDED_BILLING_JOBS, SEEDED_INTERRUPTED_JOB, driverUrl, userDataDir } from '../env';
import { allNotificationCentreRows, notificationCentreRow } from '../notificationCentre';
import { inWorkbench } from '../webviewHelpers';
import { videoNames } from '../workspaceVideos';

describe('Generations a previous window lost', function () {
  this.timeout(90_000);

  before(function () {
    if (!driverUrl() || !userDataDir()) this.skip();
  });

  it('are reported as possibly billed at the next start, and run again on request', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
    const journalDir = join(userDataDir()!, 'User', 'globalStorage', EXTENSION_ID, 'journal');
    const seeded = join(journalDir, `${SEEDED_INTERRUPTED_JOB.id}.json`);
    assert.ok(existsSync(seeded), 'the harness wrote the lost job into the journal');

    // The report comes shortly after activation; a toast may already have timed out, so read the
    // notification centre, where every notification stays until it is answered or cleared.
    const { prompt } = SEEDED_INTERRUPTED_JOB.request;
    const before = await videoNames();
    const report = await notificationCentreRow(prompt, 'the report of the lost generation', 20_000, async () => {
      const clicked = await inWorkbench<boolean>(`
        const row = [...document.querySelectorAll('.notifications-center .monaco-list-row')].find((r) => r.textContent.includes(${JSON.stringify(prompt)}));
        const button = row && [...row.querySelectorAll('.monaco-button')].find((b) => b.textContent.trim() === 'Run Again');
        if (!button) return false;
        button.click();
        return true;`);
      assert.ok(clicked, 'the report has a "Run Again" button');
    }).then((row) => row.text);
    assert.match(report, /interrupted and may have been billed/);
    assert.match(report, /provider-2\/kling-v2\.1/);
    assert.match(report, /Run Again/);

    // The same request runs again and is saved; the journal no longer holds the lost job.
    const deadline = Date.now() + 60_000;
    let added: string[] = [];
    while (Date.now() < deadline) {
      added = (await videoNames()).filter((n) => !before.includes(n) && n.endsWith('.mp4'));
      if (added.length > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(added.length, 1, 'one video was generated again');
    assert.match(added[0]!, /a-lighthouse-lost-to-a-reload-kling-v2\.1\.mp4$/);
    assert.ok(!readdirSync(journalDir).includes(`${SEEDED_INTERRUPTED_JOB.id}.json`), 'the lost job is crossed out');
  });

  it("say what the provider's usage shows: billed, not billed, or that it cannot be told", async () => {
    const journalDir = join(userDataDir()!, 'User', 'globalStorage', EXTENSION_ID, 'journal');
    const expected = (job: (typeof SEEDED_BILLING_JOBS)[number]): RegExp[] =>
      job.verdict === 'billed'
        ? [/the provider's usage shows it was billed/, /cannot be downloaded again/]
        : job.verdict === 'not_billed'
          ? [/the provider's usage shows it was not billed/]
          : 'noUsageEndpoint' in job
            ? [/may have been billed/, /Whether it was billed cannot be told: .*no usage endpoint/]
            : [/may have been billed/, /Whether it was billed cannot be told: .*moved by 2/];
    const deadline = Date.now() + 20_000;
    let rows: Awaited<ReturnType<typeof allNotificationCentreRows>> = [];
    while (Date.now() < deadline) {
      // A notification that comes or goes during the walk (the run-again generation's) spoils it: walk again.
      rows = await allNotificationCentreRows().catch(() => []);
      if (SEEDED_BILLING_JOBS.every((job) => rows.some((r) => r.message.includes(job.request.prompt)))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const job of SEEDED_BILLING_JOBS) {
      const row = rows.find((r) => r.message.includes(job.request.prompt));
      assert.ok(row, `a report for "${job.request.prompt}" (found: ${rows.map((r) => r.message.slice(0, 60)).join(' | ')})`);
      for (const pattern of expected(job)) assert.match(row.message, pattern, job.verdict);
      assert.ok(row.buttons.includes('Run Again'), 'the report offers Run Again');
      const entry = JSON.parse(readFileSync(join(journalDir, `${job.id}.json`), 'utf8')) as { billing?: { verdict: string } };
      assert.equal(entry.billing?.verdict, job.verdict, 'the verdict is written into the journal entry');
    }
  });
});
