// The Markdown a take becomes in a document: a relative `<video>` element, as VS Code's Markdown
// support (1.100) inserts for a dropped video file. Its snippet is the setting
// `markdown.editor.filePaste.videoSnippet`, by default `<video controls src="${src}" title="${title}"></video>`,
// with the path relative to the document's folder. Here the values are escaped as well, so a file
// or a prompt with `"`, `&`, `<`, `#` or `%` in it still gives valid HTML that names the right file.
// No vscode import: unit-tested in plain Node.

/** VS Code's default for `markdown.editor.filePaste.videoSnippet`. */
export const DEFAULT_VIDEO_SNIPPET = '<video controls src="${src}" title="${title}"></video>';

/** Text as an HTML attribute value (inside double quotes). */
export function escapeHtmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A relative path as a URL path: `%`, `#` and `?` would otherwise be read as an escape, a fragment
 * or a query, and control characters are not allowed. Spaces stay as they are, as VS Code leaves them.
 */
export function encodePathForSrc(path: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be encoded
  return path.replace(/[%#?\u0000-\u001f\u007f]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

interface SplitPath {
  /** `c:` (lower case) or '' */
  drive: string;
  segments: string[];
}

/** `/c:/a/./b/../x`, `C:\a\x` and `/a/x` as a drive and normalized segments (`..` above the root is dropped). */
function splitPath(path: string): SplitPath {
  let rest = path.replace(/\\/g, '/');
  let drive = '';
  const m = /^\/?([A-Za-z]):(\/|$)/.exec(rest);
  if (m) {
    drive = `${m[1]!.toLowerCase()}:`;
    rest = rest.slice(m[0].length);
  }
  const segments: string[] = [];
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') segments.pop();
    else segments.push(part);
  }
  return { drive, segments };
}

/**
 * The path of `target` relative to the folder `fromDir`, with `/` (`../videos/a.mp4`). Both are
 * absolute paths: URI paths (`/c:/Users/…`) or file system paths (Windows separators allowed).
 * Undefined when there is none: on another drive. Paths with a drive letter compare without case, as on Windows.
 */
export function relativeMediaPath(fromDir: string, target: string): string | undefined {
  const from = splitPath(fromDir);
  const to = splitPath(target);
  if (from.drive !== to.drive) return undefined;
  const same = from.drive ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  let common = 0;
  while (common < from.segments.length && common < to.segments.length && same(from.segments[common]!, to.segments[common]!)) common++;
  const up: string[] = Array(from.segments.length - common).fill('..');
  return [...up, ...to.segments.slice(common)].join('/');
}

/** What `src` says: the relative path as a URL path, or (with none) the full URI, already encoded. */
export function srcFor(relativePath: string | undefined, fullUri: string): string {
  return relativePath === undefined ? fullUri : encodePathForSrc(relativePath);
}

/**
 * The markup for a video at `src` (see srcFor) with `title`: the template's `${src}` and `${title}`
 * filled in as HTML attribute values (`\$` is a `$`). A template without `${src}` is not used: the default is.
 */
export function videoMarkup(src: string, title: string, template: string = DEFAULT_VIDEO_SNIPPET): string {
  const snippet = template.includes('${src}') ? template : DEFAULT_VIDEO_SNIPPET;
  const values: Record<string, string> = { src: escapeHtmlAttribute(src), title: escapeHtmlAttribute(title) };
  return snippet.replace(/\\\$|\$\{(src|title)\}/g, (match, name: string | undefined) => (name ? values[name]! : '$'));
}
