// The shape of a successful generation answer, checked once the streamed document is complete.
import { z } from 'zod';
import { isStreamedString } from './streamingJson';

const streamed = z.custom<{ streamed: true; index: number }>((v) => isStreamedString(v));

const generationItem = z.object({
  b64_json: streamed.nullish(),
  url: z.string().nullish(),
  revised_prompt: z.string().nullish(),
});

/**
 * `created` is only metadata: a server that omits it or writes it as text must not cost the user a
 * video they paid for. Unix seconds (number or numeric text) or a date; otherwise the time it came.
 */
const createdSeconds = z
  .unknown()
  .optional()
  .transform((v): number => {
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
    if (typeof v === 'string' && v.trim()) {
      const n = Number(v);
      if (Number.isFinite(n) && n > 0) return n;
      const ms = Date.parse(v);
      if (Number.isFinite(ms)) return Math.floor(ms / 1000);
    }
    return Math.floor(Date.now() / 1000);
  });

export const generationAnswer = z.object({
  created: createdSeconds,
  /** A null entry (seen from lenient gateways) carries nothing, and must not cost the others. */
  data: z.array(generationItem.nullable()),
});

export type GenerationAnswer = z.infer<typeof generationAnswer>;

const present = z.unknown().refine((v) => v !== null && v !== undefined);

/** A 200 may still carry an error, the provider's docs warn; bare or in the `detail` wrapper. */
export const errorIn200 = z.union([z.object({ error: present }), z.object({ detail: z.object({ error: present }) })]);
