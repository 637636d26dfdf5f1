// The frame rate of an MP4's video track, for the player's frame step: the number of samples in
// the track's time-to-sample table (stts) over their total duration, in the media's timescale.
// Reads only the movie box, as the probe does. No vscode import: unit-tested in plain Node.
import { promises as fs } from 'node:fs';
import { childBoxes, decodeBoxHeader, findChild, type BoxHeader } from '../media/mp4Boxes';

/** Far above any real clip's moov; a bigger one is not read for a frame rate. */
const MAX_MOOV_BYTES = 16 * 1024 * 1024;
/** Rates outside this range are not a video's (a still image track, a broken table). */
const MIN_FPS = 1;
const MAX_FPS = 240;

/** Frames per second of the first video track in `moov` (the whole box), or null when it cannot tell. */
export function frameRateOfMoov(moov: Buffer): number | null {
  try {
    const root = decodeBoxHeader(moov.subarray(0, 16), 0, moov.length, 'The moov box', 'corrupt');
    for (const trak of childBoxes(moov, root.payloadStart, root.end, 'The moov box').filter((b) => b.type === 'trak')) {
      const fps = videoTrackRate(moov, trak);
      if (fps !== undefined) return fps;
    }
    return null;
  } catch {
    return null;
  }
}

/** The track's rate when it is a video track (null when its table says nothing usable); undefined for other tracks. */
function videoTrackRate(moov: Buffer, trak: BoxHeader): number | null | undefined {
  const mdia = findChild(moov, trak, 'mdia');
  const hdlr = mdia && findChild(moov, mdia, 'hdlr');
  if (!mdia || !hdlr || moov.toString('latin1', hdlr.payloadStart + 8, hdlr.payloadStart + 12) !== 'vide') return undefined;
  const mdhd = findChild(moov, mdia, 'mdhd');
  const minf = findChild(moov, mdia, 'minf');
  const stbl = minf && findChild(moov, minf, 'stbl');
  const stts = stbl && findChild(moov, stbl, 'stts');
  if (!mdhd || !stts) return null;
  const p = mdhd.payloadStart;
  const timescale = moov.readUInt32BE(moov[p] === 1 ? p + 20 : p + 12);
  return rateFromStts(moov, stts, timescale);
}

function rateFromStts(moov: Buffer, stts: BoxHeader, timescale: number): number | null {
  const p = stts.payloadStart;
  const entries = moov.readUInt32BE(p + 4);
  let samples = 0;
  let ticks = 0;
  for (let i = 0; i < entries; i++) {
    const at = p + 8 + i * 8;
    if (at + 8 > stts.end) return null;
    samples += moov.readUInt32BE(at);
    ticks += moov.readUInt32BE(at) * moov.readUInt32BE(at + 4);
  }
  if (samples === 0 || ticks === 0 || timescale === 0) return null;
  const fps = (samples * timescale) / ticks;
  return fps >= MIN_FPS && fps <= MAX_FPS ? Math.round(fps * 1000) / 1000 : null;
}

/** Reads the `moov` box the probe found (offset and size from its top-level walk) and gives its frame rate. */
export async function readFrameRate(path: string, moov: { offset: number; size: number } | undefined): Promise<number | null> {
  if (!moov || moov.size > MAX_MOOV_BYTES) return null;
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.alloc(moov.size);
    const { bytesRead } = await handle.read(buffer, 0, moov.size, moov.offset);
    return bytesRead === moov.size ? frameRateOfMoov(buffer) : null;
  } finally {
    await handle.close();
  }
}
