// Whether this page can decode the clip's AAC itself: WebCodecs' AudioDecoder is asked to decode
// real packets of the track. isConfigSupported and canPlayType follow build flags and say yes
// where the decoder is absent; an actual decoded frame does not lie.

export interface AacProbeInput {
  codec: string;
  sampleRate: number;
  channels: number;
  audioSpecificConfig: Uint8Array<ArrayBuffer>;
  packets: Uint8Array<ArrayBuffer>;
  sizes: readonly number[];
}

const PROBE_PACKETS = 3;
const PROBE_TIMEOUT_MS = 2000;

export function decodesAacNatively(track: AacProbeInput, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  if (typeof AudioDecoder === 'undefined' || typeof EncodedAudioChunk === 'undefined' || track.sizes.length === 0) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (decoded: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (decoder.state !== 'closed') decoder.close();
      resolve(decoded);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const decoder = new AudioDecoder({
      output: (data) => {
        const frames = data.numberOfFrames;
        data.close();
        if (frames > 0) finish(true);
      },
      error: () => finish(false),
    });
    try {
      decoder.configure({
        codec: track.codec,
        sampleRate: track.sampleRate,
        numberOfChannels: Math.max(1, track.channels),
        description: track.audioSpecificConfig,
      });
      let at = 0;
      for (const [i, size] of track.sizes.slice(0, PROBE_PACKETS).entries()) {
        const data = track.packets.subarray(at, at + size);
        at += size;
        decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: Math.round((i * 1024 * 1e6) / track.sampleRate), data }));
      }
      decoder.flush().then(
        () => finish(false),
        () => finish(false),
      );
    } catch {
      finish(false);
    }
  });
}
