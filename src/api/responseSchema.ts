// The shape of a successful generation answer, checked once the streamed document is complete.
import { z } from 'zod';
import { isStreamedString } from './streamingJson';

const streamed = z.custom<{ streamed: true; index: number }>((v) => isStreamedString(v));

export const generationItem = z.object({
  b64_json: streamed.nullish(),
  url: z.string().nullish(),
  revised_prompt: z.string().nullish(),
});

export const generationAnswer = z.object({
  created: z.number(),
  data: z.array(generationItem),
});

export type GenerationAnswer = z.infer<typeof generationAnswer>;

/** A 200 may still carry an error, the provider's docs warn. */
export const errorIn200 = z.object({ error: z.unknown() }).refine((v) => v.error !== null && v.error !== undefined);
