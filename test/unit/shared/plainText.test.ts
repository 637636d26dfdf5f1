import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { plainText } from '../../../src/shared/plainText';

// How VS Code's notifications find links in a message (its linked-text syntax), widened to any target.
const LINK = /\[([^\]]+)\]\(([^)\s]+)(?: (["'])(.+?)(\3))?\)/;

describe('plainText (text from outside, shown in a notification)', () => {
  it('leaves no link behind, whatever the text', () => {
    const pieces = fc.constantFrom('[', ']', '(', ')', '](', ' ', 'command:', 'https://x', 'workbench.action.openSettings', '"', 'a', '\n');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }), (parts) => {
        assert.doesNotMatch(plainText(parts.join('')), LINK);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the words readable and other text as it is', () => {
    assert.equal(
      plainText('Fix it: [Open Settings](command:workbench.action.openSettings)'),
      'Fix it: [Open Settings] (command:workbench.action.openSettings)',
    );
    assert.equal(plainText('quota exceeded [code 42] (retry later)'), 'quota exceeded [code 42] (retry later)');
    assert.equal(plainText('no brackets at all'), 'no brackets at all');
  });
});
