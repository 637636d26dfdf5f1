// When the provider's usage is read: one read at a time, debounced after generations, never a timer
// while the view is hidden, and a read on becoming visible only when the reading is old or out of date.
import * as assert from 'node:assert/strict';
import { RefreshSchedule, type ScheduleClock } from '../../../src/generation/usageSchedule';

class FakeClock implements ScheduleClock {
  time = 1_000_000;
  private next = 1;
  readonly timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time on, running the timers that fall due. */
  advance(ms: number): void {
    this.time += ms;
    for (const [id, t] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= this.time) {
        this.timers.delete(id);
        t.fn();
      }
    }
  }
}

/** A read that stays open until `finish()`. */
function controlledRead(): { read: () => Promise<void>; calls: number; finish: () => void } {
  const state = {
    calls: 0,
    pending: [] as Array<() => void>,
    read: (): Promise<void> => {
      state.calls++;
      return new Promise<void>((resolve) => state.pending.push(resolve));
    },
    finish: (): void => {
      for (const r of state.pending.splice(0)) r();
    },
  };
  return state;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('usage refresh schedule', () => {
  it('runs one read at a time: a second refresh joins the first', async () => {
    const clock = new FakeClock();
    const r = controlledRead();
    const schedule = new RefreshSchedule(r.read, { clock });
    const a = schedule.refresh();
    const b = schedule.refresh();
    assert.equal(a, b);
    assert.equal(r.calls, 1);
    assert.equal(schedule.busy, true);
    r.finish();
    await a;
    assert.equal(schedule.busy, false);
    const c = schedule.refresh();
    assert.equal(r.calls, 2, 'a refresh after the first has settled reads again');
    r.finish();
    await c;
  });

  it('survives a read that throws', async () => {
    const schedule = new RefreshSchedule(() => Promise.reject(new Error('boom')), { clock: new FakeClock() });
    await schedule.refresh();
    assert.equal(schedule.busy, false);
  });

  it('reads once, 2 s after the last of several finished generations, while visible', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const schedule = new RefreshSchedule(
      async () => {
        calls++;
      },
      { clock, debounceMs: 2000 },
    );
    schedule.setVisible(true);
    await tick();
    assert.equal(calls, 1, 'becoming visible with no reading reads');
    schedule.changed();
    clock.advance(1500);
    schedule.changed();
    clock.advance(1500);
    schedule.changed();
    assert.equal(calls, 1);
    assert.equal(clock.timers.size, 1, 'one timer at most');
    clock.advance(2000);
    await tick();
    assert.equal(calls, 2);
    assert.equal(clock.timers.size, 0, 'no timer left once read: no polling');
    clock.advance(10 * 60_000);
    await tick();
    assert.equal(calls, 2, 'nothing reads on its own');
  });

  it('holds no timer while the view is hidden, and reads when it is shown again', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const schedule = new RefreshSchedule(
      async () => {
        calls++;
      },
      { clock },
    );
    schedule.changed();
    schedule.changed();
    assert.equal(clock.timers.size, 0, 'hidden from the start: no timer');
    assert.equal(calls, 0);
    schedule.setVisible(true);
    await tick();
    assert.equal(calls, 1);
    schedule.changed();
    assert.equal(clock.timers.size, 1);
    schedule.setVisible(false);
    assert.equal(clock.timers.size, 0, 'hiding the view drops the pending read');
    clock.advance(60_000);
    await tick();
    assert.equal(calls, 1);
    schedule.setVisible(true);
    await tick();
    assert.equal(calls, 2, 'the dropped read happens when the view is shown');
  });

  it('does not read again on becoming visible when the reading is fresh; does when older than a minute', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const schedule = new RefreshSchedule(
      async () => {
        calls++;
      },
      { clock, staleMs: 60_000 },
    );
    await schedule.refresh();
    schedule.setVisible(true);
    schedule.setVisible(false);
    clock.advance(30_000);
    schedule.setVisible(true);
    await tick();
    assert.equal(calls, 1, 'a 30 s old reading is shown as it is');
    schedule.setVisible(false);
    clock.advance(31_000);
    schedule.setVisible(true);
    await tick();
    assert.equal(calls, 2, 'a reading over a minute old is read again');
  });

  it('reads again after a read in flight when a generation finished during it', async () => {
    const clock = new FakeClock();
    const r = controlledRead();
    const schedule = new RefreshSchedule(r.read, { clock, debounceMs: 100 });
    schedule.setVisible(true);
    assert.equal(r.calls, 1);
    schedule.changed();
    clock.advance(100);
    assert.equal(r.calls, 1, 'joins nothing yet: waits for the read under way');
    r.finish();
    await tick();
    await tick();
    assert.equal(r.calls, 2, 'then reads once more, to count the generation');
    r.finish();
    await tick();
    assert.equal(r.calls, 2);
  });

  it('stops everything when disposed', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const schedule = new RefreshSchedule(
      async () => {
        calls++;
      },
      { clock },
    );
    schedule.setVisible(true);
    await tick();
    schedule.changed();
    schedule.dispose();
    assert.equal(clock.timers.size, 0);
    await schedule.refresh();
    assert.equal(calls, 1);
  });
});
