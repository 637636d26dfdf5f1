// `npm run bench [-- --json] [-- --runs N] [-- --sizes 10,50,200] [-- --tls]`
// Streaming pipeline vs. the naive one vs. the raw transfer, side by side in one run, each case in
// a fresh child process against the emulator on loopback. Reports medians of N runs. With --tls,
// over https: a TLS front with a certificate from a test CA that only a system-style bundle holds
// (the streaming case trusts it the way a generation does, through http.systemCertificates).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { LINUX_CA_BUNDLES } from '../../src/api/trustStore';
import { startEmulator } from '../emulator/server';
import { startTlsFront, type TlsFront } from '../support/tlsFront';
import { makeTestCertificates, type TestCertificates } from '../support/tlsServers';

const run = promisify(execFile);
type Pipeline = 'streaming' | 'naive' | 'raw';
const PIPELINES: Pipeline[] = ['raw', 'streaming', 'naive'];
const KEY = 'bench-key';

interface Row {
  pipeline: Pipeline;
  sizeMB: number;
  wallMs: number;
  cpuMs: number;
  peakRssGrowthMB: number;
  maxEventLoopStallMs: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const runs = Number(arg('--runs') ?? 3);
  const sizes = (arg('--sizes') ?? '10,50,200').split(',').map(Number);
  const say = (text: string): void => {
    if (!json) process.stderr.write(text);
  };
  const emulator = await startEmulator({ apiKeys: [KEY] });
  const outRoot = mkdtempSync(join(tmpdir(), 'video-gen-bench-'));
  const rows: Row[] = [];
  let certs: TestCertificates | undefined;
  let front: TlsFront | undefined;
  let target = emulator.baseUrl;
  const caseArgs: string[] = [];
  try {
    if (process.argv.includes('--tls')) {
      certs = makeTestCertificates();
      front = await startTlsFront(certs.good, emulator.port);
      target = front.baseUrl;
      // The system's bundle with the test CA at its end: a store of the usual size to search.
      const system = LINUX_CA_BUNDLES.find((p) => existsSync(p));
      const bundle = join(outRoot, 'ca-bundle.crt');
      writeFileSync(bundle, `${system ? readFileSync(system, 'utf8') : ''}\n${certs.ca}`);
      caseArgs.push(bundle);
    }
    // Warm the emulator's clip cache so the first case does not pay for ffmpeg.
    await fetch(`${emulator.baseUrl}/video/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'provider-2/kling-v2.1', prompt: 'warm up', quality: '720p', duration: 2, ratio: '16:9' }),
    }).then((r) => r.arrayBuffer());
    for (const sizeMB of sizes) {
      const samples = new Map<Pipeline, Row[]>(PIPELINES.map((p) => [p, []]));
      for (let i = 0; i < runs; i++) {
        // Interleave the pipelines so drift in the machine's load touches all of them alike.
        for (const pipeline of PIPELINES) {
          const outDir = mkdtempSync(join(outRoot, `${pipeline}-`));
          say(`  ${pipeline.padEnd(9)} ${String(sizeMB).padStart(4)} MB  run ${i + 1}/${runs} … `);
          const { stdout } = await run(
            process.execPath,
            ['--expose-gc', join(__dirname, 'case.js'), pipeline, String(sizeMB), target, KEY, outDir, ...caseArgs],
            {
              maxBuffer: 1024 * 1024,
            },
          );
          const sample = JSON.parse(stdout.trim().split('\n').pop()!) as Row;
          say(
            `${Math.round(sample.wallMs)} ms, +${Math.round(sample.peakRssGrowthMB)} MB, stall ${Math.round(sample.maxEventLoopStallMs)} ms\n`,
          );
          samples.get(pipeline)!.push(sample);
          rmSync(outDir, { recursive: true, force: true });
        }
      }
      for (const pipeline of PIPELINES) {
        const s = samples.get(pipeline)!;
        rows.push({
          pipeline,
          sizeMB,
          wallMs: round(median(s.map((x) => x.wallMs)), 0),
          cpuMs: round(median(s.map((x) => x.cpuMs)), 0),
          peakRssGrowthMB: round(median(s.map((x) => x.peakRssGrowthMB))),
          maxEventLoopStallMs: round(median(s.map((x) => x.maxEventLoopStallMs))),
        });
      }
    }
  } finally {
    await front?.close();
    certs?.dispose();
    await emulator.close();
    rmSync(outRoot, { recursive: true, force: true });
  }
  if (json) {
    process.stdout.write(JSON.stringify(rows) + '\n');
    return;
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `\nMachine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)} at the end; medians of ${runs} runs; ${front ? 'https (TLS front, test CA from a system-style bundle)' : 'http'} on loopback\n\n`,
  );
  process.stdout.write(
    '| video | pipeline | wall time | CPU time | peak RSS growth | longest event-loop stall |\n|---|---|---|---|---|---|\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.sizeMB} MB | ${r.pipeline} | ${r.wallMs} ms | ${r.cpuMs} ms | ${r.peakRssGrowthMB} MB | ${r.maxEventLoopStallMs} ms |\n`,
    );
  }
  for (const sizeMB of sizes) {
    const get = (p: Pipeline): Row => rows.find((r) => r.sizeMB === sizeMB && r.pipeline === p)!;
    const [raw, streaming, naive] = [get('raw'), get('streaming'), get('naive')];
    process.stdout.write(
      `\n${sizeMB} MB: streaming/raw wall ${round(streaming.wallMs / raw.wallMs, 2)}×, CPU ${round(streaming.cpuMs / raw.cpuMs, 2)}×; ` +
        `memory above raw ${round(streaming.peakRssGrowthMB - raw.peakRssGrowthMB)} MB ` +
        `(${round(streaming.peakRssGrowthMB / Math.max(1, naive.peakRssGrowthMB), 3)}× naive's growth)`,
    );
  }
  process.stdout.write('\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
