// The Generated Videos view's nodes: flat or grouped, a draft's finals under it, and the parent of
// every node (what reveal() walks up), from stand-in entries (only the fields the layout reads).
import * as assert from 'node:assert/strict';
import type { HistoryEntry } from '../../../src/history/historyStore';
import { buildLayout, takesOf, workspacePathsOf, type HistoryNode } from '../../../src/views/historyLayout';

const sha = (c: string): string => c.repeat(64);

function entry(name: string, extra: Partial<HistoryEntry['sidecar']> = {}, sha256 = sha('0')): HistoryEntry {
  const uri = (path: string) => ({ path, toString: () => `file://${path}` });
  return {
    id: `file:///ws/videos/${name}.json`,
    videoUri: uri(`/ws/videos/${name}.mp4`),
    sidecarUri: uri(`/ws/videos/${name}.json`),
    workspaceFolder: { name: 'ws', index: 0, uri: uri('/ws') },
    sidecar: { sha256, request: { prompt: name }, ...extra },
  } as unknown as HistoryEntry;
}

const ids = (nodes: HistoryNode[]): string[] => nodes.map((n) => n.id);

describe('views: buildLayout', () => {
  const draft = entry('draft', { storyboard: { path: 'b.md', shotId: 's1' } }, sha('a'));
  const final = entry(
    'final',
    { storyboard: { path: 'b.md', shotId: 's1' }, derivedFrom: { path: 'videos/draft.mp4', sha256: sha('a') } },
    sha('b'),
  );
  const plain = entry('plain', {}, sha('c'));
  const entries = [final, plain, draft];

  it('names a video by its path in the folder and with the folder’s name', () => {
    assert.deepEqual(workspacePathsOf(draft), ['videos/draft.mp4', 'ws/videos/draft.mp4']);
  });

  it('lists every take at the top when flat, a draft with its final as a child', () => {
    const layout = buildLayout(entries, 'none');
    assert.deepEqual(ids(layout.roots), [final.id, plain.id, draft.id]);
    const draftNode = layout.nodeOf(draft.id)!;
    assert.deepEqual(draftNode.finals, [final]);
    const under = layout.childrenOf(draftNode);
    assert.deepEqual(
      under.map((n) => n.kind === 'take' && [n.entry.id, n.underDraft, n.draft?.id]),
      [[final.id, true, draft.id]],
    );
    assert.notEqual(under[0]!.id, final.id, 'the copy under the draft has an id of its own');
    assert.equal(layout.parentOf(under[0]!), draftNode);
    assert.equal(layout.parentOf(draftNode), undefined);
    assert.equal(layout.nodeOf(final.id)?.draft, draft);
  });

  it('groups under storyboard → shot → takes and other takes, each node’s parent known', () => {
    const layout = buildLayout(entries, 'storyboard');
    assert.deepEqual(
      layout.roots.map((n) => n.kind),
      ['storyboard', 'other'],
    );
    const [board, other] = layout.roots as [HistoryNode, HistoryNode];
    const [shot] = layout.childrenOf(board);
    assert.equal(shot?.kind, 'shot');
    assert.deepEqual(ids(layout.childrenOf(shot!)), [final.id, draft.id]);
    assert.deepEqual(ids(layout.childrenOf(other)), [plain.id]);
    const draftNode = layout.nodeOf(draft.id)!;
    assert.equal(layout.parentOf(draftNode), shot);
    assert.equal(layout.parentOf(shot!), board);
    assert.equal(layout.parentOf(board), undefined);
    assert.deepEqual(
      takesOf(board).map((e) => e.id),
      [final.id, draft.id],
    );
  });

  it('gives every node a unique id', () => {
    for (const mode of ['none', 'storyboard'] as const) {
      const layout = buildLayout(entries, mode);
      const seen: string[] = [];
      const walk = (nodes: HistoryNode[]): void => {
        for (const n of nodes) {
          seen.push(n.id);
          walk(layout.childrenOf(n));
        }
      };
      walk(layout.roots);
      assert.equal(new Set(seen).size, seen.length, mode);
    }
  });
});
