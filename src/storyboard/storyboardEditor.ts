// The storyboard's editor features in VS Code: completions for shot keys and values, hover on a
// model, and the CodeLenses on each shot (Generate, Draft, Compare…, its takes) and at the top of
// the file (Generate All Shots). The decisions are made in plain Node (editorContext.ts,
// shotLenses.ts, shotTakes.ts); this file words and places them. Text from the file, the API or a
// sidecar is never markup here: hovers are untrusted MarkdownStrings built with appendText.
import * as vscode from 'vscode';
import {
  MAX_DURATION_SECONDS,
  RATIOS,
  capabilityFor,
  pickerModels,
  type Advice,
  type Catalog,
  type CatalogModel,
  type Ratio,
} from '../catalog';
import { readSettings } from '../config/settings';
import type { CatalogService } from '../generation/catalogService';
import type { HistoryEntry, HistoryStore } from '../history/historyStore';
import { escapeMarkdown } from '../shared/markdownText';
import { adviceDescription, adviceLabel, ratioLabel, unverifiedAdvice } from '../ui/catalogWords';
import { estimateCostOf } from './catalogLookups';
import { completionContext, hoverTarget, type CompletionContext } from './editorContext';
import { shotLenses, type Estimate, type ShotLens } from './shotLenses';
import { storyboardPathKey, takesByShot, type ShotTakes } from './shotTakes';
import type { Storyboard } from './parseStoryboard';

const MARKDOWN: vscode.DocumentSelector = { language: 'markdown' };
const SCHEMES = new Set(['file', 'untitled', 'vscode-vfs', 'vscode-remote']);

export interface StoryboardSource {
  /** The document's storyboard, parsed once per version (the diagnostics' cache). */
  storyboard(doc: vscode.TextDocument): Storyboard;
}

export interface StoryboardEditorDeps {
  source: StoryboardSource;
  catalog: CatalogService;
  history: HistoryStore;
}

export function registerStoryboardEditor(deps: StoryboardEditorDeps): vscode.Disposable {
  const lenses = new ShotLensProvider(deps);
  return vscode.Disposable.from(
    lenses,
    vscode.languages.registerCodeLensProvider(MARKDOWN, lenses),
    vscode.languages.registerCompletionItemProvider(MARKDOWN, new ShotCompletions(deps), ':', ' '),
    vscode.languages.registerHoverProvider(MARKDOWN, new ModelHover(deps)),
  );
}

function isCandidate(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'markdown' && SCHEMES.has(doc.uri.scheme);
}

function rangeOf(doc: vscode.TextDocument, range: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(range.start), doc.positionAt(range.end));
}

/** The storyboard's path as a take's sidecar keeps it: workspace-relative, `/`. */
export function storyboardPath(uri: vscode.Uri): string {
  return storyboardPathKey(vscode.workspace.asRelativePath(uri, false));
}

/** The takes of this document's shots, from the history (only its own workspace folder's). */
export async function documentTakes(history: HistoryStore, uri: vscode.Uri): Promise<Map<string, ShotTakes<HistoryEntry>>> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const entries = (await history.list()).filter((e) => !folder || e.workspaceFolder.uri.toString() === folder.uri.toString());
  return takesByShot(entries, storyboardPath(uri));
}

function draftSettings(uri: vscode.Uri): { model: string; quality: string; duration: number } {
  const s = readSettings(uri);
  return { model: s['draft.model'], quality: s['draft.quality'], duration: s['draft.duration'] };
}

// ---- wording --------------------------------------------------------------------------------

function estimateText(estimate: Estimate | undefined): string {
  return estimate ? vscode.l10n.t('≈ {0} {1} (estimate)', estimate.amount.toFixed(2), estimate.currency) : '';
}

/** The same, short enough for a CodeLens line that holds four lenses. */
function shortEstimate(estimate: Estimate | undefined): string {
  return estimate ? vscode.l10n.t('≈ {0} {1} est.', estimate.amount.toFixed(2), estimate.currency) : '';
}

/** A take's time: the time of day for today's, the date and time otherwise. */
function shortTime(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const date = new Date(ms);
  const today = new Date().toDateString() === date.toDateString();
  return today
    ? date.toLocaleTimeString(undefined, { timeStyle: 'short' })
    : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** A model's one-line facts: provider, maximum duration, qualities, advice; premium marked. */
export function modelFacts(model: CatalogModel): string {
  const advice = model.verified && model.advice ? adviceLabel(model.advice as Advice) : unverifiedAdvice();
  const premium = model.premium ? vscode.l10n.t('★ premium') + ' · ' : '';
  return premium + vscode.l10n.t('{0} · up to {1} s · {2} · {3}', model.provider, model.maxDuration, model.qualities.join(', '), advice);
}

/** CodeLens titles are plain text but for `$(icon)`: an icon name in a file's text stays text. */
function lensText(text: string, max = 90): string {
  const line = text.replace(/\s+/g, ' ').trim().replace(/\$\(/g, '$\u200b(');
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}

function takesTitle(takes: ShotTakes): string {
  const latest = shortTime(takes.latest);
  return takes.count === 1 ? vscode.l10n.t('1 take · latest {0}', latest) : vscode.l10n.t('{0} takes · latest {1}', takes.count, latest);
}

function generateTitle(lens: Extract<ShotLens, { valid: true }>): string {
  const parts = [lens.modelLabel, vscode.l10n.t('{0} s', lens.request.duration)];
  if (lens.premium) parts.push(vscode.l10n.t('★ premium'));
  const estimate = shortEstimate(lens.estimate);
  if (estimate) parts.push(estimate);
  return '$(play) ' + vscode.l10n.t('Generate ({0})', lensText(parts.join(' · ')));
}

function draftTitle(lens: Extract<ShotLens, { valid: true }>): string {
  const d = lens.draft;
  const parts = [d.modelLabel, d.quality, vscode.l10n.t('{0} s', d.duration)];
  if (d.premium) parts.push(vscode.l10n.t('★ premium'));
  const estimate = shortEstimate(d.estimate);
  if (estimate) parts.push(estimate);
  return vscode.l10n.t('Draft ({0})', lensText(parts.join(' · ')));
}

// ---- CodeLenses -----------------------------------------------------------------------------

class ShotLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: StoryboardEditorDeps) {
    const refresh = (): void => this.changed.fire();
    this.subscriptions = [
      this.changed,
      deps.history.onDidChange(refresh),
      deps.catalog.onDidChange(refresh),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('videoGen')) refresh();
      }),
    ];
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isCandidate(doc)) return [];
    const storyboard = this.deps.source.storyboard(doc);
    if (!storyboard.shots.length) return [];
    const takes = await documentTakes(this.deps.history, doc.uri).catch(() => new Map<string, ShotTakes<HistoryEntry>>());
    const lenses = shotLenses(storyboard, { catalog: this.deps.catalog.current, draft: draftSettings(doc.uri), takes });
    const path = storyboardPath(doc.uri);
    const top = new vscode.Range(0, 0, 0, 0);
    const result = [
      new vscode.CodeLens(top, {
        title: '$(run-all) ' + vscode.l10n.t('Generate All Shots ({0})', storyboard.shots.length),
        command: 'videoGen.generateAllShots',
        arguments: [doc.uri],
      }),
    ];
    for (const lens of lenses) result.push(...this.shotLenses(doc, lens, path, storyboard));
    return result;
  }

  private shotLenses(doc: vscode.TextDocument, lens: ShotLens, path: string, storyboard: Storyboard): vscode.CodeLens[] {
    const at = rangeOf(doc, lens.range);
    const result: vscode.CodeLens[] = [];
    if (lens.valid) {
      result.push(
        new vscode.CodeLens(at, { title: generateTitle(lens), command: 'videoGen.generateShot', arguments: [doc.uri, lens.shot] }),
        new vscode.CodeLens(at, { title: draftTitle(lens), command: 'videoGen.draftShot', arguments: [doc.uri, lens.shot] }),
        new vscode.CodeLens(at, {
          title: vscode.l10n.t('Compare…'),
          command: 'videoGen.compareShot',
          arguments: [doc.uri, lens.shot],
        }),
      );
    } else {
      const more = lens.problemCount > 1 ? ' ' + vscode.l10n.t('(and {0} more)', lens.problemCount - 1) : '';
      const problem = storyboard.problems.find((p) => p.shot === lens.shot && p.severity === 'error');
      result.push(
        new vscode.CodeLens(at, {
          title: '$(error) ' + vscode.l10n.t('Cannot generate: {0}', lensText(lens.problem, 72)) + more,
          tooltip: lens.problem,
          // Clicking it goes to the problem, where the quick fix is.
          command: problem ? 'editor.action.goToLocations' : '',
          arguments: problem ? [doc.uri, at.start, [new vscode.Location(doc.uri, rangeOf(doc, problem.range))], 'goto', ''] : [],
        }),
      );
    }
    if (lens.takes)
      result.push(
        new vscode.CodeLens(at, { title: takesTitle(lens.takes), command: 'videoGen.showShotTakes', arguments: [doc.uri, lens.id] }),
      );
    return result;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

// ---- completions ----------------------------------------------------------------------------

const KEY_HELP: Record<string, () => string> = {
  prompt: () => vscode.l10n.t('What the video shows (required); `|` for several lines'),
  model: () => vscode.l10n.t('The model id, e.g. provider-2/kling-v2.1'),
  quality: () => vscode.l10n.t('480p, 720p or 1080p: one the model has'),
  duration: () => vscode.l10n.t("Seconds, 1 to {0} (at most the model's maximum)", MAX_DURATION_SECONDS),
  ratio: () => vscode.l10n.t('Aspect ratio: 16:9, 9:16, 1:1, 4:3 or 3:4'),
  id: () => vscode.l10n.t('A stable name for the shot: its takes keep pointing at it'),
};

class ShotCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly deps: StoryboardEditorDeps) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!isCandidate(doc)) return undefined;
    const storyboard = this.deps.source.storyboard(doc);
    const text = doc.getText();
    if (!text.includes('video')) return undefined;
    const context = completionContext(text, doc.offsetAt(position), storyboard, readSettings(doc.uri).defaultModel);
    if (!context) return undefined;
    const range = rangeOf(doc, context.range);
    return context.kind === 'key' ? keyItems(context, range) : valueItems(context, range, this.deps.catalog.current);
  }
}

function keyItems(context: Extract<CompletionContext, { kind: 'key' }>, range: vscode.Range): vscode.CompletionItem[] {
  return context.keys.map((key, i) => {
    const item = new vscode.CompletionItem(key, vscode.CompletionItemKind.Property);
    item.insertText = key === 'prompt' ? new vscode.SnippetString('prompt: ${1}') : `${key}: `;
    item.detail = KEY_HELP[key]?.();
    item.range = range;
    item.sortText = String(i).padStart(2, '0');
    // The value's completions follow at once.
    if (key !== 'prompt' && key !== 'id') item.command = { title: '', command: 'editor.action.triggerSuggest' };
    return item;
  });
}

function valueItems(
  context: Extract<CompletionContext, { kind: 'value' }>,
  range: vscode.Range,
  catalog: Catalog,
): vscode.CompletionItem[] {
  const model = context.modelId ? capabilityFor(context.modelId, catalog) : undefined;
  const sorted = (items: vscode.CompletionItem[]): vscode.CompletionItem[] => {
    items.forEach((item, i) => {
      item.sortText = String(i).padStart(3, '0');
      item.range = range;
    });
    return items;
  };
  switch (context.key) {
    case 'model':
      return sorted(pickerModels(catalog).map((m) => modelItem(m)));
    case 'quality':
      return sorted(
        (model?.qualities ?? ['480p', '720p', '1080p']).map((q) => {
          const item = new vscode.CompletionItem(q, vscode.CompletionItemKind.EnumMember);
          item.detail = model ? vscode.l10n.t('supported by {0}', model.label) : undefined;
          return item;
        }),
      );
    case 'ratio':
      return sorted(
        (RATIOS as readonly Ratio[]).map((r) => {
          const item = new vscode.CompletionItem(r, vscode.CompletionItemKind.EnumMember);
          item.detail = ratioLabel(r);
          return item;
        }),
      );
    case 'duration': {
      const max = model?.maxDuration ?? MAX_DURATION_SECONDS;
      return sorted(
        Array.from({ length: max }, (_, i) => i + 1).map((d) => {
          const item = new vscode.CompletionItem(String(d), vscode.CompletionItemKind.Value);
          const cost = model ? estimateText(estimateCostOf(model, d)) : '';
          item.detail =
            [d === max && model ? vscode.l10n.t('the most {0} allows', model.label) : '', cost].filter(Boolean).join(' · ') || undefined;
          return item;
        }),
      );
    }
  }
}

function modelItem(model: CatalogModel): vscode.CompletionItem {
  const item = new vscode.CompletionItem(
    { label: model.id, description: model.premium ? vscode.l10n.t('★ premium') : model.label },
    vscode.CompletionItemKind.EnumMember,
  );
  item.insertText = model.id;
  item.filterText = model.id;
  item.detail = modelFacts(model);
  item.documentation = modelMarkdown(model, undefined);
  return item;
}

// ---- hover ----------------------------------------------------------------------------------

/** A model's limits, advice and (when priced) estimate, as untrusted Markdown of escaped text. */
export function modelMarkdown(model: CatalogModel, seconds: number | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  const paragraph = (text: string): void => void md.appendMarkdown('\n\n' + escapeMarkdown(text));
  md.appendMarkdown(`**${escapeMarkdown(model.label)}** (${escapeMarkdown(model.id)})`);
  paragraph(modelFacts(model));
  paragraph(model.verified && model.advice ? adviceDescription(model.advice as Advice) : unverifiedAdvice());
  if (!model.available) paragraph(vscode.l10n.t('Not in the model list the API gave for your key.'));
  const duration = seconds !== undefined && seconds >= 1 && seconds <= model.maxDuration ? seconds : model.maxDuration;
  const estimate = estimateCostOf(model, duration);
  if (estimate) {
    paragraph(
      vscode.l10n.t(
        "Estimate for {0} s: about {1} {2}. An estimate from the API's price list (Refresh Models from the API), not a bill.",
        duration,
        estimate.amount.toFixed(2),
        estimate.currency,
      ),
    );
  }
  return md;
}

class ModelHover implements vscode.HoverProvider {
  constructor(private readonly deps: StoryboardEditorDeps) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isCandidate(doc)) return undefined;
    const target = hoverTarget(doc.offsetAt(position), this.deps.source.storyboard(doc));
    if (!target) return undefined;
    const model = capabilityFor(target.modelId, this.deps.catalog.current);
    const duration = target.shot?.request.duration;
    return new vscode.Hover(modelMarkdown(model, typeof duration === 'number' ? duration : undefined), rangeOf(doc, target.range));
  }
}
