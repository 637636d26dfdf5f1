// What each shot's CodeLenses say, worked out in plain Node from the parsed storyboard: the
// request Generate would send (model, duration, premium, an estimate when the price list gives
// one), the draft it would make, the takes it has, or what is wrong with it. The VS Code side
// (storyboardEditor.ts) only words it and places it.
import { API_DEFAULT_RATIO, isQuality, isRatio, type GenerationRequest } from '../catalog';
import { capabilityFor, estimateCostOf, findModel, type Catalog } from './catalogLookups';
import type { Shot, Storyboard, StoryboardProblem, TextRange } from './parseStoryboard';
import { draftChoice, type DraftChoice, type DraftSettings } from './draftPreset';
import type { ShotTakes } from './shotTakes';

/** A valid shot's request, as the validator accepted it. */
export type ShotRequest = GenerationRequest;

export interface Estimate {
  amount: number;
  currency: string;
}

interface LensBase {
  shot: number;
  id: string;
  /** The opening fence line: where the lenses sit. */
  range: TextRange;
  takes?: ShotTakes;
}

export interface ValidShotLens extends LensBase {
  valid: true;
  request: ShotRequest;
  modelLabel: string;
  premium: boolean;
  estimate?: Estimate;
  draft: DraftChoice & { modelLabel: string; premium: boolean; estimate?: Estimate };
}

export interface InvalidShotLens extends LensBase {
  valid: false;
  /** The first error's message, and how many there are. */
  problem: string;
  problemCount: number;
}

export type ShotLens = ValidShotLens | InvalidShotLens;

export interface LensInputs {
  catalog: Catalog;
  draft: DraftSettings;
  /** This file's takes by shot id. */
  takes?: ReadonlyMap<string, ShotTakes>;
}

export function shotLenses(storyboard: Storyboard, inputs: LensInputs): ShotLens[] {
  const draft = draftChoice(inputs.draft, inputs.catalog, (m, s) => estimateCostOf(m, s)?.amount);
  const errors = new Map<number, StoryboardProblem[]>();
  for (const p of storyboard.problems) {
    if (p.shot === undefined || p.severity !== 'error') continue;
    const list = errors.get(p.shot);
    if (list) list.push(p);
    else errors.set(p.shot, [p]);
  }
  return storyboard.shots.map((shot) => lensFor(shot, errors.get(shot.index) ?? [], inputs, draft));
}

function lensFor(shot: Shot, errors: StoryboardProblem[], inputs: LensInputs, draft: DraftChoice): ShotLens {
  const takes = inputs.takes?.get(shot.id);
  const base: LensBase = { shot: shot.index, id: shot.id, range: shot.infoRange, ...(takes ? { takes } : {}) };
  const request = asRequest(shot);
  if (!shot.valid || !request) {
    return {
      ...base,
      valid: false,
      problem: errors[0]?.message ?? 'This shot cannot be generated yet.',
      problemCount: Math.max(1, errors.length),
    };
  }
  const model = capabilityFor(request.model, inputs.catalog);
  const draftModel = capabilityFor(draft.model, inputs.catalog);
  const estimate = estimateCostOf(findModel(request.model, inputs.catalog), request.duration);
  const draftEstimate = estimateCostOf(findModel(draft.model, inputs.catalog), draft.duration);
  return {
    ...base,
    valid: true,
    request,
    modelLabel: model.label,
    premium: model.premium,
    ...(estimate ? { estimate } : {}),
    draft: { ...draft, modelLabel: draftModel.label, premium: draftModel.premium, ...(draftEstimate ? { estimate: draftEstimate } : {}) },
  };
}

/** The request a valid shot sends (its merged fields, as the validator accepted them). */
export function asRequest(shot: Shot): ShotRequest | undefined {
  const r = shot.request;
  if (typeof r.prompt !== 'string' || typeof r.model !== 'string' || !isQuality(r.quality) || typeof r.duration !== 'number')
    return undefined;
  return {
    prompt: r.prompt,
    model: r.model.trim(),
    quality: r.quality,
    duration: r.duration,
    ratio: isRatio(r.ratio) ? r.ratio : API_DEFAULT_RATIO,
  };
}

/** The draft of a shot: its prompt and ratio, the preset's model, quality and duration. */
export function draftRequest(request: ShotRequest, draft: DraftChoice): ShotRequest {
  return { prompt: request.prompt, ratio: request.ratio, model: draft.model, quality: draft.quality, duration: draft.duration };
}
