// `npm test`: every check in order, stopping at the first that fails, and one plain line at the end
// that adds up the tests of every runner (unit, integration, window reload, Restricted Mode, packaged extension):
// "N passed, N failed". Each step is an npm script of its own, so each can also run alone.
import { spawn } from 'node:child_process';

interface Step {
  /** The npm script that runs it. */
  script: string;
  /** Whether it runs mocha tests whose summary lines count. */
  counts: boolean;
}

const STEPS: Step[] = [
  { script: 'typecheck', counts: false },
  { script: 'lint', counts: false },
  { script: 'format:check', counts: false },
  { script: 'test:setup:only', counts: false },
  { script: 'test:unit:only', counts: true },
  { script: 'test:integration:only', counts: true },
  { script: 'test:reload:only', counts: true },
  { script: 'test:restricted:only', counts: true },
  { script: 'package', counts: false },
  { script: 'test:vsix:only', counts: true },
];

export interface Tally {
  passed: number;
  failed: number;
}

/** Adds up mocha's summary lines ("  12 passing (3s)", "  1 failing") found in a runner's output. */
export function tallyMochaOutput(output: string): Tally {
  const tally: Tally = { passed: 0, failed: 0 };
  for (const match of output.matchAll(/^\s*(\d+) (passing|failing)\b/gm)) {
    if (match[2] === 'passing') tally.passed += Number(match[1]);
    else tally.failed += Number(match[1]);
  }
  return tally;
}

function runScript(script: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['inherit', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main(): Promise<number> {
  const total: Tally = { passed: 0, failed: 0 };
  let failedStep: string | undefined;
  for (const step of STEPS) {
    process.stdout.write(`\n== npm run ${step.script}\n`);
    const { code, output } = await runScript(step.script);
    if (step.counts) {
      const tally = tallyMochaOutput(output);
      total.passed += tally.passed;
      // A runner that failed without a failing test (a crash, a timeout, a secret found) counts once.
      total.failed += code !== 0 && tally.failed === 0 ? 1 : tally.failed;
    }
    if (code !== 0) {
      failedStep = step.script;
      break;
    }
  }
  if (failedStep) process.stdout.write(`\n"npm run ${failedStep}" failed; the steps after it did not run.\n`);
  process.stdout.write(`\n${total.passed} passed, ${total.failed} failed\n`);
  return failedStep ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
