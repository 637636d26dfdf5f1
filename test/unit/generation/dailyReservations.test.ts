import * as assert from 'node:assert/strict';
import { DailyReservations } from '../../../src/generation/dailyReservations';

describe('DailyReservations', () => {
  it('lets exactly as many concurrent generations through as the limit leaves', () => {
    let counted = 1;
    const daily = new DailyReservations(() => counted);
    const taken = Array.from({ length: 8 }, () => daily.reserve(3));
    assert.equal(taken.filter(Boolean).length, 2, 'one was counted already: two of eight pass a limit of 3');
    assert.equal(daily.wouldExceed(3), true);
    // A reservation that cost nothing is given back (once, however often it is released).
    taken[0]!.release();
    taken[0]!.release();
    assert.equal(daily.inUse, 2);
    assert.ok(daily.reserve(3));
    // A saved video moves from the reservation to the counted ones.
    counted += 1;
    taken[1]!.release();
    assert.equal(daily.inUse, 3);
  });

  it('never refuses without a limit', () => {
    const daily = new DailyReservations(() => 10_000);
    assert.equal(daily.wouldExceed(0), false);
    assert.ok(daily.reserve(0));
  });
});
