// The messages between the extension and the panel's webview: one discriminated union each way,
// defined once with zod and used by both sides. The webview is a browser page, so what it sends
// is input: the extension parses every message and ignores what does not match.
// A namespace import lets esbuild keep only the zod the page uses (its locales alone are 260 KB).
import * as z from 'zod';
import { ADVICE_LEVELS, MAX_DURATION_SECONDS, MAX_PROMPT_LENGTH, MIN_DURATION_SECONDS, QUALITIES, RATIOS } from '../catalog/capabilities';

/** A prompt of MAX_PROMPT_LENGTH code points may take twice as many UTF-16 units; the job
 *  manager checks the exact limit and says so, this only bounds what a message may carry. */
const promptText = z.string().max(MAX_PROMPT_LENGTH * 2);
const modelId = z.string().trim().min(1).max(200);
/** Opaque ids the extension hands out (file URIs, job ids); the page only sends them back. */
const opaqueId = z.string().min(1).max(4000);

/** What the form holds; also what a prefill or a saved page state may carry. */
export const formValuesSchema = z.object({
  prompt: promptText,
  model: modelId,
  quality: z.enum(QUALITIES),
  duration: z.number().int().min(MIN_DURATION_SECONDS).max(MAX_DURATION_SECONDS),
  ratio: z.enum(RATIOS),
});
export type FormValues = z.infer<typeof formValuesSchema>;

/** A prefill: any subset, loosely typed values are clamped to the model by the page. */
export const formPrefillSchema = z.object({
  prompt: promptText.optional(),
  model: modelId.optional(),
  quality: z.string().max(20).optional(),
  duration: z.number().finite().optional(),
  ratio: z.string().max(10).optional(),
});
export type FormPrefill = z.infer<typeof formPrefillSchema>;

/**
 * What a model costs per duration, from the API's price list: `amounts[d - 1]` for d seconds. The
 * extension reads the raw pricing blob (estimateCost is its only reader) and sends just this, so the
 * page needs no knowledge of price shapes. Absent when the list gave no usable price.
 */
export const costTableSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  amounts: z.array(z.number().finite().nonnegative()).min(1).max(MAX_DURATION_SECONDS),
});
export type CostTable = z.infer<typeof costTableSchema>;

/** One model as the form offers it (a CatalogModel with its price read, not the pricing blob). */
export const modelOptionSchema = z.object({
  id: modelId,
  label: z.string().max(200),
  provider: z.string().max(200),
  maxDuration: z.number().int().min(MIN_DURATION_SECONDS).max(MAX_DURATION_SECONDS),
  qualities: z.array(z.enum(QUALITIES)).min(1),
  advice: z.enum(ADVICE_LEVELS).nullable(),
  premium: z.boolean(),
  verified: z.boolean(),
  available: z.boolean(),
  cost: costTableSchema.optional(),
});
export type ModelOption = z.infer<typeof modelOptionSchema>;

/** A take's lineage: the draft it was promoted from, and the finals promoted from it (workspace paths). */
export const lineageSchema = z.object({
  derivedFrom: z.object({ path: z.string(), sha256: z.string(), found: z.boolean() }).nullable(),
  finals: z.array(z.string()).max(100),
});
export type Lineage = z.infer<typeof lineageSchema>;

/** A saved video as the player shows it. `src` is an `asWebviewUri` URI: never the bytes. */
export const videoViewSchema = z.object({
  id: opaqueId,
  src: z.string(),
  name: z.string(),
  /** Path relative to the workspace folder, for display. */
  path: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  duration: z.number().nullable(),
  bytes: z.number().nullable(),
  videoCodec: z.string().nullable(),
  audioCodec: z.string().nullable(),
  /** AAC audio: VS Code's player drops the sound. */
  silentInVsCode: z.boolean(),
  /** The settings it was made with, when a sidecar or an outcome says so. */
  request: formValuesSchema.nullable(),
  /** The model's human name (its id when the catalog does not know it). */
  modelLabel: z.string().nullable(),
  revisedPrompt: z.string().nullable(),
  savedAt: z.string().nullable(),
  warnings: z.array(z.string()),
  /** Where the take came from and what it became (draft → final); absent for a file without a sidecar. */
  lineage: lineageSchema.optional(),
});
export type VideoView = z.infer<typeof videoViewSchema>;

export const jobPhaseSchema = z.enum(['starting', 'connecting', 'waiting', 'receiving', 'downloading', 'saving']);
export type JobPhase = z.infer<typeof jobPhaseSchema>;

/** A running generation. `elapsedMs` is measured by the extension host, whose clock may differ. */
export const jobViewSchema = z.object({
  id: opaqueId,
  modelLabel: z.string(),
  prompt: z.string(),
  quality: z.string(),
  duration: z.number(),
  phase: jobPhaseSchema,
  elapsedMs: z.number().nonnegative(),
  receivedBytes: z.number().nonnegative().optional(),
  totalBytes: z.number().nonnegative().optional(),
  fromPanel: z.boolean(),
  /** False while a panel request waits for confirmations (no job to cancel yet). */
  cancellable: z.boolean(),
});
export type JobView = z.infer<typeof jobViewSchema>;

export const historyItemSchema = z.object({
  id: opaqueId,
  name: z.string(),
  prompt: z.string(),
  modelId: z.string(),
  modelLabel: z.string(),
  /** The video as the page may load it (a webview resource URI), for its poster frame; null when it cannot. */
  src: z.string().max(8000).nullable(),
  /** The storyboard shot it was generated from (workspace-relative path and shot id). */
  storyboard: z.object({ path: z.string(), shotId: z.string() }).nullable(),
  /** The draft it was promoted from (workspace-relative path). */
  derivedFrom: z.string().nullable(),
  savedAt: z.string(),
  request: formValuesSchema.nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  duration: z.number().nullable(),
});
export type HistoryItem = z.infer<typeof historyItemSchema>;

const usageCount = z.object({ generations: z.number().int().nonnegative(), seconds: z.number().finite().nonnegative() });

/** Generations and seconds in one period, per model by label (most used first). */
export const usagePeriodSchema = usageCount.extend({
  models: z.array(usageCount.extend({ label: z.string().max(200) })).max(100),
});
export type UsagePeriod = z.infer<typeof usagePeriodSchema>;

/** How much was generated with this VS Code profile, today (local time) and in total. */
export const usageViewSchema = z.object({ today: usagePeriodSchema, total: usagePeriodSchema });
export type UsageView = z.infer<typeof usageViewSchema>;

export const panelErrorSchema = z.object({ message: z.string(), code: z.string() });
export type PanelError = z.infer<typeof panelErrorSchema>;

/** A clip's AAC track for the page's own decoder: the raw access units, not the file. */
export const aacTrackSchema = z.object({
  codec: z.string().max(40),
  audioSpecificConfig: z.instanceof(Uint8Array),
  sampleRate: z.number().int().positive(),
  channels: z.number().int().nonnegative(),
  timescale: z.number().int().positive(),
  packets: z.instanceof(Uint8Array),
  sizes: z.array(z.number().int().nonnegative()),
  presentationStart: z.number().nonnegative(),
  presentationDuration: z.number().nonnegative(),
});
export type AacTrackMessage = z.infer<typeof aacTrackSchema>;

/** The audio codec of a preview copy (MP4 with the video stream copied). */
export const previewCodecSchema = z.enum(['flac', 'mp3']);
/** Why the page's own decoder cannot play a clip's sound: the cases a preview copy can help. */
export const copyableSilenceSchema = z.enum(['no-decoder', 'no-web-audio', 'decode-failed']);
/**
 * The answer to `audioTrack` (the panel's and the player editor's): the AAC track (null when there
 * is none or it cannot be read, with `problem`), the decoder module's bytes (null when it is
 * missing) and whether to use it even where the page could play the sound itself
 * (`videoGen.player.forceDecodedAudio`).
 */
export const audioTrackAnswerSchema = z.object({
  type: z.literal('audioTrack'),
  id: opaqueId,
  track: aacTrackSchema.nullable(),
  decoder: z.instanceof(Uint8Array).nullable(),
  forceDecoded: z.boolean(),
  problem: z.string().max(2000).optional(),
});
// ---- Compare and promote ----

/** One tile of the compare view: a saved take. `src` is an `asWebviewUri` URI, never the bytes. */
export const compareTakeSchema = z.object({
  id: opaqueId,
  src: z.string(),
  name: z.string(),
  modelLabel: z.string(),
  premium: z.boolean(),
  /** "5 s · 1080p · 16:9": what the take was made with. */
  settings: z.string(),
  /** How long the generation took, when this comparison ran it. */
  elapsedMs: z.number().nonnegative().nullable(),
  bytes: z.number().nonnegative().nullable(),
  /** The estimate from the API's price list, already worded; null when it gave no price. */
  estimate: z.string().nullable(),
  kept: z.boolean(),
});
export type CompareTake = z.infer<typeof compareTakeSchema>;

/** The compare view: one prompt, a tile per saved take, and the takes that could not be made. */
export const compareViewSchema = z.object({
  id: opaqueId,
  prompt: z.string(),
  takes: z.array(compareTakeSchema).max(16),
  missing: z.array(z.object({ label: z.string(), reason: z.string() })).max(16),
});
export type CompareView = z.infer<typeof compareViewSchema>;

export const compareActionSchema = z.enum(['keep', 'discard', 'promote']);
export type CompareAction = z.infer<typeof compareActionSchema>;

export const toWebviewMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    models: z.array(modelOptionSchema),
    /** Used when the page has no saved form of its own. */
    defaults: formValuesSchema,
  }),
  z.object({ type: z.literal('catalog'), models: z.array(modelOptionSchema) }),
  /** Fills the form (reuse, generate again, retry with another model). */
  z.object({ type: z.literal('prefill'), values: formPrefillSchema, focus: z.enum(['prompt', 'model']).optional() }),
  z.object({ type: z.literal('showVideo'), video: videoViewSchema }),
  z.object({ type: z.literal('jobs'), jobs: z.array(jobViewSchema) }),
  z.object({ type: z.literal('history'), items: z.array(historyItemSchema) }),
  /** A generation started here failed (null clears the error). */
  z.object({ type: z.literal('error'), error: panelErrorSchema.nullable() }),
  /** A short announcement for screen readers and the status line (started, saved, cancelled). */
  z.object({ type: z.literal('status'), text: z.string() }),
  /** What was generated so far; sent with init and after every finished generation. */
  z.object({ type: z.literal('usage'), usage: usageViewSchema }),
  audioTrackAnswerSchema,
  /**
   * The answer to `previewCopy`: the copy's webview URI and its audio codec, or why there is none
   * (`no-ffmpeg`: not on the PATH; `failed`/`timeout`: ffmpeg's error in `detail`; `cancelled`;
   * `unavailable`: the clip or the extension's storage is not a local folder).
   */
  z.object({
    type: z.literal('previewCopy'),
    id: opaqueId,
    src: z.string().max(8000).nullable(),
    codec: previewCodecSchema.nullable(),
    cached: z.boolean(),
    problem: z.enum(['no-ffmpeg', 'failed', 'timeout', 'cancelled', 'unavailable']).nullable(),
    detail: z.string().max(2000),
  }),
  /** Shows the compare view (null closes it). */
  z.object({ type: z.literal('compare'), compare: compareViewSchema.nullable() }),
]);
export type ToWebviewMessage = z.infer<typeof toWebviewMessage>;

export const videoActionSchema = z.enum(['reveal', 'copyPath', 'openExternal', 'promote']);
export type VideoAction = z.infer<typeof videoActionSchema>;

export const fromWebviewMessage = z.discriminatedUnion('type', [
  /** The page started; `page` is the load number from `data-page`, so a stale page is told apart. */
  z.object({ type: z.literal('ready'), page: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('videoLoaded'),
    src: z.string().max(8000),
    videoWidth: z.number().int().nonnegative(),
    videoHeight: z.number().int().nonnegative(),
    duration: z.number().nonnegative(),
  }),
  z.object({ type: z.literal('videoError'), src: z.string().max(8000), message: z.string().max(2000) }),
  z.object({ type: z.literal('generate'), request: formValuesSchema }),
  z.object({ type: z.literal('cancel'), jobId: opaqueId }),
  /** Plays a history entry; the id must name one the extension listed. */
  z.object({ type: z.literal('play'), id: opaqueId }),
  /** Discards a history entry (the extension asks first); the id must name one the extension listed. */
  z.object({ type: z.literal('discard'), id: opaqueId }),
  /** An action on a video the panel was shown; the id must name one the extension sent. */
  z.object({ type: z.literal('videoAction'), id: opaqueId, action: videoActionSchema }),
  /** Asks for the AAC track of a video the page was shown, to play its sound itself. */
  z.object({ type: z.literal('audioTrack'), id: opaqueId }),
  /** The page's own decoder cannot play the sound (why): asks for a preview copy made with ffmpeg. */
  z.object({ type: z.literal('previewCopy'), id: opaqueId, reason: copyableSilenceSchema }),
  /** Shows the "Generated Videos" tree. */
  z.object({ type: z.literal('openHistoryView') }),
  /** The user dismissed the inline error: it must not come back when the page reloads. */
  z.object({ type: z.literal('dismissError') }),
  /** Compare Models… with the form's prompt and settings (the models are picked in VS Code). */
  z.object({ type: z.literal('compareModels'), request: formValuesSchema }),
  /** Keep, Discard or Promote a tile of the compare view; the id must name a take it was sent. */
  z.object({ type: z.literal('compareAction'), compareId: opaqueId, id: opaqueId, action: compareActionSchema }),
  z.object({ type: z.literal('closeCompare') }),
]);
export type FromWebviewMessage = z.infer<typeof fromWebviewMessage>;

/** Page state kept by `vscode.setState` (and handed to the serializer after a window reload). */
export const pageStateSchema = z.object({
  form: formValuesSchema.partial().optional(),
  /** Id (file URI) of the video on show, so a revived panel can show it again. */
  videoId: opaqueId.optional(),
  /** The gallery's filters. */
  gallery: z
    .object({
      text: z.string().max(500),
      model: z.string().max(200),
      storyboard: z.string().max(2000),
      range: z.enum(['all', 'today', 'week', 'month']),
    })
    .partial()
    .optional(),
});
export type PageState = z.infer<typeof pageStateSchema>;
