// The leak scan the integration harness runs must find a key wherever it hides, or its "no leak"
// verdict means nothing.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanForSecrets } from '../../runners/secret-scan';

describe('secret scan of the integration host', () => {
  const key = 'vgtest-planted-0123456789';
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'video-gen-scan-'));
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'clean.txt'), 'nothing here');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a key in a nested file, as UTF-8 or UTF-16, and in texts', async () => {
    writeFileSync(join(dir, 'a', 'b', 'settings.json'), JSON.stringify({ key }));
    writeFileSync(join(dir, 'a', 'state.vscdb'), Buffer.from(`xx${key}xx`, 'utf16le'));
    const result = await scanForSecrets({ keys: [key], roots: [{ label: 'root', dir }], texts: [{ label: 'log', text: `Bearer ${key}` }] });
    assert.deepEqual(result.findings.map((f) => f.where).sort(), ['log', 'root/a/b/settings.json', 'root/a/state.vscdb']);
  });

  it('reports nothing when the key is absent', async () => {
    const result = await scanForSecrets({
      keys: [key],
      roots: [{ label: 'root', dir }],
      texts: [{ label: 'log', text: 'vgtest-planted-01234' }],
    });
    assert.deepEqual(result.findings, []);
    assert.equal(result.filesScanned, 1);
  });
});
