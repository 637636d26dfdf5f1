// The messages between the extension and the panel's webview: one discriminated union each way,
// defined once with zod and used by both sides. The webview is a browser page, so what it sends
// is input: the extension parses every message and ignores what does not match.
import { z } from 'zod';

export const toWebviewMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('showVideo'),
    /** A webview URI made with `asWebviewUri`; the video is never sent as data. */
    src: z.string(),
    name: z.string(),
  }),
]);
export type ToWebviewMessage = z.infer<typeof toWebviewMessage>;

export const fromWebviewMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('videoLoaded'),
    src: z.string(),
    videoWidth: z.number().int().nonnegative(),
    videoHeight: z.number().int().nonnegative(),
    duration: z.number().nonnegative(),
  }),
  z.object({ type: z.literal('videoError'), src: z.string(), message: z.string().max(2000) }),
]);
export type FromWebviewMessage = z.infer<typeof fromWebviewMessage>;
