// The Generated Videos view's arrangement: takes grouped under storyboard file → shot id, and the
// lineage from a final to its draft.
import * as assert from 'node:assert/strict';
import {
  fileNameOf,
  groupByStoryboard,
  linkLineage,
  normalizeRelativePath,
  type LineageTake,
  type ShotRef,
} from '../../../src/views/historyGroups';

interface Take {
  name: string;
  storyboard?: ShotRef;
}

const take = (name: string, path?: string, shotId?: string): Take =>
  path === undefined ? { name } : { name, storyboard: { path, shotId: shotId ?? '' } };
const names = (list: Take[]): string[] => list.map((t) => t.name);
const sha = (c: string): string => c.repeat(64);

describe('views: groupByStoryboard', () => {
  it('puts every take under its storyboard and shot, the rest under other, keeping the order given', () => {
    const takes = [
      take('t1', 'boards/b.md', 'opening'),
      take('t2'),
      take('t3', 'boards/a.md', 'shot-10-aa'),
      take('t4', 'boards/b.md', 'opening'),
      take('t5', 'boards/a.md', 'shot-2-bb'),
      take('t6'),
    ];
    const groups = groupByStoryboard(takes, (t) => t.storyboard);
    assert.deepEqual(
      groups.storyboards.map((b) => ({ path: b.path, count: b.count, shots: b.shots.map((s) => [s.shotId, names(s.takes)]) })),
      [
        {
          path: 'boards/a.md',
          count: 2,
          shots: [
            ['shot-2-bb', ['t5']],
            ['shot-10-aa', ['t3']],
          ],
        },
        { path: 'boards/b.md', count: 2, shots: [['opening', ['t1', 't4']]] },
      ],
    );
    assert.deepEqual(names(groups.other), ['t2', 't6']);
  });

  it('loses no take and counts each once', () => {
    const takes = Array.from({ length: 50 }, (_, i) => (i % 3 ? take(`t${i}`, `s${i % 4}.md`, `shot-${i % 5}`) : take(`t${i}`)));
    const groups = groupByStoryboard(takes, (t) => t.storyboard);
    const all = [...groups.storyboards.flatMap((b) => b.shots.flatMap((s) => s.takes)), ...groups.other];
    assert.deepEqual(names(all).sort(), names(takes).sort());
    for (const b of groups.storyboards)
      assert.equal(
        b.count,
        b.shots.reduce((n, s) => n + s.takes.length, 0),
      );
  });

  it('treats one storyboard written with \\ or ./ as the same file', () => {
    const groups = groupByStoryboard(
      [take('a', 'boards\\x.md', 's'), take('b', './boards/x.md', 's'), take('c', 'boards/x.md', 's')],
      (t) => t.storyboard,
    );
    assert.equal(groups.storyboards.length, 1);
    assert.deepEqual(names(groups.storyboards[0]!.shots[0]!.takes), ['a', 'b', 'c']);
  });

  it('counts a storyboard without a path or shot id as none', () => {
    const groups = groupByStoryboard([take('a', '', 's'), take('b', 'x.md', ' '), take('c', ' ', '')], (t) => t.storyboard);
    assert.deepEqual(groups.storyboards, []);
    assert.deepEqual(names(groups.other), ['a', 'b', 'c']);
  });

  it('gives nothing for no takes', () => {
    assert.deepEqual(
      groupByStoryboard([], () => undefined),
      { storyboards: [], other: [] },
    );
  });
});

describe('views: linkLineage', () => {
  const draft: LineageTake = { key: 'draft', paths: ['videos/draft.mp4', 'ws/videos/draft.mp4'], sha256: sha('a') };

  it('links a final to the draft its sidecar names, and the draft to its finals', () => {
    const takes: LineageTake[] = [
      { key: 'final2', paths: ['videos/f2.mp4'], sha256: sha('c'), derivedFrom: { path: 'videos/draft.mp4', sha256: sha('a') } },
      { key: 'final1', paths: ['videos/f1.mp4'], sha256: sha('b'), derivedFrom: { path: 'videos\\draft.mp4', sha256: sha('a') } },
      draft,
      { key: 'plain', paths: ['videos/p.mp4'], sha256: sha('d') },
    ];
    const { draftOf, finalsOf } = linkLineage(takes);
    assert.deepEqual(
      [...draftOf],
      [
        ['final2', 'draft'],
        ['final1', 'draft'],
      ],
    );
    assert.deepEqual([...finalsOf], [['draft', ['final2', 'final1']]]);
  });

  it('prefers the copy at the named path, and takes another with the same bytes when the draft was moved', () => {
    const copy: LineageTake = { key: 'copy', paths: ['videos/copy.mp4'], sha256: sha('a') };
    const final: LineageTake = {
      key: 'final',
      paths: ['videos/f.mp4'],
      sha256: sha('b'),
      derivedFrom: { path: 'videos/draft.mp4', sha256: sha('a') },
    };
    assert.equal(linkLineage([copy, draft, final]).draftOf.get('final'), 'draft');
    assert.equal(linkLineage([copy, final]).draftOf.get('final'), 'copy');
  });

  it('does not link a take whose bytes differ from the draft’s, nor a final to itself', () => {
    const replaced: LineageTake = { key: 'replaced', paths: ['videos/draft.mp4'], sha256: sha('e') };
    const final: LineageTake = {
      key: 'final',
      paths: ['videos/f.mp4'],
      sha256: sha('b'),
      derivedFrom: { path: 'videos/draft.mp4', sha256: sha('e') },
    };
    const self: LineageTake = {
      key: 'self',
      paths: ['videos/s.mp4'],
      sha256: sha('f'),
      derivedFrom: { path: 'videos/s.mp4', sha256: sha('f') },
    };
    const other: LineageTake = {
      key: 'other',
      paths: ['videos/o.mp4'],
      sha256: sha('0'),
      derivedFrom: { path: 'videos/draft.mp4', sha256: sha('a') },
    };
    const { draftOf } = linkLineage([replaced, final, self, other]);
    assert.equal(draftOf.get('final'), 'replaced', 'same bytes as named: linked');
    assert.equal(draftOf.get('self'), undefined);
    assert.equal(draftOf.get('other'), undefined, 'the named path holds other bytes now');
  });
});

describe('views: relative paths', () => {
  it('normalizes separators, ./ and leading slashes', () => {
    assert.equal(normalizeRelativePath('.\\boards\\\\a.md'), 'boards/a.md');
    assert.equal(normalizeRelativePath('/videos/a.mp4'), 'videos/a.mp4');
    assert.equal(fileNameOf('videos\\sub/a b.mp4'), 'a b.mp4');
  });
});
