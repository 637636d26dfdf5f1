// Reading the `.json` sidecar of a video through workspace.fs. A sidecar is a file anybody can edit,
// so it is parsed with the shared zod schema and must name a video beside it, never elsewhere.
import * as vscode from 'vscode';
import { parseSidecar, sidecarNameFor, type Sidecar } from '../output/sidecar';

/** Sidecars are a few KB; anything far bigger is not one of ours. */
const MAX_SIDECAR_BYTES = 1_000_000;

export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export function sidecarUriFor(videoUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(videoUri, '..', sidecarNameFor(baseName(videoUri)));
}

/** A plain `.mp4` file name: no folder part, so a sidecar cannot point outside its folder. */
export function isPlainVideoName(name: string): boolean {
  return /\.mp4$/i.test(name) && !/[/\\]/.test(name) && !name.startsWith('.') && name.length < 1024;
}

export async function readSidecarFile(sidecarUri: vscode.Uri): Promise<Sidecar | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(sidecarUri);
    if (bytes.byteLength > MAX_SIDECAR_BYTES) return undefined;
    const sidecar = parseSidecar(new TextDecoder().decode(bytes));
    return sidecar && isPlainVideoName(sidecar.video) ? sidecar : undefined;
  } catch {
    return undefined;
  }
}

/** The sidecar written for this video, if there is one and it names this video. */
export async function readSidecarOf(videoUri: vscode.Uri): Promise<Sidecar | undefined> {
  const sidecar = await readSidecarFile(sidecarUriFor(videoUri));
  return sidecar?.video === baseName(videoUri) ? sidecar : undefined;
}
