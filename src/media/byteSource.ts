// Random access to the bytes of a file or a buffer. The probe reads box headers one by one, so a
// clip padded with hundreds of MB of `free` or `mdat` costs a few small reads, never a full load.
import { promises as fs } from 'node:fs';

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset`; fewer only at the end of the data. */
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, Math.min(buffer.length, offset + length)),
  };
}

/** Opens `path` for positioned reads; call `close()` when done (the probe does it in `finally`). */
export async function openFileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(offset, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        let filled = 0;
        while (filled < buffer.length) {
          const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, offset + filled);
          if (bytesRead === 0) break; // the file shrank since stat(): the caller sees a short read
          filled += bytesRead;
        }
        return buffer.subarray(0, filled);
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
