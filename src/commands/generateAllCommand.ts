// "Generate All Shots" (`videoGen.generateAllShots`): every valid shot of a storyboard as one
// batch. Invalid shots are never sent and shots that already have a take are skipped unless the
// user asks; one modal confirmation lists what would be sent (generations, models, seconds,
// premium ones, the estimate when the price list gives one, what is left of the budgets); the
// missing ids are written into their blocks; the batch runs through the queue; a summary ends it.
//
// Argument: a document URI (the CodeLens, the editor title), nothing (the active editor), or, for
// automation, `{ uri, confirm?: false, includeShotsWithTakes?: boolean }`. `confirm: false` skips
// the batch's confirmation unless a shot uses a premium model and `videoGen.confirmPremiumModels`
// is on: premium models are confirmed for automation too.
import * as vscode from 'vscode';
import { findModel } from '../catalog';
import { readSettings, settingsLayer } from '../config/settings';
import type { CatalogService } from '../generation/catalogService';
import { runBatch, type BatchItemResult } from '../generation/generationBatch';
import { remainingText, type JobManager } from '../generation/jobManager';
import type { HistoryStore } from '../history/historyStore';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { parseStoryboard, type Storyboard } from '../storyboard/parseStoryboard';
import { planShots, type PlannedShot, type ShotPlan } from '../storyboard/shotPlan';
import { assignShotIds } from '../storyboard/shotIds';
import { documentTakes, storyboardPath } from '../storyboard/storyboardEditor';
import { askAndStoreKey } from './apiKeyCommands';
import { confirmationText } from './generateAllText';
import { summarize, summaryText, type GenerateAllSummary } from './generateAllSummary';

export interface GenerateAllDeps {
  jobs: JobManager;
  catalog: CatalogService;
  history: HistoryStore;
  keys: ApiKeyStore;
  log: vscode.LogOutputChannel;
}

interface Invocation {
  uri: vscode.Uri;
  confirm: boolean;
  includeShotsWithTakes: boolean;
}

export function registerGenerateAllCommand(deps: GenerateAllDeps): vscode.Disposable {
  /** Storyboards whose Generate All is running: a second one would send the same shots again. */
  const running = new Set<string>();
  return vscode.commands.registerCommand('videoGen.generateAllShots', async (arg?: unknown) => {
    const invocation = readArgument(arg);
    if (!invocation) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown storyboard to generate its shots.'));
      return undefined;
    }
    const key = invocation.uri.toString();
    if (running.has(key)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Generate All Shots is already running for this storyboard.'));
      return undefined;
    }
    running.add(key);
    try {
      return await generateAllShots(deps, invocation);
    } finally {
      running.delete(key);
    }
  });
}

function readArgument(arg: unknown): Invocation | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (arg instanceof vscode.Uri) return { uri: arg, confirm: true, includeShotsWithTakes: false };
  if (typeof arg === 'string' && arg) return { uri: vscode.Uri.parse(arg), confirm: true, includeShotsWithTakes: false };
  if (arg && typeof arg === 'object') {
    const o = arg as { uri?: unknown; confirm?: unknown; includeShotsWithTakes?: unknown };
    const uri = o.uri instanceof vscode.Uri ? o.uri : typeof o.uri === 'string' ? vscode.Uri.parse(o.uri) : active;
    return uri && { uri, confirm: o.confirm !== false, includeShotsWithTakes: o.includeShotsWithTakes === true };
  }
  return active && { uri: active, confirm: true, includeShotsWithTakes: false };
}

async function generateAllShots(deps: GenerateAllDeps, invocation: Invocation): Promise<GenerateAllSummary | undefined> {
  const doc = await vscode.workspace.openTextDocument(invocation.uri);
  const version = doc.version;
  const storyboard = parse(deps, doc);
  // The same path and takes as the storyboard's CodeLenses and Generate Shot use.
  const path = storyboardPath(doc.uri);
  const withTakes = new Set((await documentTakes(deps.history, doc.uri)).keys());
  const plan = planShots(storyboard, withTakes, (model) => {
    const found = findModel(model, deps.catalog.current);
    return { premium: found?.premium ?? false, estimate: (duration) => deps.jobs.estimate({ model, duration }) };
  });
  if (plan.fresh.length + plan.withTakes.length === 0) {
    const why = storyboard.shots.length === 0 ? vscode.l10n.t('It has no shots.') : vscode.l10n.t('None of its shots is valid.');
    void vscode.window.showWarningMessage(vscode.l10n.t('Nothing to generate in {0}.', path) + ' ' + why);
    return summarize([], plan, false);
  }
  const include = await decide(deps, plan, path, invocation);
  if (include === undefined) {
    deps.log.info(`Generate All Shots: ${path} not confirmed; nothing was sent`);
    return undefined;
  }
  if (!(await ensureKey(deps, invocation.confirm))) return undefined;
  if (doc.version !== version) {
    // The ids would be written at stale places, and the shots may not be the ones confirmed.
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0} changed while Generate All Shots was asking; nothing was sent. Run it again.', path),
    );
    return undefined;
  }
  const shots = include ? [...plan.fresh, ...plan.withTakes].sort((a, b) => a.index - b.index) : plan.fresh;
  const ids = await writeShotIds(doc, storyboard, shots, deps.log);
  const results = await runBatch(
    deps.jobs,
    shots.map((shot) => ({
      label: ids.get(shot.index) ?? shot.id,
      input: shot.request,
      provenance: { storyboard: { path, shotId: ids.get(shot.index) ?? shot.id } },
    })),
    { title: vscode.l10n.t('Generating the shots of {0}', path), interactive: invocation.confirm },
  );
  return report(deps.log, path, summarize(results, plan, include));
}

function parse(deps: GenerateAllDeps, doc: vscode.TextDocument): Storyboard {
  let fallback: ReturnType<typeof settingsLayer> | undefined;
  try {
    fallback = settingsLayer(readSettings(doc.uri));
  } catch {
    fallback = undefined;
  }
  return parseStoryboard(doc.getText(), { catalog: deps.catalog.current, fallback });
}

/**
 * The confirmation: resolves true to include the shots with takes, false without them, undefined
 * when not confirmed (declined, dismissed, or a window that cannot show a modal dialog).
 */
async function decide(deps: GenerateAllDeps, plan: ShotPlan, path: string, invocation: Invocation): Promise<boolean | undefined> {
  const premiumAsked = readSettings().confirmPremiumModels && [...plan.fresh, ...plan.withTakes].some((s) => s.premium);
  if (!invocation.confirm && !premiumAsked) return invocation.includeShotsWithTakes;
  const text = confirmationText(plan, path, (shots) =>
    remainingText(
      deps.jobs.remainingBudgets(),
      shots.some((s) => !s.estimate),
    ),
  );
  const buttons: string[] = [];
  const fresh = plan.fresh.length > 0 ? vscode.l10n.t('Generate {0}', plan.fresh.length) : undefined;
  const all =
    plan.withTakes.length > 0 ? vscode.l10n.t('Generate {0}, Shots with Takes Too', plan.fresh.length + plan.withTakes.length) : undefined;
  if (fresh) buttons.push(fresh);
  if (all) buttons.push(all);
  let answer: string | undefined;
  try {
    answer = await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, ...buttons);
  } catch (err) {
    deps.log.warn(`Generate All Shots: the confirmation could not be shown: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (answer === undefined) return undefined;
  return answer === all;
}

async function ensureKey(deps: GenerateAllDeps, interactive: boolean): Promise<boolean> {
  if (await deps.keys.get().catch(() => undefined)) return true;
  // Asked once here, rather than by each job of the batch at once.
  if (interactive && (await askAndStoreKey(deps.keys, deps.log, vscode.l10n.t('Video Gen needs your API key to generate.')))) return true;
  void vscode.window.showErrorMessage(vscode.l10n.t('No API key is set. Run "Video Gen: Set API Key" and try again; nothing was sent.'));
  return false;
}

/** Writes `id:` into the blocks that have none; returns every shot's id (index → id). */
async function writeShotIds(
  doc: vscode.TextDocument,
  storyboard: Storyboard,
  shots: readonly PlannedShot[],
  log: vscode.LogOutputChannel,
): Promise<Map<number, string>> {
  const text = doc.getText();
  const assigned = assignShotIds(
    text,
    storyboard,
    shots.map((s) => s.index),
  );
  const ids = new Map(assigned.map((a) => [a.shot, a.id]));
  const edits = assigned.filter((a) => a.edit);
  if (edits.length === 0) return ids;
  const edit = new vscode.WorkspaceEdit();
  for (const { edit: fix } of edits) edit.insert(doc.uri, doc.positionAt(fix!.range.start), fix!.newText);
  if (!(await vscode.workspace.applyEdit(edit))) {
    log.warn(`Generate All Shots: could not write the shot ids into ${doc.uri.toString()}; the takes use them anyway`);
    return ids;
  }
  // An ordinary edit, as the shot's own Generate makes: the file is left modified, to save or undo.
  return ids;
}

/** The summary as a notification (with the details in the log) and as the command's result. */
function report(log: vscode.LogOutputChannel, path: string, summary: GenerateAllSummary): GenerateAllSummary {
  const text = summaryText(summary, path);
  for (const line of text.details) log.info(`Generate All Shots: ${line}`);
  const details = vscode.l10n.t('Show Details');
  const show =
    summary.failed.length + summary.notStarted.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void Promise.resolve(show(text.headline, details)).then((picked) => {
    if (picked === details) log.show();
  });
  return summary;
}

export type { BatchItemResult };
