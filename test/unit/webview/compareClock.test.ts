import * as assert from 'node:assert/strict';
import { clockTile, correctDrift, groupDuration, groupEnded, seekTargets, spread } from '../../../src/webview/compareClock';

describe('compare view: the shared clock', () => {
  it('seeks every tile to the same time, a shorter take to its end', () => {
    assert.deepEqual(seekTargets(2.5, [5, 5, 4]), [2.5, 2.5, 2.5]);
    assert.deepEqual(seekTargets(4.5, [5, 4, 5]), [4.5, 4, 4.5]);
    assert.deepEqual(seekTargets(-1, [5, 4]), [0, 0]);
    assert.deepEqual(seekTargets(Number.NaN, [5]), [0]);
  });

  it('leaves a tile with no known duration at the asked time', () => {
    assert.deepEqual(seekTargets(3, [Number.NaN, 0]), [3, 3]);
  });

  it('takes the longest take as the clock and the group length', () => {
    assert.equal(groupDuration([4, 5.04, 5]), 5.04);
    assert.equal(groupDuration([Number.NaN]), 0);
    assert.equal(clockTile([4, 5.04, 5]), 1);
    assert.equal(clockTile([5, 5]), 0);
  });

  it('moves a tile that drifted far, nudges one that drifted a little, leaves one in step', () => {
    assert.deepEqual(correctDrift(2, 2.6, 5), { kind: 'seek', to: 2 });
    assert.deepEqual(correctDrift(2, 1.6, 5), { kind: 'seek', to: 2 });
    assert.deepEqual(correctDrift(2, 2.1, 5), { kind: 'rate', rate: 0.95 });
    assert.deepEqual(correctDrift(2, 1.9, 5), { kind: 'rate', rate: 1.05 });
    assert.deepEqual(correctDrift(2, 2.01, 5), { kind: 'rate', rate: 1 });
  });

  it('lets a shorter take rest on its last frame while the clock runs on', () => {
    assert.deepEqual(correctDrift(4.6, 4, 4), { kind: 'none' });
    assert.deepEqual(correctDrift(4.6, 3, 4), { kind: 'seek', to: 4 });
  });

  it('ends with the longest take, and measures how far apart tiles are', () => {
    assert.equal(groupEnded(4.99, [4, 5]), true);
    assert.equal(groupEnded(4.5, [4, 5]), false);
    assert.equal(groupEnded(1, []), false);
    assert.equal(spread([1, 1.05, 0.98]).toFixed(2), '0.07');
    assert.equal(spread([]), 0);
  });
});
