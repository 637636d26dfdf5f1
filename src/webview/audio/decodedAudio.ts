// attachDecodedAudio: makes a clip's AAC sound play in a page whose media stack cannot decode it.
// It detects (decodes real packets with WebCodecs) rather than guesses; where the page cannot, it
// decodes the whole track with the separate aac-decoder.wasm module into an AudioBuffer and plays it
// through Web Audio beside the muted video. Self-contained: any player can use it with a <video>
// and the track and decoder bytes (no messages, no DOM besides the video).
import { trimToPresentation } from './aacPresentation';
import { AacWasm } from './aacWasm';
import { AudioSync, type SyncStats } from './audioSync';
import { decodesAacNatively } from './nativeAacProbe';

export interface DecodedAudioTrack {
  codec: string;
  audioSpecificConfig: Uint8Array<ArrayBuffer>;
  sampleRate: number;
  channels: number;
  timescale: number;
  packets: Uint8Array<ArrayBuffer>;
  sizes: readonly number[];
  presentationStart: number;
  presentationDuration: number;
}

export interface DecodedAudioInput {
  track: DecodedAudioTrack | null;
  /** aac-decoder.wasm's bytes; null when the module is missing. */
  decoder: Uint8Array<ArrayBuffer> | null;
  /** Decode even where the page plays the sound itself. */
  forceDecoded: boolean;
  /** Why there is no track, when there is none. */
  problem?: string;
}

export type SilentReason = 'no-track' | 'no-decoder' | 'no-web-audio' | 'decode-failed';

export type AudioRoute = { kind: 'native' } | { kind: 'decoded' } | { kind: 'silent'; reason: SilentReason; detail: string };

export interface DecodedAudioHandle {
  readonly route: AudioRoute;
  /** Drift figures while the decoded route plays; null on the other routes. */
  stats(): SyncStats | null;
  detach(): void;
}

const silent = (reason: SilentReason, detail: string): DecodedAudioHandle => ({
  route: { kind: 'silent', reason, detail },
  stats: () => null,
  detach: () => undefined,
});

export async function attachDecodedAudio(video: HTMLVideoElement, input: DecodedAudioInput): Promise<DecodedAudioHandle> {
  const track = input.track;
  if (!track) return silent('no-track', input.problem ?? '');
  if (!input.forceDecoded && (await decodesAacNatively(track))) {
    return { route: { kind: 'native' }, stats: () => null, detach: () => undefined };
  }
  if (!input.decoder) return silent('no-decoder', '');
  if (typeof AudioContext === 'undefined') return silent('no-web-audio', '');
  let buffer: AudioBuffer;
  let context: AudioContext;
  try {
    const wasm = await AacWasm.load(input.decoder);
    const pcm = wasm.decodeTrack(track);
    const channels = trimToPresentation(pcm, track);
    context = new AudioContext();
    buffer = context.createBuffer(channels.length, Math.max(1, channels[0]?.length ?? 0), pcm.sampleRate);
    channels.forEach((data, c) => buffer.copyToChannel(data, c));
  } catch (err) {
    return silent('decode-failed', err instanceof Error ? err.message : String(err));
  }
  const wasMuted = video.muted;
  video.muted = true;
  let sync: AudioSync;
  try {
    sync = new AudioSync(video, context, buffer);
  } catch (err) {
    // An engine without requestVideoFrameCallback or output timestamps: silent, never broken.
    video.muted = wasMuted;
    void context.close();
    return silent('no-web-audio', err instanceof Error ? err.message : String(err));
  }
  return {
    route: { kind: 'decoded' },
    stats: () => sync.current,
    detach: () => {
      sync.detach();
      void context.close();
      video.muted = wasMuted;
    },
  };
}
