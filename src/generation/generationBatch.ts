// TEMPORARY stand-in for the batch runner (the real one lands on main from another branch): the same
// signature, running the items through JobManager.start two at a time. One confirmation for the
// whole batch when it holds a premium model; declined, nothing starts.
import * as vscode from 'vscode';
import { VideoGenError } from '../api/errors';
import { findModel } from '../catalog';
import { readSettings } from '../config/settings';
import type { Provenance } from '../output/sidecar';
import type { GenerationOutcome, JobManager } from './jobManager';

export interface BatchItem {
  label: string;
  input: unknown;
  provenance?: Provenance;
}
export interface BatchOptions {
  title: string;
  signal?: AbortSignal;
  concurrency?: number;
  interactive?: boolean;
}
export interface BatchItemResult {
  item: BatchItem;
  status: 'saved' | 'failed' | 'cancelled' | 'not-started';
  outcome?: GenerationOutcome;
  error?: VideoGenError;
  reason?: string;
}

function modelOf(input: unknown): string {
  return typeof input === 'object' && input !== null && typeof (input as { model?: unknown }).model === 'string'
    ? (input as { model: string }).model
    : '';
}

async function confirmPremium(items: BatchItem[], title: string): Promise<boolean> {
  const premium = items.filter((i) => findModel(modelOf(i.input))?.premium);
  if (premium.length === 0 || !readSettings().confirmPremiumModels) return true;
  const go = vscode.l10n.t('Generate');
  try {
    const answer = await vscode.window.showWarningMessage(
      title,
      { modal: true, detail: vscode.l10n.t('{0} generations, premium: {1}.', items.length, premium.map((i) => i.label).join(', ')) },
      go,
    );
    return answer === go;
  } catch {
    return false;
  }
}

export async function runBatch(jobs: JobManager, items: BatchItem[], options: BatchOptions): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = items.map((item) => ({ item, status: 'not-started' }));
  if (!(await confirmPremium(items, options.title))) {
    for (const r of results) r.reason = 'not confirmed';
    return results;
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const result = results[index]!;
      if (options.signal?.aborted) {
        result.reason = 'cancelled';
        continue;
      }
      try {
        result.outcome = await jobs.start(result.item.input, {
          interactive: options.interactive ?? false,
          source: 'command',
          signal: options.signal,
          provenance: result.item.provenance,
          premiumConfirmed: true,
        });
        result.status = 'saved';
      } catch (err) {
        const error = err instanceof VideoGenError ? err : new VideoGenError('bad_response', String(err), '');
        result.error = error;
        result.status = error.code === 'cancelled' ? 'cancelled' : 'failed';
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, items.length)) }, worker));
  return results;
}
