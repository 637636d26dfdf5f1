// The history of generated videos in a real VS Code: read from the sidecars, newest first, the same
// list in the tree and in the panel, refreshed by the file watcher, invalid sidecars ignored, and
// each entry playable and reusable.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AutomationResult } from '../../../src/commands/generateCommands';
import type { HistoryViewItem } from '../../../src/views';
import { INTEGRATION_API_KEY, driverUrl } from '../env';
import { clickInWorkbench, formSnapshot, inPanel, waitForForm, waitInPanel, waitInWorkbench } from '../webviewHelpers';

const EXTENSION_ID = 'videogen.video-gen';

function videosDir(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'videos');
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('History: the generated videos of the workspace', function () {
  this.timeout(120_000);
  const prompt = `A lighthouse in fog, ${Date.now()}`;
  let generated: AutomationResult;
  let newest: HistoryViewItem;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    const result = await vscode.commands.executeCommand<AutomationResult | undefined>('videoGen.generate', {
      prompt,
      model: 'provider-2/kling-v2.1',
      quality: '720p',
      duration: 1,
      ratio: '16:9',
    });
    assert.ok(result?.files[0], 'the generation saved a file');
    generated = result;
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('lists a new generation first, with its prompt, model and duration', async () => {
    const items = await vscode.commands.executeCommand<HistoryViewItem[]>('videoGen.history.refresh');
    assert.ok(items.length >= 1);
    newest = items[0]!;
    assert.equal(newest.video, generated.files[0]!.uri.toString());
    assert.equal(newest.label, prompt);
    assert.equal(newest.description, 'Kling v2.1 · 1 s · 720p');
    assert.equal(newest.id, generated.files[0]!.sidecarUri.toString());
  });

  it('plays an entry through its command and puts its settings in the panel form', async () => {
    const report = await vscode.commands.executeCommand<{ videoWidth: number; videoHeight: number } | undefined>('videoGen.history.play', {
      id: newest.id,
    });
    assert.ok(report);
    assert.equal(report.videoWidth, 1280);
    assert.equal(report.videoHeight, 720);
    if (!driverUrl()) return;
    await waitForForm();
    await vscode.commands.executeCommand('videoGen.history.reuse', { id: newest.id });
    const form = await waitInPanel(`return document.getElementById('prompt').value;`, (v) => v === prompt, 'the reused prompt');
    assert.equal(form, prompt);
    const snapshot = await formSnapshot();
    assert.deepEqual(
      { ...snapshot, prompt: '' },
      { prompt: '', model: 'provider-2/kling-v2.1', quality: '720p', duration: '1', ratio: '16:9' },
    );
  });

  it('shows the same list in the panel, newest first', async function () {
    if (!driverUrl()) this.skip();
    const first = await waitInPanel<string | null>(
      `return document.querySelector('#history li[data-id]')?.getAttribute('data-id') ?? null;`,
      (id) => id === newest.id,
      'the panel list',
    );
    assert.equal(first, newest.id);
    const text = await inPanel<string>(`return document.querySelector('#history li[data-id] .history-prompt').textContent;`);
    assert.equal(text, prompt);
  });

  it('shows the entries in the Generated Videos view; a click plays one in the panel', async function () {
    if (!driverUrl()) this.skip();
    await vscode.commands.executeCommand('videoGen.showHistory');
    const selector = `.monaco-list-row[aria-label*=${JSON.stringify(prompt)}]`;
    const label = await waitInWorkbench<string | null>(
      `return document.querySelector(${JSON.stringify(selector)})?.getAttribute('aria-label') ?? null;`,
      (l) => l !== null,
      'the tree row',
    );
    assert.match(label ?? '', /Kling v2\.1 · 1 s · 720p/);
    // Show something else first, so the click visibly changes the player.
    await vscode.commands.executeCommand('videoGen.openVideo', vscode.Uri.joinPath(videosDir(), 'foundation-clip.mp4'));
    await clickInWorkbench(selector);
    const fileName = generated.files[0]!.uri.path.split('/').pop()!;
    await waitInPanel<string>(
      `return document.querySelector('#player video')?.getAttribute('src') ?? '';`,
      (src) => src.includes(encodeURIComponent(fileName).replace(/%2F/g, '/')) || src.includes(fileName),
      'the clicked video to play',
    );
  });

  it('notices new sidecars on disk and ignores invalid ones', async function () {
    const dir = videosDir();
    const original = generated.files[0]!;
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(original.sidecarUri))) as Record<
      string,
      unknown
    >;
    // Not sidecars of a video here: broken JSON, a foreign shape, a path out of the folder, a missing video.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'broken.json'), encode('{ not json'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'package.json'), encode('{"name":"x"}'));
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(dir, 'escape.json'),
      encode(JSON.stringify({ ...sidecar, video: '../outside.mp4' })),
    );
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'gone.json'), encode(JSON.stringify({ ...sidecar, video: 'gone.mp4' })));
    // A valid copy, newer than everything else.
    const copy = vscode.Uri.joinPath(dir, 'history-copy.mp4');
    const copySidecar = vscode.Uri.joinPath(dir, 'history-copy.json');
    await vscode.workspace.fs.copy(original.uri, copy, { overwrite: true });
    const copyPrompt = `${prompt} (copy)`;
    await vscode.workspace.fs.writeFile(
      copySidecar,
      encode(
        JSON.stringify({
          ...sidecar,
          video: 'history-copy.mp4',
          savedAt: new Date(Date.now() + 60_000).toISOString(),
          request: { ...(sidecar.request as object), prompt: copyPrompt },
        }),
      ),
    );

    if (driverUrl()) {
      // No refresh asked for: the file watcher updates the panel's list.
      await waitInPanel<string | null>(
        `return document.querySelector('#history li[data-id]')?.getAttribute('data-id') ?? null;`,
        (id) => id === copySidecar.toString(),
        'the watcher to list the copy',
        15_000,
      );
    }
    const items = await vscode.commands.executeCommand<HistoryViewItem[]>('videoGen.history.refresh');
    assert.equal(items[0]?.id, copySidecar.toString());
    assert.equal(items[0]?.label, copyPrompt);
    const ids = items.map((i) => i.id);
    for (const name of ['broken.json', 'package.json', 'escape.json', 'gone.json']) {
      assert.ok(!ids.includes(vscode.Uri.joinPath(dir, name).toString()), `${name} is not listed`);
    }

    // Deleting the copy removes it again.
    await vscode.workspace.fs.delete(copy);
    await vscode.workspace.fs.delete(copySidecar);
    for (const name of ['broken.json', 'package.json', 'escape.json', 'gone.json'])
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(dir, name));
    const after = await vscode.commands.executeCommand<HistoryViewItem[]>('videoGen.history.refresh');
    assert.equal(after[0]?.id, newest.id);
  });
});
