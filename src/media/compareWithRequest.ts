// Checks a received clip against what was asked for. Providers sometimes ignore a parameter (a
// square clip for 9:16, 720p for 1080p, 5 s for 8 s); the user paid for the request, so say so.
import { qualityShortSide, type Quality, type Ratio } from '../catalog/capabilities';
import { ratioParts } from '../catalog/frameSize';
import type { Mp4Metadata } from './mp4Probe';

export interface RequestedClip {
  quality: Quality;
  ratio: Ratio;
  duration: number;
}

export interface ClipMismatch {
  field: 'video' | 'ratio' | 'quality' | 'duration';
  message: string;
}

/** Relative difference allowed between aspect ratios: even-size rounding moves 480p 16:9 by 0.1%. */
export const RATIO_TOLERANCE = 0.02;
/** Encoders round to whole frames and audio priming adds a little; half a second is a real miss. */
export const DURATION_TOLERANCE_SECONDS = 0.5;

export function compareWithRequest(metadata: Mp4Metadata, requested: RequestedClip): ClipMismatch[] {
  const mismatches: ClipMismatch[] = [];
  const { width, height } = metadata;
  if (!metadata.video || width <= 0 || height <= 0) {
    mismatches.push({ field: 'video', message: 'The file has no video track with a frame size.' });
  } else {
    const [rw, rh] = ratioParts(requested.ratio);
    const actual = width / height;
    if (Math.abs(actual / (rw / rh) - 1) > RATIO_TOLERANCE) {
      mismatches.push({
        field: 'ratio',
        message: `The video is ${width}x${height} (about ${describeRatio(width, height)}), not ${requested.ratio} as requested.`,
      });
    }
    const short = Math.min(width, height);
    const wanted = qualityShortSide(requested.quality);
    if (short !== wanted) {
      mismatches.push({ field: 'quality', message: `The video is ${short}p (${width}x${height}), not ${requested.quality} as requested.` });
    }
  }
  if (Math.abs(metadata.durationSeconds - requested.duration) > DURATION_TOLERANCE_SECONDS) {
    mismatches.push({
      field: 'duration',
      message: `The video lasts ${metadata.durationSeconds.toFixed(1)} s, not ${requested.duration} s as requested.`,
    });
  }
  return mismatches;
}

/** The nearest of the usual ratios when close, else the reduced fraction. */
function describeRatio(width: number, height: number): string {
  const usual: Array<[number, number]> = [[1, 1], [16, 9], [9, 16], [4, 3], [3, 4], [21, 9], [3, 2], [2, 3]];
  const actual = width / height;
  const near = usual.find(([w, h]) => Math.abs(actual / (w / h) - 1) <= RATIO_TOLERANCE);
  if (near) return `${near[0]}:${near[1]}`;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(width, height);
  return `${width / d}:${height / d}`;
}
