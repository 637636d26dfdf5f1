// ISO base media (MP4) box framing: a 32-bit size and a four-character type, where size 1 means a
// 64-bit size follows and size 0 means "up to the end of the enclosing space" (ISO/IEC 14496-12).

export type Mp4ProbeErrorCode = 'empty' | 'not_mp4' | 'truncated' | 'corrupt' | 'unsupported';

export class Mp4ProbeError extends Error {
  override readonly name = 'Mp4ProbeError';
  constructor(
    readonly code: Mp4ProbeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface BoxHeader {
  type: string;
  /** Offset of the box's first byte. */
  start: number;
  /** Offset of the payload (after the 8- or 16-byte header). */
  payloadStart: number;
  /** Offset just past the box. */
  end: number;
}

/** Four printable ASCII characters (the spec allows any bytes, but real boxes never stray). */
export function isFourcc(bytes: Uint8Array): boolean {
  return bytes.length === 4 && bytes.every((b) => b >= 0x20 && b <= 0x7e);
}

/**
 * Decodes the header at `start` from `head` (the first up-to-16 bytes of the box), where the
 * enclosing space ends at `limit`. A box that does not fit throws with `overrun`: `truncated` at the
 * top level of a file (the end is missing), `corrupt` inside a box (the sizes disagree).
 */
export function decodeBoxHeader(head: Uint8Array, start: number, limit: number, where: string, overrun: Mp4ProbeErrorCode): BoxHeader {
  const view = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const cut = overrun === 'truncated' ? ' (the file is truncated)' : '';
  if (view.length < 8) {
    throw new Mp4ProbeError(overrun, `${where} ends inside a box header at byte ${start}${cut}.`);
  }
  const typeBytes = view.subarray(4, 8);
  if (!isFourcc(typeBytes)) {
    throw new Mp4ProbeError('corrupt', `${where} has an invalid box type at byte ${start} (${hex(typeBytes)}).`);
  }
  const type = typeBytes.toString('latin1');
  const size32 = view.readUInt32BE(0);
  let headerSize = 8;
  let size: number;
  if (size32 === 1) {
    if (view.length < 16) {
      throw new Mp4ProbeError(overrun, `${where} ends inside the 64-bit header of the ${type} box at byte ${start}${cut}.`);
    }
    const large = view.readBigUInt64BE(8);
    if (large < 16n || large > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new Mp4ProbeError('corrupt', `${where}: the ${type} box at byte ${start} declares an impossible size (${large}).`);
    }
    headerSize = 16;
    size = Number(large);
  } else if (size32 === 0) {
    size = limit - start;
  } else if (size32 < 8) {
    throw new Mp4ProbeError('corrupt', `${where}: the ${type} box at byte ${start} declares an impossible size (${size32}).`);
  } else {
    size = size32;
  }
  if (start + size > limit) {
    throw new Mp4ProbeError(overrun, `${where}: the ${type} box at byte ${start} needs ${size} bytes but only ${limit - start} remain${cut}.`);
  }
  return { type, start, payloadStart: start + headerSize, end: start + size };
}

/** The child boxes in `buffer[start, end)` (used for boxes already read into memory). */
export function childBoxes(buffer: Buffer, start: number, end: number, where: string): BoxHeader[] {
  const boxes: BoxHeader[] = [];
  let offset = start;
  // A few bytes of padding after the last child happen in the wild; they are not a box.
  while (end - offset >= 8) {
    const box = decodeBoxHeader(buffer.subarray(offset, Math.min(end, offset + 16)), offset, end, where, 'corrupt');
    boxes.push(box);
    offset = box.end;
  }
  return boxes;
}

export function findChild(buffer: Buffer, parent: BoxHeader, type: string): BoxHeader | undefined {
  return childBoxes(buffer, parent.payloadStart, parent.end, `The ${parent.type} box`).find((b) => b.type === type);
}

export function requirePayload(box: BoxHeader, bytes: number): void {
  if (box.end - box.payloadStart < bytes) {
    throw new Mp4ProbeError('corrupt', `The ${box.type} box is too short (${box.end - box.payloadStart} bytes of content, at least ${bytes} needed).`);
  }
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
