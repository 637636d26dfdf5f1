// "Promote to Final…": a draft's prompt generated again with the final's model, quality and
// duration (from the videoGen.final.* settings, else asked with the last final's choices
// preselected), through JobManager.start, so the premium confirmation applies. The final's sidecar
// records `derivedFrom`: the draft's workspace-relative path and the SHA-256 its sidecar holds.
import * as vscode from 'vscode';
import { pickOne } from '../ui/pickOne';
import { VideoGenError } from '../api/errors';
import { durationsFor, pickerModels, qualitiesFor, type Catalog, type Quality } from '../catalog';
import { readSettings } from '../config/settings';
import type { CatalogService } from '../generation/catalogService';
import type { GenerationOutcome, JobManager } from '../generation/jobManager';
import type { HistoryStore } from '../history/historyStore';
import { readSidecarOf } from '../history/sidecarFiles';
import type { Provenance } from '../output/sidecar';
import { finalRequest, planFinal, promotedProvenance, workspaceRelativePath, type FinalSettings } from '../panel/comparePromote';
import { asVideoGenError, presentError } from '../ui/errorPresenter';
import { toAutomationResult, type AutomationResult } from './generateCommands';
import { pickTakes, videoUriOf } from './compareTargets';

const LAST_FINAL = 'videoGen.lastFinalChoices';

export interface PromoteDeps {
  jobs: JobManager;
  catalog: CatalogService;
  history: HistoryStore;
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  showOutcome(outcome: GenerationOutcome): Promise<void>;
}

export interface PromoteResult extends AutomationResult {
  derivedFrom: NonNullable<Provenance['derivedFrom']>;
}

/** What a caller may fix in advance: `{ model, quality, duration }` (automation asks nothing). */
function givenSettings(arg: unknown): FinalSettings | undefined {
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri || Array.isArray(arg)) return undefined;
  const a = arg as Record<string, unknown>;
  const given: FinalSettings = {};
  if (typeof a.model === 'string' && a.model.trim()) given.model = a.model.trim();
  if (typeof a.quality === 'string') given.quality = a.quality as Quality;
  if (typeof a.duration === 'number') given.duration = a.duration;
  return given;
}

function settingsFinal(): FinalSettings {
  const s = readSettings();
  const fixed: FinalSettings = {};
  if (s['final.model']) fixed.model = s['final.model'];
  if (s['final.quality']) fixed.quality = s['final.quality'];
  if (s['final.duration'] > 0) fixed.duration = s['final.duration'];
  return fixed;
}

/** Asks for each field the plan leaves open, in order; undefined when dismissed. */
async function askFinal(
  plan: ReturnType<typeof planFinal>,
  catalog: Catalog,
): Promise<{ model: string; quality: Quality; duration: number } | undefined> {
  let { model, quality, duration } = plan;
  if (plan.ask.includes('model')) {
    const items = pickerModels(catalog).map((m) => ({
      label: m.premium ? `$(star-full) ${m.label}` : m.label,
      description: vscode.l10n.t('{0} · up to {1} s · {2}', m.provider, m.maxDuration, m.qualities.join(', ')),
      value: m.id,
    }));
    const picked = await pickOne(vscode.l10n.t('Promote to Final: model'), items, model);
    if (!picked) return undefined;
    model = picked;
  }
  if (plan.ask.includes('quality')) {
    const items = qualitiesFor(model, catalog).map((q) => ({ label: q, value: q }));
    const picked = await pickOne(
      vscode.l10n.t('Promote to Final: quality'),
      items,
      qualitiesFor(model, catalog).includes(quality) ? quality : items.at(-1)!.value,
    );
    if (!picked) return undefined;
    quality = picked;
  }
  if (plan.ask.includes('duration')) {
    const durations = durationsFor(model, catalog);
    const items = durations.map((d) => ({ label: vscode.l10n.t('{0} seconds', d), value: d }));
    const picked = await pickOne(vscode.l10n.t('Promote to Final: duration'), items, Math.min(duration, durations.at(-1)!));
    if (!picked) return undefined;
    duration = picked;
  }
  return { model, quality, duration };
}

/** The draft named by `target` (or picked), with its sidecar and workspace path; undefined after telling why not. */
async function draftOf(target: unknown, deps: PromoteDeps) {
  let uri = videoUriOf(target);
  if (!uri) {
    const picked = await pickTakes(deps.history, { title: vscode.l10n.t('Promote to Final: which take?'), many: false });
    uri = picked?.[0]?.videoUri;
  }
  if (!uri) return undefined;
  const sidecar = await readSidecarOf(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const path = folder && workspaceRelativePath(folder.uri.path, uri.path);
  if (!sidecar || !path) {
    throw new VideoGenError(
      'invalid_request_error',
      vscode.l10n.t('Only a take generated in this workspace (a video with its .json sidecar) can be promoted.'),
      vscode.l10n.t('Pick a take from the Generated Videos view; nothing was sent.'),
    );
  }
  return { uri, sidecar, path };
}

export async function promoteToFinal(target: unknown, options: unknown, deps: PromoteDeps): Promise<PromoteResult | undefined> {
  const given = givenSettings(options);
  const automated = given !== undefined;
  try {
    const draft = await draftOf(target, deps);
    if (!draft) return undefined;
    const catalog = deps.catalog.current;
    const last = deps.context.globalState.get<FinalSettings>(LAST_FINAL) ?? {};
    const plan = planFinal(given ?? {}, settingsFinal(), last, draft.sidecar.request, catalog);
    const chosen = automated ? plan : await askFinal(plan, catalog);
    if (!chosen) return undefined;
    await deps.context.globalState.update(LAST_FINAL, { model: chosen.model, quality: chosen.quality, duration: chosen.duration });
    const provenance = promotedProvenance(draft.path, draft.sidecar);
    const request = finalRequest(draft.sidecar.request, chosen, catalog);
    deps.log.info(`Promote to Final: ${draft.path} → ${request.model}, ${request.duration} s, ${request.quality}`);
    const outcome = await deps.jobs.start(request, { interactive: !automated, source: 'command', provenance });
    void deps.showOutcome(outcome);
    return { ...toAutomationResult(outcome), derivedFrom: provenance.derivedFrom! };
  } catch (err) {
    const error = asVideoGenError(err);
    if (automated) throw error;
    if (error.code !== 'cancelled') void presentError(error, error.suggestedModel);
    return undefined;
  }
}
