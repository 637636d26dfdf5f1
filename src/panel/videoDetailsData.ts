// The part of a video's details that comes from what we know of it (a generation's outcome, a
// sidecar), named with the catalog in use so a model from a refreshed list reads as that list
// names it. No vscode import (types only): unit-tested in plain Node.
import { capabilityFor, type Catalog } from '../catalog';
import type { GenerationOutcome, SavedVideoInfo } from '../generation/jobManager';
import type { Sidecar } from '../output/sidecar';
import { formValuesSchema, type FormValues, type VideoView } from '../shared/protocol';

/** A video view minus what depends on the webview (`src`) and the id the panel assigns. */
export type VideoDetails = Omit<VideoView, 'id' | 'src'>;

/** The request as the form can hold it, or null when it names values the form cannot. */
export function formValuesOf(request: unknown): FormValues | null {
  const parsed = formValuesSchema.safeParse(request);
  return parsed.success ? parsed.data : null;
}

/** A model's name as the catalog gives it (its id when the catalog does not know it). */
export function modelLabelIn(catalog: Catalog, modelId: string): string {
  return capabilityFor(modelId, catalog).label;
}

export function withOutcome(
  base: VideoDetails,
  file: Omit<SavedVideoInfo, 'uri' | 'sidecarUri'>,
  outcome: Pick<GenerationOutcome, 'request' | 'revisedPrompt'>,
  catalog: Catalog,
): VideoDetails {
  return {
    ...base,
    width: file.width,
    height: file.height,
    duration: file.duration,
    bytes: file.bytes,
    videoCodec: file.videoCodec,
    audioCodec: file.audioCodec,
    silentInVsCode: file.silentInVsCode,
    request: formValuesOf(outcome.request),
    modelLabel: modelLabelIn(catalog, outcome.request.model),
    revisedPrompt: outcome.revisedPrompt,
    savedAt: new Date().toISOString(),
    warnings: file.warnings,
  };
}

export function withSidecar(base: VideoDetails, sidecar: Sidecar, catalog: Catalog): VideoDetails {
  const m = sidecar.metadata;
  return {
    ...base,
    width: m?.width ?? null,
    height: m?.height ?? null,
    duration: m?.durationSeconds ?? null,
    bytes: sidecar.bytes,
    videoCodec: m?.videoCodec ?? null,
    audioCodec: m?.audioCodec ?? null,
    silentInVsCode: m?.silentInVsCode ?? false,
    request: formValuesOf(sidecar.request),
    modelLabel: modelLabelIn(catalog, sidecar.request.model),
    revisedPrompt: sidecar.revisedPrompt,
    savedAt: sidecar.savedAt,
    warnings: sidecar.warnings,
  };
}
