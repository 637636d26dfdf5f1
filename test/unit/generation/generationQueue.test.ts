// The generation queue with fake tasks and a fake clock: the concurrency limit, a rate limit that
// pauses every task and retries the refused one, a budget refusal that stops the queue and names
// the tasks not started, failures that stay their own, and cancelling one task or all.
import * as assert from 'node:assert/strict';
import {
  GenerationQueue,
  type QueueClock,
  type QueueEvent,
  type QueueOptions,
  type QueueTask,
} from '../../../src/generation/generationQueue';

class FakeClock implements QueueClock {
  time = 0;
  private timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, fn, live: true };
    this.timers.push(timer);
    return () => (timer.live = false);
  }
  /** Moves time on by `ms`, firing the timers due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = due.at;
      due.live = false;
      due.fn();
      await flush();
    }
    this.time = end;
    await flush();
  }
  get pendingTimers(): number {
    return this.timers.filter((t) => t.live).length;
  }
}

class RateLimit extends Error {
  constructor(readonly seconds: number) {
    super(`429, retry after ${seconds} s`);
  }
}
class BudgetRefused extends Error {}
class Cancelled extends Error {}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A task the test finishes by hand; it records when it started and how often it ran. */
interface Manual {
  task: QueueTask<string>;
  runs: number;
  startedAt: number[];
  resolve(value?: string): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
}

function manual(id: string, clock: FakeClock, tracker: { now: number; max: number }): Manual {
  const m: Manual = {
    runs: 0,
    startedAt: [],
    resolve: () => undefined,
    reject: () => undefined,
    task: {
      id,
      run: (signal) =>
        new Promise<string>((resolve, reject) => {
          m.runs++;
          m.startedAt.push(clock.now());
          m.signal = signal;
          tracker.now++;
          tracker.max = Math.max(tracker.max, tracker.now);
          let settled = false;
          const done = (): void => {
            if (!settled) tracker.now--;
            settled = true;
          };
          m.resolve = (value = `${id} saved`) => (done(), resolve(value));
          m.reject = (error) => (done(), reject(error));
          signal.addEventListener('abort', () => m.reject(new Cancelled('aborted')), { once: true });
        }),
    },
  };
  return m;
}

function setup(count: number, overrides: Partial<QueueOptions<string>> = {}) {
  const clock = new FakeClock();
  const tracker = { now: 0, max: 0 };
  const tasks = Array.from({ length: count }, (_, i) => manual(`t${i}`, clock, tracker));
  const events: QueueEvent<string>[] = [];
  const queue = new GenerationQueue(
    tasks.map((t) => t.task),
    {
      concurrency: 2,
      clock,
      rateLimitWait: (e) => (e instanceof RateLimit ? e.seconds : undefined),
      stopsQueue: (e) => e instanceof BudgetRefused,
      isCancellation: (e) => e instanceof Cancelled,
      onEvent: (e) => events.push(e),
      ...overrides,
    },
  );
  const results = queue.run();
  return { clock, tracker, tasks, events, queue, results };
}

describe('GenerationQueue', () => {
  it('never runs more tasks at once than the concurrency, and runs them all', async () => {
    const { tracker, tasks, results } = setup(7, { concurrency: 3 });
    await flush();
    const finished = new Set<Manual>();
    for (let round = 0; round < 7; round++) {
      assert.ok(tracker.now <= 3, `at most 3 at once (${tracker.now})`);
      // Finish the last started task first: the order must not matter.
      const open = tasks.filter((t) => t.runs === 1 && !finished.has(t));
      const next = open[open.length - 1];
      assert.ok(next, 'a task is running');
      finished.add(next);
      next.resolve();
      await flush();
    }
    const out = await results;
    assert.equal(tracker.max, 3);
    assert.deepEqual(
      out.map((r) => r.status),
      Array(7).fill('saved'),
    );
    assert.deepEqual(out[4], { status: 'saved', value: 't4 saved' });
  });

  it('a rate limit pauses the whole queue; running tasks go on; the refused task runs again after the wait', async () => {
    const { clock, tasks, events, results, queue } = setup(4);
    await flush();
    assert.deepEqual(
      tasks.map((t) => t.runs),
      [1, 1, 0, 0],
    );
    tasks[0]!.reject(new RateLimit(12));
    await flush();
    // t0 was put back; a free slot does not start t2 while paused.
    assert.deepEqual(
      tasks.map((t) => t.runs),
      [1, 1, 0, 0],
    );
    assert.equal(queue.pausedUntilTime, 12_000);
    assert.ok(events.some((e) => e.type === 'paused' && e.until === 12_000 && e.id === 't0'));
    tasks[1]!.resolve();
    await flush();
    await clock.advance(11_999);
    assert.deepEqual(
      tasks.map((t) => t.runs),
      [1, 1, 0, 0],
      'nothing starts during the wait, even with both slots free',
    );
    await clock.advance(1);
    assert.ok(events.some((e) => e.type === 'resumed'));
    // The rate-limited task goes first, then the next one.
    assert.deepEqual(tasks[0]!.startedAt, [0, 12_000]);
    assert.deepEqual(tasks[2]!.startedAt, [12_000]);
    assert.equal(tasks[3]!.runs, 0);
    tasks[0]!.resolve();
    tasks[2]!.resolve();
    await flush();
    tasks[3]!.resolve();
    const out = await results;
    assert.deepEqual(
      out.map((r) => r.status),
      ['saved', 'saved', 'saved', 'saved'],
    );
  });

  it('a task started before the pause that has not sent yet waits for it at waitToSend; cancelling it there rejects', async () => {
    const clock = new FakeClock();
    const sentAt: number[] = [];
    let limitedRuns = 0;
    const gateCancel = new AbortController();
    const later = (ms: number): Promise<void> => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const tasks: QueueTask<string>[] = [
      {
        id: 'limited',
        run: async () => {
          if (++limitedRuns === 1) throw new RateLimit(5);
          return 'sent again';
        },
      },
      {
        id: 'slow-start',
        run: async (signal, waitToSend) => {
          await later(500);
          const waited = await waitToSend(signal);
          sentAt.push(clock.now());
          return waited ? 'waited' : 'went';
        },
      },
      {
        id: 'cancelled-at-the-gate',
        run: async (_signal, waitToSend) => {
          await later(100);
          await waitToSend(gateCancel.signal);
          return 'sent';
        },
      },
    ];
    const queue = new GenerationQueue(tasks, {
      concurrency: 3,
      clock,
      rateLimitWait: (e) => (e instanceof RateLimit ? e.seconds : undefined),
      stopsQueue: () => false,
    });
    const results = queue.run();
    await flush();
    await clock.advance(1000);
    assert.deepEqual(sentAt, [], 'held at the gate during the pause');
    gateCancel.abort(new Cancelled('cancelled while waiting'));
    await clock.advance(4000);
    const out = await results;
    assert.deepEqual(sentAt, [5000], 'it sent when the pause ended, not at 500 ms');
    assert.deepEqual(out[0], { status: 'saved', value: 'sent again' });
    assert.deepEqual(out[1], { status: 'saved', value: 'waited' });
    assert.equal(out[2]!.status, 'failed');
    assert.ok((out[2] as { error: unknown }).error instanceof Cancelled);
  });

  it('a second rate limit during a pause extends it, never shortens it', async () => {
    const { clock, tasks, queue, results } = setup(3);
    await flush();
    tasks[0]!.reject(new RateLimit(10));
    await flush();
    await clock.advance(2000);
    tasks[1]!.reject(new RateLimit(3));
    await flush();
    assert.equal(queue.pausedUntilTime, 10_000, 'the shorter one does not shorten it');
    await clock.advance(8000);
    assert.equal(tasks[0]!.runs, 2);
    assert.equal(tasks[1]!.runs, 2);
    tasks[0]!.resolve();
    tasks[1]!.resolve();
    await flush();
    tasks[2]!.resolve();
    assert.deepEqual(
      (await results).map((r) => r.status),
      ['saved', 'saved', 'saved'],
    );
  });

  it('a task rate-limited too often fails with the rate limit; a wait beyond the longest pause stops the queue', async () => {
    const { clock, tasks, results } = setup(1, { maxRateLimitRetries: 2 });
    for (let i = 0; i < 3; i++) {
      await flush();
      tasks[0]!.reject(new RateLimit(1));
      await flush();
      await clock.advance(1000);
    }
    const out = await results;
    assert.equal(out[0]!.status, 'failed');
    assert.equal(tasks[0]!.runs, 3);

    const long = setup(3, { maxPauseSeconds: 60 });
    await flush();
    const quota = new RateLimit(86_400);
    long.tasks[0]!.reject(quota);
    await flush();
    long.tasks[1]!.resolve();
    const stopped = await long.results;
    assert.deepEqual(
      stopped.map((r) => r.status),
      ['failed', 'saved', 'not-started'],
    );
    assert.equal((stopped[2] as { reason: unknown }).reason, quota);
    assert.equal(long.clock.pendingTimers, 0);
  });

  it('a budget refusal stops the queue: running tasks finish, the rest are named as not started with the reason', async () => {
    const { tasks, events, results } = setup(5);
    await flush();
    const refusal = new BudgetRefused('monthly budget');
    tasks[1]!.reject(refusal);
    await flush();
    assert.equal(tasks[2]!.runs, 0, 'nothing starts after the refusal');
    tasks[0]!.resolve();
    const out = await results;
    assert.deepEqual(
      out.map((r) => r.status),
      ['saved', 'not-started', 'not-started', 'not-started', 'not-started'],
    );
    for (const r of out.slice(1)) assert.equal((r as { reason: unknown }).reason, refusal);
    assert.deepEqual(
      tasks.map((t) => t.runs),
      [1, 1, 0, 0, 0],
    );
    assert.ok(events.some((e) => e.type === 'stopped' && e.id === 't1'));
  });

  it('a failure is that task’s own: the others run on', async () => {
    const { tasks, results } = setup(3);
    await flush();
    const boom = new Error('provider_error');
    tasks[0]!.reject(boom);
    await flush();
    tasks[1]!.resolve();
    await flush();
    tasks[2]!.resolve();
    const out = await results;
    assert.deepEqual(out[0], { status: 'failed', error: boom });
    assert.deepEqual(
      out.map((r) => r.status),
      ['failed', 'saved', 'saved'],
    );
  });

  it('cancels one task (running or waiting) and the others go on', async () => {
    const { tasks, queue, results } = setup(4);
    await flush();
    queue.cancel('t0');
    queue.cancel('t3');
    await flush();
    assert.equal(tasks[0]!.signal?.aborted, true);
    assert.equal(tasks[2]!.runs, 1, 't2 took the freed slot');
    tasks[1]!.resolve();
    tasks[2]!.resolve();
    const out = await results;
    assert.deepEqual(
      out.map((r) => r.status),
      ['cancelled', 'saved', 'saved', 'cancelled'],
    );
    assert.equal(tasks[3]!.runs, 0, 'a cancelled waiting task never runs');
  });

  it('a task cancelled from elsewhere (its job cancelled) is cancelled, not failed', async () => {
    const { tasks, results } = setup(1);
    await flush();
    tasks[0]!.reject(new Cancelled('cancelled from the running list'));
    assert.equal((await results)[0]!.status, 'cancelled');
  });

  it('cancel-all through the signal aborts the running tasks, starts nothing more, and ends a pause at once', async () => {
    const controller = new AbortController();
    const { clock, tasks, results } = setup(4, { signal: controller.signal });
    await flush();
    tasks[0]!.reject(new RateLimit(30));
    await flush();
    controller.abort();
    const out = await results;
    assert.deepEqual(
      out.map((r) => r.status),
      ['cancelled', 'cancelled', 'cancelled', 'cancelled'],
    );
    assert.equal(tasks[1]!.signal?.aborted, true);
    assert.deepEqual(
      tasks.map((t) => t.runs),
      [1, 1, 0, 0],
    );
    assert.equal(clock.pendingTimers, 0, 'the pause timer is gone');
  });

  it('an already aborted signal runs nothing; an empty queue resolves at once', async () => {
    const controller = new AbortController();
    controller.abort();
    const { tasks, results } = setup(2, { signal: controller.signal });
    assert.deepEqual(
      (await results).map((r) => r.status),
      ['cancelled', 'cancelled'],
    );
    assert.equal(tasks[0]!.runs, 0);
    assert.deepEqual(await setup(0).results, []);
  });

  it('a task that throws synchronously fails on its own', async () => {
    const queue = new GenerationQueue<string>(
      [
        {
          id: 'a',
          run: () => {
            throw new Error('sync');
          },
        },
        { id: 'b', run: () => Promise.resolve('ok') },
      ],
      { concurrency: 1, rateLimitWait: () => undefined, stopsQueue: () => false },
    );
    assert.deepEqual(
      (await queue.run()).map((r) => r.status),
      ['failed', 'saved'],
    );
  });
});
