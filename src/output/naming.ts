// File names for generated videos: `20261124-153012-waves-at-sunset-kling-v2.1.mp4`.
// Safe on Windows, macOS and Linux whatever the prompt holds: no separators, no reserved names,
// no control characters, no trailing dots or spaces, bounded length.

const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const MAX_SLUG = 48;

/** A short, lower-case, ASCII slug of the prompt's first words; empty input gives "video". */
export function slugFromPrompt(prompt: string, maxLength = MAX_SLUG): string {
  const ascii = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = '';
  for (const word of ascii.split('-')) {
    if (!word) continue;
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  if (!slug && ascii) slug = ascii.slice(0, maxLength).replace(/-+$/g, '');
  if (!slug) slug = 'video';
  return RESERVED_WINDOWS.test(slug) ? `${slug}-video` : slug;
}

/** `provider-2/kling-v2.1` → `kling-v2.1` (the part after the last slash, made safe). */
export function modelSlug(model: string): string {
  const last = model.split('/').pop() ?? model;
  const safe = last
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return safe.slice(0, 40) || 'model';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local time stamp `YYYYMMDD-HHMMSS`. */
export function timeStamp(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** The base name (without extension) of a video generated from `prompt` with `model` at `date`. */
export function videoBaseName(prompt: string, model: string, date: Date): string {
  return `${timeStamp(date)}-${slugFromPrompt(prompt)}-${modelSlug(model)}`;
}

/** Name of item `index` of an answer: the first keeps the base name, others get `-part2`, … */
export function videoFileName(baseName: string, index: number): string {
  return index === 0 ? `${baseName}.mp4` : `${baseName}-part${index + 1}.mp4`;
}
