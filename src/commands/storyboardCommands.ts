// The storyboard's commands: Generate and Draft a shot (from its CodeLens, or the shot at the
// cursor), show a shot's takes, and open the sample storyboard (the walkthrough's step). Before a
// shot's first generation its id is written into its block, so its takes keep pointing at it when
// its prompt is reworded or the shot moves. Every generation goes through JobManager.start.
import * as vscode from 'vscode';
import type { GenerationRequest } from '../catalog';
import { readSettings } from '../config/settings';
import type { CatalogService } from '../generation/catalogService';
import type { GenerationOutcome, JobManager } from '../generation/jobManager';
import type { HistoryEntry, HistoryStore } from '../history/historyStore';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { formatDateTime } from '../shared/format';
import { plainText } from '../shared/plainText';
import { estimateCostOf } from '../storyboard/catalogLookups';
import { draftChoice } from '../storyboard/draftPreset';
import { shotAt } from '../storyboard/editorContext';
import type { Storyboard } from '../storyboard/parseStoryboard';
import { assignShotIds } from '../storyboard/shotIds';
import { asRequest, draftRequest } from '../storyboard/shotLenses';
import { documentTakes, storyboardPath, type StoryboardSource } from '../storyboard/storyboardEditor';
import { asVideoGenError, presentError } from '../ui/errorPresenter';
import { announce, followUp, toAutomationResult, type AutomationResult } from './generateCommands';

export interface StoryboardCommandDeps {
  source: StoryboardSource;
  jobs: JobManager;
  catalog: CatalogService;
  keys: ApiKeyStore;
  log: vscode.LogOutputChannel;
  history: HistoryStore;
  extensionUri: vscode.Uri;
  showOutcome(outcome: GenerationOutcome): Promise<void>;
  showVideo(uri: vscode.Uri): Promise<unknown>;
}

const SAMPLE = 'sample-storyboard.md';

export function registerStoryboardCommands(deps: StoryboardCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('videoGen.generateShot', (uri?: unknown, index?: unknown) => runShot(deps, 'final', uri, index)),
    vscode.commands.registerCommand('videoGen.draftShot', (uri?: unknown, index?: unknown) => runShot(deps, 'draft', uri, index)),
    vscode.commands.registerCommand('videoGen.compareShot', (uri?: unknown, index?: unknown, extra?: unknown) =>
      compareShot(deps, uri, index, extra),
    ),
    vscode.commands.registerCommand('videoGen.showShotTakes', (uri?: unknown, shotId?: unknown) => showTakes(deps, uri, shotId)),
    vscode.commands.registerCommand('videoGen.openSampleStoryboard', () => openSample(deps.extensionUri)),
  ];
}

interface ShotTarget {
  doc: vscode.TextDocument;
  index: number;
}

/** The document and shot named by the arguments, or the shot at the active editor's cursor. */
async function targetShot(deps: StoryboardCommandDeps, uri: unknown, index: unknown): Promise<ShotTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  const doc =
    uri instanceof vscode.Uri
      ? await vscode.workspace.openTextDocument(uri)
      : typeof uri === 'string'
        ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))
        : editor?.document;
  if (!doc) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a storyboard and put the cursor in a ```video block first.'));
    return undefined;
  }
  const storyboard = deps.source.storyboard(doc);
  if (typeof index === 'number' && Number.isInteger(index) && storyboard.shots[index]) return { doc, index };
  const at = editor && editor.document === doc ? shotAt(doc.offsetAt(editor.selection.active), storyboard) : undefined;
  if (!at) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Put the cursor in a ```video block (a storyboard shot) first.'));
    return undefined;
  }
  return { doc, index: at.index };
}

async function runShot(
  deps: StoryboardCommandDeps,
  kind: 'final' | 'draft',
  uri: unknown,
  index: unknown,
): Promise<AutomationResult | undefined> {
  const target = await targetShot(deps, uri, index);
  if (!target) return undefined;
  const storyboard = deps.source.storyboard(target.doc);
  const shot = storyboard.shots[target.index]!;
  const request = asRequest(shot);
  if (!shot.valid || !request) {
    const problem = storyboard.problems.find((p) => p.shot === shot.index && p.severity === 'error');
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Shot {0} cannot be generated: {1}', shot.index + 1, plainText(problem?.message ?? vscode.l10n.t('it has problems'))),
    );
    return undefined;
  }
  const shotId = await writeShotId(target.doc, storyboard, shot.index);
  if (!shotId) return undefined;
  const first = kind === 'draft' ? draftRequest(request, draftOf(deps, target.doc.uri)) : request;
  const outcome = await generate(deps, first, { storyboard: { path: storyboardPath(target.doc.uri), shotId } });
  return outcome && toAutomationResult(outcome);
}

/**
 * "Compare…" on a shot: its id is written first (as for Generate), so the takes of every model
 * compared are the shot's takes; then Compare Models runs with the shot's prompt and settings.
 */
async function compareShot(deps: StoryboardCommandDeps, uri: unknown, index: unknown, extra: unknown): Promise<unknown> {
  const target = await targetShot(deps, uri, index);
  if (!target) return undefined;
  const storyboard = deps.source.storyboard(target.doc);
  const shot = storyboard.shots[target.index]!;
  const request = asRequest(shot);
  if (!request) return undefined;
  const shotId = await writeShotId(target.doc, storyboard, shot.index);
  if (!shotId) return undefined;
  // Automation may name the models (`{ models: [...] }`), as Compare Models takes them.
  const models = typeof extra === 'object' && extra !== null ? (extra as { models?: unknown }).models : undefined;
  return vscode.commands.executeCommand('videoGen.compareModels', {
    ...(Array.isArray(models) ? { models } : {}),
    prompt: request.prompt,
    quality: request.quality,
    duration: request.duration,
    ratio: request.ratio,
    storyboard: storyboardPath(target.doc.uri),
    shotId,
  });
}

function draftOf(deps: StoryboardCommandDeps, uri: vscode.Uri): ReturnType<typeof draftChoice> {
  const s = readSettings(uri);
  return draftChoice(
    { model: s['draft.model'], quality: s['draft.quality'], duration: s['draft.duration'] },
    deps.catalog.current,
    (m, seconds) => estimateCostOf(m, seconds)?.amount,
  );
}

/** The shot's id, written into its block first when it has none of its own; undefined if that failed. */
async function writeShotId(doc: vscode.TextDocument, storyboard: Storyboard, index: number): Promise<string | undefined> {
  const [assigned] = assignShotIds(doc.getText(), storyboard, [index]);
  if (!assigned) return undefined;
  if (!assigned.edit) return assigned.id;
  const edit = new vscode.WorkspaceEdit();
  const at = doc.positionAt(assigned.edit.range.start);
  edit.replace(doc.uri, new vscode.Range(at, doc.positionAt(assigned.edit.range.end)), assigned.edit.newText);
  if (await vscode.workspace.applyEdit(edit)) return assigned.id;
  void vscode.window.showErrorMessage(
    vscode.l10n.t('Could not write the id "{0}" into the shot (is the file read-only?); nothing was generated.', assigned.id),
  );
  return undefined;
}

/** Runs the generation as the other commands do: errors with their fixes, Try Again and all. */
async function generate(
  deps: StoryboardCommandDeps,
  first: GenerationRequest,
  provenance: { storyboard: { path: string; shotId: string } },
): Promise<GenerationOutcome | undefined> {
  let request: GenerationRequest | undefined = first;
  while (request) {
    try {
      const outcome = await deps.jobs.start(request, { interactive: true, source: 'storyboard', provenance });
      void deps.showOutcome(outcome);
      void announce(outcome, deps);
      return outcome;
    } catch (err) {
      const error = asVideoGenError(err);
      request = await followUp(await presentError(error, error.suggestedModel), error, request, deps);
    }
  }
  return undefined;
}

/** Opens the shot's latest take in the panel, or lets the user pick one of several. */
async function showTakes(deps: StoryboardCommandDeps, uri: unknown, shotId: unknown): Promise<HistoryEntry | undefined> {
  let doc: vscode.TextDocument | undefined;
  let id = typeof shotId === 'string' ? shotId : undefined;
  if (!id || !(uri instanceof vscode.Uri)) {
    const target = await targetShot(deps, uri, undefined);
    if (!target) return undefined;
    doc = target.doc;
    id = deps.source.storyboard(doc).shots[target.index]!.id;
  }
  const takes = (await documentTakes(deps.history, uri instanceof vscode.Uri ? uri : doc!.uri)).get(id);
  if (!takes?.count) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This shot has no takes yet: Generate or Draft it first.'));
    return undefined;
  }
  let entry: HistoryEntry | undefined = takes.entries[0];
  if (takes.count > 1) {
    const picked = await vscode.window.showQuickPick(
      takes.entries.map((e) => ({
        label: formatDateTime(e.sidecar.savedAt),
        description: `${e.sidecar.request.model} · ${e.sidecar.request.quality} · ${e.sidecar.request.duration} s`,
        detail: vscode.workspace.asRelativePath(e.videoUri, false),
        entry: e,
      })),
      { title: vscode.l10n.t('Takes of shot "{0}" (newest first)', id), placeHolder: vscode.l10n.t('Pick a take to play') },
    );
    entry = picked?.entry;
  }
  if (!entry) return undefined;
  await deps.showVideo(entry.videoUri);
  return entry;
}

/** Copies the sample into the workspace folder (kept if there already) and opens it; untitled without a folder. */
async function openSample(extensionUri: vscode.Uri): Promise<vscode.Uri> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', SAMPLE));
  const folder = vscode.workspace.workspaceFolders?.[0];
  let doc: vscode.TextDocument;
  if (folder && vscode.workspace.fs.isWritableFileSystem(folder.uri.scheme) !== false) {
    const target = vscode.Uri.joinPath(folder.uri, SAMPLE);
    const exists = await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    );
    if (!exists) await vscode.workspace.fs.writeFile(target, bytes);
    doc = await vscode.workspace.openTextDocument(target);
  } else {
    doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: new TextDecoder().decode(bytes) });
  }
  await vscode.window.showTextDocument(doc);
  return doc.uri;
}
