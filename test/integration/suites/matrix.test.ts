// The fault matrix: every way the emulator can fail a generation (each documented error, what
// gateways and proxies add, and a socket closed at each stage of the answer), run through the real
// extension. For each: the code and the notification's actions are the intended ones, the message
// is a sentence (no markup, no key), nothing partial or temporary is left, and the next generation
// succeeds. The matrix is printed, then asserted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { INTEGRATION_API_KEY, driverUrl, emulatorRequests, resetEmulator } from '../env';
import { notificationCentreRow } from '../notificationCentre';
import { videoNames } from '../workspaceVideos';

interface Case {
  /** The emulator directive (placed in the prompt). */
  scenario: string;
  code: string;
  /** The action the notification must offer first. */
  action: string | RegExp;
  /** The message must say what is known of billing (the API may have made the video). */
  billed?: boolean;
  /** How many requests reach the API (retries where nothing can be charged twice). */
  requests?: number;
}

const CASES: Case[] = [
  // Each documented error.
  { scenario: 'invalid_request_error', code: 'invalid_request_error', action: 'Change Settings' },
  { scenario: 'n_exceeds_model_limit', code: 'n_exceeds_model_limit', action: 'Change Settings' },
  { scenario: 'invalid_api_key', code: 'invalid_api_key', action: 'Replace API Key' },
  { scenario: 'permission_denied_error', code: 'permission_denied_error', action: 'Choose Another Model' },
  { scenario: 'rate_limited retryAfter=600', code: 'rate_limit_exceeded', action: 'Try Again (after 10 min)', requests: 1 },
  {
    scenario: 'rate_limited retryAfter=600 retryAfterDate=true',
    code: 'rate_limit_exceeded',
    action: /^Try Again \(after (9|10) min\)$/,
    requests: 1,
  },
  { scenario: 'rate_limited retryAfter=1', code: 'rate_limit_exceeded', action: 'Try Again (after 1 s)', requests: 3 },
  { scenario: 'provider_error', code: 'provider_error', action: 'Try Again' },
  // What the provider's general page and gateways add.
  { scenario: 'upstream_timeout', code: 'upstream_timeout', action: 'Try Again', billed: true },
  { scenario: 'error_in_200', code: 'provider_error', action: 'Try Again' },
  { scenario: 'model_retired status=404', code: 'model_unavailable', action: /^Use provider-2\// },
  { scenario: 'model_retired status=400', code: 'model_unavailable', action: /^Use provider-2\// },
  { scenario: 'json_message_error status=500', code: 'provider_error', action: 'Try Again' },
  { scenario: 'json_detail_error status=422', code: 'invalid_request_error', action: 'Change Settings' },
  { scenario: 'error status=418 type=teapot_error', code: 'bad_response', action: 'Try Again' },
  // Proxies and broken servers. A proxy's page or an unexplained error in front of a slow, paid
  // generation may come after the provider accepted it: the message says it may have been billed.
  { scenario: 'proxy_html status=502', code: 'bad_response', action: 'Try Again', billed: true },
  { scenario: 'proxy_html status=503', code: 'bad_response', action: 'Try Again', billed: true },
  { scenario: 'proxy_html status=504', code: 'bad_response', action: 'Try Again', billed: true },
  { scenario: 'plain_text_error status=500', code: 'bad_response', action: 'Try Again', billed: true },
  { scenario: 'invalid_base64', code: 'bad_response', action: 'Try Again', billed: true },
  { scenario: 'empty_data', code: 'bad_response', action: 'Try Again', billed: true },
  { scenario: 'url_answer expiresMs=0', code: 'bad_response', action: 'Try Again', billed: true },
  // The socket closed at each stage of the answer.
  { scenario: 'drop_before_headers', code: 'network_error', action: 'Try Again', billed: true },
  { scenario: 'drop_mid_body afterBytes=0', code: 'network_error', action: 'Try Again', billed: true },
  { scenario: 'drop_mid_body afterBytes=20', code: 'network_error', action: 'Try Again', billed: true },
  { scenario: 'drop_mid_body fraction=0.5', code: 'network_error', action: 'Try Again', billed: true },
  { scenario: 'drop_mid_body fraction=0.99999', code: 'network_error', action: 'Try Again', billed: true },
  { scenario: 'drop_mid_body fraction=0.5 transfer=chunked', code: 'network_error', action: 'Try Again', billed: true },
  { scenario: 'stall_body fraction=0.5 holdMs=500', code: 'network_error', action: 'Try Again', billed: true },
  { scenario: 'truncated_json afterBytes=20', code: 'bad_response', action: 'Try Again', billed: true },
  { scenario: 'truncated_json fraction=0.5', code: 'bad_response', action: 'Try Again', billed: true },
  { scenario: 'truncated_json fraction=0.99999', code: 'bad_response', action: 'Try Again', billed: true },
];

interface Row {
  scenario: string;
  outcome: string;
  pass: boolean;
  problems: string[];
}

const base = { model: 'provider-2/kling-v2.1', quality: '720p', duration: 1, ratio: '16:9' };

describe('Fault matrix through the extension', function () {
  this.timeout(10 * 60_000);

  before(async function () {
    if (!driverUrl()) this.skip();
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
  });

  it('gives every failure its code, message and action, leaves nothing behind, and the next generation succeeds', async () => {
    const rows: Row[] = [];
    for (const c of CASES) {
      const problems: string[] = [];
      await resetEmulator();
      await vscode.commands.executeCommand('notifications.clearAll');
      const before = await videoNames();
      let outcome = '';
      try {
        await vscode.commands.executeCommand('videoGen.generate', { prompt: `matrix [[emulator:${c.scenario}]]`, ...base });
        outcome = 'succeeded';
        problems.push('expected a failure');
      } catch (err) {
        const error = err as Error & { code?: string };
        outcome = String(error.code);
        if (error.code !== c.code) problems.push(`code ${error.code}, expected ${c.code}: ${error.message}`);
        if (!error.message || /<[a-z!/]/i.test(error.message)) problems.push(`message is not plain text: ${error.message}`);
        if (error.message.includes(INTEGRATION_API_KEY)) problems.push('the key is in the message');
        const shown = await notificationCentreRow(c.code, `a notification for ${c.code}`, 10_000).catch(() => undefined);
        if (!shown) problems.push('no notification');
        else {
          const first = shown.buttons[0] ?? '';
          outcome += ` → "${first}"`;
          const ok = typeof c.action === 'string' ? first === c.action : c.action.test(first);
          if (!ok) problems.push(`first action "${first}" (of ${JSON.stringify(shown.buttons)}), expected ${String(c.action)}`);
          if (
            c.code !== 'invalid_request_error' &&
            c.code !== 'n_exceeds_model_limit' &&
            !shown.buttons.includes('Show Log') &&
            c.code !== 'model_unavailable'
          ) {
            problems.push(`no "Show Log" among ${JSON.stringify(shown.buttons)}`);
          }
          // Where the provider may have made the video, the message says what its usage shows:
          // billed, not billed, or that it cannot be told (and then that it may have been billed).
          const billing = /was billed/.test(shown.message)
            ? 'billed'
            : /was not billed/.test(shown.message)
              ? 'not billed'
              : /may have been billed/.test(shown.message)
                ? 'may have been'
                : '';
          if (billing) outcome += ` · ${billing}`;
          if (Boolean(c.billed) !== Boolean(billing))
            problems.push(c.billed ? 'says nothing about billing' : `says "${billing}" about billing`);
        }
      }
      if (c.requests !== undefined) {
        const sent = (await emulatorRequests()).filter((r) => r.path.endsWith('/video/generations')).length;
        if (sent !== c.requests) problems.push(`${sent} requests reached the API, expected ${c.requests}`);
      }
      const after = await videoNames();
      if (after.join('|') !== before.join('|')) problems.push(`files left: ${after.filter((n) => !before.includes(n)).join(', ')}`);
      // The next generation succeeds.
      try {
        const next = (await vscode.commands.executeCommand('videoGen.generate', { prompt: 'after a fault', ...base })) as {
          files: Array<{ uri: vscode.Uri }>;
        };
        await vscode.workspace.fs.delete(next.files[0]!.uri);
        await vscode.workspace.fs.delete(next.files[0]!.uri.with({ path: next.files[0]!.uri.path.replace(/\.mp4$/, '.json') }));
      } catch (err) {
        problems.push(`the next generation failed: ${(err as Error).message}`);
      }
      rows.push({ scenario: c.scenario, outcome, pass: problems.length === 0, problems });
    }
    await vscode.commands.executeCommand('notifications.clearAll');

    const width = Math.max(...rows.map((r) => r.scenario.length));
    const outWidth = Math.max(...rows.map((r) => r.outcome.length));
    console.log(`\n    ${'scenario'.padEnd(width)}  ${'outcome (code → first action)'.padEnd(outWidth)}  pass`);
    for (const r of rows) console.log(`    ${r.scenario.padEnd(width)}  ${r.outcome.padEnd(outWidth)}  ${r.pass ? 'yes' : 'NO'}`);
    console.log(`    ${rows.filter((r) => r.pass).length} of ${rows.length} scenarios as intended\n`);
    const failed = rows.filter((r) => !r.pass);
    assert.deepEqual(
      failed.map((r) => `${r.scenario}: ${r.problems.join('; ')}`),
      [],
    );
    const api = vscode.extensions.getExtension<{ runningJobs(): number }>('videogen.video-gen')!.exports;
    assert.equal(api.runningJobs(), 0, 'no job is left running');
  });
});
