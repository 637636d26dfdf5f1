// Runs inside the extension host of one fresh code-server launch (see ../activation.ts) and writes
// its figures where VIDEO_GEN_BENCH_OUT says. VIDEO_GEN_BENCH_FLOW picks what starts the extension:
// - `activate`: `await ext.activate()` is timed, then the first use right after it (store the key,
//   generate once against the emulator), then a second generation for reference;
// - `command`: the first use is what activates it, as a user's first command does (VS Code
//   activates on `onCommand:` and then runs it), timed from the command to the first video.
// Both start once the window has settled (VIDEO_GEN_BENCH_SETTLE_MS, default 5 s): a user's first
// command comes after the workbench has finished starting, not while it restores itself.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, INTEGRATION_API_KEY } from '../../integration/env';

export type BenchFlow = 'activate' | 'command';

export interface ActivationSample {
  flow: BenchFlow;
  /** `await ext.activate()` (flow `activate`): loading dist/extension.js and running activate(). */
  activationMs?: number;
  /**
   * Where the activation went, from the extension host's own performance marks (whole ms): before
   * loading the code (VS Code's preparation), loading dist/extension.js, waiting for the
   * ExtensionContext after that, and the activate() call itself.
   */
  phasesMs?: { beforeLoad: number; load: number; context: number; activate: number };
  /** `videoGen.setApiKey`, the first command: with the split, dist/core.js loads before or in it; in flow `command`, the activation too. */
  setKeyMs: number;
  /** The first `videoGen.generate` (1 s, 720p, against the emulator on loopback). */
  firstGenerateMs: number;
  /** The same generation again, everything loaded and warm. */
  secondGenerateMs: number;
}

const REQUEST = { prompt: 'activation benchmark', model: 'provider-2/kling-v2.1', quality: '720p', duration: 1, ratio: '16:9' };

async function timed(work: () => Thenable<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function generate(): Promise<void> {
  const result = (await vscode.commands.executeCommand('videoGen.generate', REQUEST)) as { files?: unknown[] } | undefined;
  if (!result?.files?.length) throw new Error(`videoGen.generate saved nothing: ${JSON.stringify(result)}`);
}

/** The marks VS Code's extension host sets around an activation (`MonacoPerformanceMarks`). */
function activationPhases(since: number): ActivationSample['phasesMs'] {
  const marks =
    (
      globalThis as { MonacoPerformanceMarks?: { getMarks(): Array<{ name: string; startTime: number }> } }
    ).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (what: string): number | undefined => marks.find((m) => m.name === `code/extHost/${what}/${EXTENSION_ID}`)?.startTime;
  const [willLoad, didLoad, willActivate, didActivate] = [
    'willLoadExtensionCode',
    'didLoadExtensionCode',
    'willActivateExtension',
    'didActivateExtension',
  ].map(at);
  if (willLoad === undefined || didLoad === undefined || willActivate === undefined || didActivate === undefined) return undefined;
  return { beforeLoad: willLoad - since, load: didLoad - willLoad, context: willActivate - didLoad, activate: didActivate - willActivate };
}

export async function run(): Promise<void> {
  const out = process.env.VIDEO_GEN_BENCH_OUT;
  if (!out) throw new Error('VIDEO_GEN_BENCH_OUT is not set');
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  if (ext.isActive) throw new Error(`${EXTENSION_ID} was activated before the measurement`);
  const flow: BenchFlow = process.env.VIDEO_GEN_BENCH_FLOW === 'command' ? 'command' : 'activate';
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.VIDEO_GEN_BENCH_SETTLE_MS ?? 5000)));
  if (ext.isActive) throw new Error(`${EXTENSION_ID} was activated before the measurement`);
  const since = Date.now();
  const activationMs = flow === 'activate' ? await timed(() => ext.activate()) : undefined;
  const setKeyMs = await timed(() => vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY));
  if (!ext.isActive) throw new Error(`${EXTENSION_ID} is not active after its command`);
  const sample: ActivationSample = {
    flow,
    activationMs,
    phasesMs: activationPhases(since),
    setKeyMs,
    firstGenerateMs: await timed(generate),
    secondGenerateMs: await timed(generate),
  };
  writeFileSync(out, JSON.stringify(sample));
}
