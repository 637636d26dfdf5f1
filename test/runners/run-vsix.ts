// `npm run test:vsix` (after `npm run package`): the shipped artifact, not the development tree.
// Checks what the .vsix holds and its size budget, installs it into the code-server test host with
// --install-extension, and runs a suite that activates it and generates against the emulator.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, exitWith, runSuitesInCodeServer } from './integration-host';
import { zipEntries } from './zip-entries';

const VSIX = join(PROJECT_ROOT, 'video-gen.vsix');
export const VSIX_BUDGET_BYTES = 1.5 * 1024 * 1024;

/** Exactly what may ship: production bundles, media (the README's screenshots included), manifest and docs. */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[a-z-]+)?\.json$/,
  /^extension\/(readme|changelog)\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/dist\/(extension|core|webview|player)\.js$/,
  /^extension\/media\/[^/]+\.(css|svg|png)$/,
  /^extension\/media\/screenshots\/[^/]+\.png$/,
  /^extension\/media\/sample-storyboard\.md$/,
];

function log(message: string): void {
  process.stdout.write(`[vsix] ${message}\n`);
}

function checkPackage(): void {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run "npm run package" first`);
  const size = statSync(VSIX).size;
  const entries = zipEntries(VSIX);
  log(`video-gen.vsix: ${(size / 1024).toFixed(1)} KB (budget ${VSIX_BUDGET_BYTES / 1024} KB), ${entries.length} files:`);
  for (const e of entries) log(`  ${e.name}  ${(e.size / 1024).toFixed(1)} KB`);
  const unexpected = entries.filter((e) => !ALLOWED.some((re) => re.test(e.name)));
  if (unexpected.length)
    throw new Error(`the .vsix ships files it should not: ${unexpected.map((e) => e.name).join(', ')} (check .vscodeignore)`);
  for (const needed of [
    'extension/dist/extension.js',
    'extension/dist/core.js',
    'extension/dist/webview.js',
    'extension/dist/player.js',
    'extension/media/player.css',
    'extension/media/icon.png',
  ]) {
    if (!entries.some((e) => e.name === needed)) throw new Error(`the .vsix lacks ${needed}`);
  }
  if (size > VSIX_BUDGET_BYTES) throw new Error(`the .vsix is ${size} bytes, over the ${VSIX_BUDGET_BYTES}-byte budget`);
}

async function main(): Promise<number> {
  checkPackage();
  return runSuitesInCodeServer({
    label: 'packaged extension (.vsix) tests',
    extensionDevelopmentPath: join(PROJECT_ROOT, 'test', 'fixtures', 'host-extension'),
    extensionTestsPath: join(PROJECT_ROOT, 'out', 'test', 'integration', 'vsix', 'index.js'),
    prepare: ({ codeServerEntry, extensionsDir }) => {
      log('installing video-gen.vsix with --install-extension');
      execFileSync(process.execPath, [codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', VSIX], {
        stdio: 'inherit',
      });
    },
  });
}

exitWith(main());
