// Storyboards in a real VS Code: typing a shot's duration over its model's maximum shows the
// diagnostic on the value, the quick fix brings it back to the maximum and the diagnostic goes
// away; an unknown model and invalid YAML are diagnosed too.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'videogen.video-gen';
const SOURCE = 'Video Gen';

const STORYBOARD = [
  '# Storyboard test',
  '',
  '```video',
  'prompt: A red kite over the sea',
  'model: provider-2/kling-v2.1',
  'duration: 5',
  '```',
  '',
].join('\n');

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Replaces the first `find` after `after` with `text`, as typing would. */
async function type(editor: vscode.TextEditor, after: string, find: string, text: string): Promise<vscode.Range> {
  const source = editor.document.getText();
  const start = source.indexOf(find, source.indexOf(after) + after.length);
  assert.ok(start >= 0, `${find} is in the document`);
  const range = new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(start + find.length));
  assert.ok(await editor.edit((edit) => edit.replace(range, text)));
  return new vscode.Range(range.start, editor.document.positionAt(start + text.length));
}

describe('Storyboard: shots checked as you type', () => {
  let uri: vscode.Uri;
  let editor: vscode.TextEditor;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test host opens a workspace folder');
    uri = vscode.Uri.joinPath(folder.uri, `storyboard-${Date.now()}.md`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STORYBOARD));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'markdown');
    editor = await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    await editor.document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('a valid shot has no diagnostics', async () => {
    // Give the check time to run (the core loads right after activation), then expect nothing.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(ours(uri), []);
  });

  it('typing a duration over the model maximum shows the diagnostic on it; the quick fix fixes it', async () => {
    const typed = await type(editor, 'duration: ', '5', '9');
    const diagnostic = await waitFor('the duration diagnostic', () => ours(uri).find((d) => /at most 5/.test(d.message)));
    assert.ok(diagnostic.range.isEqual(typed), `on the value (${JSON.stringify(diagnostic.range)})`);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 5);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => a.title.startsWith('Use 5 seconds'));
    assert.ok(fix?.edit, `a quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.lineAt(5).text, 'duration: 5');
    await waitFor('the diagnostic to go', () => (ours(uri).length === 0 ? true : undefined));
  });

  it('an unknown model is diagnosed on the model', async () => {
    const typed = await type(editor, 'model: ', 'provider-2/kling-v2.1', 'provider-9/no-such-model');
    const diagnostic = await waitFor('the model diagnostic', () => ours(uri).find((d) => d.range.isEqual(typed)));
    assert.match(diagnostic.message, /not in the documented model table/);
    await type(editor, 'model: ', 'provider-9/no-such-model', 'provider-2/kling-v2.1');
    await waitFor('the diagnostic to go', () => (ours(uri).length === 0 ? true : undefined));
  });

  it('invalid YAML is diagnosed inside the block', async () => {
    await type(editor, 'prompt: ', 'A red kite', '[A red kite');
    const diagnostic = await waitFor('the YAML diagnostic', () => ours(uri).find((d) => d.message.startsWith('Invalid YAML')));
    // Where the YAML library places it: the open flow sequence runs on into the next lines.
    const line = diagnostic.range.start.line;
    assert.ok(line >= 3 && line <= 5, `inside the block (line ${line})`);
    await type(editor, 'prompt: ', '[A red kite', 'A red kite');
    await waitFor('the diagnostic to go', () => (ours(uri).length === 0 ? true : undefined));
  });
});
