// attachDecodedAudio: makes a clip's AAC sound play in a page whose media stack cannot decode it.
// It detects (decodes real packets with WebCodecs) rather than guesses; where the page cannot, it
// decodes the whole track with the separate aac-decoder.wasm module into an AudioBuffer and plays it
// through Web Audio beside the video, whose own sound is kept out of the speakers without muting it
// (elementAudio.ts): its mute button and volume slider set the decoded sound's level. Self-contained:
// any player can use it with a <video> and the track and decoder bytes (no messages, no DOM besides
// the video).
import { trimToPresentation } from './aacPresentation';
import { AacWasm } from './aacWasm';
import { AudioSync, type SyncStats } from './audioSync';
import { ElementAudio } from './elementAudio';
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
  /** Stops the decoded sound; the element has its own sound again (for a new route on the same element). */
  detach(): void;
  /** Detaches and closes the element's audio context: for an element being discarded. */
  close(): void;
}

/** A route that plays nothing of its own (native, silent): closing still lets go of an earlier route's context. */
function passive(video: HTMLVideoElement, route: AudioRoute): DecodedAudioHandle {
  return { route, stats: () => null, detach: () => undefined, close: () => ElementAudio.release(video) };
}

export async function attachDecodedAudio(video: HTMLVideoElement, input: DecodedAudioInput): Promise<DecodedAudioHandle> {
  const track = input.track;
  const silent = (reason: SilentReason, detail: string): DecodedAudioHandle => passive(video, { kind: 'silent', reason, detail });
  if (!track) return silent('no-track', input.problem ?? '');
  if (!input.forceDecoded && (await decodesAacNatively(track))) return passive(video, { kind: 'native' });
  if (!input.decoder) return silent('no-decoder', '');
  if (typeof AudioContext === 'undefined' || typeof MediaElementAudioSourceNode === 'undefined') return silent('no-web-audio', '');
  let buffer: AudioBuffer;
  let audio: ElementAudio;
  try {
    const wasm = await AacWasm.load(input.decoder);
    const pcm = wasm.decodeTrack(track);
    const channels = trimToPresentation(pcm, track);
    audio = ElementAudio.of(video);
    buffer = audio.context.createBuffer(channels.length, Math.max(1, channels[0]?.length ?? 0), pcm.sampleRate);
    channels.forEach((data, c) => buffer.copyToChannel(data, c));
  } catch (err) {
    return silent('decode-failed', err instanceof Error ? err.message : String(err));
  }
  let sync: AudioSync;
  try {
    audio.silence();
    sync = new AudioSync(video, audio.context, buffer);
  } catch (err) {
    // An engine without requestVideoFrameCallback or output timestamps: silent, never broken.
    audio.ownSound();
    return silent('no-web-audio', err instanceof Error ? err.message : String(err));
  }
  const detach = (): void => {
    sync.detach();
    audio.ownSound();
  };
  return {
    route: { kind: 'decoded' },
    stats: () => sync.current,
    detach,
    close: () => {
      detach();
      audio.close();
    },
  };
}
