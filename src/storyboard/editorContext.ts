// Where the cursor is in a storyboard, for completions and hover: on a new key's line, after a
// key's colon (its value), or on a model's key or value, in a shot or in the front matter's
// `video:` defaults. Works line by line on the text, so it still answers while the YAML being
// typed is incomplete; the parsed storyboard only adds the shot's merged model. Plain Node.
import { DEFAULT_KEYS, SHOT_KEYS, splitLines, type Shot, type Storyboard, type TextRange } from './parseStoryboard';

export type ValueKey = 'model' | 'quality' | 'duration' | 'ratio';
const VALUE_KEYS: readonly string[] = ['model', 'quality', 'duration', 'ratio'] satisfies ValueKey[];

export type Where = 'shot' | 'defaults';

export type CompletionContext =
  | { kind: 'key'; where: Where; keys: string[]; range: TextRange }
  | { kind: 'value'; where: Where; key: ValueKey; modelId?: string; range: TextRange };

/** A region of key lines: a shot's body, or the lines under the front matter's `video:`. */
interface Region {
  where: Where;
  /** Offsets of the region's first and last character (end exclusive). */
  start: number;
  end: number;
  /** The indentation keys have in it (undefined: not known yet, any). */
  indent?: number;
  shot?: Shot;
}

const KEY_LINE = /^(\s*)([A-Za-z_]\w*)\s*:(\s*)(.*)$/;

/** What to complete at `offset`, or undefined outside shots and defaults (or inside a prompt's lines). */
export function completionContext(
  text: string,
  offset: number,
  storyboard: Storyboard,
  fallbackModel?: string,
): CompletionContext | undefined {
  const region = regionAt(text, offset, storyboard);
  if (!region) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const before = text.slice(lineStart, offset);
  const line = text.slice(lineStart, lineEnd);
  const indent = /^ */.exec(line)![0].length;
  if (region.indent !== undefined && indent > region.indent) return undefined; // a prompt's later lines
  if (region.where === 'defaults' && indent === 0) return undefined;

  const typingKey = /^\s*([A-Za-z_]\w*)?$/.exec(before);
  if (typingKey && !line.slice(before.length).includes(':')) {
    const used = usedKeys(text, region, lineStart);
    const allowed: readonly string[] = region.where === 'shot' ? SHOT_KEYS : DEFAULT_KEYS;
    const start = lineStart + before.length - (typingKey[1]?.length ?? 0);
    return {
      kind: 'key',
      where: region.where,
      keys: allowed.filter((k) => !used.has(k)),
      range: { start, end: wordEnd(text, offset, lineEnd) },
    };
  }

  const keyed = KEY_LINE.exec(line);
  if (!keyed || !VALUE_KEYS.includes(keyed[2]!)) return undefined;
  const valueStart =
    lineStart + keyed[1]!.length + keyed[2]!.length + line.slice(keyed[1]!.length + keyed[2]!.length).indexOf(':') + 1 + keyed[3]!.length;
  if (offset < valueStart - keyed[3]!.length) return undefined; // on the key itself
  const start = Math.min(valueStart, offset);
  const key = keyed[2] as ValueKey;
  const modelId = modelOf(text, region, storyboard, fallbackModel);
  let end = valueEnd(text, start, lineEnd);
  // VS Code wants the range to hold the cursor: past the value, only spaces may follow it (not a comment).
  if (offset > end) {
    if (text.slice(end, offset).includes('#')) return undefined;
    end = offset;
  }
  return { kind: 'value', where: region.where, key, ...(modelId ? { modelId } : {}), range: { start, end } };
}

export interface HoverTarget {
  modelId: string;
  range: TextRange;
  /** The shot the hover is in (its duration prices the estimate). */
  shot?: Shot;
}

/** The model a hover at `offset` is about: on a `model` key or its value, in a shot or the defaults. */
export function hoverTarget(offset: number, storyboard: Storyboard): HoverTarget | undefined {
  const inside = (r: { start: number; end: number }): boolean => offset >= r.start && offset <= r.end;
  for (const shot of storyboard.shots) {
    const field = shot.fields.model;
    if (!field || !(inside(field.keyRange) || inside(field.valueRange))) continue;
    const id = typeof field.value === 'string' ? field.value.trim() : '';
    if (id) return { modelId: id, range: inside(field.valueRange) ? field.valueRange : field.keyRange, shot };
  }
  const preset = storyboard.defaults.model;
  if (preset && (inside(preset.keyRange) || inside(preset.valueRange)) && typeof preset.value === 'string' && preset.value.trim())
    return { modelId: preset.value.trim(), range: inside(preset.valueRange) ? preset.valueRange : preset.keyRange };
  return undefined;
}

/** The shot whose block holds `offset` (its fences included). */
export function shotAt(offset: number, storyboard: Storyboard): Shot | undefined {
  return storyboard.shots.find((s) => offset >= s.range.start && offset <= s.range.end);
}

function regionAt(text: string, offset: number, storyboard: Storyboard): Region | undefined {
  for (const shot of storyboard.shots) {
    const body = shot.bodyRange;
    const closed = body.end < text.length || shot.range.end > body.end;
    if (offset >= body.start && (offset < body.end || (!closed && offset <= body.end))) {
      const keys = Object.values(shot.fields).map((f) => columnOf(text, f.keyRange.start));
      const indent = keys.length ? Math.min(...keys) : firstKeyIndent(text, body);
      return { where: 'shot', start: body.start, end: body.end, shot, ...(indent !== undefined ? { indent } : {}) };
    }
    if (body.start > offset) break;
  }
  return defaultsRegion(text, offset);
}

/** The lines under the front matter's `video:` key, when `offset` is in them. */
function defaultsRegion(text: string, offset: number): Region | undefined {
  if (!text.startsWith('---')) return undefined;
  const lines = splitLines(text);
  if (!/^---[ \t]*$/.test(text.slice(lines[0]!.start, lines[0]!.end))) return undefined;
  let owner: string | undefined;
  let indent: number | undefined;
  let ownerEnd = 0;
  for (let i = 1; i < lines.length; i++) {
    const { start, end, next } = lines[i]!;
    const line = text.slice(start, end);
    if (/^(---|\.\.\.)[ \t]*$/.test(line)) return undefined; // past the front matter
    const top = /^([A-Za-z_][\w-]*)\s*:/.exec(line);
    if (top) {
      owner = top[1];
      ownerEnd = end;
      indent = undefined;
    } else if (owner === 'video' && line.trim() && indent === undefined) indent = /^ */.exec(line)![0].length;
    if (offset >= start && offset <= end) {
      if (owner !== 'video' || top || offset <= ownerEnd) return undefined;
      return { where: 'defaults', start, end: next, ...(indent !== undefined ? { indent } : {}) };
    }
  }
  return undefined;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function firstKeyIndent(text: string, body: TextRange): number | undefined {
  const m = /^( *)[A-Za-z_]\w*\s*:/m.exec(text.slice(body.start, body.end));
  return m ? m[1]!.length : undefined;
}

/** Keys written in the region, by line (so it works while the YAML is broken), but for `skipLine`'s. */
function usedKeys(text: string, region: Region, skipLine: number): Set<string> {
  const used = new Set<string>();
  const body = region.where === 'shot' ? text.slice(region.start, region.end) : frontMatterVideo(text);
  let at = region.where === 'shot' ? region.start : 0;
  for (const line of body.split('\n')) {
    const m = KEY_LINE.exec(line.replace(/\r$/, ''));
    if (m && at !== skipLine && (region.indent === undefined || m[1]!.length === region.indent)) used.add(m[2]!);
    at += line.length + 1;
  }
  if (region.where === 'defaults') used.delete('video');
  return used;
}

/** The front matter's lines under `video:` (for the keys it already sets). */
function frontMatterVideo(text: string): string {
  const end = text.search(/\n(---|\.\.\.)[ \t]*\r?(\n|$)/);
  const front = text.slice(0, end === -1 ? text.length : end);
  const m = /^video\s*:[^\n]*\n((?:[ \t]+[^\n]*\n?|\s*\n)*)/m.exec(front);
  return m ? m[1]! : '';
}

function modelOf(text: string, region: Region, storyboard: Storyboard, fallbackModel?: string): string | undefined {
  const own = region.where === 'shot' ? /^\s*model\s*:\s*([^\s#]+)/m.exec(text.slice(region.start, region.end)) : undefined;
  const fromLine = own ? unquote(own[1]!) : undefined;
  if (fromLine) return fromLine;
  if (region.shot && typeof region.shot.request.model === 'string') return region.shot.request.model.trim();
  const preset = storyboard.defaults.model?.value;
  if (typeof preset === 'string' && preset.trim()) return preset.trim();
  const line = /^\s*model\s*:\s*([^\s#]+)/m.exec(frontMatterVideo(text));
  return (line && unquote(line[1]!)) || fallbackModel;
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/, '$2').trim();
}

function wordEnd(text: string, offset: number, lineEnd: number): number {
  let end = offset;
  while (end < lineEnd && /\w/.test(text[end]!)) end++;
  return end;
}

/** The value's end: the line's end, before a comment and trailing spaces. */
function valueEnd(text: string, start: number, lineEnd: number): number {
  const rest = text.slice(start, lineEnd);
  const comment = rest.search(/\s#/);
  return start + (comment === -1 ? rest : rest.slice(0, comment)).trimEnd().length;
}
