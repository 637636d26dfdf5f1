// What the player shows under a video: from the outcome of a generation, from the sidecar beside a
// saved video, or, for any other local MP4, from probing the file.
import * as vscode from 'vscode';
import { capabilityFor } from '../catalog';
import type { GenerationOutcome, SavedVideoInfo } from '../generation/jobManager';
import { baseName, readSidecarOf } from '../history/sidecarFiles';
import { probeMp4File } from '../media';
import type { Sidecar } from '../output/sidecar';
import { formValuesSchema, type FormValues, type VideoView } from '../shared/protocol';

/** A video view minus what depends on the webview (`src`) and the id the panel assigns. */
export type VideoDetails = Omit<VideoView, 'id' | 'src'>;

/** The request as the form can hold it, or null when it names values the form cannot. */
export function formValuesOf(request: unknown): FormValues | null {
  const parsed = formValuesSchema.safeParse(request);
  return parsed.success ? parsed.data : null;
}

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

export function detailsFromOutcome(file: SavedVideoInfo, outcome: GenerationOutcome): VideoDetails {
  return {
    ...blank(file.uri),
    width: file.width,
    height: file.height,
    duration: file.duration,
    bytes: file.bytes,
    videoCodec: file.videoCodec,
    audioCodec: file.audioCodec,
    silentInVsCode: file.silentInVsCode,
    request: formValuesOf(outcome.request),
    modelLabel: capabilityFor(outcome.request.model).label,
    revisedPrompt: outcome.revisedPrompt,
    savedAt: new Date().toISOString(),
    warnings: file.warnings,
  };
}

export function detailsFromSidecar(uri: vscode.Uri, sidecar: Sidecar): VideoDetails {
  const m = sidecar.metadata;
  return {
    ...blank(uri),
    width: m?.width ?? null,
    height: m?.height ?? null,
    duration: m?.durationSeconds ?? null,
    bytes: sidecar.bytes,
    videoCodec: m?.videoCodec ?? null,
    audioCodec: m?.audioCodec ?? null,
    silentInVsCode: m?.silentInVsCode ?? false,
    request: formValuesOf(sidecar.request),
    modelLabel: capabilityFor(sidecar.request.model).label,
    revisedPrompt: sidecar.revisedPrompt,
    savedAt: sidecar.savedAt,
    warnings: sidecar.warnings,
  };
}

/** Details of any video file: its sidecar when it has one, else what a probe of the file says. */
export async function detailsFromFile(uri: vscode.Uri, log: vscode.LogOutputChannel): Promise<VideoDetails> {
  const sidecar = await readSidecarOf(uri);
  if (sidecar) return detailsFromSidecar(uri, sidecar);
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
