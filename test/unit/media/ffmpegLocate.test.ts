// findFfmpeg: the PATH searched as a shell would, without one, and never into the workspace.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { candidateNames, findFfmpeg, searchDirs } from '../../../src/media/ffmpegLocate';

async function fakeBinary(dir: string, name = 'ffmpeg', mode = 0o755): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await fs.writeFile(file, '#!/bin/sh\nexit 0\n', { mode });
  await fs.chmod(file, mode);
  return file;
}

describe('media: finding ffmpeg on the PATH', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'video-gen-locate-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('keeps only absolute PATH entries, unquoted, in order, once each', () => {
    assert.deepEqual(searchDirs('/a/bin::.:bin:/b/../c:/a/bin', 'linux'), ['/a/bin', '/c']);
    assert.deepEqual(searchDirs('C:\\Tools;"C:\\Program Files\\ffmpeg\\bin";;.;relative', 'win32'), [
      'C:\\Tools',
      'C:\\Program Files\\ffmpeg\\bin',
    ]);
  });

  it("tries Windows' PATHEXT extensions that run without a shell, in PATHEXT's order", () => {
    assert.deepEqual(candidateNames('win32', '.COM;.EXE;.BAT;.CMD;.VBS'), ['ffmpeg.com', 'ffmpeg.exe']);
    assert.deepEqual(candidateNames('win32', '.EXE;.COM'), ['ffmpeg.exe', 'ffmpeg.com']);
    assert.deepEqual(candidateNames('win32', '.BAT;.CMD'), ['ffmpeg.exe'], 'an .exe is still looked for');
    assert.deepEqual(candidateNames('win32', undefined), ['ffmpeg.com', 'ffmpeg.exe']);
    assert.deepEqual(candidateNames('linux', '.EXE'), ['ffmpeg']);
  });

  it('finds the first runnable ffmpeg, skipping folders without one and files that cannot run', async () => {
    const notRunnable = await fakeBinary(path.join(root, 'a'), 'ffmpeg', 0o644);
    await fs.mkdir(path.join(root, 'b', 'ffmpeg'), { recursive: true }); // a folder, not a program
    const wanted = await fakeBinary(path.join(root, 'c'));
    await fakeBinary(path.join(root, 'd'));
    const searchPath = [path.join(root, 'empty'), path.dirname(notRunnable), path.join(root, 'b'), path.join(root, 'c'), path.join(root, 'd')].join(':');
    assert.equal(await findFfmpeg({ searchPath, platform: 'linux' }), wanted);
  });

  it('never runs a binary from the workspace, not even through "." or a link on the PATH', async () => {
    const workspace = path.join(root, 'workspace');
    const planted = await fakeBinary(path.join(workspace, 'bin'));
    await fakeBinary(workspace);
    const links = path.join(root, 'links');
    await fs.mkdir(links);
    await fs.symlink(planted, path.join(links, 'ffmpeg'));
    const real = await fakeBinary(path.join(root, 'usr', 'bin'));
    const options = { platform: 'linux' as const, excludeDirs: [workspace] };
    assert.equal(await findFfmpeg({ ...options, searchPath: `.:${path.join(workspace, 'bin')}:${links}:${path.dirname(real)}` }), real);
    assert.equal(await findFfmpeg({ ...options, searchPath: `${workspace}:${links}` }), null);
    // Without the exclusion the same PATH would have found the planted one: the test can fail.
    assert.equal(await findFfmpeg({ platform: 'linux', searchPath: path.join(workspace, 'bin') }), planted);
  });

  it('answers null on a PATH without ffmpeg', async () => {
    await fs.mkdir(path.join(root, 'bin'));
    assert.equal(await findFfmpeg({ searchPath: path.join(root, 'bin'), platform: 'linux' }), null);
    assert.equal(await findFfmpeg({ searchPath: '', platform: 'linux' }), null);
  });
});
