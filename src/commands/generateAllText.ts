// The words of Generate All Shots' confirmation: how many generations, which models (counts),
// total seconds, the premium ones marked, the estimate when the price list gives one (labelled as
// an estimate, with its source), what is left of the budgets, and what is skipped and why.
// Names and problems come from the file: plain text only (no links).
import * as vscode from 'vscode';
import { plainText } from '../shared/plainText';
import { planTotals, type PlannedShot, type PlanTotals, type ShotPlan } from '../storyboard/shotPlan';

const LIST_AT_MOST = 10;

/** `remaining`: what is left of the budgets, as a sentence, for the shots that would be sent. */
export function confirmationText(
  plan: ShotPlan,
  path: string,
  remaining: (shots: readonly PlannedShot[]) => string,
): { message: string; detail: string } {
  const fresh = planTotals(plan.fresh);
  const lines: string[] = [];
  if (plan.fresh.length > 0) lines.push(totalsLine(fresh), ...premiumLine(fresh), estimateLine(fresh));
  else lines.push(vscode.l10n.t('Every valid shot has a take already.'));
  const left = remaining(plan.fresh.length > 0 ? plan.fresh : plan.withTakes).trim();
  if (left) lines.push(left);
  if (plan.withTakes.length > 0) {
    const all = planTotals([...plan.fresh, ...plan.withTakes]);
    lines.push(
      vscode.l10n.t(
        'Skipped unless you include them, as they have a take already: {0}. With them: {1} {2}',
        idList(plan.withTakes.map((s) => s.id)),
        totalsLine(all),
        estimateLine(all),
      ),
    );
  }
  if (plan.invalid.length > 0) {
    const listed = plan.invalid.slice(0, LIST_AT_MOST).map((s) => vscode.l10n.t('{0} ({1})', s.id, s.problem));
    const more = plan.invalid.length > LIST_AT_MOST ? [vscode.l10n.t('and {0} more', plan.invalid.length - LIST_AT_MOST)] : [];
    lines.push(vscode.l10n.t('Skipped, not valid (fix them in the editor): {0}.', [...listed, ...more].join('; ')));
  }
  const count = plan.fresh.length > 0 ? plan.fresh.length : plan.withTakes.length;
  return {
    message: plainText(vscode.l10n.t('Generate {0} shot(s) of {1}?', count, path)),
    detail: plainText(lines.join('\n\n')),
  };
}

function totalsLine(t: PlanTotals): string {
  const models = t.models.map((m) => `${m.count} × ${m.model}${m.premium ? ' ★' : ''}`).join(', ');
  return vscode.l10n.t('{0} generation(s), {1} s of video in all: {2}.', t.generations, t.seconds, models);
}

function premiumLine(t: PlanTotals): string[] {
  if (t.premiumShots === 0) return [];
  return [vscode.l10n.t('★ premium: {0} shot(s) use a premium model, which costs the most.', t.premiumShots)];
}

function estimateLine(t: PlanTotals): string {
  if (t.estimates.length === 0) return vscode.l10n.t('No estimate: the API’s price list gives no price for these models.');
  const amounts = t.estimates.map((e) => `${e.amount.toFixed(2)} ${e.currency}`).join(' + ');
  const unpriced = t.unpriced > 0 ? ' ' + vscode.l10n.t('{0} shot(s) have no price and are not in it.', t.unpriced) : '';
  return vscode.l10n.t('Estimate: about {0} (an estimate from the API’s price list, GET /models?pricing).', amounts) + unpriced;
}

function idList(ids: readonly string[]): string {
  const shown = ids.slice(0, LIST_AT_MOST).join(', ');
  return ids.length > LIST_AT_MOST ? vscode.l10n.t('{0} and {1} more', shown, ids.length - LIST_AT_MOST) : shown;
}
