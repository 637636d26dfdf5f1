import * as assert from 'node:assert/strict';
import { BudgetReservations, isRefusal, type BudgetLimits, type SpentSoFar } from '../../../src/generation/budgets';

const NO_LIMITS: BudgetLimits = { dailyGenerations: 0, monthlyGenerations: 0, dailyUsd: 0, monthlyUsd: 0 };

function spentOf(today: number, month: number, usdToday = 0, usdMonth = 0): () => SpentSoFar {
  return () => ({ today: { generations: today, usd: usdToday }, thisMonth: { generations: month, usd: usdMonth } });
}

describe('BudgetReservations', () => {
  it('lets exactly as many concurrent generations through as the daily count leaves', () => {
    const budgets = new BudgetReservations(spentOf(1, 1));
    const taken = Array.from({ length: 8 }, () => budgets.reserve({ ...NO_LIMITS, dailyGenerations: 3 }, undefined));
    assert.equal(taken.filter((t) => !isRefusal(t)).length, 2, 'one was counted already: two of eight pass a limit of 3');
    assert.deepEqual(taken[7], { budget: 'dailyGenerations', limit: 3, used: 3 });
  });

  it('holds a monthly count and dollar budgets the same way, and gives back what cost nothing', () => {
    const budgets = new BudgetReservations(spentOf(0, 10, 0, 4));
    const monthly = { ...NO_LIMITS, monthlyGenerations: 13 };
    const taken = Array.from({ length: 8 }, () => budgets.reserve(monthly, 0.2));
    assert.equal(taken.filter((t) => !isRefusal(t)).length, 3);
    // $5 a month with $4 counted and $0.60 running: two more at $0.20 reach it exactly, then no more.
    const dollars = { ...NO_LIMITS, monthlyUsd: 5 };
    assert.ok(!isRefusal(budgets.reserve(dollars, 0.2)));
    assert.ok(!isRefusal(budgets.reserve(dollars, 0.2)));
    const refused = budgets.reserve(dollars, 0.2);
    assert.ok(isRefusal(refused) && refused.budget === 'monthlyUsd');
    // A model without a price adds nothing to a dollar budget.
    assert.ok(!isRefusal(budgets.reserve(dollars, undefined)));
    // A reservation given back (nothing could have been billed) frees its place, once.
    const first = taken[0]!;
    assert.ok(!isRefusal(first));
    first.release();
    first.release();
    assert.ok(!isRefusal(budgets.reserve(dollars, 0.2)));
    // Running now: 2 of the 3, the 2 priced, the unpriced one and the last one.
    assert.deepEqual(budgets.remaining({ ...NO_LIMITS, monthlyUsd: 5, dailyGenerations: 10 }), { dailyGenerations: 4, monthlyUsd: 0 });
  });

  it('never refuses without budgets', () => {
    const budgets = new BudgetReservations(spentOf(10_000, 10_000, 1e6, 1e6));
    assert.equal(budgets.refusal(NO_LIMITS, 100), undefined);
    assert.deepEqual(budgets.remaining(NO_LIMITS), {});
  });
});
