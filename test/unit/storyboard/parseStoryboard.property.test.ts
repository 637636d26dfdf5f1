// Properties of the storyboard parser: it never throws, whatever the text, every range it gives
// lies within the text (and within its shot), each field's problem is on that field's value or on
// the shot's info line, and applying the quick fixes leaves a shot the validator accepts.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BUILT_IN_MODELS, QUALITIES, RATIOS } from '../../../src/catalog';
import { parseStoryboard, type Storyboard, type TextRange } from '../../../src/storyboard/parseStoryboard';

const SETTINGS = { model: 'provider-2/kling-v2.1', quality: '720p', duration: 4, ratio: '16:9' };

const VALID = [
  '---',
  'title: Trailer',
  'video:',
  '  model: provider-2/veo',
  '  quality: 1080p',
  '---',
  '# Scene 1',
  '',
  '```video',
  'id: opening',
  'prompt: |',
  '  A red kite over the sea,',
  '  camera slowly rising',
  'duration: 8',
  '```',
  '',
  '~~~video',
  'prompt: The beach at dawn',
  'model: provider-2/kling-v2.1',
  'duration: 5',
  'ratio: "1:1"',
  '~~~',
  '',
  '````markdown',
  '```video',
  'prompt: not a shot',
  '```',
  '````',
  '',
].join('\n');

const pieces = fc.constantFrom(
  '```',
  '~~~',
  '````',
  'video',
  '\n',
  '\r\n',
  '---',
  ':',
  ' ',
  '  ',
  '|',
  '>',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '-',
  '#',
  '&a',
  '*a',
  '!!',
  'prompt',
  'model',
  'duration',
  'quality',
  'ratio',
  'id',
  '9',
  '1080p',
  '16:9',
  '\t',
  '\u{1F3AC}',
  '\uD800',
);
const markdownish = fc.array(fc.oneof(pieces, fc.string({ maxLength: 6 })), { maxLength: 60 }).map((parts) => parts.join(''));

const mutation = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.oneof(markdownish, fc.string({ maxLength: 8 })),
});
const mutated = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((edits) => {
  let text = VALID;
  for (const { at, remove, insert } of edits) {
    const start = at % (text.length + 1);
    text = text.slice(0, start) + insert + text.slice(start + remove);
  }
  return text;
});

function inside(range: TextRange, outer: TextRange): boolean {
  return outer.start <= range.start && range.start <= range.end && range.end <= outer.end;
}

function checkRanges(text: string, result: Storyboard): void {
  const whole = { start: 0, end: text.length };
  for (const shot of result.shots) {
    for (const r of [shot.range, shot.infoRange, shot.bodyRange]) assert.ok(inside(r, whole), JSON.stringify(r));
    assert.ok(inside(shot.bodyRange, shot.range) && inside(shot.infoRange, shot.range));
    for (const field of Object.values(shot.fields)) {
      assert.ok(inside(field.keyRange, shot.bodyRange) && inside(field.valueRange, shot.bodyRange));
    }
  }
  for (const problem of result.problems) {
    assert.ok(inside(problem.range, whole), JSON.stringify(problem));
    if (problem.fix) assert.ok(inside(problem.fix.range, whole), JSON.stringify(problem));
    if (problem.shot === undefined) continue;
    const shot = result.shots[problem.shot];
    assert.ok(shot, 'a problem names a shot that exists');
    assert.ok(inside(problem.range, shot.range), JSON.stringify(problem));
    if (problem.field && problem.field !== 'request') {
      const own = shot.fields[problem.field];
      const expected = shot.origins[problem.field] === 'shot' && own ? own.valueRange : shot.infoRange;
      assert.deepEqual(problem.range, expected, JSON.stringify(problem));
    }
  }
}

function applyFix(text: string, fix: { range: TextRange; newText: string }): string {
  return text.slice(0, fix.range.start) + fix.newText + text.slice(fix.range.end);
}

describe('storyboard: parser properties', () => {
  it('the valid sample has no problems', () => {
    const result = parseStoryboard(VALID, { fallback: SETTINGS });
    assert.deepEqual(result.problems, []);
    assert.equal(result.shots.length, 2);
  });

  it('never throws on any text, and every range lies within the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), markdownish, fc.string({ unit: 'binary', maxLength: 80 })), (text) => {
        checkRanges(text, parseStoryboard(text, { fallback: SETTINGS }));
        checkRanges(text, parseStoryboard(text));
      }),
      { numRuns: 600 },
    );
  });

  it('never throws on mutations of a valid storyboard, and every range lies within the text', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        checkRanges(text, parseStoryboard(text, { fallback: SETTINGS }));
      }),
      { numRuns: 600 },
    );
  });

  it('applying the quick fixes of the request fields leaves a shot the validator accepts', () => {
    const value = (choices: readonly unknown[]) => fc.oneof(fc.constantFrom(...choices), fc.constantFrom('', 'x', 0, 12, -1, 2.5));
    const shot = fc.record(
      {
        model: fc.constantFrom(...BUILT_IN_MODELS.map((m) => m.id), 'kling', 'veo', 'seedance-lite'),
        quality: value(QUALITIES),
        duration: fc.oneof(fc.integer({ min: -1, max: 12 }), fc.constant(4.5)),
        ratio: value(RATIOS),
      },
      { requiredKeys: ['model'] },
    );
    fc.assert(
      fc.property(shot, (fields) => {
        const lines = Object.entries(fields).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
        let text = ['```video', 'prompt: A kite', ...lines, '```', ''].join('\n');
        for (let round = 0; round < 6; round++) {
          const fix = parseStoryboard(text, { fallback: SETTINGS }).problems.find((p) => p.fix && p.field)?.fix;
          if (!fix) break;
          text = applyFix(text, fix);
        }
        const result = parseStoryboard(text, { fallback: SETTINGS });
        const errors = result.problems.filter((p) => p.severity === 'error');
        // Only what has no obvious fix may remain: a quality or ratio that is not text.
        for (const e of errors) assert.ok(e.field === 'quality' || e.field === 'ratio', `${text}\n${JSON.stringify(errors)}`);
      }),
      { numRuns: 300 },
    );
  });
});
