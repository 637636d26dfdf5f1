// The movie box (moov): duration, and the first enabled video and audio tracks. Parsed from memory:
// moov is small, and reading it whole keeps every offset check a plain comparison.
import { audioCodecName, videoCodecName } from './codecs';
import type { Mp4AudioTrack, Mp4VideoTrack, Rotation } from './mp4Metadata';
import { Mp4ProbeError, childBoxes, decodeBoxHeader, findChild, requirePayload, type BoxHeader } from './mp4Boxes';
import { readAudioEntry, readVisualEntry } from './sampleEntries';

export interface Movie {
  durationSeconds: number;
  fragmented: boolean;
  video: Mp4VideoTrack | null;
  audio: Mp4AudioTrack | null;
}

// Box payloads are read at offsets computed from their own sizes; a lying size surfaces as a
// RangeError from Buffer, which here means a corrupt header, not a bug.
export function parseMoovSafely(moov: Buffer): Movie {
  try {
    return parseMoov(moov);
  } catch (err) {
    if (err instanceof RangeError) throw new Mp4ProbeError('corrupt', `The movie header (moov) is damaged: ${err.message}`);
    throw err;
  }
}

function parseMoov(moov: Buffer): Movie {
  const root = decodeBoxHeader(moov.subarray(0, 16), 0, moov.length, 'The file', 'corrupt');
  const children = childBoxes(moov, root.payloadStart, root.end, 'The moov box');
  const mvhd = children.find((b) => b.type === 'mvhd');
  if (!mvhd) throw new Mp4ProbeError('corrupt', 'The movie header (moov) has no mvhd box.');
  const movieTime = readTimeHeader(moov, mvhd);
  const mvex = children.find((b) => b.type === 'mvex');

  const tracks = children.filter((b) => b.type === 'trak').map((trak) => parseTrack(moov, trak));
  const pick = <T extends ParsedTrack>(list: T[]): T | undefined => list.find((t) => t.enabled) ?? list[0];
  const video = pick(tracks.filter((t): t is ParsedVideo => t?.kind === 'video'));
  const audio = pick(tracks.filter((t): t is ParsedAudio => t?.kind === 'audio'));

  let durationSeconds = seconds(movieTime.duration, movieTime.timescale);
  if (durationSeconds === 0 && mvex) {
    const mehd = findChild(moov, mvex, 'mehd');
    if (mehd) durationSeconds = seconds(readFragmentDuration(moov, mehd), movieTime.timescale);
  }
  if (durationSeconds === 0) durationSeconds = Math.max(0, ...tracks.map((t) => t?.track.durationSeconds ?? 0));

  return { durationSeconds, fragmented: mvex !== undefined, video: video?.track ?? null, audio: audio?.track ?? null };
}

type ParsedVideo = { kind: 'video'; enabled: boolean; track: Mp4VideoTrack };
type ParsedAudio = { kind: 'audio'; enabled: boolean; track: Mp4AudioTrack };
type ParsedTrack = ParsedVideo | ParsedAudio;

/** A video or audio track; undefined for others (subtitles, timecode, hint) and incomplete ones. */
function parseTrack(moov: Buffer, trak: BoxHeader): ParsedTrack | undefined {
  const mdia = findChild(moov, trak, 'mdia');
  const hdlr = mdia && findChild(moov, mdia, 'hdlr');
  if (!mdia || !hdlr) return undefined;
  requirePayload(hdlr, 12);
  const handler = moov.toString('latin1', hdlr.payloadStart + 8, hdlr.payloadStart + 12);
  if (handler !== 'vide' && handler !== 'soun') return undefined;

  const mdhd = findChild(moov, mdia, 'mdhd');
  const time = mdhd ? readTimeHeader(moov, mdhd) : { timescale: 0, duration: undefined };
  const durationSeconds = seconds(time.duration, time.timescale);
  const minf = findChild(moov, mdia, 'minf');
  const stbl = minf && findChild(moov, minf, 'stbl');
  const stsd = stbl && findChild(moov, stbl, 'stsd');
  if (!stsd) throw new Mp4ProbeError('corrupt', `A ${handler === 'vide' ? 'video' : 'audio'} track has no sample description (stsd box).`);
  requirePayload(stsd, 8);
  // The first entry describes the codec; more than one entry (codec changes mid-stream) is rare.
  const [entry] = childBoxes(moov, stsd.payloadStart + 8, stsd.end, 'The stsd box');
  if (!entry) throw new Mp4ProbeError('corrupt', `A ${handler === 'vide' ? 'video' : 'audio'} track has an empty sample description.`);
  const tkhd = findChild(moov, trak, 'tkhd');
  const header = tkhd ? readTrackHeader(moov, tkhd) : { enabled: true, width: 0, height: 0, rotation: 0 as Rotation };

  if (handler === 'vide') {
    const sample = readVisualEntry(moov, entry);
    const useTkhd = header.width > 0 && header.height > 0;
    return {
      kind: 'video',
      enabled: header.enabled,
      track: {
        codec: sample.codec,
        codecName: videoCodecName(sample.codec),
        width: useTkhd ? header.width : sample.width,
        height: useTkhd ? header.height : sample.height,
        codedWidth: sample.width,
        codedHeight: sample.height,
        rotation: header.rotation,
        durationSeconds,
      },
    };
  }
  const sample = readAudioEntry(moov, entry);
  return {
    kind: 'audio',
    enabled: header.enabled,
    track: {
      codec: sample.codec,
      codecName: audioCodecName(sample.codec, sample.objectType),
      channels: sample.channels,
      // Rates above 65535 Hz do not fit the 16.16 field; the media timescale is the rate then.
      sampleRate: sample.sampleRate || time.timescale,
      durationSeconds,
    },
  };
}

/** mvhd and mdhd share their start: version, flags, two dates, timescale, duration (v1: 64-bit). */
function readTimeHeader(buf: Buffer, box: BoxHeader): { timescale: number; duration: number | undefined } {
  const p = box.payloadStart;
  if (buf[p] === 1) {
    requirePayload(box, 32);
    const duration = buf.readBigUInt64BE(p + 24);
    return { timescale: buf.readUInt32BE(p + 20), duration: duration === 0xffff_ffff_ffff_ffffn ? undefined : Number(duration) };
  }
  requirePayload(box, 20);
  const duration = buf.readUInt32BE(p + 16);
  return { timescale: buf.readUInt32BE(p + 12), duration: duration === 0xffff_ffff ? undefined : duration };
}

function readFragmentDuration(buf: Buffer, mehd: BoxHeader): number | undefined {
  const p = mehd.payloadStart;
  if (buf[p] === 1) {
    requirePayload(mehd, 12);
    return Number(buf.readBigUInt64BE(p + 4));
  }
  requirePayload(mehd, 8);
  return buf.readUInt32BE(p + 4);
}

/** seconds, or 0 when unknown (all-ones duration, zero timescale). */
function seconds(duration: number | undefined, timescale: number): number {
  return duration === undefined || timescale === 0 ? 0 : duration / timescale;
}

function readTrackHeader(buf: Buffer, tkhd: BoxHeader): { enabled: boolean; width: number; height: number; rotation: Rotation } {
  const p = tkhd.payloadStart;
  const v1 = buf[p] === 1;
  requirePayload(tkhd, v1 ? 96 : 84);
  const flags = buf.readUIntBE(p + 1, 3);
  const matrix = p + (v1 ? 52 : 40);
  const size = p + (v1 ? 88 : 76);
  // Width and height are 16.16 fixed point; audio tracks have 0.
  return {
    enabled: (flags & 1) === 1,
    width: Math.round(buf.readUInt32BE(size) / 65536),
    height: Math.round(buf.readUInt32BE(size + 4) / 65536),
    rotation: rotationOf(buf.readInt32BE(matrix), buf.readInt32BE(matrix + 4)),
  };
}

/** The matrix's first row is (cos θ, sin θ) for a rotation by θ; snap to quarter turns. */
function rotationOf(a: number, b: number): Rotation {
  if (a === 0 && b === 0) return 0;
  const degrees = Math.round((Math.atan2(b, a) * 180) / Math.PI / 90) * 90;
  return (((degrees % 360) + 360) % 360) as Rotation;
}
