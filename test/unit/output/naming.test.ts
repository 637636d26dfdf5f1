import * as assert from 'node:assert/strict';
import { posix, win32 } from 'node:path';
import fc from 'fast-check';
import { modelSlug, slugFromPrompt, videoBaseName, videoFileName } from '../../../src/output/naming';
import { resolveOutputDirectory } from '../../../src/output/outputLocation';

// What Windows, macOS and Linux all accept in a file name.
const PORTABLE_NAME = /^[a-z0-9][a-z0-9.-]*[a-z0-9]\.mp4$/;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

describe('file naming', () => {
  it('names a video after the time, the prompt and the model', () => {
    const name = videoBaseName('Waves at sunset', 'provider-2/kling-v2.1', new Date(2026, 10, 24, 15, 30, 12));
    assert.equal(videoFileName(name, 0), '20261124-153012-waves-at-sunset-kling-v2.1.mp4');
    assert.equal(videoFileName(name, 1), '20261124-153012-waves-at-sunset-kling-v2.1-part2.mp4');
  });

  it('turns hostile prompts into portable names', () => {
    for (const prompt of [
      '../../etc/passwd',
      '/abs/path',
      'C:\\Windows\\system32',
      'CON',
      'nul',
      'a\u0000b\u0007c',
      '   ',
      '日本語のプロンプト',
      '🎬🎬',
      '.hidden',
      'x'.repeat(10_000),
    ]) {
      const name = videoFileName(videoBaseName(prompt, 'provider-2/veo', new Date(2026, 0, 1)), 0);
      assert.match(name, PORTABLE_NAME, prompt);
      assert.ok(name.length <= 120, `${name.length} chars`);
    }
    assert.equal(slugFromPrompt('CON'), 'con-video');
    assert.equal(slugFromPrompt('日本語'), 'video');
    assert.equal(modelSlug('provider-2/../../x'), 'x');
  });

  it('gives any prompt and model a portable name (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 60 }), (prompt, model) => {
        const name = videoFileName(videoBaseName(prompt, model, new Date(2026, 5, 7, 8, 9, 10)), 0);
        assert.match(name, PORTABLE_NAME);
        assert.ok(!RESERVED.test(name));
        assert.ok(name.length <= 120);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('output folder', () => {
  it('stays inside the workspace folder', () => {
    assert.deepEqual(resolveOutputDirectory('/w', 'videos'), { ok: true, dir: '/w/videos' });
    assert.deepEqual(resolveOutputDirectory('/w', 'media/clips/'), { ok: true, dir: '/w/media/clips' });
    assert.deepEqual(resolveOutputDirectory('/w', ''), { ok: true, dir: '/w/videos' });
    assert.deepEqual(resolveOutputDirectory('/w', '/w/out'), { ok: true, dir: '/w/out' });
    assert.deepEqual(resolveOutputDirectory('/w', '..foo'), { ok: true, dir: '/w/..foo' });
    for (const outside of ['..', '../x', '/etc', 'a/../../b', '/w2']) {
      const r = resolveOutputDirectory('/w', outside);
      assert.equal(r.ok, false, outside);
      if (!r.ok) assert.match(r.message, /outside the workspace folder/);
    }
  });

  it('works with Windows paths too', () => {
    assert.deepEqual(resolveOutputDirectory('C:\\w', 'videos', win32), { ok: true, dir: 'C:\\w\\videos' });
    assert.equal(resolveOutputDirectory('C:\\w', 'D:\\x', win32).ok, false);
    assert.equal(resolveOutputDirectory('C:\\w', '..\\x', win32).ok, false);
  });

  it('never resolves outside, whatever the setting (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (setting) => {
        const r = resolveOutputDirectory('/w/proj', setting, posix);
        if (r.ok) assert.ok(r.dir === '/w/proj' || r.dir.startsWith('/w/proj/'), r.dir);
      }),
      { numRuns: 2000 },
    );
  });
});
