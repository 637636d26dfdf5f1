// What the player shows under a video: from the outcome of a generation, from the sidecar beside a
// saved video, or, for any other local MP4, from probing the file.
import * as vscode from 'vscode';
import type { Catalog } from '../catalog';
import type { GenerationOutcome, SavedVideoInfo } from '../generation/jobManager';
import { baseName, readSidecarOf } from '../history/sidecarFiles';
import { probeMp4File } from '../media';
import type { Sidecar } from '../output/sidecar';
import { withOutcome, withSidecar, type VideoDetails } from './videoDetailsData';

export { formValuesOf, type VideoDetails } from './videoDetailsData';

function blank(uri: vscode.Uri): VideoDetails {
  return {
    name: baseName(uri),
    path: vscode.workspace.asRelativePath(uri),
    width: null,
    height: null,
    duration: null,
    bytes: null,
    videoCodec: null,
    audioCodec: null,
    silentInVsCode: false,
    request: null,
    modelLabel: null,
    revisedPrompt: null,
    savedAt: null,
    warnings: [],
  };
}

/** Model names come from `catalog`: pass the current one, so a refreshed list's models read as it names them. */
export function detailsFromOutcome(file: SavedVideoInfo, outcome: GenerationOutcome, catalog: Catalog): VideoDetails {
  return withOutcome(blank(file.uri), file, outcome, catalog);
}

export function detailsFromSidecar(uri: vscode.Uri, sidecar: Sidecar, catalog: Catalog): VideoDetails {
  return withSidecar(blank(uri), sidecar, catalog);
}

/** Details of any video file: its sidecar when it has one, else what a probe of the file says. */
export async function detailsFromFile(uri: vscode.Uri, log: vscode.LogOutputChannel, catalog: Catalog): Promise<VideoDetails> {
  const sidecar = await readSidecarOf(uri);
  if (sidecar) return detailsFromSidecar(uri, sidecar, catalog);
  const details = blank(uri);
  // The probe reads local files by path; elsewhere, the size is all we ask of the file system.
  if (uri.scheme === 'file') {
    try {
      const m = await probeMp4File(uri.fsPath);
      return {
        ...details,
        width: m.width || null,
        height: m.height || null,
        duration: m.durationSeconds,
        bytes: m.fileSize,
        videoCodec: m.video?.codecName ?? null,
        audioCodec: m.audio?.codecName ?? null,
        silentInVsCode: m.playableInVsCode.silentInVsCode,
      };
    } catch (err) {
      log.info(`Panel: ${details.name} could not be read as MP4 (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  try {
    details.bytes = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    // shown without a size
  }
  return details;
}
