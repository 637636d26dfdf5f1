// Loads aac-decoder.wasm (FFmpeg's AAC decoder, a separate LGPL module: see tools/aac-wasm) and
// decodes a whole AAC track with it into planar float PCM. Plain WebAssembly, no DOM: the page
// and the Node tests use the same code.

/** The module's exports (tools/aac-wasm/aac_wrapper.c). */
interface AacExports {
  memory: WebAssembly.Memory;
  _initialize?: () => void;
  malloc(size: number): number;
  free(pointer: number): void;
  aac_open(asc: number, ascSize: number): number;
  aac_decode(decoder: number, data: number, size: number): number;
  aac_pcm(decoder: number): number;
  aac_channels(decoder: number): number;
  aac_sample_rate(decoder: number): number;
  aac_close(decoder: number): void;
}

export interface DecodedPcm {
  sampleRate: number;
  /** One array per channel, all the same length. */
  channels: Float32Array<ArrayBuffer>[];
}

export interface AacPackets {
  audioSpecificConfig: Uint8Array;
  /** The access units one after another. */
  packets: Uint8Array;
  sizes: readonly number[];
}

export class AacDecodeError extends Error {
  override readonly name = 'AacDecodeError';
}

const WASI_ENOSYS = 52;

/**
 * The WASI functions the C library links (log output, clocks, environment). The log is silenced in
 * the wrapper, so none is called in practice; each answers "not supported", or "nothing" where a
 * caller reads the answer (no environment variables, time zero).
 */
function wasiStubs(memory: () => WebAssembly.Memory): WebAssembly.ModuleImports {
  const writeZeros = (...pointers: number[]): number => {
    const view = new DataView(memory().buffer);
    for (const p of pointers) view.setUint32(p, 0, true);
    return 0;
  };
  return new Proxy<WebAssembly.ModuleImports>(
    {
      environ_sizes_get: (count: number, size: number) => writeZeros(count, size),
      environ_get: () => 0,
      clock_time_get: (_id: number, _precision: bigint, out: number) => {
        new DataView(memory().buffer).setBigUint64(out, 0n, true);
        return 0;
      },
      proc_exit: (code: number) => {
        throw new AacDecodeError(`The AAC decoder exited (${code}).`);
      },
    },
    { get: (target, name: string) => target[name] ?? (() => WASI_ENOSYS) },
  );
}

export class AacWasm {
  private constructor(private readonly exports: AacExports) {}

  /** Compiles and starts the module from its bytes. */
  static async load(bytes: BufferSource): Promise<AacWasm> {
    const started: { exports?: AacExports } = {};
    const memory = (): WebAssembly.Memory => {
      if (!started.exports) throw new AacDecodeError('The AAC decoder called out before it started.');
      return started.exports.memory;
    };
    const imports = { wasi_snapshot_preview1: wasiStubs(memory), env: { emscripten_notify_memory_growth: () => undefined } };
    const { instance } = await WebAssembly.instantiate(bytes, imports);
    const exports = instance.exports as unknown as AacExports;
    started.exports = exports;
    if (typeof exports.aac_open !== 'function' || typeof exports.aac_decode !== 'function') {
      throw new AacDecodeError('The AAC decoder module does not have the expected functions.');
    }
    exports._initialize?.();
    return new AacWasm(exports);
  }

  /** Decodes every access unit in order; a packet the decoder rejects becomes silence of a frame's length. */
  decodeTrack(track: AacPackets): DecodedPcm {
    const x = this.exports;
    const asc = this.copyIn(track.audioSpecificConfig);
    const decoder = x.aac_open(asc, track.audioSpecificConfig.length);
    x.free(asc);
    if (decoder === 0) throw new AacDecodeError('The AAC decoder refused the track configuration.');
    try {
      return this.decodeAll(decoder, track);
    } finally {
      x.aac_close(decoder);
    }
  }

  private decodeAll(decoder: number, track: AacPackets): DecodedPcm {
    const x = this.exports;
    const biggest = Math.max(1, ...track.sizes);
    const input = x.malloc(biggest);
    const pieces: Float32Array[][] = [];
    let frames = 0;
    let channelCount = 0;
    let lastFrameLength = 1024;
    try {
      let at = 0;
      for (const size of track.sizes) {
        new Uint8Array(x.memory.buffer, input, size).set(track.packets.subarray(at, at + size));
        at += size;
        const got = x.aac_decode(decoder, input, size);
        channelCount ||= x.aac_channels(decoder);
        const piece = got > 0 ? this.copyOut(decoder, got, channelCount) : silence(got < 0 ? lastFrameLength : 0, channelCount);
        if (got > 0) lastFrameLength = got;
        pieces.push(piece);
        frames += piece[0]?.length ?? 0;
      }
    } finally {
      x.free(input);
    }
    if (channelCount === 0) throw new AacDecodeError('The AAC decoder produced no sound from the track.');
    return { sampleRate: x.aac_sample_rate(decoder), channels: joinPieces(pieces, channelCount, frames) };
  }

  private copyIn(bytes: Uint8Array): number {
    const pointer = this.exports.malloc(Math.max(1, bytes.length));
    new Uint8Array(this.exports.memory.buffer, pointer, bytes.length).set(bytes);
    return pointer;
  }

  private copyOut(decoder: number, frames: number, channels: number): Float32Array[] {
    const pcm = this.exports.aac_pcm(decoder);
    const all = new Float32Array(this.exports.memory.buffer, pcm, frames * channels);
    return Array.from({ length: channels }, (_, c) => all.slice(c * frames, (c + 1) * frames));
  }
}

function silence(frames: number, channels: number): Float32Array[] {
  return Array.from({ length: Math.max(1, channels) }, () => new Float32Array(frames));
}

function joinPieces(pieces: Float32Array[][], channels: number, frames: number): Float32Array<ArrayBuffer>[] {
  return Array.from({ length: channels }, (_, c) => {
    const out = new Float32Array(frames);
    let at = 0;
    for (const piece of pieces) {
      const data = piece[c] ?? piece[0] ?? new Float32Array(0);
      out.set(data, at);
      at += piece[0]?.length ?? 0;
    }
    return out;
  });
}
