import * as assert from 'node:assert/strict';
import { escapeMarkdown } from '../../../src/shared/markdownText';

describe('escapeMarkdown: outside text shown literally in a hover', () => {
  it('escapes links, command links, emphasis, code, HTML and entities', () => {
    assert.equal(escapeMarkdown('[x](command:evil)'), '\\[x\\]\\(command\\:evil\\)');
    assert.equal(escapeMarkdown('*a* _b_ `c`'), '\\*a\\* \\_b\\_ \\`c\\`');
    assert.equal(escapeMarkdown('<img src=x>&amp;'), '\\<img src=x\\>\\&amp;');
    assert.equal(escapeMarkdown('https://example.com'), 'https\\://example\\.com');
  });

  it('keeps spaces and turns line breaks into spaces', () => {
    assert.equal(escapeMarkdown('Kling v2.1\n# heading'), 'Kling v2\\.1 \\# heading');
  });
});
