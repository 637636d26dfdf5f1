// Builds the extension in three parts:
//   dist/extension.js  the extension host bundle (Node, CommonJS, `vscode` external)
//   dist/webview.js    the panel's browser bundle
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

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    outfile: 'dist/extension.js',
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
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`[esbuild] built ${production ? 'production' : 'development'} bundles`);
}
