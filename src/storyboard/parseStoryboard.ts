// Storyboards: the shots of a Markdown file (fenced blocks with the info string `video`, YAML
// inside), with the file's front-matter defaults merged in, and every problem in them placed on
// the text it is about. Each merged shot goes through validateGenerationRequest, the one check the
// API call goes through too, so what the editor accepts the call accepts. Plain Node (no vscode):
// offsets are UTF-16 offsets into the text, which is what `TextDocument.positionAt` takes.
// Never throws: any text is a storyboard, possibly with problems.
import { isMap, isScalar, type Document } from 'yaml';
import { parseYamlCached } from './yamlCache';
import {
  API_DEFAULT_RATIO,
  BUILT_IN_CATALOG,
  RATIOS,
  capabilityFor,
  clampToModel,
  findModel,
  validateGenerationRequest,
  type Catalog,
  type ChoiceLayer,
  type RequestField,
} from '../catalog';

/** A span of the text: `start` inclusive, `end` exclusive, both UTF-16 offsets. */
export interface TextRange {
  start: number;
  end: number;
}

export const SHOT_KEYS = ['prompt', 'model', 'quality', 'duration', 'ratio', 'id'] as const;
export type ShotKey = (typeof SHOT_KEYS)[number];
/** What the front matter's `video:` mapping may set for every shot of the file. */
export const DEFAULT_KEYS = ['model', 'quality', 'duration', 'ratio'] as const;
type DefaultKey = (typeof DEFAULT_KEYS)[number];
type RequestKey = Exclude<ShotKey, 'id'>;

export interface ShotField {
  value: unknown;
  keyRange: TextRange;
  /** The value's text; the key's range when the value is empty. */
  valueRange: TextRange;
}

export type FieldOrigin = 'shot' | 'defaults' | 'settings' | 'missing';

export interface Shot {
  /** 0-based position among the file's shots. */
  index: number;
  /** The explicit `id:`, else one derived from the position and the prompt (see shotId). */
  id: string;
  explicitId: boolean;
  /** From the opening fence's first character to the closing fence's last (or the end of the text). */
  range: TextRange;
  /** The opening fence line, without its line break. */
  infoRange: TextRange;
  /** The YAML between the fences. */
  bodyRange: TextRange;
  fields: Partial<Record<ShotKey, ShotField>>;
  /** Where each request field came from. */
  origins: Record<RequestKey, FieldOrigin>;
  /** The merged request, as it was given to the validator. */
  request: { model?: unknown; prompt?: unknown; quality?: unknown; duration?: unknown; ratio?: unknown };
  /** True when the validator accepted the merged request (warnings aside) and the block has no other error. */
  valid: boolean;
}

export type ProblemCode =
  | 'invalid-yaml'
  | 'not-a-mapping'
  | 'unknown-key'
  | 'invalid-id'
  | 'duplicate-id'
  | 'unclosed-block'
  | 'invalid-front-matter'
  | 'invalid-request'
  | 'exceeds-model-limit'
  | 'model-warning';

export interface StoryboardFix {
  title: string;
  /** What to replace (an empty range inserts). */
  range: TextRange;
  newText: string;
}

export interface StoryboardProblem {
  message: string;
  range: TextRange;
  code: ProblemCode;
  severity: 'error' | 'warning';
  /** The request field a validator issue is about. */
  field?: RequestField;
  /** The shot it belongs to (absent for the front matter). */
  shot?: number;
  fix?: StoryboardFix;
}

export interface Storyboard {
  shots: Shot[];
  problems: StoryboardProblem[];
  /** The front matter's `video:` defaults (only the allowed keys). */
  defaults: Partial<Record<DefaultKey, ShotField>>;
}

export interface ParseOptions {
  catalog?: Catalog;
  /** The last layer for fields neither the shot nor the front matter sets (e.g. the settings). */
  fallback?: ChoiceLayer;
}

const INFO = 'video';
const MAX_ID_LENGTH = 64;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseStoryboard(text: string, options: ParseOptions = {}): Storyboard {
  try {
    return parse(String(text), options);
  } catch (err) {
    // A bug here must cost a diagnostic, never the editor's checking of the file.
    const message = `The storyboard could not be checked: ${err instanceof Error ? err.message : String(err)}`;
    return { shots: [], defaults: {}, problems: [{ message, range: { start: 0, end: 0 }, code: 'invalid-yaml', severity: 'error' }] };
  }
}

// ---- lines and fences ----------------------------------------------------------------------

interface Line {
  start: number;
  /** End of the content, before the line break. */
  end: number;
  /** Start of the next line. */
  next: number;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      lines.push({ start, end: text.length, next: text.length + 1 });
      break;
    }
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    lines.push({ start, end, next: nl + 1 });
    start = nl + 1;
  }
  return lines;
}

interface Fence {
  char: '`' | '~';
  length: number;
  info: string;
}

/** A CommonMark fence opening: up to 3 spaces, 3+ backticks or tildes, an info string. */
function openingFence(line: string): Fence | undefined {
  const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  if (!m) return undefined;
  const run = m[1]!;
  const info = m[2]!;
  const char = run[0] as '`' | '~';
  if (char === '`' && info.includes('`')) return undefined;
  return { char, length: run.length, info: info.trim() };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return !!m && m[1]![0] === fence.char && m[1]!.length >= fence.length;
}

function isVideoInfo(info: string): boolean {
  return info.split(/\s+/)[0] === INFO;
}

// ---- the parse -----------------------------------------------------------------------------

interface Block {
  range: TextRange;
  infoRange: TextRange;
  bodyRange: TextRange;
  closed: boolean;
  /** Where a new key line goes (the closing fence's line start). */
  insertAt: number;
}

function parse(text: string, options: ParseOptions): Storyboard {
  // Neither a shot nor front-matter defaults without the word: most Markdown files end here.
  if (!text.includes(INFO)) return { shots: [], problems: [], defaults: {} };
  const catalog = options.catalog ?? BUILT_IN_CATALOG;
  const lines = splitLines(text);
  const problems: StoryboardProblem[] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';

  let first = 0;
  let defaults: Storyboard['defaults'] = {};
  const front = frontMatter(text, lines);
  if (front) {
    first = front.nextLine;
    defaults = readDefaults(text, front.body, problems);
  }

  const blocks = findBlocks(text, lines, first);
  const shots: Shot[] = [];
  const ids = new Map<string, number>();
  blocks.forEach((block, index) => {
    const shot = readShot(text, block, index, defaults, options.fallback, catalog, problems, eol);
    const previous = ids.get(shot.id);
    if (previous !== undefined && shot.explicitId) {
      const idRange = shot.fields.id?.valueRange ?? shot.infoRange;
      problems.push({
        message: `The id "${shot.id}" is already used by shot ${previous + 1}: each shot needs its own id.`,
        range: idRange,
        code: 'duplicate-id',
        severity: 'error',
        shot: index,
      });
      shot.valid = false;
    } else if (previous === undefined) ids.set(shot.id, index);
    shots.push(shot);
  });
  return { shots, problems, defaults };
}

function frontMatter(text: string, lines: Line[]): { body: TextRange; nextLine: number } | undefined {
  if (!lines.length || !/^---[ \t]*$/.test(text.slice(lines[0]!.start, lines[0]!.end))) return undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = text.slice(lines[i]!.start, lines[i]!.end);
    if (/^(---|\.\.\.)[ \t]*$/.test(line)) {
      return { body: { start: lines[1]!.start, end: lines[i]!.start }, nextLine: i + 1 };
    }
  }
  return undefined;
}

function findBlocks(text: string, lines: Line[], first: number): Block[] {
  const blocks: Block[] = [];
  let i = first;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = openingFence(text.slice(line.start, line.end));
    if (!fence) {
      i++;
      continue;
    }
    let close = i + 1;
    while (close < lines.length && !closesFence(text.slice(lines[close]!.start, lines[close]!.end), fence)) close++;
    const closed = close < lines.length;
    if (isVideoInfo(fence.info)) {
      const bodyStart = Math.min(line.next, text.length);
      const bodyEnd = closed ? lines[close]!.start : text.length;
      blocks.push({
        range: { start: line.start, end: closed ? lines[close]!.end : text.length },
        infoRange: { start: line.start, end: line.end },
        bodyRange: { start: bodyStart, end: Math.max(bodyStart, bodyEnd) },
        closed,
        insertAt: bodyEnd,
      });
    }
    // Whatever the fence holds (a ```video line inside a ```markdown example, say) is not a shot.
    i = close + 1;
  }
  return blocks;
}

function parseYaml(text: string, body: TextRange, problems: StoryboardProblem[], shot?: number): Document | undefined {
  const source = text.slice(body.start, body.end);
  const doc = parseYamlCached(source);
  for (const error of doc.errors) problems.push(yamlProblem(text, error, body, 'error', shot));
  for (const warning of doc.warnings) problems.push(yamlProblem(text, warning, body, 'warning', shot));
  return doc.errors.length ? undefined : doc;
}

function yamlProblem(
  text: string,
  error: { message: string; pos: [number, number] },
  body: TextRange,
  severity: 'error' | 'warning',
  shot: number | undefined,
): StoryboardProblem {
  const problem: StoryboardProblem = {
    message: `Invalid YAML: ${firstLine(error.message)}`,
    range: visible(text, within(body, error.pos[0], error.pos[1]), body),
    code: 'invalid-yaml',
    severity,
  };
  if (shot !== undefined) problem.shot = shot;
  return problem;
}

function firstLine(message: string): string {
  return message.split(/\r?\n/)[0]!.trim();
}

/**
 * An empty range (the YAML library's position for "ended too early") becomes the rest of its line,
 * or the last line with text before it, so the squiggle can be seen.
 */
function visible(text: string, range: TextRange, body: TextRange): TextRange {
  if (range.end > range.start) return range;
  let at = range.start;
  while (at > body.start && (at >= body.end || text[at] === '\n' || text[at] === '\r') && (text[at - 1] === '\n' || text[at - 1] === '\r'))
    at--;
  if (at >= body.end || text[at] === '\n' || text[at] === '\r') at = Math.max(body.start, at - 1);
  const lineStart = Math.max(body.start, text.lastIndexOf('\n', at - 1) + 1);
  let lineEnd = at;
  while (lineEnd < body.end && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  if (lineEnd > lineStart) return { start: range.start < lineEnd && range.start >= lineStart ? range.start : lineStart, end: lineEnd };
  return range;
}

/** Offsets relative to `body`, brought within it. */
function within(body: TextRange, start: number, end: number): TextRange {
  const length = body.end - body.start;
  const s = Math.min(Math.max(0, Number.isFinite(start) ? start : 0), length);
  const e = Math.min(Math.max(s, Number.isFinite(end) ? end : s), length);
  return { start: body.start + s, end: body.start + e };
}

interface Entry {
  key: string;
  field: ShotField;
}

/** The key/value pairs of a YAML mapping with their ranges in the text; non-mappings are a problem. */
function entries(
  contents: unknown,
  body: TextRange,
  problems: StoryboardProblem[],
  where: { message: string; range: TextRange; code: ProblemCode; shot?: number },
): Entry[] | undefined {
  if (contents === null || contents === undefined || (isScalar(contents) && contents.value === null)) return [];
  if (!isMap(contents)) {
    const at = (contents as { range?: [number, number, number] }).range;
    const range = at ? within(body, at[0], at[1]) : where.range;
    problems.push({
      message: where.message,
      range,
      code: where.code,
      severity: 'error',
      ...(where.shot !== undefined ? { shot: where.shot } : {}),
    });
    return undefined;
  }
  const result: Entry[] = [];
  for (const pair of contents.items) {
    const key = pair.key;
    const keyRange = isScalar(key) && key.range ? within(body, key.range[0], key.range[1]) : where.range;
    if (!isScalar(key) || typeof key.value !== 'string') {
      problems.push({
        message: 'Keys must be plain names such as prompt, model, quality, duration, ratio or id.',
        range: keyRange,
        code: 'unknown-key',
        severity: 'error',
        ...(where.shot !== undefined ? { shot: where.shot } : {}),
      });
      continue;
    }
    const node = pair.value as { range?: [number, number, number]; toJSON?: () => unknown; value?: unknown } | null;
    let value: unknown = null;
    if (isScalar(node)) value = node.value;
    else if (node && typeof node.toJSON === 'function') value = node.toJSON();
    let valueRange = node?.range ? within(body, node.range[0], node.range[1]) : keyRange;
    if (valueRange.end <= valueRange.start) valueRange = keyRange;
    result.push({ key: key.value, field: { value, keyRange, valueRange } });
  }
  return result;
}

function readDefaults(text: string, body: TextRange, problems: StoryboardProblem[]): Storyboard['defaults'] {
  const doc = parseYaml(text, body, problems);
  const defaults: Storyboard['defaults'] = {};
  if (!doc || !isMap(doc.contents)) return defaults;
  const video = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'video');
  if (!video) return defaults;
  const key = video.key as { range?: [number, number, number] };
  const keyRange = key.range ? within(body, key.range[0], key.range[1]) : body;
  const node = video.value;
  if (!isMap(node)) {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    problems.push({
      message: 'The front matter\'s "video" key must hold a mapping of defaults, e.g. "model: provider-2/kling-v2.1".',
      range: range && range[1] > range[0] ? within(body, range[0], range[1]) : keyRange,
      code: 'invalid-front-matter',
      severity: 'error',
    });
    return defaults;
  }
  const found = entries(node, body, problems, { message: '', range: keyRange, code: 'invalid-front-matter' }) ?? [];
  for (const { key: name, field } of found) {
    if ((DEFAULT_KEYS as readonly string[]).includes(name)) defaults[name as DefaultKey] = field;
    else problems.push(unknownKey(name, field, DEFAULT_KEYS, 'in the front matter\'s "video" defaults'));
  }
  return defaults;
}

function unknownKey(name: string, field: ShotField, allowed: readonly string[], where: string, shot?: number): StoryboardProblem {
  const near = allowed.find((k) => editDistance(k, name.toLowerCase()) <= 2);
  const problem: StoryboardProblem = {
    message: `Unknown key "${clip(name)}" ${where}: use ${allowed.join(', ')}.`,
    range: field.keyRange,
    code: 'unknown-key',
    severity: 'error',
  };
  if (shot !== undefined) problem.shot = shot;
  if (near) problem.fix = { title: `Change to "${near}"`, range: field.keyRange, newText: near };
  return problem;
}

function readShot(
  text: string,
  block: Block,
  index: number,
  defaults: Storyboard['defaults'],
  fallback: ChoiceLayer | undefined,
  catalog: Catalog,
  problems: StoryboardProblem[],
  eol: string,
): Shot {
  const before = problems.length;
  const fields: Shot['fields'] = {};
  if (!block.closed) {
    problems.push({
      message: 'This video block is not closed: end it with a line of the same fence (```).',
      range: block.infoRange,
      code: 'unclosed-block',
      severity: 'error',
      shot: index,
    });
  }
  const doc = parseYaml(text, block.bodyRange, problems, index);
  let readable = !!doc;
  if (doc) {
    const found = entries(doc.contents, block.bodyRange, problems, {
      message: 'A shot holds keys and values, e.g. "prompt: A red kite over the sea".',
      range: block.infoRange,
      code: 'not-a-mapping',
      shot: index,
    });
    if (!found) readable = false;
    for (const { key, field } of found ?? []) {
      if ((SHOT_KEYS as readonly string[]).includes(key)) fields[key as ShotKey] = field;
      else problems.push(unknownKey(key, field, SHOT_KEYS, 'in a shot', index));
    }
  }

  const idField = fields.id;
  let explicitId = false;
  let id = '';
  if (idField) {
    const value = idField.value;
    const asText = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
    if (typeof asText === 'string' && asText.length <= MAX_ID_LENGTH && ID_PATTERN.test(asText)) {
      id = asText;
      explicitId = true;
    } else {
      problems.push({
        message: `id must be a name of letters, digits, ".", "_" or "-" (at most ${MAX_ID_LENGTH} characters), starting with a letter or digit.`,
        range: idField.valueRange,
        code: 'invalid-id',
        severity: 'error',
        shot: index,
      });
    }
  }

  // Merge: the shot, then the front matter, then the fallback (brought within the model's limits,
  // as every form's defaults are); what the user wrote is checked as written.
  const origins = {} as Record<RequestKey, FieldOrigin>;
  const request: Shot['request'] = {};
  const pick = (key: RequestKey): unknown => {
    const own = fields[key];
    if (own) {
      origins[key] = 'shot';
      return key !== 'prompt' && own.value === null ? undefined : own.value === null ? '' : own.value;
    }
    const preset = key === 'prompt' ? undefined : defaults[key];
    if (preset) {
      origins[key] = 'defaults';
      return preset.value === null ? undefined : preset.value;
    }
    const last = fallback?.[key];
    origins[key] = last === undefined ? 'missing' : 'settings';
    return last;
  };
  for (const key of ['model', 'prompt', 'quality', 'duration', 'ratio'] as const) {
    const value = pick(key);
    if (value !== undefined) request[key] = value;
  }
  if (typeof request.model === 'string' && (origins.quality === 'settings' || origins.duration === 'settings')) {
    const clamped = clampToModel({ quality: request.quality, duration: request.duration }, request.model.trim(), catalog);
    if (origins.quality === 'settings') request.quality = clamped.quality;
    if (origins.duration === 'settings') request.duration = clamped.duration;
  }

  if (!explicitId) id = shotId(index, typeof request.prompt === 'string' ? request.prompt : '');

  if (readable) {
    const result = validateGenerationRequest(request, catalog);
    const ctx: IssueContext = { block, fields, origins, request, catalog, index, indent: bodyIndent(text, block, fields), eol };
    if (!result.ok) {
      for (const issue of result.issues) problems.push(issueProblem(issue, ctx));
    } else {
      for (const warning of result.warnings) problems.push(modelWarning(warning, ctx));
    }
  }
  const valid = !problems.slice(before).some((p) => p.severity === 'error');
  return {
    index,
    id,
    explicitId,
    range: block.range,
    infoRange: block.infoRange,
    bodyRange: block.bodyRange,
    fields,
    origins,
    request,
    valid,
  };
}

interface IssueContext {
  block: Block;
  fields: Shot['fields'];
  origins: Record<RequestKey, FieldOrigin>;
  request: Shot['request'];
  catalog: Catalog;
  index: number;
  indent: string;
  eol: string;
}

function issueProblem(issue: { field: RequestField; code: string; message: string }, ctx: IssueContext): StoryboardProblem {
  const field = issue.field === 'request' ? undefined : issue.field;
  const origin = field ? ctx.origins[field] : 'missing';
  const own = field ? ctx.fields[field] : undefined;
  const range = origin === 'shot' && own ? own.valueRange : ctx.block.infoRange;
  const note =
    origin === 'defaults' ? ' (set by the front matter\'s "video" defaults)' : origin === 'settings' ? ' (from your settings)' : '';
  const problem: StoryboardProblem = {
    message: issue.message + note,
    range,
    code: issue.code === 'n_exceeds_model_limit' ? 'exceeds-model-limit' : 'invalid-request',
    severity: 'error',
    shot: ctx.index,
  };
  if (field) problem.field = field;
  const fix = field ? fixFor(field, ctx) : undefined;
  if (fix) problem.fix = fix;
  return problem;
}

function modelWarning(message: string, ctx: IssueContext): StoryboardProblem {
  const own = ctx.fields.model;
  const problem: StoryboardProblem = {
    message,
    range: ctx.origins.model === 'shot' && own ? own.valueRange : ctx.block.infoRange,
    code: 'model-warning',
    severity: 'warning',
    field: 'model',
    shot: ctx.index,
  };
  const fix = fixFor('model', ctx);
  if (fix) problem.fix = fix;
  return problem;
}

/** The obvious correction, when there is one: replace the shot's value, or add the key to the shot. */
function fixFor(field: RequestField, ctx: IssueContext): StoryboardFix | undefined {
  const value = ctx.request[field as RequestKey];
  const modelId = typeof ctx.request.model === 'string' ? ctx.request.model.trim() : undefined;
  let newValue: string | undefined;
  let title: string | undefined;
  switch (field) {
    case 'duration': {
      if (!modelId || (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))) return undefined;
      const d = clampToModel({ duration: value }, modelId, ctx.catalog).duration;
      newValue = String(d);
      const max = capabilityFor(modelId, ctx.catalog).maxDuration;
      title = d === max ? `Use ${d} seconds, the most ${modelId} allows` : `Use ${d} second${d === 1 ? '' : 's'}`;
      break;
    }
    case 'quality': {
      if (!modelId) return undefined;
      const q = clampToModel({ quality: value }, modelId, ctx.catalog).quality;
      newValue = q;
      title = `Use ${q} (supported by ${modelId})`;
      break;
    }
    case 'ratio': {
      const wanted = typeof value === 'string' ? value.replace(/\s+/g, '').replace(/[/x×]/g, ':') : '';
      const ratio = (RATIOS as readonly string[]).includes(wanted) ? wanted : API_DEFAULT_RATIO;
      newValue = ratio;
      title = `Use ${ratio}`;
      break;
    }
    case 'model': {
      if (typeof value !== 'string' || findModel(value.trim(), ctx.catalog)) return undefined;
      const near = nearestModel(value.trim(), ctx.catalog);
      if (!near) return undefined;
      newValue = near;
      title = `Change to ${near}`;
      break;
    }
    default:
      return undefined;
  }
  const own = ctx.fields[field as RequestKey];
  if (ctx.origins[field as RequestKey] === 'shot' && own) return { title, range: own.valueRange, newText: newValue };
  if (!ctx.block.closed) return undefined;
  // From the defaults, the settings, or missing: the shot gets its own value.
  const at = ctx.block.insertAt;
  return { title: `${title}: set in this shot`, range: { start: at, end: at }, newText: `${ctx.indent}${field}: ${newValue}${ctx.eol}` };
}

function nearestModel(value: string, catalog: Catalog): string | undefined {
  const lower = value.toLowerCase();
  const models = catalog.models.filter((m) => m.verified && m.available);
  const exact = models.find(
    (m) => m.id.toLowerCase() === lower || m.id.toLowerCase().endsWith('/' + lower) || m.label.toLowerCase() === lower,
  );
  if (exact) return exact.id;
  const prefixed = models.filter((m) =>
    m.id
      .slice(m.id.indexOf('/') + 1)
      .toLowerCase()
      .startsWith(lower),
  );
  if (lower.length >= 3 && prefixed.length === 1) return prefixed[0]!.id;
  let best: { id: string; distance: number } | undefined;
  for (const m of models) {
    const short = m.id.slice(m.id.indexOf('/') + 1).toLowerCase();
    const distance = Math.min(editDistance(m.id.toLowerCase(), lower), editDistance(short, lower));
    if (distance <= 3 && (!best || distance < best.distance)) best = { id: m.id, distance };
  }
  return best?.id;
}

function bodyIndent(text: string, block: Block, fields: Shot['fields']): string {
  const first = Object.values(fields).sort((a, b) => a.keyRange.start - b.keyRange.start)[0];
  if (!first) return '';
  const lineStart = text.lastIndexOf('\n', first.keyRange.start - 1) + 1;
  const indent = text.slice(Math.max(lineStart, block.bodyRange.start), first.keyRange.start);
  return /^[ ]*$/.test(indent) ? indent : '';
}

/**
 * A shot's id when it has no `id:`: its position and a hash of its prompt (`shot-3-1a2b3c4d`).
 * The prompt makes a reworded shot a new shot (its old video is not its video any more); the
 * position keeps two shots with the same prompt apart. Moving a shot changes it: give shots whose
 * results you keep an explicit id.
 */
export function shotId(index: number, prompt: string): string {
  const normalized = prompt.replace(/\r\n?/g, '\n').trim();
  let hash = 0x811c9dc5;
  for (let i = 0; i < normalized.length; i++) {
    hash ^= normalized.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `shot-${index + 1}-${hash.toString(16).padStart(8, '0')}`;
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
