// What "Generate All Shots" would send: the valid shots of a storyboard, those that already have a
// take (skipped unless asked), the invalid ones with their first problem (never sent), and what
// the confirmation lists about them: how many generations, which models (counts), total seconds,
// the premium ones, and the estimate where the price list gives one. Plain Node (no vscode).
import type { GenerationRequest } from '../catalog';
import type { Storyboard } from './parseStoryboard';

export interface PlannedShot {
  /** The shot's index in the storyboard. */
  index: number;
  /** Its id now (explicit, or derived until one is written into the block). */
  id: string;
  request: GenerationRequest;
  premium: boolean;
  /** Absent when the price list gives no price for its model. */
  estimate?: { amount: number; currency: string };
}

export interface InvalidShot {
  index: number;
  id: string;
  /** The first error the editor shows on it. */
  problem: string;
}

export interface ShotPlan {
  /** Valid shots without a take. */
  fresh: PlannedShot[];
  /** Valid shots that have at least one take. */
  withTakes: PlannedShot[];
  invalid: InvalidShot[];
}

/** What the plan needs to know of a model. */
export interface ModelFacts {
  premium: boolean;
  estimate(duration: number): { amount: number; currency: string } | undefined;
}

export function planShots(storyboard: Storyboard, idsWithTakes: ReadonlySet<string>, facts: (model: string) => ModelFacts): ShotPlan {
  const plan: ShotPlan = { fresh: [], withTakes: [], invalid: [] };
  for (const shot of storyboard.shots) {
    if (!shot.valid) {
      const problem = storyboard.problems.find((p) => p.shot === shot.index && p.severity === 'error');
      plan.invalid.push({ index: shot.index, id: shot.id, problem: problem?.message ?? 'The shot has a problem.' });
      continue;
    }
    const request = shot.request as GenerationRequest;
    const model = facts(request.model);
    const estimate = model.estimate(request.duration);
    const planned: PlannedShot = { index: shot.index, id: shot.id, request, premium: model.premium, ...(estimate ? { estimate } : {}) };
    (idsWithTakes.has(shot.id) ? plan.withTakes : plan.fresh).push(planned);
  }
  return plan;
}

export interface PlanTotals {
  generations: number;
  seconds: number;
  /** Per model, in the order first met: how many shots use it, and whether it is premium. */
  models: Array<{ model: string; count: number; premium: boolean }>;
  premiumShots: number;
  /** The sum of the known estimates, per currency; empty when none is known. */
  estimates: Array<{ amount: number; currency: string }>;
  /** Shots whose model has no price: not in the estimate. */
  unpriced: number;
}

export function planTotals(shots: readonly PlannedShot[]): PlanTotals {
  const models = new Map<string, { model: string; count: number; premium: boolean }>();
  const estimates = new Map<string, number>();
  let seconds = 0;
  let unpriced = 0;
  for (const shot of shots) {
    seconds += shot.request.duration;
    const entry = models.get(shot.request.model) ?? { model: shot.request.model, count: 0, premium: shot.premium };
    entry.count++;
    models.set(shot.request.model, entry);
    if (shot.estimate) estimates.set(shot.estimate.currency, (estimates.get(shot.estimate.currency) ?? 0) + shot.estimate.amount);
    else unpriced++;
  }
  return {
    generations: shots.length,
    seconds,
    models: [...models.values()],
    premiumShots: shots.filter((s) => s.premium).length,
    estimates: [...estimates].map(([currency, amount]) => ({ amount, currency })),
    unpriced,
  };
}
