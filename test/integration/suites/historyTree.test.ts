// The Generated Videos view's arrangement in a real VS Code: takes grouped under storyboard → shot
// (toggled from the view's title), a final's draft and a draft's finals, Reveal Draft, Copy Markdown
// through the clipboard (relative to the workspace folder and to the active Markdown document, with
// awkward names escaped), and the Explorer badge of a generated clip. Fixtures are copies of one
// generated clip with sidecars that carry `storyboard` and `derivedFrom`, as the storyboard and
// promotion features write them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AutomationResult } from '../../../src/commands/generateCommands';
import type { HistoryViewItem } from '../../../src/views';
import { INTEGRATION_API_KEY, driverUrl, screenshot } from '../env';
import { clickInWorkbench, inWorkbench, waitInWorkbench } from '../webviewHelpers';
import { videosFolder } from '../workspaceVideos';

const EXTENSION_ID = 'videogen.video-gen';
const BOARD = 'boards/tree-launch.md';
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const FINAL_SHA = 'f'.repeat(64);

interface Fixture {
  name: string;
  prompt: string;
  minutesAhead: number;
  storyboard?: { path: string; shotId: string };
  derivedFrom?: { path: string; sha256: string };
  sha256?: string;
}

const FIXTURES: Fixture[] = [
  {
    name: 'tree-opening-1',
    prompt: 'A red kite over a grey sea',
    minutesAhead: 61,
    storyboard: { path: BOARD, shotId: 'opening' },
  },
  {
    name: 'tree-opening-2',
    prompt: 'A red kite, closer, the string taut',
    minutesAhead: 62,
    storyboard: { path: BOARD, shotId: 'opening' },
  },
  { name: 'tree-beach-draft', prompt: 'The beach at dawn, wide shot', minutesAhead: 63, storyboard: { path: BOARD, shotId: 'beach' } },
  {
    name: 'tree-beach-final',
    prompt: 'The beach at dawn, wide shot',
    minutesAhead: 64,
    storyboard: { path: BOARD, shotId: 'beach' },
    derivedFrom: { path: 'videos/tree-beach-draft.mp4', sha256: '' },
    sha256: FINAL_SHA,
  },
  { name: 'tree clip & "co"', prompt: 'A <kite> & "friends" on the dunes', minutesAhead: 60 },
];

function find(items: HistoryViewItem[] | undefined, test: (i: HistoryViewItem) => boolean): HistoryViewItem | undefined {
  for (const item of items ?? []) {
    if (test(item)) return item;
    const inner = find(item.children, test);
    if (inner) return inner;
  }
  return undefined;
}

/** Asks `read` until `done` accepts its answer (a setting's change reaches the extension a moment later). */
async function until<T>(read: () => Thenable<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  let last = await read();
  while (!done(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  assert.ok(done(last), `${what}: ${JSON.stringify(last)}`);
  return last;
}

function refresh(): Thenable<HistoryViewItem[]> {
  return vscode.commands.executeCommand<HistoryViewItem[]>('videoGen.history.refresh');
}

const ROWS = `return [...document.querySelectorAll('.part.sidebar .pane-body .monaco-list-row')].map((r) => r.getAttribute('aria-label') ?? '');`;
const HISTORY_PANE = '.part.sidebar .pane:has(.pane-header[aria-label*="Generated Videos"])';

async function inTheme(theme: string, name: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await new Promise((r) => setTimeout(r, 1500));
  await screenshot(name, HISTORY_PANE);
}

function sidebarWidth(): Promise<number> {
  return inWorkbench<number>(`return document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0;`);
}

/** Widens the side bar for the descriptions to show; resolves with the commands to undo it. Which command widens depends on the part in focus. */
async function widenSidebar(to: number): Promise<string[]> {
  const steps: string[] = [];
  let widen = 'workbench.action.decreaseViewWidth';
  for (let i = 0; i < 12 && (await sidebarWidth()) < to; i++) {
    const before = await sidebarWidth();
    await vscode.commands.executeCommand(widen);
    steps.push(widen);
    if ((await sidebarWidth()) < before)
      widen = widen.endsWith('decreaseViewWidth') ? 'workbench.action.increaseViewWidth' : 'workbench.action.decreaseViewWidth';
  }
  return steps
    .reverse()
    .map((s) => (s.endsWith('decreaseViewWidth') ? 'workbench.action.increaseViewWidth' : 'workbench.action.decreaseViewWidth'));
}

describe('Generated Videos tree: grouping, lineage, Markdown and Explorer badges', function () {
  this.timeout(120_000);
  let generated: AutomationResult['files'][number];
  const uriOf = (name: string): vscode.Uri => vscode.Uri.joinPath(videosFolder(), `${name}.mp4`);
  const idOf = (name: string): string => vscode.Uri.joinPath(videosFolder(), `${name}.json`).toString();

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(await vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY), true);
    const result = await vscode.commands.executeCommand<AutomationResult | undefined>('videoGen.generate', {
      prompt: 'A lighthouse at night, its beam sweeping the fog',
      model: 'provider-2/kling-v2.1',
      quality: '720p',
      duration: 1,
      ratio: '16:9',
    });
    assert.ok(result?.files[0]);
    generated = result.files[0];
    await vscode.commands.executeCommand('notifications.clearAll');
    const sidecar = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(generated.sidecarUri))) as Record<
      string,
      unknown
    >;
    for (const f of FIXTURES) {
      await vscode.workspace.fs.copy(generated.uri, uriOf(f.name), { overwrite: true });
      const fields: Record<string, unknown> = {
        ...sidecar,
        video: `${f.name}.mp4`,
        savedAt: new Date(Date.now() + f.minutesAhead * 60_000).toISOString(),
        request: { ...(sidecar.request as object), prompt: f.prompt },
        sha256: f.sha256 ?? generated.sha256,
      };
      if (f.storyboard) fields.storyboard = f.storyboard;
      if (f.derivedFrom) fields.derivedFrom = { ...f.derivedFrom, sha256: generated.sha256 };
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(videosFolder(), `${f.name}.json`), encode(JSON.stringify(fields)));
    }
  });

  after(async () => {
    await vscode.workspace.getConfiguration('videoGen').update('history.groupBy', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('videoGen').update('explorer.decorations', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of FIXTURES) {
      await vscode.workspace.fs.delete(uriOf(f.name)).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(videosFolder(), `${f.name}.json`)).then(undefined, () => undefined);
    }
  });

  it('lists the takes flat by default, a final saying its draft and the draft its final', async () => {
    const items = await refresh();
    assert.ok(
      items.every((i) => i.kind === 'take'),
      'flat: takes only at the top',
    );
    assert.equal(items[0]?.id, idOf('tree-beach-final'), 'newest first');
    const final = items.find((i) => i.id === idOf('tree-beach-final'));
    assert.equal(final?.description, 'Kling v2.1 · 1 s · 720p · from tree-beach-draft');
    const draft = items.find((i) => i.id === idOf('tree-beach-draft'));
    assert.equal(draft?.description, 'Kling v2.1 · 1 s · 720p · promoted to 1');
    assert.deepEqual(
      draft?.children?.map((c) => [c.kind, c.video]),
      [['take', uriOf('tree-beach-final').toString()]],
    );
  });

  it('groups the takes under storyboard and shot from the view title’s toggle, with counts, newest first', async () => {
    await vscode.commands.executeCommand('videoGen.history.groupByStoryboard');
    assert.equal(vscode.workspace.getConfiguration('videoGen').get('history.groupBy'), 'storyboard');
    // Let the view take the toggle in before the refresh below asks it to fetch again.
    await new Promise((r) => setTimeout(r, 1000));
    const items = await refresh();
    const board = items.find((i) => i.kind === 'storyboard' && i.label === BOARD);
    assert.ok(board, `a node for ${BOARD}: ${JSON.stringify(items.map((i) => i.label))}`);
    assert.equal(board.description, '4 takes · 2 shots');
    assert.deepEqual(
      board.children?.map((s) => [s.kind, s.label, s.description]),
      [
        ['shot', 'beach', '2 takes'],
        ['shot', 'opening', '2 takes'],
      ],
    );
    const opening = board.children?.[1];
    assert.deepEqual(
      opening?.children?.map((t) => t.id),
      [idOf('tree-opening-2'), idOf('tree-opening-1')],
    );
    const other = items.at(-1);
    assert.equal(other?.kind, 'other');
    assert.equal(other?.label, 'Other takes');
    assert.ok(
      find(other?.children, (t) => t.id === generated.sidecarUri.toString()),
      'the plain take is under Other takes',
    );
    assert.ok(find(other?.children, (t) => t.id === idOf('tree clip & "co"')));
    assert.match(other?.description ?? '', /^\d+ takes?$/);

    if (!driverUrl()) return;
    await vscode.commands.executeCommand('videoGen.showHistory');
    // Other suites' takes make a long list: bring its top (where the storyboards are) into view.
    await vscode.commands.executeCommand('videoGen.history.focus');
    await vscode.commands.executeCommand('list.focusFirst');
    const rows = await waitInWorkbench<string[]>(
      ROWS,
      (r) => r.includes(`Storyboard ${BOARD}, 4 takes · 2 shots`) && r.includes('Shot beach, 2 takes'),
      'the storyboard and shot rows',
    );
    assert.ok(rows.includes(`Storyboard ${BOARD}, 4 takes · 2 shots`), JSON.stringify(rows));
    assert.ok(rows.includes('Shot beach, 2 takes'));
    // Each group's own takes under it, in the view itself (a refresh racing a fetch once put the
    // opening's takes under Other takes too).
    const after = (label: string): string | undefined => rows[rows.findIndex((l) => l.startsWith(label)) + 1];
    assert.match(after('Shot opening') ?? '', /file tree-opening-2\.mp4$/);
    // Other takes come last: below the visible part when earlier suites left storyboards of their own.
    if (rows.some((l) => l.startsWith('Other takes'))) assert.match(after('Other takes') ?? '', /file tree clip & "co"\.mp4$/);
    // The draft's final shown under it; wide enough for the descriptions; the README's screenshots.
    await clickInWorkbench('.part.sidebar .monaco-list-row[aria-label^="The beach at dawn"][aria-expanded="false"] .monaco-tl-twistie');
    await waitInWorkbench<string[]>(
      ROWS,
      (r) => r.filter((l) => l.startsWith('The beach at dawn')).length === 3,
      'the final under its draft',
    );
    const workbench = vscode.workspace.getConfiguration('workbench');
    const previous = workbench.get('colorTheme');
    const undo = await widenSidebar(560);
    try {
      await inTheme('Default Light Modern', 'tree-grouped-light');
      await inTheme('Default Dark Modern', 'tree-grouped-dark');
    } finally {
      for (const step of undo) await vscode.commands.executeCommand(step);
      await workbench.update('colorTheme', previous, vscode.ConfigurationTarget.Global);
    }
  });

  it('goes back to the flat list', async () => {
    await vscode.commands.executeCommand('videoGen.history.ungroup');
    const items = await refresh();
    assert.ok(items.every((i) => i.kind === 'take'));
  });

  it('reveals the draft of a final, and says so for a take without one', async () => {
    const revealed = await vscode.commands.executeCommand<{ id: string; video: string } | undefined>('videoGen.history.revealDraft', {
      id: idOf('tree-beach-final'),
    });
    assert.deepEqual(revealed, { id: idOf('tree-beach-draft'), video: uriOf('tree-beach-draft').toString() });
    if (driverUrl()) {
      const selected = await waitInWorkbench<string | null>(
        `return document.querySelector('.part.sidebar .monaco-list-row.selected')?.getAttribute('aria-label') ?? null;`,
        (l) => l !== null && l.includes('tree-beach-draft.mp4'),
        'the draft selected',
      );
      assert.match(selected ?? '', /promoted to 1/);
    }
    const none = await vscode.commands.executeCommand('videoGen.history.revealDraft', { id: idOf('tree-opening-1') });
    assert.equal(none, undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('copies a relative <video> element: to the workspace folder, then to the active Markdown document', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const copied = await vscode.commands.executeCommand<string>('videoGen.history.copyMarkdown', { id: idOf('tree-opening-1') });
    const expected = '<video controls src="videos/tree-opening-1.mp4" title="A red kite over a grey sea"></video>';
    assert.equal(copied, expected);
    assert.equal(await vscode.env.clipboard.readText(), expected);

    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const doc = vscode.Uri.joinPath(folder, 'docs', 'tree guide', 'notes.md');
    await vscode.workspace.fs.writeFile(doc, encode('# Notes\n'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('videoGen.history.copyMarkdown', { id: idOf('tree clip & "co"') });
    assert.equal(
      await vscode.env.clipboard.readText(),
      '<video controls src="../../videos/tree clip &amp; &quot;co&quot;.mp4" title="A &lt;kite&gt; &amp; &quot;friends&quot; on the dunes"></video>',
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, 'docs'), { recursive: true });
  });

  it('drags a take into a Markdown editor as VS Code inserts a dropped video', async function () {
    if (!driverUrl()) this.skip();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const doc = vscode.Uri.joinPath(folder, 'drag docs', 'notes.md');
    await vscode.workspace.fs.writeFile(doc, encode('# Notes\n\n'));
    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('videoGen.showHistory');
    await refresh();
    const row = `.part.sidebar .monaco-list-row[aria-label*="file tree-opening-1.mp4"]`;
    await waitInWorkbench<boolean>(`return !!document.querySelector(${JSON.stringify(row)});`, (f) => f, 'the row to drag');
    // HTML5 drag events as Chromium sends them, with Shift held (drop into the text, not open the file).
    const result = await inWorkbench<string>(`
      const row = document.querySelector(${JSON.stringify(row)});
      const target = document.querySelector('.part.editor .monaco-editor .view-lines');
      if (!row || !target) return 'missing ' + (!row ? 'row' : 'editor');
      const dt = new DataTransfer();
      const at = (el) => { const r = el.getBoundingClientRect(); return { clientX: r.left + 20, clientY: r.top + 30 }; };
      const ev = (type, el) => new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: dt, shiftKey: true, ...at(el) });
      row.dispatchEvent(ev('dragstart', row));
      await new Promise((r) => setTimeout(r, 300));
      for (const type of ['dragenter', 'dragover']) { target.dispatchEvent(ev(type, target)); await new Promise((r) => setTimeout(r, 100)); }
      target.dispatchEvent(ev('drop', target));
      row.dispatchEvent(ev('dragend', row));
      return 'types ' + [...dt.types].join(',');
    `);
    assert.match(result, /text\/uri-list/, 'the drag carried a URI list');
    const deadline = Date.now() + 10_000;
    while (!editor.document.getText().includes('<video') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.match(editor.document.getText(), /^# Notes\n<video controls src="\.\.\/videos\/tree-opening-1\.mp4" title="Title"><\/video>/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, 'drag docs'), { recursive: true });
  });

  it('badges a generated clip in the Explorer with its model and prompt, not other videos, and not when turned off', async () => {
    const decoration = await vscode.commands.executeCommand<{ badge?: string; tooltip?: string } | undefined>(
      '_videoGen.fileDecoration',
      uriOf('tree-opening-1'),
    );
    assert.deepEqual(decoration, { badge: '▶', tooltip: 'Video Gen: Kling v2.1 · A red kite over a grey sea' });
    if (driverUrl()) {
      await vscode.commands.executeCommand('revealInExplorer', uriOf('tree-opening-1'));
      await new Promise((r) => setTimeout(r, 1000));
      await screenshot('explorer-badges', '.part.sidebar');
    }
    const plain = vscode.Uri.joinPath(videosFolder(), 'tree-no-sidecar.mp4');
    await vscode.workspace.fs.copy(generated.uri, plain, { overwrite: true });
    assert.equal(await vscode.commands.executeCommand('_videoGen.fileDecoration', plain), undefined);
    await vscode.workspace.fs.delete(plain);

    const badge = (): Thenable<{ badge?: string } | undefined> =>
      vscode.commands.executeCommand('_videoGen.fileDecoration', uriOf('tree-opening-1'));
    await vscode.workspace.getConfiguration('videoGen').update('explorer.decorations', false, vscode.ConfigurationTarget.Global);
    await until(badge, (d) => d === undefined, 'no badge while turned off');
    await vscode.workspace.getConfiguration('videoGen').update('explorer.decorations', undefined, vscode.ConfigurationTarget.Global);
    await until(badge, (d) => d?.badge === '▶', 'the badge back');
  });
});
