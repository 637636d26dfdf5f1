// What a person sees and does: the notification after a failure carries the action that fixes it,
// a missing key is asked for and the generation goes on, a refused key is replaced from the
// notification, and the editor's selection becomes the prompt. Driven by keyboard and mouse through
// the harness (code-server only).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { INTEGRATION_API_KEY, WRONG_API_KEY, driverUrl, press, resetEmulator, screenshot, typeText } from '../env';
import { acceptPick, enterText, waitForPasswordInput, waitForStep } from '../quickInput';
import { inWorkbench, waitInWorkbench } from '../webviewHelpers';

interface Result {
  request: { prompt: string; model: string; quality: string; duration: number; ratio: string };
  files: Array<{ width: number; height: number }>;
}

const base = { model: 'provider-2/kling-v2.1', quality: '720p', duration: 1, ratio: '16:9' };

/** The visible notification toasts: their text and their buttons' labels. */
const TOASTS = `
  return [...document.querySelectorAll('.notifications-toasts .notification-toast')].map((t) => ({
    text: t.querySelector('.notification-list-item-message')?.textContent ?? t.textContent,
    buttons: [...t.querySelectorAll('.monaco-button')].map((b) => b.textContent.trim()).filter(Boolean),
  }));`;

type Toast = { text: string; buttons: string[] };

/**
 * Clears the notifications and waits out VS Code's toast spam protection (at most 3 new toasts per
 * 800 ms; more go to the notification centre only), so the next notification shows as a toast.
 */
async function quietNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await waitInWorkbench<Toast[]>(TOASTS, (ts) => ts.length === 0, 'the notifications to clear', 5000);
  await new Promise((r) => setTimeout(r, 1000));
}

async function toastFor(code: string): Promise<Toast> {
  const toasts = await waitInWorkbench<Toast[]>(TOASTS, (ts) => ts.some((t) => t.text.includes(code)), `a notification for ${code}`);
  return toasts.find((t) => t.text.includes(code))!;
}

async function clickToastButton(label: string): Promise<void> {
  const clicked = await inWorkbench<boolean>(`
    const button = [...document.querySelectorAll('.notifications-toasts .notification-toast .monaco-button')].find((b) => b.textContent.trim() === ${JSON.stringify(label)});
    if (!button) return false;
    button.click();
    return true;`);
  assert.ok(clicked, `a "${label}" button was on a notification`);
}

/** Walks the pickers after the prompt step: `model` by name, then each step's preselected value. */
async function acceptPickers(model: string): Promise<void> {
  await acceptPick(2, model);
  for (const step of [3, 4, 5]) await acceptPick(step);
}

/** Types the key into the password prompt once it is on screen, and accepts it. */
async function enterKey(key: string): Promise<void> {
  await waitForPasswordInput();
  await typeText(key);
  await press('Enter');
}

describe('Interactive flows', function () {
  this.timeout(120_000);

  before(function () {
    if (!driverUrl()) this.skip();
  });
  beforeEach(async () => {
    await resetEmulator();
    await quietNotifications();
  });

  it('shows each error with the action that fixes it', async () => {
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
    const cases: Array<[string, string, string]> = [
      ['[[emulator:rate_limited retryAfter=600]]', 'rate_limit_exceeded', 'Try Again (after 10 min)'],
      ['[[emulator:permission_denied_error]]', 'permission_denied_error', 'Choose Another Model'],
      ['[[emulator:provider_error]]', 'provider_error', 'Try Again'],
      ['[[emulator:proxy_html]]', 'bad_response', 'Show Log'],
      ['[[emulator:drop_before_headers]]', 'network_error', 'Proxy Settings'],
      ['[[emulator:invalid_api_key]]', 'invalid_api_key', 'Replace API Key'],
    ];
    for (const [directive, code, button] of cases) {
      await quietNotifications();
      await vscode.commands.executeCommand('videoGen.generate', { prompt: `action check ${directive}`, ...base }).then(
        () => assert.fail(`${code} should fail`),
        () => undefined,
      );
      const toast = await toastFor(code);
      assert.ok(toast.buttons.includes(button), `${code}: buttons ${JSON.stringify(toast.buttons)} include "${button}"`);
      if (code === 'rate_limit_exceeded') await screenshot('error-notification');
    }
  });

  it('never lets a server turn its message into a link', async () => {
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
    // VS Code makes "[label](command:…)" in a notification a link that runs the command.
    const planted = 'Fix it: [Open Settings\\u005d(command:workbench.action.openSettings) or [docs\\u005d(https://example.com)';
    await vscode.commands
      .executeCommand('videoGen.generate', { prompt: `link check [[emulator:provider_error message="${planted}"]]`, ...base })
      .then(
        () => assert.fail('provider_error should fail'),
        () => undefined,
      );
    await toastFor('provider_error');
    const message = await inWorkbench<{ text: string; links: string[] }>(`
      const m = [...document.querySelectorAll('.notification-toast .notification-list-item-message')].find((e) => e.textContent.includes('provider_error'));
      return { text: m.textContent, links: [...m.querySelectorAll('a')].map((a) => a.getAttribute('href')) };`);
    assert.deepEqual(message.links, [], 'no link in the message');
    assert.match(message.text, /Fix it: \[Open Settings\] \(command:workbench\.action\.openSettings\)/, 'the text itself is shown');
  });

  it('asks for a missing key with a password input and goes on', async () => {
    await vscode.commands.executeCommand('videoGen.clearApiKey');
    const pending = vscode.commands.executeCommand<Result | undefined>('videoGen.generate');
    await enterText(1, 'a kite over the dunes');
    await acceptPickers('Kling v2.1');
    // The key prompt: a password input.
    await enterKey(INTEGRATION_API_KEY);
    const result = await pending;
    assert.ok(result, 'the generation went on after the key was given');
    assert.equal(result.request.prompt, 'a kite over the dunes');
    const api = vscode.extensions.getExtension<{ apiKeyHint(): Promise<string | undefined> }>('videogen.video-gen')!.exports;
    assert.equal(await api.apiKeyHint(), `…${INTEGRATION_API_KEY.slice(-4)}`);
  });

  it('offers to replace a refused key, then retries', async () => {
    await vscode.commands.executeCommand('videoGen.setApiKey', WRONG_API_KEY);
    const pending = vscode.commands.executeCommand<Result | undefined>('videoGen.generate');
    await enterText(1, 'a lantern in the rain');
    await acceptPickers('Kling v2.1');
    await toastFor('invalid_api_key');
    await clickToastButton('Replace API Key');
    await enterKey(INTEGRATION_API_KEY);
    const result = await pending;
    assert.ok(result, 'the generation was retried with the new key and succeeded');
    assert.equal(result.request.prompt, 'a lantern in the rain');
  });

  it('uses the editor selection as the prompt', async () => {
    await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY);
    const doc = await vscode.workspace.openTextDocument({
      content: 'notes\nA red balloon drifting over a city\nmore notes',
      language: 'markdown',
    });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, doc.lineAt(1).text.length);
    const pending = vscode.commands.executeCommand<Result | undefined>('videoGen.generateFromSelection');
    // The prompt step opens holding the selection.
    const shown = await waitForStep(1, 5, (s) => s.value.length > 0);
    assert.equal(shown.value, 'A red balloon drifting over a city', 'the prompt step shows the selection');
    await press('Enter');
    await acceptPickers('Kling v2.1');
    const result = await pending;
    assert.ok(result);
    assert.equal(result.request.prompt, 'A red balloon drifting over a city');
    // Close the note, not whatever is active now (the panel shows the new video).
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows the log', async () => {
    await vscode.commands.executeCommand('videoGen.showLog');
    await screenshot('log');
    // The Output view is open on the extension's channel.
    await waitInWorkbench<boolean>(
      `const view = document.querySelector('.part.panel .output-view, .part.panel [id="workbench.panel.output"]');
       const select = [...document.querySelectorAll('.part.panel select, .part.panel .monaco-select-box')];
       return !!view && select.some((s) => /Video Gen/.test(s.value ?? s.textContent ?? '') || /Video Gen/.test(s.title ?? ''));`,
      (v) => v,
      'the Output view showing the Video Gen channel',
    );
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });
});
