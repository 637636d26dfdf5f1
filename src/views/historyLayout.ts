// The Generated Videos view's nodes for one list of takes: flat (newest first) or grouped under
// storyboard → shot → takes, with a draft's finals as its children. Built once per list and mode, so
// the objects stay the same between getChildren and getParent (which reveal() relies on).
import { posix } from 'node:path';
import type { HistoryEntry } from '../history/historyStore';
import { groupByStoryboard, linkLineage, type ShotGroup, type StoryboardGroup } from './historyGroups';

export type GroupBy = 'none' | 'storyboard';

export type HistoryNode =
  | {
      kind: 'take';
      id: string;
      entry: HistoryEntry;
      /** The take this one was promoted from, when it is among the takes. */
      draft?: HistoryEntry;
      /** The finals promoted from this take, newest first. */
      finals: HistoryEntry[];
      /** Set when the node is shown under its draft (not at its own place). */
      underDraft?: true;
    }
  | { kind: 'storyboard'; id: string; group: StoryboardGroup<HistoryEntry> }
  | { kind: 'shot'; id: string; storyboardPath: string; group: ShotGroup<HistoryEntry> }
  | { kind: 'other'; id: string; takes: HistoryEntry[] };

export type TakeNode = HistoryNode & { kind: 'take' };

export interface HistoryLayout {
  roots: HistoryNode[];
  childrenOf(node: HistoryNode): HistoryNode[];
  parentOf(node: HistoryNode): HistoryNode | undefined;
  /** A take's node at its own place (not the copy under its draft). */
  nodeOf(entryId: string): TakeNode | undefined;
}

/** The paths a sidecar's `derivedFrom.path` may name a video by: relative to its folder, and with the folder's name. */
export function workspacePathsOf(entry: HistoryEntry): string[] {
  const relative = posix.relative(entry.workspaceFolder.uri.path, entry.videoUri.path);
  return [relative, `${entry.workspaceFolder.name}/${relative}`];
}

export function buildLayout(entries: readonly HistoryEntry[], groupBy: GroupBy): HistoryLayout {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const lineage = linkLineage(
    entries.map((e) => ({
      key: e.id,
      paths: workspacePathsOf(e),
      sha256: e.sidecar.sha256,
      ...(e.sidecar.derivedFrom ? { derivedFrom: e.sidecar.derivedFrom } : {}),
    })),
  );
  const children = new Map<string, HistoryNode[]>();
  const parents = new Map<string, HistoryNode>();
  const own = new Map<string, TakeNode>();

  const takeNode = (entry: HistoryEntry, parent: HistoryNode | undefined): TakeNode => {
    const draftId = lineage.draftOf.get(entry.id);
    const finals = (lineage.finalsOf.get(entry.id) ?? []).flatMap((id) => byId.get(id) ?? []);
    const node: TakeNode = { kind: 'take', id: entry.id, entry, finals, ...(draftId ? { draft: byId.get(draftId) } : {}) };
    own.set(entry.id, node);
    if (parent) parents.set(node.id, parent);
    // Finals under their draft, as leaves: each stays at its own place too.
    const under: HistoryNode[] = finals.map((final) => ({
      kind: 'take',
      id: `${entry.id}#final:${final.id}`,
      entry: final,
      draft: entry,
      finals: [],
      underDraft: true,
    }));
    for (const u of under) parents.set(u.id, node);
    children.set(node.id, under);
    return node;
  };

  const place = (parent: HistoryNode, kids: HistoryNode[]): HistoryNode => {
    children.set(parent.id, kids);
    return parent;
  };

  let roots: HistoryNode[];
  if (groupBy === 'storyboard') {
    const groups = groupByStoryboard(entries, (e) => e.sidecar.storyboard);
    roots = groups.storyboards.map((group) => {
      const board: HistoryNode = { kind: 'storyboard', id: `storyboard:${group.path}`, group };
      const shots = group.shots.map((shot) => {
        const node: HistoryNode = { kind: 'shot', id: `shot:${group.path}#${shot.shotId}`, storyboardPath: group.path, group: shot };
        parents.set(node.id, board);
        return place(
          node,
          shot.takes.map((t) => takeNode(t, node)),
        );
      });
      return place(board, shots);
    });
    if (groups.other.length) {
      const other: HistoryNode = { kind: 'other', id: 'other', takes: groups.other };
      roots.push(
        place(
          other,
          groups.other.map((t) => takeNode(t, other)),
        ),
      );
    }
  } else {
    roots = entries.map((e) => takeNode(e, undefined));
  }

  return {
    roots,
    childrenOf: (node) => children.get(node.id) ?? [],
    parentOf: (node) => parents.get(node.id),
    nodeOf: (id) => own.get(id),
  };
}

/** Every take a node stands for: itself, or all takes of a group. */
export function takesOf(node: HistoryNode): HistoryEntry[] {
  switch (node.kind) {
    case 'take':
      return [node.entry];
    case 'storyboard':
      return node.group.shots.flatMap((s) => s.takes);
    case 'shot':
      return node.group.takes;
    case 'other':
      return node.takes;
  }
}
