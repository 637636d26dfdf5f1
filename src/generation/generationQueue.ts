// A queue of generations with a concurrency limit, as Generate All Shots and Compare Models run
// them. A rate limit (429) pauses the whole queue, not one task: no task starts until the wait has
// passed, the refused task goes back to the front and runs again (it was not billed), the running
// ones go on (those that have not sent their request yet wait for the pause at `waitToSend`). A budget refusal (or anything the caller says would fail every task the same way)
// stops the queue: nothing more starts, and the tasks not started are named with the reason. Other
// failures are that task's own. Each task can be cancelled, and so can the whole queue.
// No vscode import: the clock is injected, so the unit tests run with a fake one.

export interface QueueTask<T> {
  /** Unique in the queue. */
  id: string;
  /**
   * Runs the task; `signal` aborts when the task or the queue is cancelled. A task that sends a
   * request some time after it started awaits `waitToSend` right before sending, so a pause that
   * began meanwhile holds it too (resolves true when it had to wait; rejects when `signal` aborts).
   */
  run(signal: AbortSignal, waitToSend: (signal: AbortSignal) => Promise<boolean>): Promise<T>;
}

export type TaskResult<T> =
  | { status: 'saved'; value: T }
  | { status: 'failed'; error: unknown }
  | { status: 'cancelled'; error?: unknown }
  /** `reason`: the error that stopped the queue before this task could start (or was sent). */
  | { status: 'not-started'; reason: unknown };

export type QueueEvent<T> =
  | { type: 'started'; id: string }
  | { type: 'finished'; id: string; result: TaskResult<T> }
  /** A task was rate-limited and put back: nothing starts before `until` (clock time, ms). */
  | { type: 'paused'; id: string; until: number }
  | { type: 'resumed' }
  /** The queue stopped starting tasks because of `reason` (a budget refusal, a long rate limit). */
  | { type: 'stopped'; id: string; reason: unknown };

export interface QueueClock {
  now(): number;
  /** Calls `fn` after `ms`; returns what cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const SYSTEM_CLOCK: QueueClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface QueueOptions<T> {
  /** Tasks running at once, at least 1. */
  concurrency: number;
  /** Seconds to wait when `error` is a rate limit; undefined when it is not one. */
  rateLimitWait(error: unknown): number | undefined;
  /** True when `error` means no further task may start (a budget refusal, no key). */
  stopsQueue(error: unknown): boolean;
  /** True when `error` is a cancellation (the task was cancelled from elsewhere too). */
  isCancellation?(error: unknown): boolean;
  /** Cancels every task: the running ones are aborted, the others never start. */
  signal?: AbortSignal;
  clock?: QueueClock;
  onEvent?(event: QueueEvent<T>): void;
  /** A rate-limited task runs again at most this many times, then fails with the rate limit. */
  maxRateLimitRetries?: number;
  /** A wait longer than this (a daily quota, not a burst) stops the queue instead of pausing it. */
  maxPauseSeconds?: number;
}

const DEFAULT_RETRIES = 5;
const DEFAULT_MAX_PAUSE_SECONDS = 600;

interface TaskState<T> {
  task: QueueTask<T>;
  controller: AbortController;
  rateLimited: number;
  result?: TaskResult<T>;
}

export class GenerationQueue<T> {
  private readonly states: TaskState<T>[];
  private readonly pending: TaskState<T>[];
  private readonly clock: QueueClock;
  private running = 0;
  private pausedUntil = 0;
  private cancelWake: (() => void) | undefined;
  private stopReason: { reason: unknown } | undefined;
  private cancelledAll = false;
  private finish: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    tasks: readonly QueueTask<T>[],
    private readonly options: QueueOptions<T>,
  ) {
    this.states = tasks.map((task) => ({ task, controller: new AbortController(), rateLimited: 0 }));
    this.pending = [...this.states];
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.done = new Promise<void>((resolve) => (this.finish = resolve));
  }

  /** Runs every task; resolves with one result per task, in the tasks' order. Never rejects. */
  async run(): Promise<TaskResult<T>[]> {
    const signal = this.options.signal;
    const onAbort = (): void => this.cancelAll();
    if (signal?.aborted) this.cancelAll();
    else signal?.addEventListener('abort', onAbort, { once: true });
    this.pump();
    await this.done;
    signal?.removeEventListener('abort', onAbort);
    return this.states.map((s) => s.result ?? { status: 'cancelled' });
  }

  /** Cancels one task: aborted if running, never started if waiting. */
  cancel(id: string): void {
    const state = this.states.find((s) => s.task.id === id);
    if (!state || state.result) return;
    state.controller.abort();
    const waiting = this.pending.indexOf(state);
    if (waiting >= 0) {
      this.pending.splice(waiting, 1);
      this.settle(state, { status: 'cancelled' });
    }
    this.pump();
  }

  cancelAll(): void {
    this.cancelledAll = true;
    for (const state of this.states) if (!state.result) state.controller.abort();
    this.pump();
  }

  /** Tasks running now. */
  get runningCount(): number {
    return this.running;
  }

  /** When the queue may start tasks again (clock ms), if it is paused now. */
  get pausedUntilTime(): number | undefined {
    return this.pausedUntil > this.clock.now() ? this.pausedUntil : undefined;
  }

  /** Resolves once the queue is not paused (true if it had to wait); rejects when `signal` aborts. */
  private async waitToSend(signal: AbortSignal): Promise<boolean> {
    let waited = false;
    for (let wait = this.pausedUntil - this.clock.now(); wait > 0; wait = this.pausedUntil - this.clock.now()) {
      waited = true;
      await new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason as Error);
        const onAbort = (): void => {
          cancel();
          reject(signal.reason as Error);
        };
        const cancel = this.clock.setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, wait);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    return waited;
  }

  /** Starts what may start now; ends the run when nothing runs and nothing may start. */
  private pump(): void {
    if (this.cancelledAll || this.stopReason) this.dropPending();
    if (this.pending.length > 0 && this.waitForPause()) return this.finishIfIdle();
    while (this.running < Math.max(1, this.options.concurrency) && this.pending.length > 0) {
      this.start(this.pending.shift()!);
    }
    this.finishIfIdle();
  }

  private finishIfIdle(): void {
    if (this.running === 0 && this.pending.length === 0) {
      this.cancelWake?.();
      this.cancelWake = undefined;
      this.finish?.();
    }
  }

  /** True while paused; arranges to go on when the pause ends. */
  private waitForPause(): boolean {
    const wait = this.pausedUntil - this.clock.now();
    if (wait <= 0) return false;
    if (!this.cancelWake) {
      this.cancelWake = this.clock.setTimeout(() => {
        this.cancelWake = undefined;
        if (this.pausedUntil <= this.clock.now()) this.options.onEvent?.({ type: 'resumed' });
        this.pump();
      }, wait);
    }
    return true;
  }

  /** Tasks that will not start now: cancelled, or not started for the reason the queue stopped. */
  private dropPending(): void {
    for (const state of this.pending.splice(0)) {
      this.settle(
        state,
        this.stopReason && !this.cancelledAll ? { status: 'not-started', reason: this.stopReason.reason } : { status: 'cancelled' },
      );
    }
  }

  private start(state: TaskState<T>): void {
    this.running++;
    this.options.onEvent?.({ type: 'started', id: state.task.id });
    let promise: Promise<T>;
    try {
      promise = state.task.run(state.controller.signal, (signal) => this.waitToSend(signal));
    } catch (err) {
      promise = Promise.reject(err);
    }
    promise.then(
      (value) => this.ended(state, { status: 'saved', value }),
      (error: unknown) => this.ended(state, this.classify(state, error)),
    );
  }

  private ended(state: TaskState<T>, result: TaskResult<T> | 'retry'): void {
    this.running--;
    if (result === 'retry') this.pending.unshift(state);
    else this.settle(state, result);
    this.pump();
  }

  /** What a task's failure means for it and for the queue. */
  private classify(state: TaskState<T>, error: unknown): TaskResult<T> | 'retry' {
    if (state.controller.signal.aborted || this.options.isCancellation?.(error)) return { status: 'cancelled', error };
    if (this.options.stopsQueue(error)) {
      this.stop(state, error);
      return { status: 'not-started', reason: error };
    }
    const wait = this.options.rateLimitWait(error);
    if (wait === undefined) return { status: 'failed', error };
    if (wait > (this.options.maxPauseSeconds ?? DEFAULT_MAX_PAUSE_SECONDS)) {
      this.stop(state, error);
      return { status: 'failed', error };
    }
    if (state.rateLimited >= (this.options.maxRateLimitRetries ?? DEFAULT_RETRIES)) return { status: 'failed', error };
    state.rateLimited++;
    this.pause(state, wait);
    return this.cancelledAll || this.stopReason ? { status: 'failed', error } : 'retry';
  }

  private pause(state: TaskState<T>, seconds: number): void {
    const until = this.clock.now() + Math.max(0, seconds) * 1000;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    // A longer pause replaces the timer of a shorter one.
    this.cancelWake?.();
    this.cancelWake = undefined;
    this.options.onEvent?.({ type: 'paused', id: state.task.id, until });
  }

  private stop(state: TaskState<T>, reason: unknown): void {
    if (this.stopReason) return;
    this.stopReason = { reason };
    this.options.onEvent?.({ type: 'stopped', id: state.task.id, reason });
  }

  private settle(state: TaskState<T>, result: TaskResult<T>): void {
    state.result = result;
    this.options.onEvent?.({ type: 'finished', id: state.task.id, result });
  }
}
