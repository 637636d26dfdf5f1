// Names of saved frames, beside their clip: `<clip>-frame-<n>.png`, and, as for videos, never an
// existing name: `-2`, `-3`, … are added until one is free. No vscode import: unit-tested in plain Node.

export const MAX_FRAME_NAME_ATTEMPTS = 1000;

/** The clip's name without its extension (`take.mp4` → `take`). */
export function clipStem(clipName: string): string {
  const dot = clipName.lastIndexOf('.');
  return dot > 0 ? clipName.slice(0, dot) : clipName;
}

/** Candidate `attempt` (0 first) for frame `frame` of `clipName`. */
export function frameFileName(clipName: string, frame: number, attempt = 0): string {
  const base = `${clipStem(clipName)}-frame-${Math.max(0, Math.floor(frame))}`;
  return attempt === 0 ? `${base}.png` : `${base}-${attempt + 1}.png`;
}
