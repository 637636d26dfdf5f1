// The download side of URL answers: a registry of served MP4s and the handler of the second
// listener (its own loopback port, hence another origin than the API).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VideoSource } from './mp4';
import { writeChunk, type Outcome } from './responses';

interface StoredFile {
  source: VideoSource;
  expiresAt?: number;
}

export class FileStore {
  private files = new Map<string, StoredFile>();

  constructor(private readonly max = 1000) {}

  /** Registers a source; returns the path to serve it at (`/files/<id>.mp4`). */
  add(source: VideoSource, expiresMs?: number): string {
    const id = randomBytes(12).toString('hex');
    this.files.set(id, { source, expiresAt: expiresMs === undefined ? undefined : Date.now() + expiresMs });
    // Oldest first out: the map keeps insertion order.
    while (this.files.size > this.max) {
      const oldest = this.files.keys().next().value;
      if (oldest === undefined) break;
      this.files.delete(oldest);
    }
    return `/files/${id}.mp4`;
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  clear(): void {
    this.files.clear();
  }
}

/** Parses a single `bytes=` range; undefined = whole file, null = unsatisfiable. */
function parseRange(header: string | undefined, size: number): [number, number] | undefined | null {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined; // several ranges or garbage: serve the whole file, as servers may
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const n = Math.min(Number(b), size);
    return n > 0 ? [size - n, size] : null;
  }
  const start = Number(a);
  const end = b === '' ? size : Math.min(Number(b) + 1, size);
  return start < size && start < end ? [start, end] : null;
}

/** GET/HEAD /files/<id>.mp4 with Content-Length and single-range support. */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  store: FileStore,
  signal: AbortSignal,
): Promise<{ outcome: Outcome; bytes: number }> {
  const m = /^\/files\/([0-9a-f]+)\.mp4$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
  const plain = (status: number, text: string, extra: Record<string, string> = {}): { outcome: Outcome; bytes: number } => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...extra });
    res.end(text);
    return { outcome: 'completed', bytes: Buffer.byteLength(text) };
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'Method Not Allowed', { allow: 'GET, HEAD' });
  const file = m?.[1] ? store.get(m[1]) : undefined;
  if (!file) return plain(404, 'Not Found');
  if (file.expiresAt !== undefined && Date.now() > file.expiresAt) return plain(403, 'Request has expired');

  const size = file.source.size;
  const range = parseRange(req.headers.range, size);
  if (range === null) return plain(416, 'Range Not Satisfiable', { 'content-range': `bytes */${size}` });
  const [start, end] = range ?? [0, size];
  const headers: Record<string, string | number> = {
    'content-type': 'video/mp4',
    'content-length': end - start,
    'accept-ranges': 'bytes',
  };
  if (range) headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return { outcome: 'completed', bytes: 0 };
  }
  let sent = 0;
  for await (const chunk of file.source.read(start, end)) {
    if (!(await writeChunk(res, chunk, signal))) {
      res.destroy();
      return { outcome: 'aborted', bytes: sent };
    }
    sent += chunk.length;
  }
  await new Promise<void>((resolve) => res.end(resolve));
  return { outcome: 'completed', bytes: sent };
}
