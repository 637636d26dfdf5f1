// The SHA-256 of a file on disk, read as a stream (a clip of hundreds of MB is never in memory at
// once), to tell whether a video still has the bytes its sidecar recorded. No vscode import.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export function sha256OfFile(path: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024, signal });
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
