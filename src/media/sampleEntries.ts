// Sample entries (inside stsd) name a track's codec and carry its coded size or audio format.
// Only the first entry of a track is read: codec changes mid-stream are rare in practice.
import { childBoxes, findChild, type BoxHeader } from './mp4Boxes';

/** Protected entries (encv/enca) name the real codec in sinf → frma. */
function originalFormat(buf: Buffer, entry: BoxHeader, childrenAt: number): string {
  if (entry.type !== 'encv' && entry.type !== 'enca') return entry.type;
  const sinf = childBoxes(buf, childrenAt, entry.end, `The ${entry.type} entry`).find((b) => b.type === 'sinf');
  const frma = sinf && findChild(buf, sinf, 'frma');
  return frma && frma.end - frma.payloadStart >= 4 ? buf.toString('latin1', frma.payloadStart, frma.payloadStart + 4) : entry.type;
}

// VisualSampleEntry: 6 reserved, data_reference_index, 16 bytes of pre_defined/reserved, then
// width and height (16-bit), ... 78 bytes before the first child box (avcC, hvcC, sinf, ...).
export function readVisualEntry(buf: Buffer, entry: BoxHeader): { codec: string; width: number; height: number } {
  const p = entry.payloadStart;
  if (entry.end - p < 78) return { codec: entry.type, width: 0, height: 0 };
  return { codec: originalFormat(buf, entry, p + 78), width: buf.readUInt16BE(p + 24), height: buf.readUInt16BE(p + 26) };
}

// AudioSampleEntry (ISO) is QuickTime's sound description version 0; versions 1 and 2 append
// fields, and version 2 moves the rate and channel count into them.
export function readAudioEntry(buf: Buffer, entry: BoxHeader): AudioEntry {
  const p = entry.payloadStart;
  if (entry.end - p < 28) return { codec: entry.type, channels: 0, sampleRate: 0 };
  const version = buf.readUInt16BE(p + 8);
  let channels = buf.readUInt16BE(p + 16);
  let sampleRate = buf.readUInt32BE(p + 24) >>> 16;
  let childrenAt = p + 28;
  if (version === 1) childrenAt = p + 44;
  if (version === 2 && entry.end - p >= 64) {
    sampleRate = Math.round(buf.readDoubleBE(p + 32));
    channels = buf.readUInt32BE(p + 40);
    childrenAt = p + 64;
  }
  childrenAt = Math.min(childrenAt, entry.end);
  const codec = originalFormat(buf, entry, childrenAt);
  const result: AudioEntry = { codec, channels, sampleRate };
  if (codec === 'mp4a') {
    const config = mp4aDecoderConfig(buf, childrenAt, entry.end);
    if (config?.objectType !== undefined) result.objectType = config.objectType;
    // For AAC the sample entry's channel count is a template value (ffmpeg writes 2 for mono);
    // the AudioSpecificConfig holds the real one, and the output sample rate.
    if (config?.channels) result.channels = config.channels;
    if (config?.sampleRate) result.sampleRate = config.sampleRate;
    if (config?.audioSpecificConfig) result.audioSpecificConfig = config.audioSpecificConfig;
  }
  return result;
}

interface AudioEntry {
  codec: string;
  channels: number;
  sampleRate: number;
  objectType?: number;
  /** AAC's DecoderSpecificInfo (the AudioSpecificConfig) as stored, for a decoder. */
  audioSpecificConfig?: Uint8Array;
}

/** What the esds (directly in the entry, or in QuickTime's `wave`) says about an mp4a stream. */
function mp4aDecoderConfig(
  buf: Buffer,
  start: number,
  end: number,
): { objectType?: number; channels?: number; sampleRate?: number; audioSpecificConfig?: Uint8Array } | undefined {
  const children = childBoxes(buf, start, end, 'The mp4a entry');
  let esds = children.find((b) => b.type === 'esds');
  const wave = children.find((b) => b.type === 'wave');
  if (!esds && wave) esds = findChild(buf, wave, 'esds');
  if (!esds) return undefined;
  // ES_Descriptor (tag 3) → DecoderConfigDescriptor (tag 4): objectTypeIndication, streamType,
  // bufferSizeDB (3), maxBitrate (4), avgBitrate (4) → DecoderSpecificInfo (tag 5).
  let p = esds.payloadStart + 4;
  const es = readDescriptorHeader(buf, p, esds.end);
  if (!es || es.tag !== 3) return undefined;
  p = es.body + 2;
  const flags = buf[p++] ?? 0;
  if (flags & 0x80) p += 2;
  if (flags & 0x40) p += 1 + (buf[p] ?? 0);
  if (flags & 0x20) p += 2;
  const config = readDescriptorHeader(buf, p, esds.end);
  if (!config || config.tag !== 4 || config.body >= esds.end) return undefined;
  const objectType = buf[config.body];
  const specific = readDescriptorHeader(buf, config.body + 13, esds.end);
  const isAac = objectType === 0x40 || objectType === 0x66 || objectType === 0x67 || objectType === 0x68;
  if (!isAac || specific?.tag !== 5) return { objectType };
  const asc = buf.subarray(specific.body, Math.min(esds.end, specific.body + specific.length));
  return { objectType, ...readAudioSpecificConfig(asc), audioSpecificConfig: Uint8Array.from(asc) };
}

const AAC_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
const AAC_CHANNELS: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 8, 11: 7, 12: 8, 13: 24, 14: 8 };

/** ISO/IEC 14496-3 AudioSpecificConfig: object type, sampling frequency, channel configuration. */
function readAudioSpecificConfig(bytes: Buffer): { channels?: number; sampleRate?: number } {
  let bit = 0;
  const read = (count: number): number => {
    let value = 0;
    for (let i = 0; i < count; i++, bit++) value = value * 2 + (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1);
    return value;
  };
  const frequency = (): number => {
    const index = read(4);
    return index === 15 ? read(24) : (AAC_SAMPLE_RATES[index] ?? 0);
  };
  if (bytes.length < 2) return {};
  let objectType = read(5);
  if (objectType === 31) objectType = 32 + read(6);
  let sampleRate = frequency();
  let channels = AAC_CHANNELS[read(4)];
  // HE-AAC (SBR, 5) and HE-AAC v2 (PS, 29) signalled explicitly: the output rate follows, and
  // parametric stereo turns a mono core into two channels.
  if (objectType === 5 || objectType === 29) {
    sampleRate = frequency();
    if (objectType === 29 && channels === 1) channels = 2;
  }
  const result: { channels?: number; sampleRate?: number } = {};
  if (channels) result.channels = channels;
  if (sampleRate) result.sampleRate = sampleRate;
  return result;
}

/** An MPEG-4 descriptor's tag, where its body starts and its length (1-4 bytes, 7 bits each). */
function readDescriptorHeader(buf: Buffer, p: number, end: number): { tag: number; body: number; length: number } | undefined {
  if (p >= end) return undefined;
  const tag = buf[p++] ?? 0;
  let length = 0;
  for (let i = 0; i < 4 && p < end; i++) {
    const byte = buf[p++] ?? 0;
    length = length * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { tag, body: p, length };
  }
  return undefined;
}
