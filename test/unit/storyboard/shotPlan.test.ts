// What Generate All Shots would send: valid shots without takes, those with takes (skipped unless
// asked), invalid ones with their first problem, and the totals the confirmation lists.
import * as assert from 'node:assert/strict';
import { parseStoryboard } from '../../../src/storyboard/parseStoryboard';
import { planShots, planTotals, type ModelFacts } from '../../../src/storyboard/shotPlan';

const TEXT = [
  '```video',
  'id: kite',
  'prompt: A red kite over the sea',
  'model: provider-2/kling-v2.1',
  'quality: 720p',
  'duration: 3',
  '```',
  '',
  '```video',
  'prompt: A lighthouse at dusk',
  'model: provider-2/veo',
  'quality: 720p',
  'duration: 2',
  '```',
  '',
  '```video',
  'prompt: Too long for Sora',
  'model: provider-2/sora-2',
  'quality: 720p',
  'duration: 8',
  '```',
  '',
  '```video',
  'prompt: A fox in snow',
  'model: provider-2/kling-v2.1',
  'quality: 720p',
  'duration: 1',
  '```',
  '',
].join('\n');

const fallback = { model: 'provider-2/kling-v2.1', quality: '720p', duration: 4, ratio: '16:9' };

function facts(model: string): ModelFacts {
  // Kling has a price (0.05 per second); Veo is premium without one.
  if (model === 'provider-2/kling-v2.1') return { premium: false, estimate: (d) => ({ amount: 0.05 * d, currency: 'USD' }) };
  return { premium: model === 'provider-2/veo', estimate: () => undefined };
}

describe('storyboard: the plan of Generate All Shots', () => {
  const storyboard = parseStoryboard(TEXT, { fallback });

  it('sends the valid shots without takes, skips those with takes, and never sends an invalid one', () => {
    const plan = planShots(storyboard, new Set(['kite']), facts);
    assert.deepEqual(
      plan.fresh.map((s) => s.index),
      [1, 3],
    );
    assert.deepEqual(
      plan.withTakes.map((s) => s.id),
      ['kite'],
    );
    assert.equal(plan.invalid.length, 1);
    assert.equal(plan.invalid[0]!.index, 2);
    assert.match(plan.invalid[0]!.problem, /at most 4/);
    assert.equal(plan.fresh[0]!.premium, true);
    assert.equal(plan.fresh[0]!.estimate, undefined);
    assert.deepEqual(plan.fresh[1]!.request, {
      model: 'provider-2/kling-v2.1',
      prompt: 'A fox in snow',
      quality: '720p',
      duration: 1,
      ratio: '16:9',
    });
  });

  it('totals the generations, seconds, models, premium shots and the known estimates', () => {
    const plan = planShots(storyboard, new Set(), facts);
    const totals = planTotals(plan.fresh);
    assert.equal(totals.generations, 3);
    assert.equal(totals.seconds, 6);
    assert.deepEqual(totals.models, [
      { model: 'provider-2/kling-v2.1', count: 2, premium: false },
      { model: 'provider-2/veo', count: 1, premium: true },
    ]);
    assert.equal(totals.premiumShots, 1);
    assert.equal(totals.unpriced, 1);
    assert.equal(totals.estimates.length, 1);
    assert.equal(totals.estimates[0]!.currency, 'USD');
    assert.ok(Math.abs(totals.estimates[0]!.amount - 0.2) < 1e-9);
    assert.deepEqual(planTotals([]).estimates, [], 'no estimate is invented');
  });
});
