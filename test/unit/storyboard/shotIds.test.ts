import * as assert from 'node:assert/strict';
import { parseStoryboard } from '../../../src/storyboard/parseStoryboard';
import { assignShotIds, newShotId } from '../../../src/storyboard/shotIds';

function apply(text: string, edits: { range: { start: number; end: number }; newText: string }[]): string {
  return [...edits]
    .sort((a, b) => b.range.start - a.range.start)
    .reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

const BOARD = [
  '# Board',
  '```video',
  'prompt: A red kite over the sea',
  '```',
  '```video',
  'id: a-red-kite-over-the-sea',
  'prompt: Another',
  '```',
  '```video',
  '  prompt: A red kite over the sea',
  '  duration: 5',
  '```',
  '',
].join('\n');

describe('Shot ids written on first generation', () => {
  it('makes a slug of the prompt, unique among the ids taken', () => {
    assert.equal(newShotId('A red kite, over the sea!', new Set()), 'a-red-kite-over-the-sea');
    assert.equal(newShotId('A red kite over the sea', new Set(['a-red-kite-over-the-sea'])), 'a-red-kite-over-the-sea-2');
    assert.equal(newShotId('', new Set()), 'video');
  });

  it('keeps explicit ids and writes new unique ones, lined up with the block', () => {
    const board = parseStoryboard(BOARD);
    const assigned = assignShotIds(BOARD, board, [0, 1, 2]);
    assert.deepEqual(
      assigned.map((a) => a.id),
      ['a-red-kite-over-the-sea-2', 'a-red-kite-over-the-sea', 'a-red-kite-over-the-sea-3'],
    );
    assert.equal(assigned[1]!.edit, undefined);
    const written = apply(
      BOARD,
      assigned.flatMap((a) => (a.edit ? [a.edit] : [])),
    );
    const again = parseStoryboard(written);
    assert.deepEqual(
      again.shots.map((s) => [s.id, s.explicitId]),
      assigned.map((a) => [a.id, true]),
    );
    assert.ok(written.includes('\n  id: a-red-kite-over-the-sea-3\n  prompt:'));
    assert.deepEqual(
      again.problems.filter((p) => ['invalid-id', 'duplicate-id', 'invalid-yaml', 'not-a-mapping'].includes(p.code)),
      [],
    );
  });

  it("keeps the file's line breaks and handles a fence on the last line", () => {
    const crlf = BOARD.replace(/\n/g, '\r\n');
    const [first] = assignShotIds(crlf, parseStoryboard(crlf), [0]);
    assert.ok(first!.edit!.newText.endsWith('\r\n'));
    const open = '```video';
    const [last] = assignShotIds(open, parseStoryboard(open), [0]);
    assert.equal(apply(open, [last!.edit!]), '```video\nid: video\n');
  });
});
