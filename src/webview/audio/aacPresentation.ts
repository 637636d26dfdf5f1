// What of a decoded AAC track is heard: the edit list cuts the encoder's priming samples (1024 or
// 2112 at the start) and the padding of the last frame, as ffmpeg and browsers do.
import type { DecodedPcm } from './aacWasm';

export interface PresentationWindow {
  /** Media timescale of the two figures below. */
  timescale: number;
  presentationStart: number;
  presentationDuration: number;
}

/** The channels cut to the presented window (in output samples, whatever the output rate). */
export function trimToPresentation(pcm: DecodedPcm, window: PresentationWindow): Float32Array<ArrayBuffer>[] {
  const toSamples = (time: number): number => (window.timescale > 0 ? Math.round((time * pcm.sampleRate) / window.timescale) : 0);
  const start = toSamples(window.presentationStart);
  const length = toSamples(window.presentationDuration);
  return pcm.channels.map((channel) => {
    const from = Math.min(start, channel.length);
    const to = length > 0 ? Math.min(channel.length, from + length) : channel.length;
    return channel.subarray(from, to);
  });
}
