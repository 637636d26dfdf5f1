import * as assert from 'node:assert/strict';
import { excerpt, formatElapsed, formatFileSize, formatMegabytes, formatSecondsValue } from '../../../src/shared/format';
import { fill, PANEL_STRING_KEYS, readPanelStrings } from '../../../src/shared/strings';

describe('webview: formatting', () => {
  it('shows elapsed time as m:ss, h:mm:ss past an hour', () => {
    assert.equal(formatElapsed(0), '0:00');
    assert.equal(formatElapsed(12_900), '0:12');
    assert.equal(formatElapsed(61_000), '1:01');
    assert.equal(formatElapsed(3_723_000), '1:02:03');
    assert.equal(formatElapsed(-5), '0:00');
  });

  it('shows sizes with a short number', () => {
    assert.equal(formatMegabytes(1572864), '1.5');
    assert.equal(formatFileSize(512), '512 B');
    assert.equal(formatFileSize(2048), '2.0 KB');
    assert.equal(formatFileSize(3 * 1048576), '3.0 MB');
    assert.equal(formatSecondsValue(2), '2');
    assert.equal(formatSecondsValue(2.0417), '2.04');
  });

  it('cuts long prompts to one line by code points', () => {
    assert.equal(excerpt('  a\n b  '), 'a b');
    assert.equal(excerpt('x'.repeat(100), 10), 'x'.repeat(9) + '…');
    assert.equal([...excerpt('😀'.repeat(20), 5)].length, 5);
  });

  it('fills {n} placeholders and leaves unknown ones', () => {
    assert.equal(fill('{0} of {1}', 1, 'two'), '1 of two');
    assert.equal(fill('{0} {2}', 'a'), 'a {2}');
  });

  it('reads the embedded strings, showing a missing one as its key', () => {
    const strings = readPanelStrings(JSON.stringify({ premium: 'Premium', cancel: 42 }));
    assert.equal(strings.premium, 'Premium');
    assert.equal(strings.cancel, 'cancel');
    assert.equal(Object.keys(strings).length, PANEL_STRING_KEYS.length);
    assert.equal(readPanelStrings('not json').play, 'play');
  });
});
