import * as assert from 'node:assert/strict';
import { tallyMochaOutput } from '../../runners/run-tests';

describe('npm test: the summary line', () => {
  it("adds up the passing and failing counts of every mocha summary in a runner's output", () => {
    const output = [
      '  Suite',
      '    ✔ a test',
      '',
      '  352 passing (30s)',
      '  2 pending',
      '  1 failing',
      '',
      '  2 passing (305ms)',
      'text 9 passing in a sentence',
    ].join('\n');
    assert.deepEqual(tallyMochaOutput(output), { passed: 354, failed: 1 });
    assert.deepEqual(tallyMochaOutput('no tests here'), { passed: 0, failed: 0 });
  });
});
