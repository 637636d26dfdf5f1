// The manifest's Restricted Mode and virtual workspace declarations, checked without VS Code (the
// Restricted Mode run, test/runners/run-restricted.ts, shows what VS Code makes of them).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] };
    virtualWorkspaces?: boolean | { supported: boolean | 'limited'; description?: string };
  };
  contributes: { configuration: { properties: Record<string, unknown> } };
};

describe('package.json: Restricted Mode and virtual workspaces', () => {
  it('restricts the settings a workspace must not set in Restricted Mode, and only settings that exist', () => {
    const untrusted = pkg.capabilities?.untrustedWorkspaces;
    // VS Code honours restrictedConfigurations only with "limited".
    assert.equal(untrusted?.supported, 'limited');
    assert.match(untrusted.description ?? '', /^%.+%$/);
    const restricted = untrusted.restrictedConfigurations ?? [];
    for (const key of ['videoGen.baseUrl', 'videoGen.outputDirectory']) assert.ok(restricted.includes(key), `${key} is restricted`);
    for (const key of restricted) assert.ok(key in pkg.contributes.configuration.properties, `${key} is a contributed setting`);
  });

  it('declares virtual workspaces as limited, with a description', () => {
    const virtual = pkg.capabilities?.virtualWorkspaces;
    assert.ok(virtual && typeof virtual === 'object');
    assert.equal(virtual.supported, 'limited');
    assert.match(virtual.description ?? '', /^%.+%$/);
  });
});
