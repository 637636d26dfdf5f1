// The AAC track of an MP4 as a decoder needs it: the AudioSpecificConfig (from esds), where each
// access unit lies in the file (stsz, stco/co64, stsc), its decode time (stts, in the mdhd
// timescale) and what the edit list cuts off the start (the encoder's priming samples). Used to
// hand the page the raw AAC packets when its own media stack cannot decode the sound.
import type { ByteSource } from './byteSource';
import { Mp4ProbeError, childBoxes, findChild, requirePayload, type BoxHeader } from './mp4Boxes';
import { loadMoov } from './mp4Probe';
import { readAudioEntry } from './sampleEntries';

export interface AacTrack {
  /** The WebCodecs codec string, e.g. `mp4a.40.2` for AAC-LC. */
  codec: string;
  audioSpecificConfig: Uint8Array;
  sampleRate: number;
  channels: number;
  /** The media timescale (mdhd): timestamps and the edit are in these units. */
  timescale: number;
  /** Per access unit, in decode order: byte offset in the file, size, decode time. */
  offsets: number[];
  sizes: number[];
  timestamps: number[];
  /** Media time where presentation starts (the first edit's media_time; 0 without an edit list). */
  presentationStart: number;
  /** Presented length in timescale units (the first edit's duration, or the whole track). */
  presentationDuration: number;
}

/** Far above the access units of any clip this extension makes (an hour at 48 kHz: ~170,000). */
const MAX_SAMPLES = 1_000_000;
/** AAC object types in esds (MPEG-4 audio, MPEG-2 AAC Main/LC/SSR). */
const AAC_OBJECT_TYPES = new Set([0x40, 0x66, 0x67, 0x68]);

/** The first enabled AAC audio track of the file, or null when it has none (or only other audio). */
export async function readAacTrack(source: ByteSource): Promise<AacTrack | null> {
  const moov = await loadMoov(source);
  try {
    return parseAacTrack(moov);
  } catch (err) {
    if (err instanceof RangeError) throw new Mp4ProbeError('corrupt', `The audio track's tables are damaged: ${err.message}`);
    throw err;
  }
}

/** The track's access units one after another, read from `source` (sizes in `track.sizes`). */
export async function readAacPackets(source: ByteSource, track: AacTrack): Promise<Uint8Array> {
  const total = track.sizes.reduce((sum, size) => sum + size, 0);
  const packets = new Uint8Array(total);
  let at = 0;
  for (const [i, offset] of track.offsets.entries()) {
    const size = track.sizes[i] ?? 0;
    const bytes = await source.read(offset, size);
    if (bytes.length < size) throw new Mp4ProbeError('truncated', `The audio sample at byte ${offset} runs past the end of the file.`);
    packets.set(bytes, at);
    at += size;
  }
  return packets;
}

function parseAacTrack(moov: Buffer): AacTrack | null {
  const root = { type: 'moov', start: 0, payloadStart: 8, end: moov.length };
  const children = childBoxes(moov, root.payloadStart, root.end, 'The moov box');
  if (children.some((b) => b.type === 'mvex')) return null; // fragmented: samples live in moof boxes
  const mvhd = children.find((b) => b.type === 'mvhd');
  const movieTimescale = mvhd ? readTimescale(moov, mvhd) : 0;
  const sound = children.filter((b) => b.type === 'trak' && handlerOf(moov, b) === 'soun');
  const trak = sound.find((t) => trackEnabled(moov, t)) ?? sound[0];
  if (!trak) return null;
  const mdia = findChild(moov, trak, 'mdia');
  const mdhd = mdia && findChild(moov, mdia, 'mdhd');
  const stbl = mdia && findChildPath(moov, mdia, ['minf', 'stbl']);
  const stsd = stbl && findChild(moov, stbl, 'stsd');
  if (!mdhd || !stbl || !stsd) return null;
  requirePayload(stsd, 8);
  const [entry] = childBoxes(moov, stsd.payloadStart + 8, stsd.end, 'The stsd box');
  const audio = entry && readAudioEntry(moov, entry);
  if (!audio || audio.codec !== 'mp4a' || !AAC_OBJECT_TYPES.has(audio.objectType ?? 0) || !audio.audioSpecificConfig) return null;

  const timescale = readTimescale(moov, mdhd);
  const sizes = readSampleSizes(moov, requireBox(moov, stbl, 'stsz'));
  const offsets = sampleOffsets(moov, stbl, sizes);
  const timestamps = decodeTimes(moov, requireBox(moov, stbl, 'stts'), sizes.length);
  const trackLength = sizes.length === 0 ? 0 : (timestamps.at(-1) ?? 0) + lastDelta(moov, stbl);
  const edit = firstEdit(moov, trak, movieTimescale, timescale);
  return {
    codec: `mp4a.40.${firstObjectType(audio.audioSpecificConfig)}`,
    audioSpecificConfig: audio.audioSpecificConfig,
    sampleRate: audio.sampleRate || timescale,
    channels: audio.channels,
    timescale,
    offsets,
    sizes,
    timestamps,
    presentationStart: edit?.mediaTime ?? 0,
    presentationDuration: edit?.duration || Math.max(0, trackLength - (edit?.mediaTime ?? 0)),
  };
}

function findChildPath(buf: Buffer, parent: BoxHeader, path: string[]): BoxHeader | undefined {
  let box: BoxHeader | undefined = parent;
  for (const type of path) box = box && findChild(buf, box, type);
  return box;
}

function requireBox(buf: Buffer, parent: BoxHeader, type: string): BoxHeader {
  const box = findChild(buf, parent, type);
  if (!box) throw new Mp4ProbeError('corrupt', `The audio track has no ${type} box.`);
  return box;
}

function handlerOf(buf: Buffer, trak: BoxHeader): string | undefined {
  const mdia = findChild(buf, trak, 'mdia');
  const hdlr = mdia && findChild(buf, mdia, 'hdlr');
  if (!hdlr || hdlr.end - hdlr.payloadStart < 12) return undefined;
  return buf.toString('latin1', hdlr.payloadStart + 8, hdlr.payloadStart + 12);
}

function trackEnabled(buf: Buffer, trak: BoxHeader): boolean {
  const tkhd = findChild(buf, trak, 'tkhd');
  return !tkhd || tkhd.end - tkhd.payloadStart < 4 || (buf.readUIntBE(tkhd.payloadStart + 1, 3) & 1) === 1;
}

/** mvhd and mdhd: the timescale follows version/flags and two dates (32- or 64-bit). */
function readTimescale(buf: Buffer, box: BoxHeader): number {
  const v1 = buf[box.payloadStart] === 1;
  requirePayload(box, v1 ? 24 : 16);
  return buf.readUInt32BE(box.payloadStart + (v1 ? 20 : 12));
}

function checkCount(count: number, type: string): number {
  if (count > MAX_SAMPLES) throw new Mp4ProbeError('unsupported', `The audio track's ${type} lists ${count} entries, more than the ${MAX_SAMPLES} read.`);
  return count;
}

/** stsz: one size for all samples, or a table. (stz2, compact sizes, is not written by encoders in use.) */
function readSampleSizes(buf: Buffer, stsz: BoxHeader): number[] {
  requirePayload(stsz, 12);
  const p = stsz.payloadStart;
  const uniform = buf.readUInt32BE(p + 4);
  const count = checkCount(buf.readUInt32BE(p + 8), 'stsz');
  if (uniform !== 0) return new Array<number>(count).fill(uniform);
  requirePayload(stsz, 12 + 4 * count);
  return Array.from({ length: count }, (_, i) => buf.readUInt32BE(p + 12 + 4 * i));
}

/** Chunk offsets (stco, or co64 for files over 4 GB) spread over samples with stsc's runs. */
function sampleOffsets(buf: Buffer, stbl: BoxHeader, sizes: number[]): number[] {
  const chunks = readChunkOffsets(buf, stbl);
  const runs = readSampleToChunk(buf, requireBox(buf, stbl, 'stsc'));
  const offsets: number[] = [];
  for (const [r, run] of runs.entries()) {
    const lastChunk = (runs[r + 1]?.firstChunk ?? chunks.length + 1) - 1;
    for (let chunk = run.firstChunk; chunk <= lastChunk && offsets.length < sizes.length; chunk++) {
      let offset = chunks[chunk - 1];
      if (offset === undefined) throw new Mp4ProbeError('corrupt', `The audio track's stsc names chunk ${chunk}, which stco does not have.`);
      for (let s = 0; s < run.samplesPerChunk && offsets.length < sizes.length; s++) {
        offsets.push(offset);
        offset += sizes[offsets.length - 1] ?? 0;
      }
    }
  }
  if (offsets.length < sizes.length) throw new Mp4ProbeError('corrupt', `The audio track's chunks hold ${offsets.length} of its ${sizes.length} samples.`);
  return offsets;
}

function readChunkOffsets(buf: Buffer, stbl: BoxHeader): number[] {
  const co64 = findChild(buf, stbl, 'co64');
  const box = co64 ?? requireBox(buf, stbl, 'stco');
  requirePayload(box, 8);
  const count = checkCount(buf.readUInt32BE(box.payloadStart + 4), box.type);
  const width = co64 ? 8 : 4;
  requirePayload(box, 8 + width * count);
  const at = (i: number): number => box.payloadStart + 8 + width * i;
  return Array.from({ length: count }, (_, i) => (co64 ? Number(buf.readBigUInt64BE(at(i))) : buf.readUInt32BE(at(i))));
}

function readSampleToChunk(buf: Buffer, stsc: BoxHeader): { firstChunk: number; samplesPerChunk: number }[] {
  requirePayload(stsc, 8);
  const count = checkCount(buf.readUInt32BE(stsc.payloadStart + 4), 'stsc');
  requirePayload(stsc, 8 + 12 * count);
  return Array.from({ length: count }, (_, i) => {
    const at = stsc.payloadStart + 8 + 12 * i;
    return { firstChunk: buf.readUInt32BE(at), samplesPerChunk: buf.readUInt32BE(at + 4) };
  });
}

/** stts: runs of (count, delta) give each sample's decode time. */
function decodeTimes(buf: Buffer, stts: BoxHeader, samples: number): number[] {
  const times: number[] = [];
  let time = 0;
  for (const run of readTimeToSample(buf, stts)) {
    for (let i = 0; i < run.count && times.length < samples; i++) {
      times.push(time);
      time += run.delta;
    }
  }
  if (times.length < samples) throw new Mp4ProbeError('corrupt', `The audio track's stts times ${times.length} of its ${samples} samples.`);
  return times;
}

function readTimeToSample(buf: Buffer, stts: BoxHeader): { count: number; delta: number }[] {
  requirePayload(stts, 8);
  const count = checkCount(buf.readUInt32BE(stts.payloadStart + 4), 'stts');
  requirePayload(stts, 8 + 8 * count);
  return Array.from({ length: count }, (_, i) => {
    const at = stts.payloadStart + 8 + 8 * i;
    return { count: buf.readUInt32BE(at), delta: buf.readUInt32BE(at + 4) };
  });
}

function lastDelta(buf: Buffer, stbl: BoxHeader): number {
  return readTimeToSample(buf, requireBox(buf, stbl, 'stts')).at(-1)?.delta ?? 0;
}

/**
 * The first edit that shows media (an empty edit, media_time -1, only delays the track: skipped).
 * Its duration is in the movie timescale and is converted to the media's.
 */
function firstEdit(buf: Buffer, trak: BoxHeader, movieTimescale: number, mediaTimescale: number): { mediaTime: number; duration: number } | undefined {
  const edts = findChild(buf, trak, 'edts');
  const elst = edts && findChild(buf, edts, 'elst');
  if (!elst) return undefined;
  requirePayload(elst, 8);
  const v1 = buf[elst.payloadStart] === 1;
  const count = checkCount(buf.readUInt32BE(elst.payloadStart + 4), 'elst');
  const width = v1 ? 20 : 12;
  requirePayload(elst, 8 + width * count);
  for (let i = 0; i < count; i++) {
    const at = elst.payloadStart + 8 + width * i;
    const duration = v1 ? Number(buf.readBigUInt64BE(at)) : buf.readUInt32BE(at);
    const mediaTime = v1 ? Number(buf.readBigInt64BE(at + 8)) : buf.readInt32BE(at + 4);
    if (mediaTime < 0) continue;
    const scaled = movieTimescale > 0 ? Math.round((duration * mediaTimescale) / movieTimescale) : 0;
    return { mediaTime, duration: scaled };
  }
  return undefined;
}

/** The AudioSpecificConfig's first five bits: the audio object type (2 = AAC-LC, 5 = SBR, 29 = PS). */
function firstObjectType(asc: Uint8Array): number {
  const type = (asc[0] ?? 0) >> 3;
  return type === 31 ? 32 + ((((asc[0] ?? 0) & 7) << 3) | ((asc[1] ?? 0) >> 5)) : type;
}
