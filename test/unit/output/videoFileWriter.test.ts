// The video file writer gathers a megabyte while the previous one is written: the file holds every
// byte in order, the count and the hash are right at any moment, and a failed write is thrown by
// the next write or the commit (never an unhandled rejection), leaving no file behind.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VideoFileWriter } from '../../../src/output/videoFileWriter';

describe('VideoFileWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'video-gen-writer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes several megabytes in pieces, in order, with the count and hash right throughout', async () => {
    const data = randomBytes(5 * 1024 * 1024 + 12345);
    const writer = await VideoFileWriter.open(join(dir, 'a.mp4'));
    let offset = 0;
    while (offset < data.length) {
      const piece = data.subarray(offset, offset + 48 * 1024 + (offset % 7));
      await writer.write(piece);
      offset += piece.length;
      assert.equal(writer.bytes, offset);
    }
    const saved = await writer.commit();
    assert.equal(saved.bytes, data.length);
    assert.equal(saved.sha256, createHash('sha256').update(data).digest('hex'));
    assert.ok(readFileSync(saved.path).equals(data));
    assert.deepEqual(readdirSync(dir), ['a.mp4'], 'no temporary file left');
  });

  it('a write that fails is thrown by the commit, and discard leaves nothing', async () => {
    const writer = await VideoFileWriter.open(join(dir, 'b.mp4'));
    // Closing the handle underneath makes the next vectored write fail.
    await (writer as unknown as { handle: { close(): Promise<void> } }).handle.close();
    await writer.write(randomBytes(1024 * 1024 + 1));
    await assert.rejects(writer.commit());
    await writer.discard();
    assert.equal(existsSync(join(dir, 'b.mp4')), false);
    assert.deepEqual(readdirSync(dir), []);
  });

  /** The writer's file handle, to watch or break its syncs. */
  const handleOf = (writer: VideoFileWriter): { datasync(): Promise<void> } =>
    (writer as unknown as { handle: { datasync(): Promise<void> } }).handle;

  it('syncs to disk while the video arrives, so the commit waits on little', async () => {
    const writer = await VideoFileWriter.open(join(dir, 'c.mp4'));
    const handle = handleOf(writer);
    const real = handle.datasync.bind(handle);
    let syncs = 0;
    handle.datasync = async () => {
      syncs++;
      await real();
    };
    const piece = randomBytes(1024 * 1024);
    for (let i = 0; i < 40; i++) await writer.write(piece);
    assert.ok(syncs >= 1, `synced ${syncs} times while 40 MB were written`);
    const saved = await writer.commit();
    assert.equal(saved.bytes, 40 * piece.length);
  });

  it('a background sync that fails is thrown by the commit, and nothing is placed', async () => {
    const writer = await VideoFileWriter.open(join(dir, 'd.mp4'));
    handleOf(writer).datasync = () =>
      Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO', syscall: 'fdatasync' }));
    const piece = randomBytes(1024 * 1024);
    for (let i = 0; i < 20; i++) await writer.write(piece);
    await assert.rejects(writer.commit(), /EIO/);
    await writer.discard();
    assert.deepEqual(readdirSync(dir), []);
  });
});
