// Reads what the extension needs to know about an MP4 (duration, frame size, codecs, whether VS
// Code can play it) from the few boxes that hold it. Top-level boxes are walked by their headers
// alone, so `mdat`/`free` boxes of any size are skipped without being read; only `moov` (kilobytes
// for a short clip) is loaded. A hand-written parser instead of mp4box: this needs ~10 boxes, while
// mp4box 2.4.1 adds 144-200 KB minified to a bundle with a 1.5 MB budget (this probe and its helpers:
// about 10 KB) and is built to be fed the whole stream rather than to seek past `mdat`.
import { bufferSource, openFileSource, type ByteSource } from './byteSource';
import { audioPlaysInVsCode, videoPlaysInVsCode } from './codecs';
import { Mp4ProbeError, decodeBoxHeader, hex, type BoxHeader } from './mp4Boxes';
import type { Mp4Metadata } from './mp4Metadata';
import { parseMoovSafely } from './movieBox';

export { Mp4ProbeError, type Mp4ProbeErrorCode } from './mp4Boxes';
export type { Mp4AudioTrack, Mp4Metadata, Mp4VideoTrack, Rotation, VsCodePlayability } from './mp4Metadata';


/** Types an MP4/QuickTime file can start with; anything else is not one. */
const FIRST_BOX_TYPES = new Set(['ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pdin']);
/** Far above any real clip's moov (a few KB for seconds of video), far below memory trouble. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
/** Guards the header walk against files made of millions of tiny boxes. */
const MAX_TOP_LEVEL_BOXES = 100_000;
const FILE = 'The file';

export async function probeMp4File(path: string): Promise<Mp4Metadata> {
  const source = await openFileSource(path);
  try {
    return await probeMp4(source);
  } finally {
    await source.close();
  }
}

export function probeMp4Buffer(bytes: Uint8Array): Promise<Mp4Metadata> {
  return probeMp4(bufferSource(bytes));
}

export async function probeMp4(source: ByteSource): Promise<Mp4Metadata> {
  const top = await scanTopLevel(source);
  const { moovBox, firstMdat, moovBytes } = await readMoovBox(source, top.boxes);
  const ftyp = top.boxes.find((b) => b.type === 'ftyp');
  // Brands are informative only: a few dozen are plenty, whatever size the box claims.
  const brands = ftyp ? parseBrands(await readExactly(source, ftyp.start, Math.min(ftyp.end - ftyp.start, 256)), ftyp.payloadStart - ftyp.start) : undefined;

  const movie = parseMoovSafely(moovBytes);
  const video = movie.video;
  const audio = movie.audio;
  const turned = video !== null && (video.rotation === 90 || video.rotation === 270);
  const audioPlays = audio ? audioPlaysInVsCode(audio.codecName) : null;
  return {
    fileSize: source.size,
    durationSeconds: movie.durationSeconds,
    width: video ? (turned ? video.height : video.width) : 0,
    height: video ? (turned ? video.width : video.height) : 0,
    video,
    audio,
    majorBrand: brands?.major ?? null,
    compatibleBrands: brands?.compatible ?? [],
    moovBeforeMdat: moovBox.start < firstMdat.start,
    fragmented: movie.fragmented,
    playableInVsCode: {
      video: video !== null && videoPlaysInVsCode(video.codec),
      audio: audioPlays,
      silentInVsCode: audioPlays === false,
    },
    topLevelBoxes: top.boxes.map((b) => ({ type: b.type, offset: b.start, size: b.end - b.start })),
  };
}

/** The movie box of `source`, read whole, with the probe's checks (used to list audio samples). */
export async function loadMoov(source: ByteSource): Promise<Buffer> {
  const top = await scanTopLevel(source);
  return (await readMoovBox(source, top.boxes)).moovBytes;
}

async function readMoovBox(source: ByteSource, boxes: BoxHeader[]): Promise<{ moovBox: BoxHeader; firstMdat: BoxHeader; moovBytes: Buffer }> {
  const moovBox = boxes.find((b) => b.type === 'moov');
  const firstMdat = boxes.find((b) => b.type === 'mdat');
  if (!moovBox) {
    if (firstMdat) {
      throw new Mp4ProbeError('truncated', 'The file has media data but no movie header (moov box): it is incomplete (cut short, or the recording was interrupted).');
    }
    throw new Mp4ProbeError('not_mp4', 'The file has no movie header (moov box): it is not a video file.');
  }
  if (!firstMdat) {
    throw new Mp4ProbeError('truncated', 'The file has a movie header but no media data (mdat box): it is incomplete.');
  }
  const moovSize = moovBox.end - moovBox.start;
  if (moovSize > MAX_MOOV_BYTES) {
    throw new Mp4ProbeError('unsupported', `The movie header (moov) is ${moovSize} bytes, more than the ${MAX_MOOV_BYTES} this probe reads.`);
  }
  return { moovBox, firstMdat, moovBytes: await readExactly(source, moovBox.start, moovSize) };
}

/** Walks the top-level boxes by their headers; every box must fit, so a cut file is caught here. */
async function scanTopLevel(source: ByteSource): Promise<{ boxes: BoxHeader[] }> {
  const size = source.size;
  if (size === 0) throw new Mp4ProbeError('empty', 'The file is empty.');
  const first = await source.read(0, 16);
  if (first.length < 8 || !FIRST_BOX_TYPES.has(first.subarray(4, 8).toString('latin1'))) {
    throw new Mp4ProbeError('not_mp4', `The file is not an MP4 video: it does not start with an MP4 box (it starts with ${preview(first)}).`);
  }
  const boxes: BoxHeader[] = [];
  let offset = 0;
  while (offset < size) {
    if (boxes.length >= MAX_TOP_LEVEL_BOXES) {
      throw new Mp4ProbeError('corrupt', `The file has more than ${MAX_TOP_LEVEL_BOXES} top-level boxes; it is not a sane MP4.`);
    }
    const head = offset === 0 ? first : await source.read(offset, 16);
    const box = decodeBoxHeader(head, offset, size, FILE, 'truncated');
    boxes.push(box);
    offset = box.end;
  }
  return { boxes };
}

async function readExactly(source: ByteSource, offset: number, length: number): Promise<Buffer> {
  const bytes = await source.read(offset, length);
  if (bytes.length < length) throw new Mp4ProbeError('truncated', `The file ended while reading bytes ${offset}..${offset + length} (it changed while being read?).`);
  return bytes;
}

function parseBrands(ftyp: Buffer, payload: number): { major: string; compatible: string[] } | undefined {
  if (ftyp.length < payload + 8) return undefined;
  const compatible: string[] = [];
  for (let p = payload + 8; p + 4 <= ftyp.length; p += 4) compatible.push(ftyp.toString('latin1', p, p + 4));
  return { major: ftyp.toString('latin1', payload, payload + 4), compatible };
}

/** The first bytes as text when printable, as hex otherwise, for "not an MP4" messages. */
function preview(bytes: Buffer): string {
  const head = bytes.subarray(0, 8);
  if (head.length === 0) return 'nothing';
  const text = head.toString('latin1');
  return /^[\x20-\x7e\t\r\n]+$/.test(text) ? JSON.stringify(text) : `bytes ${hex(head)}`;
}
