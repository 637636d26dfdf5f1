// Checks storyboards as you type: every Markdown document's ```video shots go through the parser
// (and so through the request validator), and each problem becomes a diagnostic on its range,
// with a quick fix where the parser has one. Messages are plain text, never links or HTML: the
// file may come from a cloned repository. A document is parsed once per version and catalog.
import * as vscode from 'vscode';
import type { CatalogService } from '../generation/catalogService';
import { readSettings, settingsLayer } from '../config/settings';
import { parseStoryboard, type Storyboard, type StoryboardProblem } from './parseStoryboard';
import { StoryboardCache } from './storyboardCache';

const SOURCE = 'Video Gen';
const DEBOUNCE_MS = 120;

/** Where Markdown is the user's own text; not, say, the other side of a Git diff. */
const SCHEMES = new Set(['file', 'untitled', 'vscode-vfs', 'vscode-remote']);

export class StoryboardChecker implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('videoGen.storyboard');
  private readonly cache = new StoryboardCache();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Bumped when the catalog or the settings change: every document is checked again. */
  private stamp = 0;

  constructor(private readonly catalog: CatalogService) {
    const { workspace } = vscode;
    this.subscriptions.push(
      this.collection,
      workspace.onDidOpenTextDocument((doc) => this.check(doc)),
      workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      catalog.onDidChange(() => this.recheckAll()),
      workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('videoGen')) this.recheckAll();
      }),
      vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, new StoryboardFixes(this), {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    );
    for (const doc of workspace.textDocuments) this.check(doc);
  }

  /** The document's storyboard, parsed again only when its version or the catalog changed. */
  storyboard(doc: vscode.TextDocument): Storyboard {
    return this.cache.get(doc.uri.toString(), doc.version, this.stamp, () =>
      parseStoryboard(doc.getText(), { catalog: this.catalog.current, fallback: fallbackFor(doc) }),
    );
  }

  private check(doc: vscode.TextDocument): void {
    if (!isStoryboardCandidate(doc)) return;
    const storyboard = this.storyboard(doc);
    this.collection.set(
      doc.uri,
      storyboard.problems.map((p) => toDiagnostic(doc, p)),
    );
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isStoryboardCandidate(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed) this.check(doc);
      }, DEBOUNCE_MS),
    );
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.cache.delete(key);
    this.collection.delete(uri);
  }

  private recheckAll(): void {
    this.stamp++;
    for (const doc of vscode.workspace.textDocuments) this.check(doc);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}

function isStoryboardCandidate(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'markdown' && SCHEMES.has(doc.uri.scheme);
}

/** The settings' defaults fill what neither the shot nor the front matter sets. */
function fallbackFor(doc: vscode.TextDocument): ReturnType<typeof settingsLayer> | undefined {
  try {
    return settingsLayer(readSettings(doc.uri));
  } catch {
    return undefined;
  }
}

function rangeOf(doc: vscode.TextDocument, range: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(range.start), doc.positionAt(range.end));
}

function toDiagnostic(doc: vscode.TextDocument, problem: StoryboardProblem): vscode.Diagnostic {
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(rangeOf(doc, problem.range), problem.message, severity);
  diagnostic.source = SOURCE;
  diagnostic.code = problem.code;
  return diagnostic;
}

/** Quick fixes: the parser's fix for each problem whose range meets the asked range. */
class StoryboardFixes implements vscode.CodeActionProvider {
  constructor(private readonly checker: StoryboardChecker) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    if (!isStoryboardCandidate(doc)) return actions;
    for (const problem of this.checker.storyboard(doc).problems) {
      if (!problem.fix) continue;
      const at = rangeOf(doc, problem.range);
      if (!at.intersection(range)) continue;
      const action = new vscode.CodeAction(problem.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, rangeOf(doc, problem.fix.range), problem.fix.newText);
      action.diagnostics = context.diagnostics.filter((d) => d.source === SOURCE && d.range.isEqual(at) && d.message === problem.message);
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
