// The `.json` written beside each video: what was asked, what came back, and what the file is.
// The history view and the panel read these back, so the shape is checked with zod both ways.
import { z } from 'zod';

export const SIDECAR_VERSION = 1;

export const sidecarSchema = z.object({
  version: z.literal(SIDECAR_VERSION),
  /** File name of the video beside this sidecar. */
  video: z.string(),
  request: z.object({
    model: z.string(),
    prompt: z.string(),
    quality: z.string(),
    duration: z.number(),
    ratio: z.string(),
  }),
  model: z.string(),
  revisedPrompt: z.string().nullable(),
  /** ISO time the API says the video was created. */
  created: z.string(),
  /** ISO time the file was saved. */
  savedAt: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  source: z.enum(['b64_json', 'url']),
  requestId: z.string().optional(),
  metadata: z
    .object({
      width: z.number(),
      height: z.number(),
      durationSeconds: z.number(),
      videoCodec: z.string().nullable(),
      audioCodec: z.string().nullable(),
      silentInVsCode: z.boolean(),
      playableInVsCode: z.boolean(),
    })
    .nullable(),
  warnings: z.array(z.string()),
  generator: z.string(),
  /** The storyboard shot this take was generated from: the file (workspace-relative, `/`) and the shot's id. */
  storyboard: z.object({ path: z.string(), shotId: z.string() }).optional(),
  /** The take this one was promoted from (a draft): its workspace-relative path and SHA-256. */
  derivedFrom: z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
});

export type Sidecar = z.infer<typeof sidecarSchema>;

/** Where a take came from, beyond its request: kept in its sidecar. */
export type Provenance = Pick<Sidecar, 'storyboard' | 'derivedFrom'>;

export function sidecarNameFor(videoFileName: string): string {
  return videoFileName.replace(/\.mp4$/i, '') + '.json';
}

export function parseSidecar(text: string): Sidecar | undefined {
  try {
    const parsed = sidecarSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
