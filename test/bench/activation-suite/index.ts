// Runs inside the extension host of one fresh code-server launch (see ../activation.ts): times the
// installed extension's activation, then its first use (store the key, generate once against the
// emulator), then a second generation for reference, and writes the figures where
// VIDEO_GEN_BENCH_OUT says.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, INTEGRATION_API_KEY } from '../../integration/env';

export interface ActivationSample {
  /** `await ext.activate()`: loading dist/extension.js and running activate(). */
  activationMs: number;
  /** `videoGen.setApiKey`, the first command: with the split, it loads dist/core.js. */
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

export async function run(): Promise<void> {
  const out = process.env.VIDEO_GEN_BENCH_OUT;
  if (!out) throw new Error('VIDEO_GEN_BENCH_OUT is not set');
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  if (ext.isActive) throw new Error(`${EXTENSION_ID} was activated before the measurement`);
  const sample: ActivationSample = {
    activationMs: await timed(() => ext.activate()),
    setKeyMs: await timed(() => vscode.commands.executeCommand('videoGen.setApiKey', INTEGRATION_API_KEY)),
    firstGenerateMs: await timed(generate),
    secondGenerateMs: await timed(generate),
  };
  writeFileSync(out, JSON.stringify(sample));
}
