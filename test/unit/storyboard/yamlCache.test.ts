import * as assert from 'node:assert/strict';
import { parseStoryboard } from '../../../src/storyboard/parseStoryboard';
import { parseYamlCached, yamlCacheSize } from '../../../src/storyboard/yamlCache';

function board(durations: number[]): string {
  return durations
    .map((d, i) => `\`\`\`video\nprompt: cached shot ${i} ${Math.random()}\nmodel: provider-2/kling-v2.1\nduration: ${d}\n\`\`\`\n`)
    .join('\n');
}

describe('YAML cache: after an edit only the changed block is parsed again', () => {
  it('parses a body once per distinct text, wherever it sits in the file', () => {
    const text = board([1, 2, 3, 4]);
    const before = yamlCacheSize();
    const first = parseStoryboard(text);
    const grown = yamlCacheSize();
    assert.equal(grown, Math.min(1024, before + 4));
    // The same shots moved down by a heading: nothing new to parse, the ranges follow the text.
    const moved = parseStoryboard('# A heading\n\n' + text);
    assert.equal(yamlCacheSize(), grown);
    assert.equal(moved.shots[2]!.fields.duration!.valueRange.start, first.shots[2]!.fields.duration!.valueRange.start + 13);
    // One duration edited into an error: one new body; the problem sits on the new value.
    const edited = text.replace('duration: 3', 'duration: 9');
    const after = parseStoryboard(edited);
    assert.equal(yamlCacheSize(), Math.min(1024, grown + 1));
    const problem = after.problems.find((p) => p.shot === 2 && p.field === 'duration');
    assert.equal(problem && edited.slice(problem.range.start, problem.range.end), '9');
  });

  it('hands back the same document for the same text', () => {
    assert.equal(parseYamlCached('prompt: same'), parseYamlCached('prompt: same'));
  });
});
