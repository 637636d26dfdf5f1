// The words of Generate All Shots (stand-in vscode module): the confirmation lists the count, the
// models with their counts, the seconds, the premium ones starred, the estimate labelled as one
// with its source (absent without a price), the budgets left and the skipped shots with their
// reason; the summary names failed shots with their codes and the shots not started with why.
import { fakeVscode } from '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import { VideoGenError } from '../../../src/api/errors';
import { summarize, summaryText } from '../../../src/commands/generateAllSummary';
import { confirmationText } from '../../../src/commands/generateAllText';
import type { BatchItemResult } from '../../../src/generation/generationBatch';
import type { PlannedShot, ShotPlan } from '../../../src/storyboard/shotPlan';

function planned(index: number, id: string, model: string, duration: number, extra: Partial<PlannedShot> = {}): PlannedShot {
  return { index, id, request: { model, prompt: id, quality: '720p', duration, ratio: '16:9' }, premium: false, ...extra };
}

const usd = (amount: number): { amount: number; currency: string } => ({ amount, currency: 'USD' });

describe('Generate All Shots: its confirmation and summary', () => {
  beforeEach(() => fakeVscode.reset());

  it('lists generations, models with counts, seconds, premium marks, the estimate and its source, budgets and skips', () => {
    const plan: ShotPlan = {
      fresh: [
        planned(0, 'kite', 'provider-2/kling-v2.1', 3, { estimate: usd(0.15) }),
        planned(1, 'fox', 'provider-2/kling-v2.1', 2, { estimate: usd(0.1) }),
        planned(2, 'dusk', 'provider-2/veo', 4, { premium: true }),
      ],
      withTakes: [planned(3, 'sea', 'provider-2/kling-v2.1', 1, { estimate: usd(0.05) })],
      invalid: [{ index: 4, id: 'storm', problem: 'The duration is at most 4 seconds for Sora 2.' }],
    };
    const text = confirmationText(plan, 'boards/trailer.md', () => ' Left in your budgets: about 1.00 USD this month.');
    assert.equal(text.message, 'Generate 3 shot(s) of boards/trailer.md?');
    assert.match(text.detail, /3 generation\(s\), 9 s of video in all: 2 × provider-2\/kling-v2\.1, 1 × provider-2\/veo ★\./);
    assert.match(text.detail, /★ premium: 1 shot\(s\)/);
    assert.match(
      text.detail,
      /Estimate: about 0\.25 USD \(an estimate from the API’s price list, GET \/models\?pricing\)\. 1 shot\(s\) have no price/,
    );
    assert.match(text.detail, /Left in your budgets: about 1\.00 USD this month\./);
    assert.match(text.detail, /as they have a take already: sea\. With them: 4 generation\(s\), 10 s/);
    assert.match(text.detail, /Skipped, not valid \(fix them in the editor\): storm \(The duration is at most 4 seconds/);
  });

  it('shows no figure when no model has a price', () => {
    const plan: ShotPlan = { fresh: [planned(0, 'a', 'provider-2/veo', 2, { premium: true })], withTakes: [], invalid: [] };
    const text = confirmationText(plan, 'b.md', () => '');
    assert.match(text.detail, /No estimate: the API’s price list gives no price/);
    assert.doesNotMatch(text.detail, /\d+\.\d\d USD/);
  });

  it('keeps text from the file plain: no link can be planted', () => {
    const plan: ShotPlan = { fresh: [], withTakes: [], invalid: [{ index: 0, id: 'x', problem: 'see [here](command:evil)' }] };
    plan.fresh.push(planned(1, 'ok', 'provider-2/kling-v2.1', 1));
    assert.doesNotMatch(confirmationText(plan, '[a](command:x).md', () => '').detail, /\]\(/);
  });

  it('summarizes saved, failed with codes, not started with the reason, and skipped', () => {
    const plan: ShotPlan = {
      fresh: [],
      withTakes: [planned(9, 'old', 'provider-2/kling-v2.1', 1)],
      invalid: [{ index: 8, id: 'bad', problem: 'Unknown key.' }],
    };
    const budget = new VideoGenError(
      'budget_exceeded',
      'This generation would take the estimated cost this month past your monthly budget.',
      'Raise it.',
    );
    const results: BatchItemResult[] = [
      { item: { label: 'a', input: {} }, status: 'saved', outcome: { files: [] } as never },
      {
        item: { label: 'b', input: {} },
        status: 'failed',
        error: new VideoGenError('provider_error', 'The provider failed.', 'Try again.'),
      },
      { item: { label: 'c', input: {} }, status: 'not-started', error: budget, reason: budget.summary },
      { item: { label: 'd', input: {} }, status: 'not-started', error: budget, reason: budget.summary },
    ];
    const summary = summarize(results, plan, false);
    assert.deepEqual(
      summary.notStarted.map((n) => [n.shotId, n.code]),
      [
        ['c', 'budget_exceeded'],
        ['d', 'budget_exceeded'],
      ],
    );
    assert.deepEqual(
      summary.skipped.map((s) => [s.shotId, s.why]),
      [
        ['bad', 'invalid'],
        ['old', 'has-takes'],
      ],
    );
    const text = summaryText(summary, 'b.md');
    assert.equal(
      text.headline,
      'Generate All Shots, b.md: 1 saved, 1 failed (b: provider_error), 2 skipped, 2 not started (c, d): This generation would take the estimated cost this month past your monthly budget.',
    );
    assert.ok(text.details.some((l) => l === 'b.md c: not started (budget_exceeded): ' + budget.summary));
    assert.equal(summarize(results, plan, true).skipped.length, 1, 'shots with takes are not skipped when included');
  });
});
