// Finds the user's own `ffmpeg` on the search PATH, as a shell would but without one: only absolute
// PATH entries (never "." or an empty entry, which mean the current folder), never a binary inside
// a folder the caller excludes (the workspace: a cloned repository must not choose what we run),
// and on Windows the PATHEXT extensions that run without a shell (.exe, .com). No vscode import.
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface FfmpegSearch {
  /** The PATH to search (default: this process's). */
  searchPath?: string;
  /** Windows' PATHEXT (default: this process's, else .COM;.EXE;.BAT;.CMD). */
  pathExt?: string;
  platform?: NodeJS.Platform;
  /** Folders whose binaries are never run (the workspace folders). */
  excludeDirs?: readonly string[];
}

/** Batch files need cmd.exe to run; we never start a shell. */
const RUNNABLE_WITHOUT_SHELL = new Set(['.exe', '.com']);

export async function findFfmpeg(search: FfmpegSearch = {}): Promise<string | null> {
  const platform = search.platform ?? process.platform;
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const exclude = (search.excludeDirs ?? []).map((dir) => paths.resolve(dir));
  for (const dir of searchDirs(search.searchPath ?? process.env.PATH ?? '', platform)) {
    if (isInside(dir, exclude, platform)) continue;
    for (const name of candidateNames(platform, search.pathExt ?? process.env.PATHEXT)) {
      const file = paths.join(dir, name);
      if (await isRunnable(file, platform, exclude)) return file;
    }
  }
  return null;
}

/** The PATH's absolute entries, in order, without quotes or duplicates. */
export function searchDirs(searchPath: string, platform: NodeJS.Platform): string[] {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const entries = searchPath
    .split(platform === 'win32' ? ';' : ':')
    .map((entry) => entry.trim().replace(/^"(.*)"$/, '$1'))
    .filter((entry) => entry !== '' && paths.isAbsolute(entry))
    .map((entry) => paths.normalize(entry));
  return [...new Set(entries)];
}

export function candidateNames(platform: NodeJS.Platform, pathExt: string | undefined): string[] {
  if (platform !== 'win32') return ['ffmpeg'];
  const extensions = (pathExt ?? '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .map((ext) => ext.trim().toLowerCase())
    .filter((ext) => RUNNABLE_WITHOUT_SHELL.has(ext));
  return [...new Set(extensions.length > 0 ? extensions : ['.exe'])].map((ext) => `ffmpeg${ext}`);
}

function isInside(file: string, dirs: readonly string[], platform: NodeJS.Platform): boolean {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const fold = (p: string): string => (platform === 'win32' || platform === 'darwin' ? p.toLowerCase() : p);
  return dirs.some((dir) => {
    const rel = paths.relative(fold(dir), fold(file));
    return rel === '' || (!rel.startsWith('..') && !paths.isAbsolute(rel));
  });
}

async function isRunnable(file: string, platform: NodeJS.Platform, exclude: readonly string[]): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    if (platform !== 'win32') await fs.access(file, constants.X_OK);
    // A link on the PATH that leads into the workspace is the workspace's binary.
    if (exclude.length > 0 && isInside(await fs.realpath(file), await Promise.all(exclude.map(realOrSelf)), platform)) return false;
    return true;
  } catch {
    return false;
  }
}

async function realOrSelf(dir: string): Promise<string> {
  return fs.realpath(dir).catch(() => dir);
}
