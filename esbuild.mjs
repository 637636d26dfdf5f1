// Builds the extension in five parts:
//   dist/extension.js  what activation loads: src/extension.ts alone, a few KB that register the
//                      contributions (Node, CommonJS, `vscode` external)
//   dist/core.js       everything else of the extension host side (undici, zod, the services),
//                      required by extension.js on first use as `./core`
//   dist/webview.js    the panel's browser bundle
//   dist/player.js     the Video Gen Player editor's browser bundle
//   out/               every src/ and test/ file transpiled one-to-one, for mocha in plain Node
//                      and for the integration suites that run inside VS Code
// `--production` minifies (and drops sourcemaps); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

function listTs(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...listTs(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

const common = {
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
};

/** extension.ts's `require('./core')` stays a require of the other bundle, next to it. */
const coreStaysApart = {
  name: 'core-stays-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/core$/ }, (args) =>
      args.importer.endsWith(join('src', 'extension.ts')) ? { path: './core.js', external: true } : undefined,
    );
  },
};

/** Activation must stay light: the entry bundle may hold nothing but src/extension.ts. */
const ENTRY_BUDGET_BYTES = 16 * 1024;
function checkEntry(result) {
  const entry = result.metafile.outputs['dist/extension.js'];
  const inputs = Object.keys(entry.inputs);
  if (inputs.some((i) => i !== 'src/extension.ts')) {
    throw new Error(
      `dist/extension.js must contain only src/extension.ts (the rest loads on first use from dist/core.js), not ${inputs.filter((i) => i !== 'src/extension.ts').join(', ')}`,
    );
  }
  if (entry.bytes > ENTRY_BUDGET_BYTES)
    throw new Error(`dist/extension.js is ${entry.bytes} bytes, over its ${ENTRY_BUDGET_BYTES}-byte budget`);
}

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts', 'src/core.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    outdir: 'dist',
    plugins: [coreStaysApart],
    metafile: true,
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    outfile: 'dist/webview.js',
  },
  {
    ...common,
    entryPoints: ['src/webview/playerEditorMain.ts'],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    outfile: 'dist/player.js',
  },
];
if (!production) {
  builds.push({
    sourcemap: 'inline',
    logLevel: 'warning',
    entryPoints: [...listTs('src'), ...listTs('test')],
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outbase: '.',
    outdir: 'out',
  });
}

rmSync('dist', { recursive: true, force: true });
if (!production) rmSync('out', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching for changes…');
} else {
  const [extensionHost] = await Promise.all(builds.map((b) => esbuild.build(b)));
  checkEntry(extensionHost);
  console.log(`[esbuild] built ${production ? 'production' : 'development'} bundles`);
}
