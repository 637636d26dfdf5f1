// Servers and proxies that compress (or add a byte order mark) although nobody asked: the video
// must still arrive intact.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { generateVideo } from '../../../src/api/client';
import { startEmulator } from '../../emulator/server';

describe('generateVideo with compressed or BOM-prefixed answers', function () {
  this.timeout(30_000);
  let body: Buffer;
  let videoSha: string;
  let server: Server;
  let url: string;
  let dir: string;
  let encoding = '';

  before(async () => {
    // A real answer from the emulator, then served by a server that compresses it.
    const emulator = await startEmulator({ apiKeys: ['k'] });
    const res = await fetch(`${emulator.baseUrl}/video/generations`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'provider-2/kling-v2.1', prompt: 'p', quality: '720p', duration: 1, ratio: '1:1' }),
    });
    body = Buffer.from(await res.arrayBuffer());
    await emulator.close();
    const json = JSON.parse(body.toString('utf8')) as { data: Array<{ b64_json: string }> };
    videoSha = createHash('sha256').update(Buffer.from(json.data[0]!.b64_json, 'base64')).digest('hex');
    server = createServer((req, res) => {
      req.resume();
      const variants: Record<string, () => Buffer> = {
        gzip: () => gzipSync(body),
        deflate: () => deflateSync(body),
        br: () => brotliCompressSync(body),
        bom: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]),
      };
      const payload = variants[encoding]!();
      const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(payload.length) };
      if (encoding !== 'bom') headers['content-encoding'] = encoding;
      res.writeHead(200, headers);
      res.end(payload);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'video-gen-enc-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const variant of ['gzip', 'deflate', 'br', 'bom']) {
    it(`saves the same video from a ${variant} answer`, async () => {
      encoding = variant;
      const result = await generateVideo({
        baseUrl: url,
        apiKey: 'k',
        request: { model: 'provider-2/kling-v2.1', prompt: 'p', quality: '720p', duration: 1 },
        destinationFor: () => join(dir, 'v.mp4'),
        connection: { ignoreEnvProxy: true },
      });
      assert.equal(result.items[0]!.sha256, videoSha);
      assert.equal(
        createHash('sha256')
          .update(readFileSync(join(dir, 'v.mp4')))
          .digest('hex'),
        videoSha,
      );
      assert.deepEqual(readdirSync(dir), ['v.mp4']);
    });
  }
});
