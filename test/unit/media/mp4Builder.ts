// Builds small synthetic MP4s box by box, for the cases real encoders rarely write: version-1
// (64-bit) headers, tracks without a display size, protected entries, fragmented files, QuickTime
// sound descriptions, and deliberately broken structures.

export function u8(n: number): Buffer {
  return Buffer.from([n & 0xff]);
}
export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
export function i32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
export function u64(n: number | bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
export function zeros(n: number): Buffer {
  return Buffer.alloc(n);
}
export function text(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

export function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), text(type), body]);
}

export function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  return box(type, u8(version), u8(flags >> 16), u16(flags & 0xffff), ...payload);
}

const IDENTITY = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];
export const ROTATE_90 = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000];

export function ftyp(major = 'isom', compatible = ['isom', 'avc1']): Buffer {
  return box('ftyp', text(major), u32(512), ...compatible.map(text));
}

export function mvhd(version: 0 | 1, timescale: number, duration: number | bigint): Buffer {
  const times = version === 1 ? [u64(0), u64(0), u32(timescale), u64(duration)] : [u32(0), u32(0), u32(timescale), u32(Number(duration))];
  return fullBox('mvhd', version, 0, ...times, u32(0x10000), u16(0x100), zeros(10), ...IDENTITY.map(i32), zeros(24), u32(3));
}

export function tkhd(version: 0 | 1, opts: { enabled?: boolean; width: number; height: number; matrix?: number[] }): Buffer {
  const times = version === 1 ? [u64(0), u64(0), u32(1), u32(0), u64(0)] : [u32(0), u32(0), u32(1), u32(0), u32(0)];
  return fullBox('tkhd', version, opts.enabled === false ? 0 : 3, ...times, zeros(8), u16(0), u16(0), u16(0), u16(0),
    ...(opts.matrix ?? IDENTITY).map(i32), u32(Math.round(opts.width * 65536)), u32(Math.round(opts.height * 65536)));
}

export function mdhd(version: 0 | 1, timescale: number, duration: number | bigint): Buffer {
  const times = version === 1 ? [u64(0), u64(0), u32(timescale), u64(duration)] : [u32(0), u32(0), u32(timescale), u32(Number(duration))];
  return fullBox('mdhd', version, 0, ...times, u16(0x55c4), u16(0));
}

export function hdlr(handler: string): Buffer {
  return fullBox('hdlr', 0, 0, u32(0), text(handler), zeros(12), text('synthetic\0'));
}

export function visualEntry(type: string, width: number, height: number, ...children: Buffer[]): Buffer {
  return box(type, zeros(6), u16(1), zeros(16), u16(width), u16(height), u32(0x480000), u32(0x480000), u32(0), u16(1), zeros(32), u16(24), u16(0xffff), ...children);
}

export function audioEntry(type: string, channels: number, sampleRate: number, ...children: Buffer[]): Buffer {
  return box(type, zeros(6), u16(1), u16(0), u16(0), u32(0), u16(channels), u16(16), u16(0), u16(0), u32(sampleRate * 65536), ...children);
}

/** QuickTime sound description version 2: rate as a float64 and a 32-bit channel count. */
export function audioEntryV2(type: string, channels: number, sampleRate: number): Buffer {
  const rate = Buffer.alloc(8);
  rate.writeDoubleBE(sampleRate);
  return box(type, zeros(6), u16(1), u16(2), u16(0), u32(0), u16(3), u16(16), u16(0xfffe), u16(0), u32(0x10000), u32(72),
    rate, u32(channels), u32(0x7f000000), u32(24), u32(0), u32(channels * 3), u32(1));
}

/** An esds with the given objectTypeIndication and, optionally, an AudioSpecificConfig. */
export function esds(objectType: number, audioSpecificConfig?: Buffer): Buffer {
  const specific = audioSpecificConfig ? Buffer.concat([u8(5), u8(audioSpecificConfig.length), audioSpecificConfig]) : Buffer.alloc(0);
  const decoderConfig = Buffer.concat([u8(objectType), u8(0x15), zeros(3), u32(128000), u32(128000), specific]);
  const decoder = Buffer.concat([u8(4), u8(decoderConfig.length), decoderConfig]);
  const sl = Buffer.from([6, 1, 2]);
  const esBody = Buffer.concat([u16(1), u8(0), decoder, sl]);
  return fullBox('esds', 0, 0, u8(3), u8(0x80), u8(0x80), u8(esBody.length), esBody); // 3-byte padded length, as some muxers write
}

export function sinf(originalFormat: string): Buffer {
  return box('sinf', box('frma', text(originalFormat)), fullBox('schm', 0, 0, text('cenc'), u32(0x10000)));
}

export interface TrackSpec {
  handler: 'vide' | 'soun' | 'text';
  entry?: Buffer;
  tkhdVersion?: 0 | 1;
  mdhdVersion?: 0 | 1;
  width?: number;
  height?: number;
  enabled?: boolean;
  matrix?: number[];
  timescale?: number;
  duration?: number | bigint;
  omitTkhd?: boolean;
  /** More stbl children after stsd (stts, stsc, stsz, stco/co64). */
  sampleTables?: Buffer[];
  /** An edts box for the track. */
  edts?: Buffer;
}

export function trak(spec: TrackSpec): Buffer {
  const stsd = fullBox('stsd', 0, 0, u32(spec.entry ? 1 : 0), ...(spec.entry ? [spec.entry] : []));
  const minf = box('minf', box('stbl', stsd, ...(spec.sampleTables ?? [])));
  const mdia = box('mdia', mdhd(spec.mdhdVersion ?? 0, spec.timescale ?? 1000, spec.duration ?? 2000), hdlr(spec.handler), minf);
  const header = spec.omitTkhd ? [] : [tkhd(spec.tkhdVersion ?? 0, { enabled: spec.enabled, width: spec.width ?? 0, height: spec.height ?? 0, matrix: spec.matrix })];
  return box('trak', ...header, ...(spec.edts ? [spec.edts] : []), mdia);
}

export function moov(...children: Buffer[]): Buffer {
  return box('moov', ...children);
}

export function mdat(bytes = 64): Buffer {
  return box('mdat', zeros(bytes));
}

export function mp4(...boxes: Buffer[]): Buffer {
  return Buffer.concat(boxes);
}

/** A plain H.264 clip: ftyp, moov (one avc1 track), mdat. */
export function simpleClip(opts: { width?: number; height?: number; seconds?: number } = {}): Buffer {
  const width = opts.width ?? 1280;
  const height = opts.height ?? 720;
  const seconds = opts.seconds ?? 2;
  return mp4(
    ftyp(),
    moov(mvhd(0, 1000, seconds * 1000), trak({ handler: 'vide', width, height, entry: visualEntry('avc1', width, height), duration: seconds * 1000 })),
    mdat(),
  );
}
