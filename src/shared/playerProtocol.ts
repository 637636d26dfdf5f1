// The messages between the extension and the Video Gen Player editor's page (the custom editor for
// .mp4/.webm/.mov): defined once with zod and used by both sides. What the page sends is input: the
// extension parses every message and ignores what does not match.
import * as z from 'zod';
import { audioTrackAnswerSchema } from './protocol';

const text = z.string().max(100_000);
const shortText = z.string().max(2000);
/** A 1080p frame as PNG is a few MB; base64 adds a third. Far above that is not a frame. */
export const MAX_FRAME_PNG_BASE64 = 96 * 1024 * 1024;
export const MAX_FRAME_SIDE = 16_384;

/** What the file itself says (the MP4 probe), when the clip has no sidecar or besides it. */
export const fileFactsSchema = z.object({
  width: z.number().nullable(),
  height: z.number().nullable(),
  durationSeconds: z.number().nullable(),
  videoCodec: shortText.nullable(),
  audioCodec: shortText.nullable(),
  bytes: z.number().nullable(),
  /** Why the file could not be read (not an MP4, a WebM or QuickTime file the probe does not read). */
  unreadable: shortText.nullable(),
});
export type FileFacts = z.infer<typeof fileFactsSchema>;

/** What the sidecar says of where the clip came from. */
export const provenanceSchema = z.object({
  prompt: text,
  revisedPrompt: text.nullable(),
  model: shortText,
  modelId: shortText,
  settings: shortText,
  created: shortText,
  savedAt: shortText,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  storyboard: z.object({ path: shortText, shotId: shortText }).nullable(),
  /** The draft this take was promoted from; `exists` says whether that file is still there. */
  derivedFrom: z.object({ path: shortText, sha256: z.string(), exists: z.boolean() }).nullable(),
  warnings: z.array(shortText).max(50),
});
export type Provenance = z.infer<typeof provenanceSchema>;

export const playerViewSchema = z.object({
  /** The clip as the webview reads it (asWebviewUri). */
  src: z.string().max(8000),
  name: shortText,
  path: shortText,
  /** Frames per second from the file, or null (the page then assumes 30). */
  frameRate: z.number().positive().max(1000).nullable(),
  file: fileFactsSchema,
  provenance: provenanceSchema.nullable(),
  canGenerateAgain: z.boolean(),
  canPromote: z.boolean(),
  /** Plays without sound in VS Code (AAC). */
  silentInVsCode: z.boolean(),
});
export type PlayerView = z.infer<typeof playerViewSchema>;

export const hashStateSchema = z.enum(['checking', 'matches', 'differs', 'failed']);
export type HashState = z.infer<typeof hashStateSchema>;

export const playerActionSchema = z.enum(['generateAgain', 'promoteToFinal', 'reveal', 'copyPath', 'openDerivedFrom', 'openStoryboard']);
export type PlayerAction = z.infer<typeof playerActionSchema>;

export const toPlayerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('show'), view: playerViewSchema }),
  z.object({ type: z.literal('hash'), state: hashStateSchema, actual: z.string().max(64).nullable() }),
  /** The file was deleted (or moved away without the editor following it). */
  z.object({ type: z.literal('gone') }),
  z.object({ type: z.literal('frameSaved'), path: shortText }),
  z.object({ type: z.literal('frameFailed'), message: shortText }),
  z.object({ type: z.literal('notice'), message: shortText }),
  /** The clip's AAC track and the decoder module, as the panel gets them (its `id` is the page's). */
  audioTrackAnswerSchema,
]);
export type ToPlayerMessage = z.infer<typeof toPlayerMessage>;

export const fromPlayerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('action'), action: playerActionSchema }),
  z.object({
    type: z.literal('saveFrame'),
    frame: z.number().int().nonnegative().max(10_000_000),
    width: z.number().int().positive().max(MAX_FRAME_SIDE),
    height: z.number().int().positive().max(MAX_FRAME_SIDE),
    /** The PNG's bytes, base64. */
    png: z.string().max(MAX_FRAME_PNG_BASE64),
  }),
  z.object({ type: z.literal('frameError'), message: shortText }),
  /** Asks for the clip's AAC track, to play its sound itself where VS Code cannot; `id` names the clip shown. */
  z.object({ type: z.literal('audioTrack'), id: z.string().min(1).max(100) }),
]);
export type FromPlayerMessage = z.infer<typeof fromPlayerMessage>;

/** Reviewer state the page keeps across reloads (VS Code's webview state). */
export const playerPageStateSchema = z.object({
  time: z.number().nonnegative().optional(),
  loop: z.boolean().optional(),
  rate: z.number().min(0.25).max(2).optional(),
});
export type PlayerPageState = z.infer<typeof playerPageStateSchema>;

/** The playback speeds offered. */
export const PLAYBACK_RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2] as const;
