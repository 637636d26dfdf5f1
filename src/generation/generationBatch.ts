// A batch of generations (Generate All Shots, Compare Models) run through the generation queue,
// each one through JobManager.start, under one cancellable progress notification for the whole
// batch ("2 of 4 saved · 1 running · paused 12 s for the rate limit"). The jobs report a 429 at
// once instead of waiting each on its own, so the queue can pause every job for it; a budget
// refusal stops the batch. Each job stays listed in "Show Running Generations", cancellable alone.
import * as vscode from 'vscode';
import { VideoGenError, formatSeconds } from '../api/errors';
import { readSettings } from '../config/settings';
import type { Provenance } from '../output/sidecar';
import { GenerationQueue, type QueueEvent, type TaskResult } from './generationQueue';
import type { GenerationOutcome, JobManager } from './jobManager';

export interface BatchItem {
  label: string;
  /** A GenerationRequest-like input for JobManager.start. */
  input: unknown;
  provenance?: Provenance;
}

export interface BatchOptions {
  title: string;
  signal?: AbortSignal;
  /** Default: the setting `videoGen.queue.concurrency`. */
  concurrency?: number;
  interactive?: boolean;
}

export interface BatchItemResult {
  item: BatchItem;
  status: 'saved' | 'failed' | 'cancelled' | 'not-started';
  outcome?: GenerationOutcome;
  /** Why it failed, or (not started) what stopped the batch. */
  error?: VideoGenError;
  /** Not started: why, in words. */
  reason?: string;
}

/** Codes that would refuse every further generation the same way: the batch stops. */
const STOPS_BATCH = new Set<string>(['daily_limit_reached', 'budget_exceeded', 'invalid_api_key', 'invalid_settings', 'no_workspace']);
/** A 429 without Retry-After: the queue waits this long before trying again. */
export const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 10;

export function rateLimitWait(error: unknown): number | undefined {
  if (!(error instanceof VideoGenError) || error.code !== 'rate_limit_exceeded') return undefined;
  return error.retryAfterSeconds ?? DEFAULT_RATE_LIMIT_WAIT_SECONDS;
}

export function stopsBatch(error: unknown): boolean {
  return error instanceof VideoGenError && STOPS_BATCH.has(error.code);
}

/** Runs the items, at most `concurrency` at once; resolves with one result per item, in order. */
export function runBatch(jobs: JobManager, items: BatchItem[], options: BatchOptions): Promise<BatchItemResult[]> {
  const concurrency = options.concurrency ?? readSettings()['queue.concurrency'];
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: options.title, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const unlink = linkAbort(options.signal, controller);
        const cancelled = token.onCancellationRequested(() => controller.abort());
        const tally = new Tally(items.length);
        const queue = new GenerationQueue<GenerationOutcome>(
          items.map((item, index) => ({
            id: String(index),
            run: (signal, waitToSend) =>
              jobs.start(item.input, {
                interactive: options.interactive ?? false,
                source: 'storyboard',
                quiet: true,
                retryRateLimits: false,
                provenance: item.provenance,
                // The batch's own confirmation asked, premium models included.
                premiumConfirmed: true,
                signal,
                waitToSend,
              }),
          })),
          {
            concurrency,
            rateLimitWait,
            stopsQueue: stopsBatch,
            isCancellation: (e) => e instanceof VideoGenError && e.code === 'cancelled',
            signal: controller.signal,
            onEvent: (event) => {
              tally.note(event);
              progress.report({ message: tally.message(queue.runningCount) });
            },
          },
        );
        progress.report({ message: tally.message(0) });
        // The pause counts down.
        const ticker = setInterval(() => {
          if (tally.pausedUntil > Date.now()) progress.report({ message: tally.message(queue.runningCount) });
        }, 1000);
        try {
          return (await queue.run()).map((result, index) => toItemResult(items[index]!, result));
        } finally {
          clearInterval(ticker);
          cancelled.dispose();
          unlink();
        }
      },
    ),
  );
}

/** What the progress line counts. */
class Tally {
  saved = 0;
  failed = 0;
  pausedUntil = 0;

  constructor(private readonly total: number) {}

  note(event: QueueEvent<GenerationOutcome>): void {
    if (event.type === 'paused') this.pausedUntil = event.until;
    else if (event.type === 'resumed') this.pausedUntil = 0;
    else if (event.type === 'finished') {
      if (event.result.status === 'saved') this.saved++;
      else if (event.result.status === 'failed') this.failed++;
    }
  }

  message(running: number): string {
    const parts = [vscode.l10n.t('{0} of {1} saved', this.saved, this.total)];
    if (this.failed > 0) parts.push(vscode.l10n.t('{0} failed', this.failed));
    if (running > 0) parts.push(vscode.l10n.t('{0} running', running));
    const wait = (this.pausedUntil - Date.now()) / 1000;
    if (wait > 0) parts.push(vscode.l10n.t('paused {0} for the rate limit', formatSeconds(Math.ceil(wait))));
    return parts.join(' · ');
  }
}

function toItemResult(item: BatchItem, result: TaskResult<GenerationOutcome>): BatchItemResult {
  switch (result.status) {
    case 'saved':
      return { item, status: 'saved', outcome: result.value };
    case 'failed':
      return { item, status: 'failed', error: asError(result.error) };
    case 'cancelled':
      return { item, status: 'cancelled', error: result.error === undefined ? undefined : asError(result.error) };
    case 'not-started': {
      const error = asError(result.reason);
      return { item, status: 'not-started', error, reason: error.summary };
    }
  }
}

function asError(err: unknown): VideoGenError {
  if (err instanceof VideoGenError) return err;
  return new VideoGenError('bad_response', err instanceof Error ? err.message : String(err), vscode.l10n.t('Look at the log for details.'));
}

function linkAbort(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => undefined;
  const onAbort = (): void => controller.abort();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
