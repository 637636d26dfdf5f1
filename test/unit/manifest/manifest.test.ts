// The manifest, the code and the README agree: every string in package.json is localizable and
// present in package.nls.json, every contributed command is implemented, and the README's
// commands and settings tables match what package.json contributes.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILT_IN_MODELS, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, RATIOS } from '../../../src/catalog';

const root = resolve(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  displayName: string;
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string }>;
    menus: { commandPalette: Array<{ command: string; when: string }> };
    configuration: { properties: Record<string, { default: unknown }> };
    languageModelTools: Array<{
      name: string;
      modelDescription: string;
      inputSchema: { properties: Record<string, { enum?: string[]; minimum?: number; maximum?: number }> };
    }>;
  };
};
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function sources(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) text += sources(path);
    else if (name.endsWith('.ts')) text += readFileSync(path, 'utf8');
  }
  return text;
}

const title = (cmd: { title: string }): string => nls[cmd.title.slice(1, -1)] ?? cmd.title;

describe('package.json, code and README agree', () => {
  it('takes every user-visible manifest string from package.nls.json, and every entry there is used', () => {
    const text = readFileSync(join(root, 'package.json'), 'utf8');
    const refs = [...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    for (const ref of refs) assert.ok(ref in nls, `%${ref}% is in package.nls.json`);
    for (const key of Object.keys(nls)) assert.ok(refs.includes(key), `${key} is used`);
    for (const cmd of pkg.contributes.commands) assert.match(cmd.title, /^%.+%$/, `${cmd.command}'s title is localizable`);
  });

  // That they are registered once the extension runs is checked in VS Code itself
  // (test/integration/suites/foundation.test.ts); this catches a typo before any VS Code starts.
  it('passes every contributed command, and only those, to registerCommand in src/', () => {
    const code = sources(join(root, 'src'));
    const registered = [...code.matchAll(/registerCommand\(\s*'(videoGen\.[^']+)'/g)].map((m) => m[1]!);
    const contributed = pkg.contributes.commands.map((c) => c.command);
    assert.deepEqual(
      contributed.filter((id) => !registered.includes(id)),
      [],
      'contributed, never passed to registerCommand',
    );
    assert.deepEqual(
      registered.filter((id) => !contributed.includes(id)),
      [],
      'registered, not contributed',
    );
  });

  it('lists every Command Palette command in the README', () => {
    const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    for (const cmd of pkg.contributes.commands) {
      if (hidden.has(cmd.command)) continue;
      assert.ok(readme.includes(`**${title(cmd).replace(/…$/, '')}`), `README names "${title(cmd)}"`);
    }
  });

  it('documents every setting with its default in the README', () => {
    for (const [key, schema] of Object.entries(pkg.contributes.configuration.properties)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\``));
      assert.ok(row, `README has a row for ${key}`);
      assert.ok(row.includes(`\`${String(schema.default)}\``), `README gives ${key}'s default ${String(schema.default)}`);
    }
  });

  it('gives the language-model tool the durations, models and ratios of the catalog', () => {
    const tool = pkg.contributes.languageModelTools.find((t) => t.name === 'videoGen_generateVideo');
    assert.ok(tool);
    const { duration, model, ratio } = tool.inputSchema.properties;
    assert.equal(duration?.minimum, MIN_DURATION_SECONDS);
    assert.equal(duration?.maximum, MAX_DURATION_SECONDS);
    assert.deepEqual(
      model?.enum,
      BUILT_IN_MODELS.map((m) => m.id),
    );
    assert.deepEqual([...(ratio?.enum ?? [])].sort(), [...RATIOS].sort());
    assert.ok(
      tool.modelDescription.includes(`${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS} seconds`),
      'the tool says how long a clip can be',
    );
  });

  it('activates only on its own commands, views, panel and tool', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(!pkg.activationEvents.some((e) => e.startsWith('onStartupFinished')));
  });
});
