// Stable ids for shots. A shot without `id:` gets one written into its block the first time it is
// generated (a slug of its prompt, unique in the file), so its takes keep pointing at it when its
// prompt is reworded or the shot is moved. Until then its id is derived (see shotId), which is
// fine: a shot with no takes has nothing to orphan. Plain Node: returns the text edits to make.
import { slugFromPrompt } from '../output/naming';
import type { Shot, Storyboard, StoryboardFix } from './parseStoryboard';

const MAX_SLUG = 40;

/** A new id for `prompt` that no id in `taken` has: `red-kite-over-the-sea`, else `…-2`, `…-3`. */
export function newShotId(prompt: string, taken: ReadonlySet<string>): string {
  const base = slugFromPrompt(prompt, MAX_SLUG) || 'shot';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface IdAssignment {
  /** The shot's index in the storyboard. */
  shot: number;
  id: string;
  /** Inserts `id: …` as the block's first line; absent when the shot has an explicit id already. */
  edit?: StoryboardFix;
}

/**
 * The ids the given shots will have once written, and the edits that write them. Shots with an
 * explicit id keep it; the others get a new one, unique among every id of the file.
 */
export function assignShotIds(text: string, storyboard: Storyboard, shotIndexes: readonly number[]): IdAssignment[] {
  const taken = new Set(storyboard.shots.filter((s) => s.explicitId).map((s) => s.id));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return shotIndexes.map((index) => {
    const shot = storyboard.shots[index];
    if (!shot) throw new RangeError(`No shot ${index} in the storyboard`);
    if (shot.explicitId) return { shot: index, id: shot.id };
    const prompt = typeof shot.request.prompt === 'string' ? shot.request.prompt : '';
    const id = newShotId(prompt, taken);
    taken.add(id);
    const at = shot.bodyRange.start;
    // An opening fence on the file's last line has no line break to write after.
    const lead = at > 0 && text[at - 1] !== '\n' ? eol : '';
    const newText = `${lead}${indentOf(text, shot)}id: ${id}${eol}`;
    return { shot: index, id, edit: { title: `Set the shot's id to ${id}`, range: { start: at, end: at }, newText } };
  });
}

/** The indentation of the block's first key, so the new line lines up with the others. */
function indentOf(text: string, shot: Shot): string {
  const first = Object.values(shot.fields).sort((a, b) => a!.keyRange.start - b!.keyRange.start)[0];
  if (!first) return '';
  const lineStart = text.lastIndexOf('\n', first.keyRange.start - 1) + 1;
  const indent = text.slice(Math.max(lineStart, shot.bodyRange.start), first.keyRange.start);
  return /^[ ]*$/.test(indent) ? indent : '';
}
