// The storyboard parser: which blocks are shots, how defaults merge, and that every problem lands
// on the exact text it is about (offsets checked against the text itself).
import * as assert from 'node:assert/strict';
import { parseStoryboard, shotId, type Storyboard, type StoryboardProblem } from '../../../src/storyboard/parseStoryboard';
import { StoryboardCache } from '../../../src/storyboard/storyboardCache';

const KLING = 'provider-2/kling-v2.1';
const SETTINGS = { model: KLING, quality: '720p', duration: 4, ratio: '16:9' };

function text(...lines: string[]): string {
  return lines.join('\n');
}

/** The range of the `nth` occurrence of `needle` (after `after`, if given). */
function at(source: string, needle: string, after = ''): { start: number; end: number } {
  const from = after ? source.indexOf(after) + after.length : 0;
  const start = source.indexOf(needle, from);
  assert.ok(start >= 0, `${needle} is in the text`);
  return { start, end: start + needle.length };
}

function only(storyboard: Storyboard, code?: string): StoryboardProblem {
  const problems = code ? storyboard.problems.filter((p) => p.code === code) : storyboard.problems;
  assert.equal(problems.length, 1, JSON.stringify(storyboard.problems, null, 1));
  return problems[0]!;
}

function covered(source: string, problem: StoryboardProblem): string {
  return source.slice(problem.range.start, problem.range.end);
}

describe('storyboard: parseStoryboard', () => {
  it('finds ```video and ~~~video blocks and reads their fields', () => {
    const source = text(
      '# Story',
      '',
      '```video',
      `prompt: A red kite`,
      `model: ${KLING}`,
      'quality: 1080p',
      'duration: 5',
      '```',
      '',
      '~~~video',
      'prompt: The sea',
      'id: sea',
      '~~~',
      '',
    );
    const result = parseStoryboard(source, { fallback: SETTINGS });
    assert.deepEqual(result.problems, []);
    assert.equal(result.shots.length, 2);
    const [kite, sea] = result.shots;
    assert.deepEqual(kite!.request, { model: KLING, prompt: 'A red kite', quality: '1080p', duration: 5, ratio: '16:9' });
    assert.equal(kite!.id, shotId(0, 'A red kite'));
    assert.equal(kite!.explicitId, false);
    assert.deepEqual(kite!.range, { start: source.indexOf('```video'), end: source.indexOf('```\n\n~~~') + 3 });
    assert.deepEqual(kite!.fields.duration!.valueRange, at(source, '5', 'duration: '));
    assert.deepEqual(kite!.fields.duration!.keyRange, at(source, 'duration'));
    assert.equal(sea!.id, 'sea');
    assert.equal(sea!.explicitId, true);
    assert.equal(sea!.valid, true);
  });

  it('puts a duration over the model maximum on the value, with the maximum as the fix', () => {
    const source = text('```video', 'prompt: A kite', `model: ${KLING}`, 'duration: 9', '```');
    const problem = only(parseStoryboard(source, { fallback: SETTINGS }));
    assert.equal(problem.field, 'duration');
    assert.deepEqual(problem.range, at(source, '9'));
    assert.match(problem.message, /at most 5/);
    assert.deepEqual(problem.fix?.range, at(source, '9'));
    assert.equal(problem.fix?.newText, '5');
  });

  it('a duration within the general limit but over the model is the API code n_exceeds_model_limit', () => {
    const source = text('```video', 'prompt: A kite', 'model: provider-2/sora-2', 'duration: 5', '```');
    const problem = only(parseStoryboard(source, { fallback: SETTINGS }));
    assert.equal(problem.code, 'exceeds-model-limit');
    assert.equal(problem.fix?.newText, '4');
  });

  it('a quality the model lacks gets the nearest one it has', () => {
    const source = text('```video', 'prompt: A kite', 'model: provider-2/seedance-lite', 'quality: 720p', '```');
    const problem = only(parseStoryboard(source, { fallback: SETTINGS }));
    assert.equal(problem.field, 'quality');
    assert.equal(covered(source, problem), '720p');
    assert.equal(problem.fix?.newText, '1080p');
  });

  it('a ratio outside the list is on its value; an obvious spelling is fixed', () => {
    const source = text('```video', 'prompt: A kite', 'ratio: "16x9"', '```');
    const problem = only(parseStoryboard(source, { fallback: SETTINGS }));
    assert.equal(problem.field, 'ratio');
    assert.equal(covered(source, problem), '"16x9"');
    assert.equal(problem.fix?.newText, '16:9');
  });

  it('an unknown model is a warning on the model, with the model it most likely means', () => {
    const source = text('```video', 'prompt: A kite', 'model: kling', '```');
    const problem = only(parseStoryboard(source, { fallback: SETTINGS }));
    assert.equal(problem.severity, 'warning');
    assert.equal(covered(source, problem), 'kling');
    assert.equal(problem.fix?.newText, KLING);
  });

  it('an empty or over-long prompt is on the prompt', () => {
    const empty = text('```video', 'prompt: ""', '```');
    const p1 = only(parseStoryboard(empty, { fallback: SETTINGS }));
    assert.equal(p1.field, 'prompt');
    assert.equal(covered(empty, p1), '""');
    assert.match(p1.message, /empty/);
    const long = text('```video', `prompt: ${'x'.repeat(4001)}`, '```');
    const p2 = only(parseStoryboard(long, { fallback: SETTINGS }));
    assert.equal(covered(long, p2), 'x'.repeat(4001));
    assert.match(p2.message, /4001 characters/);
  });

  it('a missing prompt is on the info line', () => {
    const source = text('intro', '```video', `model: ${KLING}`, '```');
    const problem = only(parseStoryboard(source, { fallback: SETTINGS }));
    assert.equal(problem.field, 'prompt');
    assert.equal(covered(source, problem), '```video');
  });

  it('unknown keys are on the key, with the key it most likely means', () => {
    const source = text('```video', 'prompt: A kite', 'quailty: 1080p', 'colour: red', '```');
    const problems = parseStoryboard(source, { fallback: SETTINGS }).problems;
    assert.deepEqual(
      problems.map((p) => [p.code, covered(source, p), p.fix?.newText]),
      [
        ['unknown-key', 'quailty', 'quality'],
        ['unknown-key', 'colour', undefined],
      ],
    );
  });

  it('wrong types are on the value', () => {
    const source = text('```video', 'prompt: A kite', 'duration: five', '```');
    const problem = only(parseStoryboard(source, { fallback: SETTINGS }));
    assert.equal(covered(source, problem), 'five');
    assert.match(problem.message, /duration must be a number/);
  });

  it('invalid YAML is reported where the YAML library places it, and the shot is not validated', () => {
    const source = text('```video', 'prompt: [A kite', '```');
    const problem = only(parseStoryboard(source, { fallback: SETTINGS }));
    assert.equal(problem.code, 'invalid-yaml');
    assert.ok(problem.range.start >= source.indexOf('prompt') && problem.range.end <= source.lastIndexOf('```'));
    assert.ok(problem.range.end > problem.range.start);
    const duplicate = text('```video', 'prompt: a', 'prompt: b', '```');
    const dup = only(parseStoryboard(duplicate, { fallback: SETTINGS }));
    assert.equal(dup.code, 'invalid-yaml');
    assert.equal(dup.range.start, duplicate.indexOf('prompt: b'), 'on the duplicate key');
  });

  it('a block that is not a mapping, and an unclosed block, are problems', () => {
    const list = text('```video', '- a', '- b', '```');
    assert.equal(only(parseStoryboard(list, { fallback: SETTINGS })).code, 'not-a-mapping');
    const open = text('```video', 'prompt: A kite');
    const problem = only(parseStoryboard(open, { fallback: SETTINGS }));
    assert.equal(problem.code, 'unclosed-block');
    assert.equal(covered(open, problem), '```video');
  });

  it('takes defaults from the front matter; a problem they cause is on the info line, fixed in the shot', () => {
    const source = text(
      '---',
      'title: Trailer',
      'video:',
      `  model: ${KLING}`,
      '  duration: 8',
      '  quality: 1080p',
      '---',
      '',
      '```video',
      'prompt: A kite',
      '```',
      '',
      '```video',
      'prompt: The sea',
      'model: provider-2/veo',
      '```',
    );
    const result = parseStoryboard(source, { fallback: SETTINGS });
    assert.equal(result.shots.length, 2);
    assert.deepEqual(result.shots[1]!.request, {
      model: 'provider-2/veo',
      prompt: 'The sea',
      quality: '1080p',
      duration: 8,
      ratio: '16:9',
    });
    assert.equal(result.shots[1]!.origins.duration, 'defaults');
    const problem = only(result);
    assert.equal(problem.shot, 0);
    assert.deepEqual(problem.range, at(source, '```video'));
    assert.match(problem.message, /front matter/);
    assert.deepEqual(problem.fix, {
      title: `Use 5 seconds, the most ${KLING} allows: set in this shot`,
      range: { start: source.indexOf('```\n\n```video'), end: source.indexOf('```\n\n```video') },
      newText: 'duration: 5\n',
    });
  });

  it('checks the front matter: unknown default keys, invalid YAML, a video key that is not a mapping', () => {
    const unknown = text('---', 'video:', '  prompt: no', '---', '```video', 'prompt: A', '```');
    const p = only(parseStoryboard(unknown, { fallback: SETTINGS }));
    assert.equal(p.code, 'unknown-key');
    assert.deepEqual(p.range, at(unknown, 'prompt'));
    const scalar = text('---', 'video: kling', '---');
    assert.equal(covered(scalar, only(parseStoryboard(scalar))), 'kling');
    const broken = text('---', 'video: [', '---');
    assert.equal(only(parseStoryboard(broken)).code, 'invalid-yaml');
  });

  it('settings fill what is not set, brought within the model; without them, missing fields are on the info line', () => {
    const source = text('```video', 'prompt: A kite', 'model: provider-2/sora-2', '```');
    const result = parseStoryboard(source, { fallback: { ...SETTINGS, duration: 8, quality: '480p' } });
    assert.deepEqual(result.problems, []);
    assert.equal(result.shots[0]!.request.duration, 4);
    assert.equal(result.shots[0]!.request.quality, '720p');
    const bare = parseStoryboard(source);
    assert.deepEqual(
      bare.problems.map((p) => [p.field, covered(source, p)]),
      [
        ['quality', '```video'],
        ['duration', '```video'],
      ],
    );
  });

  it('reads multi-line prompts', () => {
    const source = text('```video', 'prompt: |', '  A red kite', '  over the sea', 'duration: 3', '```');
    const shot = parseStoryboard(source, { fallback: SETTINGS }).shots[0]!;
    assert.equal(shot.request.prompt, 'A red kite\nover the sea\n');
    assert.equal(shot.valid, true);
    const folded = text('```video', 'prompt: >', '  A red kite', '  over the sea', '```');
    assert.equal(parseStoryboard(folded, { fallback: SETTINGS }).shots[0]!.request.prompt, 'A red kite over the sea\n');
  });

  it('keeps ranges right with CRLF line ends, and fixes insert CRLF', () => {
    const source = ['---', 'video:', '  duration: 9', '---', '```video', 'prompt: A kite', `model: ${KLING}`, 'ratio: 2:1', '```', ''].join(
      '\r\n',
    );
    const result = parseStoryboard(source, { fallback: SETTINGS });
    const [duration, ratio] = result.problems;
    assert.deepEqual(duration!.range, at(source, '```video'));
    assert.equal(duration!.fix?.newText, 'duration: 5\r\n');
    assert.equal(covered(source, ratio!), '2:1');
    assert.equal(result.shots[0]!.infoRange.end, source.indexOf('```video') + 8);
  });

  it('ignores ```video lines inside other fences, and fences that do not match', () => {
    const source = text(
      '````markdown',
      '```video',
      'prompt: an example, not a shot',
      '```',
      '````',
      '~~~',
      '```video',
      '~~~',
      '    ```video',
      '    prompt: indented code',
      '    ```',
      '```videos',
      '```',
      '```video extra words',
      'prompt: A real one',
      '`````',
    );
    const result = parseStoryboard(source, { fallback: SETTINGS });
    assert.deepEqual(
      result.shots.map((s) => s.request.prompt),
      ['A real one'],
    );
    assert.deepEqual(result.problems, []);
  });

  it('a closing fence must be as long as the opening one', () => {
    const source = text('````video', 'prompt: A kite', '```', 'duration: 9', '````', '```video', 'prompt: B', '```');
    const result = parseStoryboard(source, { fallback: SETTINGS });
    assert.equal(result.shots.length, 2);
    assert.ok(result.problems.length > 0);
    assert.ok(
      result.problems.every((p) => p.code === 'invalid-yaml' && p.shot === 0),
      'the inner ``` line is YAML now',
    );
  });

  it('explicit ids must be names and unique; derived ids depend on position and prompt', () => {
    const source = text(
      '```video',
      'prompt: A',
      'id: one',
      '```',
      '```video',
      'prompt: B',
      'id: one',
      '```',
      '```video',
      'prompt: C',
      'id: "no spaces"',
      '```',
    );
    const result = parseStoryboard(source, { fallback: SETTINGS });
    assert.deepEqual(
      result.problems.map((p) => [p.code, covered(source, p)]),
      [
        ['duplicate-id', 'one'],
        ['invalid-id', '"no spaces"'],
      ],
    );
    assert.notEqual(shotId(0, 'A'), shotId(1, 'A'));
    assert.notEqual(shotId(0, 'A'), shotId(0, 'B'));
    assert.equal(shotId(0, ' A\r\nB '), shotId(0, 'A\nB'));
    assert.match(shotId(2, 'x'), /^shot-3-[0-9a-f]{8}$/);
  });

  it('a text without shots has no problems', () => {
    assert.deepEqual(parseStoryboard(''), { shots: [], problems: [], defaults: {} });
    assert.deepEqual(parseStoryboard('# Notes\n\n```js\nlet a\n```\n').problems, []);
  });
});

describe('storyboard: StoryboardCache', () => {
  it('parses a document again only when its version or the stamp changes', () => {
    const cache = new StoryboardCache();
    let parses = 0;
    const parse = () => {
      parses++;
      return parseStoryboard('```video\nprompt: A\n```\n');
    };
    const first = cache.get('file:///a.md', 1, 0, parse);
    assert.equal(cache.get('file:///a.md', 1, 0, parse), first);
    assert.equal(parses, 1, 'unchanged: not parsed again');
    cache.get('file:///a.md', 2, 0, parse);
    cache.get('file:///a.md', 2, 1, parse);
    cache.get('file:///b.md', 1, 1, parse);
    assert.equal(parses, 4);
    cache.delete('file:///a.md');
    assert.equal(cache.size, 1);
  });
});
