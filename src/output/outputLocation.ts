// Where videos go: `videoGen.outputDirectory` inside the workspace folder, never outside it.
import { isAbsolute, relative, resolve, sep } from 'node:path';

export type OutputLocation = { ok: true; dir: string } | { ok: false; message: string };

/** Resolves the setting against a workspace folder path (POSIX or Windows, as the host uses). */
export function resolveOutputDirectory(
  folderPath: string,
  setting: string,
  pathApi = { resolve, relative, isAbsolute, sep },
): OutputLocation {
  const value = setting.trim() || 'videos';
  if (value.includes('\0')) return { ok: false, message: 'The output folder setting contains a NUL character.' };
  const dir = pathApi.resolve(folderPath, value);
  const rel = pathApi.relative(folderPath, dir);
  const inside = rel === '' || (rel !== '..' && !rel.startsWith('..' + pathApi.sep) && !pathApi.isAbsolute(rel));
  if (!inside) {
    return {
      ok: false,
      message: `The output folder "${value}" is outside the workspace folder. Set "videoGen.outputDirectory" to a folder inside it, such as "videos".`,
    };
  }
  return { ok: true, dir };
}
