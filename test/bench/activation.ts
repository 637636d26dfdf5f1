// `npm run bench:activation [-- --runs N] [-- --baseline <git ref>] [-- --json]`
// The packaged extension's activation and first use, in the code-server test host. Each run is a
// fresh launch (new server, new extension host, new user data) with video-gen.vsix installed by
// --install-extension: a reload of one window would reuse the server and its warm module caches,
// and VS Code activates an extension once per extension host anyway. Two flows per run (see
// activation-suite/): `ext.activate()` timed, then the first use right after it; and the first
// command doing the activation, as a user's does, timed to the first video. Medians of N runs
// (default 5).
// With --baseline, the .vsix of that commit is built in a temporary directory (git archive, this
// tree's node_modules) and its runs are interleaved with the current one's, so both see the same
// machine load. Also reported: each bundle's size and its `require` time in plain Node (`vscode`
// stubbed), median of 9.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, runSuitesInCodeServer } from '../runners/integration-host';
import { zipEntries } from '../runners/zip-entries';
import type { ActivationSample, BenchFlow } from './activation-suite';

interface Build {
  name: string;
  vsix: string;
  dist: string;
  samples: ActivationSample[];
}

const FLOWS: BenchFlow[] = ['activate', 'command'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function say(text: string): void {
  process.stderr.write(`[bench:activation] ${text}\n`);
}

/** The .vsix of `ref`, packaged as `npm run package` does, in a temporary directory. */
function buildBaseline(ref: string, root: string): Build {
  const dir = join(root, 'baseline');
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', 'git archive --format=tar "$1" | tar -x -C "$2"', 'sh', ref, dir], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'));
  say(`packaging ${ref} in a temporary directory`);
  execFileSync('npm', ['run', 'package', '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
  return { name: `${ref} (${commit})`, vsix: join(dir, 'video-gen.vsix'), dist: join(dir, 'dist'), samples: [] };
}

/** Median `require` time of a bundle in plain Node, each in a fresh process. */
function requireMs(bundle: string): number {
  const script = join(__dirname, 'require-bundle.js');
  const times: number[] = [];
  for (let i = 0; i < 9; i++) times.push(Number(execFileSync(process.execPath, [script, bundle], { encoding: 'utf8' }).trim()));
  return median(times);
}

async function measure(build: Build, flow: BenchFlow, root: string, run: number): Promise<void> {
  const out = join(root, `sample-${run}-${build.samples.length}.json`);
  // code-server passes its environment on to the extension host, where the suite reads these.
  process.env.VIDEO_GEN_BENCH_OUT = out;
  process.env.VIDEO_GEN_BENCH_FLOW = flow;
  const label = `${build.name}, flow ${flow}, run ${run}`;
  const code = await runSuitesInCodeServer({
    label,
    extensionDevelopmentPath: join(PROJECT_ROOT, 'test', 'fixtures', 'host-extension'),
    extensionTestsPath: join(PROJECT_ROOT, 'out', 'test', 'bench', 'activation-suite', 'index.js'),
    prepare: ({ codeServerEntry, extensionsDir }) => {
      execFileSync(process.execPath, [codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', build.vsix], {
        stdio: 'ignore',
      });
    },
  });
  if (code !== 0 || !existsSync(out)) throw new Error(`${label} failed`);
  const sample = JSON.parse(readFileSync(out, 'utf8')) as ActivationSample;
  build.samples.push(sample);
  const p = sample.phasesMs;
  const phases = p ? `phases: before loading ${p.beforeLoad}, loading ${p.load}, context ${p.context}, activate() ${p.activate}; ` : '';
  const activation = sample.activationMs === undefined ? '' : `activation ${sample.activationMs.toFixed(1)} ms, `;
  say(
    `${label}: ${activation}${phases}set key ${sample.setKeyMs.toFixed(0)} ms, first generation ${sample.firstGenerateMs.toFixed(0)} ms, second ${sample.secondGenerateMs.toFixed(0)} ms`,
  );
}

async function main(): Promise<void> {
  const runs = Number(arg('--runs') ?? 5);
  const baselineRef = arg('--baseline');
  const json = process.argv.includes('--json');
  const current: Build = { name: 'this tree', vsix: join(PROJECT_ROOT, 'video-gen.vsix'), dist: join(PROJECT_ROOT, 'dist'), samples: [] };
  if (!existsSync(current.vsix)) throw new Error('video-gen.vsix is missing: run "npm run package" first');
  const root = mkdtempSync(join(tmpdir(), 'video-gen-bench-activation-'));
  try {
    const builds = baselineRef ? [buildBaseline(baselineRef, root), current] : [current];
    for (let run = 1; run <= runs; run++) {
      // Interleaved, so drift in the machine's load touches every build and flow alike.
      for (const flow of FLOWS) for (const build of builds) await measure(build, flow, root, run);
    }
    const rows = builds.map((b) => {
      const a = b.samples.filter((x) => x.flow === 'activate');
      const c = b.samples.filter((x) => x.flow === 'command');
      const act = a.map((x) => x.activationMs!);
      const phases = a.flatMap((x) => (x.phasesMs ? [x.phasesMs] : []));
      const bundles = zipEntries(b.vsix).filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e.name));
      return {
        build: b.name,
        runs: a.length,
        vsixKB: Math.round(readFileSync(b.vsix).length / 1024),
        bundlesKB: Object.fromEntries(bundles.map((e) => [e.name.replace('extension/dist/', ''), Math.round(e.size / 1024)])),
        requireMs: Object.fromEntries(
          bundles
            .map((e) => e.name.replace('extension/dist/', ''))
            .filter((name) => name !== 'webview.js' && name !== 'player.js')
            .map((name) => [name, Math.round(requireMs(join(b.dist, name)) * 10) / 10]),
        ),
        activationMs: median(act),
        activationRangeMs: [Math.min(...act), Math.max(...act)],
        /** VS Code's marks: loading the entry bundle + the activate() call; the rest is its ExtensionContext set-up. */
        ownActivationMs: median(phases.map((p) => p.load + p.activate)),
        contextWaitMs: median(phases.map((p) => p.context)),
        setKeyMs: median(a.map((x) => x.setKeyMs)),
        firstGenerateMs: median(a.map((x) => x.firstGenerateMs)),
        secondGenerateMs: median(a.map((x) => x.secondGenerateMs)),
        activateToFirstVideoMs: median(a.map((x) => x.activationMs! + x.setKeyMs + x.firstGenerateMs)),
        commandToFirstVideoMs: median(c.map((x) => x.setKeyMs + x.firstGenerateMs)),
      };
    });
    if (json) {
      process.stdout.write(JSON.stringify(rows) + '\n');
      return;
    }
    const r1 = (n: number): string => n.toFixed(1);
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    process.stdout.write(
      `\nMachine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; a fresh code-server launch per sample, medians of ${runs} runs\n\n`,
    );
    process.stdout.write(
      "| build | .vsix | bundles (minified) | `require` in Node | `ext.activate()` (range) | of it: loading + activate() / VS Code's context set-up | 1st command after it | 1st generation | activate() → 1st video | 1st command (activating) → 1st video |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (const r of rows) {
      const bundles = Object.entries(r.bundlesKB)
        .map(([k, v]) => `${k} ${v} KB`)
        .join(', ');
      const req = Object.entries(r.requireMs)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', ');
      process.stdout.write(
        `| ${r.build} | ${r.vsixKB} KB | ${bundles} | ${req} | **${r1(r.activationMs)} ms** (${r1(r.activationRangeMs[0]!)}–${r1(r.activationRangeMs[1]!)}) | ${r.ownActivationMs} / ${r.contextWaitMs} ms | ${r1(r.setKeyMs)} ms | ${r1(r.firstGenerateMs)} ms | ${r1(r.activateToFirstVideoMs)} ms | ${r1(r.commandToFirstVideoMs)} ms |\n`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
