// Checks that bytes a page sent are a PNG image of the size expected before they are written to
// disk: the signature, an IHDR chunk first (whose CRC matches) with that width and height, and an
// IEND chunk last. No vscode import: unit-tested in plain Node.
import { crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** Why bytes were refused: `notPng`, `noHeader`, `damaged`, `cut`, or `size` (with the size they have). */
export type PngProblem = 'notPng' | 'noHeader' | 'damaged' | 'cut' | 'size';
export type PngCheck = { ok: true; width: number; height: number } | { ok: false; problem: PngProblem; width?: number; height?: number };

export function checkPng(bytes: Uint8Array, expected: { width: number; height: number }): PngCheck {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < SIGNATURE.length + 25 + IEND.length || !b.subarray(0, 8).equals(SIGNATURE)) {
    return { ok: false, problem: 'notPng' };
  }
  if (b.readUInt32BE(8) !== 13 || b.toString('latin1', 12, 16) !== 'IHDR') return { ok: false, problem: 'noHeader' };
  if (crc32(b.subarray(12, 29)) !== b.readUInt32BE(29)) return { ok: false, problem: 'damaged' };
  if (!b.subarray(b.length - IEND.length).equals(IEND)) return { ok: false, problem: 'cut' };
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  if (width !== expected.width || height !== expected.height) {
    return { ok: false, problem: 'size', width, height };
  }
  return { ok: true, width, height };
}
