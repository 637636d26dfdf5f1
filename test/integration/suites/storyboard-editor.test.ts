// Storyboards' editor features in a real VS Code against the emulator: the CodeLenses on each shot
// (Generate, Draft, Compare…, the problem of an invalid one, Generate All at the top), completions
// of models and keys, hover on a model, and Generate Shot / Draft Shot: the shot's id is written
// into its block, the take's sidecar names the storyboard and the shot, and the takes lens counts it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { INTEGRATION_API_KEY, driverUrl, resetEmulator, screenshot } from '../env';

const EXTENSION_ID = 'videogen.video-gen';

const STORYBOARD = [
  '# Paper boats',
  '',
  '```video',
  'prompt: A paper boat on a puddle',
  'model: provider-2/kling-v2.1',
  'quality: 1080p',
  'duration: 3',
  '',
  '```',
  '',
  '```video',
  'id: storm',
  'prompt: The boat in a storm',
  'model: provider-2/kling-v2.1',
  'duration: 9',
  '```',
  '',
].join('\n');

interface Result {
  files: Array<{ uri: vscode.Uri; sidecarUri: vscode.Uri }>;
  request: { model: string; quality: string; duration: number; prompt: string; ratio: string };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

async function titles(uri: vscode.Uri): Promise<string[]> {
  return (await lenses(uri)).map((l) => l.command?.title ?? '');
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function readSidecar(uri: vscode.Uri): Promise<{ storyboard?: { path: string; shotId: string }; request: Result['request'] }> {
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as {
    storyboard?: { path: string; shotId: string };
    request: Result['request'];
  };
}

describe('Storyboard editor: CodeLenses, completions, hover and Generate Shot', function () {
  this.timeout(120_000);
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  const made: vscode.Uri[] = [];

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    await resetEmulator();
    // The emulator's price list (the suites before may have read it already): estimates are shown.
    await vscode.commands.executeCommand('videoGen.refreshModels');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test host opens a workspace folder');
    uri = vscode.Uri.joinPath(folder.uri, 'paper-boats.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STORYBOARD));
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    if (doc.isDirty) await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of [uri, ...made]) await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
  });

  it('shows Generate All at the top, Generate, Draft and Compare… on a valid shot, and the problem of an invalid one', async () => {
    const all = await waitFor('the lenses', async () => {
      const found = await lenses(uri);
      return found.length ? found : undefined;
    });
    const byTitle = all.map((l) => ({
      title: l.command?.title ?? '',
      command: l.command?.command,
      line: l.range.start.line,
      args: l.command?.arguments,
    }));
    const top = byTitle.find((l) => l.command === 'videoGen.generateAllShots');
    assert.deepEqual(top && { title: top.title, line: top.line }, { title: '$(run-all) Generate All Shots (2)', line: 0 });
    assert.equal(String(top?.args?.[0]), uri.toString());
    const onFirst = byTitle.filter((l) => l.line === 2);
    const generate = onFirst.find((l) => l.command === 'videoGen.generateShot');
    assert.equal(generate?.title, '$(play) Generate (Kling v2.1 · 3 s · ≈ 0.15 USD est.)');
    assert.deepEqual(generate.args?.[1], 0);
    // The draft preset with nothing set: the cheapest light model of the price list, its lowest quality, 2 s.
    assert.equal(onFirst.find((l) => l.command === 'videoGen.draftShot')?.title, 'Draft (Seedance Lite · 1080p · 2 s · ≈ 0.06 USD est.)');
    const compare = onFirst.find((l) => l.command === 'videoGen.compareShot');
    assert.equal(compare?.title, 'Compare…');
    assert.equal(String(compare.args?.[0]), uri.toString());
    assert.equal(compare.args?.[1], 0);
    const onSecond = byTitle.filter((l) => l.line === 10);
    assert.equal(onSecond.length, 1, onSecond.map((l) => l.title).join(' | '));
    assert.match(onSecond[0]!.title, /^\$\(error\) Cannot generate: duration must be between 1 and 8 seconds/);
  });

  it('completes model ids with provider, limits and advice, and the keys a shot lacks', async () => {
    const modelLine = doc.lineAt(4);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(4, modelLine.text.length),
    );
    const models = list.items.filter((i) => labelOf(i).startsWith('provider-2/'));
    for (const id of ['provider-2/seedance-lite', 'provider-2/kling-v2.1', 'provider-2/veo'])
      assert.ok(
        models.some((i) => labelOf(i) === id),
        `${id} among ${models.map(labelOf).join(', ')}`,
      );
    const kling = models.find((i) => labelOf(i) === 'provider-2/kling-v2.1');
    assert.match(String(kling?.detail), /Kuaishou · up to 5 s · 720p, 1080p · Daily use/);
    assert.match(String(models.find((i) => labelOf(i) === 'provider-2/veo')?.detail), /★ premium/);

    const keys = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(7, 0),
    );
    const keyLabels = keys.items.map(labelOf).filter((l) => ['prompt', 'model', 'quality', 'duration', 'ratio', 'id'].includes(l));
    assert.deepEqual(keyLabels.sort(), ['id', 'ratio']);

    const qualities = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(5, doc.lineAt(5).text.length),
    );
    assert.deepEqual(
      qualities.items
        .map(labelOf)
        .filter((l) => /^\d+p$/.test(l))
        .sort(),
      ['1080p', '720p'],
    );
  });

  it('hovers a model with its limits and advice, as untrusted text', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(4, 12));
    const ours = hovers
      .flatMap((h) => h.contents)
      .filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString || typeof (c as { value?: unknown }).value === 'string')
      .find((c) => c.value.includes('Kling'));
    assert.ok(ours, 'a hover about the model');
    const shown = ours.value.replace(/\\(.)/g, '$1'); // as rendered: the escapes gone
    assert.match(shown, /Kuaishou · up to 5 s · 720p, 1080p/);
    assert.match(shown, /start here for testing and iteration/);
    assert.match(shown, /Estimate for 3 s: about 0\.15 USD\. An estimate from the API's price list/);
    assert.ok(!ours.isTrusted, 'not trusted');
    assert.ok(!/command:/.test(ours.value), 'no command links');
  });

  it('Generate Shot writes the id into the block, saves a take that names the storyboard and shot; the lens counts it', async () => {
    const result = (await vscode.commands.executeCommand('videoGen.generateShot', uri, 0)) as Result;
    assert.equal(result.files.length, 1);
    made.push(result.files[0]!.uri, result.files[0]!.sidecarUri);
    assert.equal(doc.lineAt(3).text, 'id: a-paper-boat-on-a-puddle', 'the id is the block first line');
    // Written through a WorkspaceEdit: dirty until saved (the web workbench auto-saves after a delay).
    const sidecar = await readSidecar(result.files[0]!.sidecarUri);
    assert.deepEqual(sidecar.storyboard, { path: vscode.workspace.asRelativePath(uri, false), shotId: 'a-paper-boat-on-a-puddle' });
    assert.deepEqual(
      { model: sidecar.request.model, quality: sidecar.request.quality, duration: sidecar.request.duration },
      { model: 'provider-2/kling-v2.1', quality: '1080p', duration: 3 },
    );
    const takes = await waitFor('the takes lens', async () => (await titles(uri)).find((t) => t.startsWith('1 take · latest ')));
    assert.ok(takes);
  });

  it('Show Takes opens the take; Draft Shot keeps prompt and ratio with the draft preset, and the lens says 2 takes', async () => {
    const entry = (await vscode.commands.executeCommand('videoGen.showShotTakes', uri, 'a-paper-boat-on-a-puddle')) as
      { sidecar: { storyboard?: { shotId: string } } } | undefined;
    assert.equal(entry?.sidecar.storyboard?.shotId, 'a-paper-boat-on-a-puddle');
    const result = (await vscode.commands.executeCommand('videoGen.draftShot', uri, 0)) as Result;
    made.push(result.files[0]!.uri, result.files[0]!.sidecarUri);
    assert.deepEqual(
      { model: result.request.model, quality: result.request.quality, duration: result.request.duration, prompt: result.request.prompt },
      { model: 'provider-2/seedance-lite', quality: '1080p', duration: 2, prompt: 'A paper boat on a puddle' },
    );
    const sidecar = await readSidecar(result.files[0]!.sidecarUri);
    assert.equal(sidecar.storyboard?.shotId, 'a-paper-boat-on-a-puddle');
    assert.equal(doc.getText().split('id: a-paper-boat-on-a-puddle').length, 2, 'the id is written once');
    await waitFor('the takes lens', async () => (await titles(uri)).find((t) => t.startsWith('2 takes · latest ')));
  });

  it('screenshots of the storyboard editor in dark, light and high-contrast themes', async function () {
    if (!driverUrl()) this.skip();
    await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(15, 10, 15, 10) });
    // The diagnostic's message in the Problems panel, under the editor.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(15, 10, 15, 10) });
    editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    const workbench = vscode.workspace.getConfiguration('workbench');
    const before = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      for (const [theme, name] of [
        ['Default Dark Modern', 'storyboard-dark'],
        ['Default Light Modern', 'storyboard-light'],
        ['Default High Contrast', 'storyboard-hc-dark'],
      ] as const) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await new Promise((r) => setTimeout(r, 1500));
        await screenshot(name);
      }
    } finally {
      await workbench.update('colorTheme', before, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });

  it('Compare… on a shot writes its id first, so every compared take names the shot', async () => {
    const end = doc.positionAt(doc.getText().length);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(
      uri,
      end,
      ['', '```video', 'prompt: A paper boat at night', 'model: provider-2/kling-v2.1', 'quality: 1080p', 'duration: 2', '```', ''].join(
        '\n',
      ),
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    const result = (await vscode.commands.executeCommand('videoGen.compareShot', uri, 2, {
      models: ['provider-2/kling-v2.1', 'provider-2/seedance-lite'],
    })) as { takes: Array<{ model: string; uri: vscode.Uri }> };
    assert.equal(result.takes.length, 2, JSON.stringify(result));
    assert.ok(
      doc.getText().includes('```video\nid: a-paper-boat-at-night\nprompt: A paper boat at night'),
      'the id is written into the block',
    );
    for (const take of result.takes) {
      const sidecarUri = take.uri.with({ path: take.uri.path.replace(/\.mp4$/, '.json') });
      made.push(take.uri, sidecarUri);
      const sidecar = await readSidecar(sidecarUri);
      assert.deepEqual(
        sidecar.storyboard,
        { path: vscode.workspace.asRelativePath(uri, false), shotId: 'a-paper-boat-at-night' },
        take.model,
      );
    }
  });

  it('Open Sample Storyboard copies the sample into the workspace and opens it: its shots are valid and have lenses', async () => {
    const sample = (await vscode.commands.executeCommand('videoGen.openSampleStoryboard')) as vscode.Uri;
    made.push(sample);
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    assert.equal(sample.toString(), vscode.Uri.joinPath(folder, 'sample-storyboard.md').toString());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), sample.toString());
    const generate = await waitFor('the sample lenses', async () => {
      const found = (await titles(sample)).filter((t) => t.startsWith('$(play) Generate ('));
      return found.length ? found : undefined;
    });
    assert.equal(generate.length, 3, 'three valid shots');
    assert.ok((await titles(sample)).includes('$(run-all) Generate All Shots (3)'));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(
      vscode.languages.getDiagnostics(sample).filter((d) => d.source === 'Video Gen'),
      [],
    );
  });
});
