// What promoting a draft to a final needs, as pure functions: the draft's workspace-relative path
// and SHA-256 for the final's `derivedFrom`, which of the final's settings to ask for and what to
// preselect, and the final's request (the draft's prompt and ratio, the chosen model's limits).
import { clampToModel, type Catalog, type GenerationRequest, type Quality } from '../catalog';
import type { Provenance, Sidecar } from '../output/sidecar';

/** `filePath` relative to `folderPath` (both URI paths, `/`-separated); undefined when outside it. */
export function workspaceRelativePath(folderPath: string, filePath: string): string | undefined {
  const root = folderPath.endsWith('/') ? folderPath : folderPath + '/';
  if (!filePath.startsWith(root)) return undefined;
  const rest = filePath.slice(root.length);
  if (!rest || rest.split('/').some((part) => part === '..' || part === '.' || part === '')) return undefined;
  return rest;
}

/** The final's provenance: the draft it came from (path and SHA-256), and the draft's storyboard shot. */
export function promotedProvenance(draftPath: string, draft: Pick<Sidecar, 'sha256' | 'storyboard'>): Provenance {
  const provenance: Provenance = { derivedFrom: { path: draftPath, sha256: draft.sha256 } };
  if (draft.storyboard) provenance.storyboard = { ...draft.storyboard };
  return provenance;
}

export interface FinalSettings {
  model?: string;
  quality?: Quality;
  duration?: number;
}

export interface FinalPlan {
  /** Preselected (or, when not asked, used) values. */
  model: string;
  quality: Quality;
  duration: number;
  /** The fields the user is asked for: those neither the caller nor a setting fixed. */
  ask: Array<'model' | 'quality' | 'duration'>;
}

/**
 * What to ask and preselect: a field the caller gave, else the setting's value (not asked), else
 * asked with the last final's choice preselected, else the draft's. Quality and duration are
 * brought within the model when it is fixed; when the model is asked they are re-fitted after.
 */
export function planFinal(
  given: FinalSettings,
  settings: FinalSettings,
  last: FinalSettings,
  draft: Sidecar['request'],
  catalog: Catalog,
): FinalPlan {
  const ask: FinalPlan['ask'] = [];
  const choose = <K extends keyof FinalSettings>(key: K): FinalSettings[K] => {
    if (given[key] !== undefined) return given[key];
    if (settings[key] !== undefined) return settings[key];
    ask.push(key);
    return last[key] ?? undefined;
  };
  const model = choose('model') ?? draft.model;
  const quality = choose('quality') ?? draft.quality;
  const duration = choose('duration') ?? draft.duration;
  const fitted = clampToModel({ quality, duration }, model, catalog);
  return { model, quality: fitted.quality, duration: fitted.duration, ask };
}

/** The final's request: the draft's prompt and ratio with the chosen model, quality and duration, within the model. */
export function finalRequest(
  draft: Sidecar['request'],
  chosen: { model: string; quality: Quality; duration: number },
  catalog: Catalog,
): GenerationRequest {
  const fitted = clampToModel({ quality: chosen.quality, duration: chosen.duration, ratio: draft.ratio }, chosen.model, catalog);
  return { prompt: draft.prompt, model: chosen.model, quality: fitted.quality, duration: fitted.duration, ratio: fitted.ratio };
}
