// The frame size a request should produce. The short side is the quality's number and the long
// side follows the ratio, rounded to even because H.264 with 4:2:0 chroma needs even dimensions.
import { qualityShortSide, type Quality, type Ratio } from './capabilities';

export interface FrameSize {
  width: number;
  height: number;
}

export function frameSizeFor(quality: Quality, ratio: Ratio): FrameSize {
  const short = qualityShortSide(quality);
  const [w, h] = ratioParts(ratio);
  const long = Math.round((short * Math.max(w, h)) / Math.min(w, h) / 2) * 2;
  return w >= h ? { width: long, height: short } : { width: short, height: long };
}

/** '16:9' → [16, 9]. */
export function ratioParts(ratio: Ratio): [number, number] {
  const [w, h] = ratio.split(':').map(Number);
  return [w ?? 1, h ?? 1];
}
