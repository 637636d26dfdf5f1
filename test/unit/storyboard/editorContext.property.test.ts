// Properties of the editor's storyboard features: whatever the text and wherever the cursor,
// completions and hover answer without throwing, with ranges inside the text, on the cursor's
// line; and every shot's CodeLenses are worked out (valid ones with a request the validator takes).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BUILT_IN_CATALOG, validateGenerationRequest } from '../../../src/catalog';
import { completionContext, hoverTarget } from '../../../src/storyboard/editorContext';
import { parseStoryboard } from '../../../src/storyboard/parseStoryboard';
import { shotLenses } from '../../../src/storyboard/shotLenses';

const PIECES = [
  '---\n',
  'video:\n',
  '  model: provider-2/veo\n',
  '  quality: \n',
  '```video\n',
  '~~~video\n',
  '```\n',
  '~~~\n',
  'prompt: A kite\n',
  'prompt: |\n',
  '  over the sea\n',
  'model: provider-2/kling-v2.1\n',
  'model: \n',
  'quality: 720p\n',
  'duration: 9\n',
  'duration: 3\n',
  'ratio: 16:9\n',
  'id: x\n',
  'mod',
  '  ',
  '\r\n',
  '# Title\n',
  ': \n',
  '"',
];

const storyboardText = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 30 })
  .map((p) => p.join(''));

describe('Storyboard editor features: properties', () => {
  it('never throws, and completion ranges lie on the cursor line, around the cursor', () => {
    fc.assert(
      fc.property(storyboardText, fc.nat(), (text, at) => {
        const offset = text.length ? at % (text.length + 1) : 0;
        const board = parseStoryboard(text);
        const context = completionContext(text, offset, board, 'provider-2/kling-v2.1');
        if (context) {
          assert.ok(context.range.start <= offset && offset <= context.range.end, 'the range holds the cursor (VS Code requires it)');
          assert.ok(context.range.start >= 0 && context.range.end <= text.length && context.range.start <= context.range.end);
          assert.ok(!/[\r\n]/.test(text.slice(context.range.start, context.range.end)), 'one line');
        }
        const hover = hoverTarget(offset, board);
        if (hover) assert.ok(hover.range.start <= offset && offset <= hover.range.end);
      }),
      { numRuns: 400 },
    );
  });

  it('gives every shot a lens, and valid ones a request the validator accepts', () => {
    fc.assert(
      fc.property(storyboardText, (text) => {
        const board = parseStoryboard(text, { fallback: { model: 'provider-2/kling-v2.1', quality: '720p', duration: 4, ratio: '16:9' } });
        const lenses = shotLenses(board, { catalog: BUILT_IN_CATALOG, draft: { model: '', quality: '', duration: 0 } });
        assert.equal(lenses.length, board.shots.length);
        for (const lens of lenses) {
          if (lens.valid) {
            assert.ok(validateGenerationRequest(lens.request, BUILT_IN_CATALOG).ok, JSON.stringify(lens.request));
            assert.ok(validateGenerationRequest({ ...lens.request, ...lens.draft }, BUILT_IN_CATALOG).ok, 'the draft is valid too');
          } else assert.ok(lens.problem.length > 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
