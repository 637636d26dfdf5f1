// When to read the provider's usage (GET /usage): on demand, a little after generations finish, and
// when the view showing it comes into sight with an old reading. Never on a loop: a timer exists only
// between a finished generation and its debounced read, and only while the view is visible; while
// it is hidden, a finished generation just marks the reading as out of date, to be read when the
// view is shown again. One read at a time: a refresh asked for while one runs joins it. No vscode
// import: unit-tested in plain Node with a fake clock.
import type { UsageFetch } from '../api/usage';

export interface ScheduleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: ScheduleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface RefreshScheduleOptions {
  /** Wait this long after the last finished generation before reading (several finishing together read once). */
  debounceMs?: number;
  /** A reading older than this is read again when the view becomes visible. */
  staleMs?: number;
  clock?: ScheduleClock;
}

export const USAGE_DEBOUNCE_MS = 2000;
export const USAGE_STALE_MS = 60_000;

export class RefreshSchedule {
  private inFlight: Promise<void> | undefined;
  private timer: unknown;
  private visible = false;
  /** Something happened (a generation finished, the key changed) since the last read. */
  private outdated = true;
  /** A read was due while another ran: it may have started before what it should count. */
  private againAfterFlight = false;
  private lastReadAt: number | undefined;
  private disposed = false;
  private readonly debounceMs: number;
  private readonly staleMs: number;
  private readonly clock: ScheduleClock;

  /** `read` does the reading and keeps it; it should not throw (a failure is a reading too). */
  constructor(
    private readonly read: () => Promise<void>,
    options: RefreshScheduleOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? USAGE_DEBOUNCE_MS;
    this.staleMs = options.staleMs ?? USAGE_STALE_MS;
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** Reads now, or joins the read under way. */
  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.inFlight) return this.inFlight;
    this.cancelTimer();
    this.outdated = false;
    const flight = (async () => {
      try {
        await this.read();
      } catch {
        // `read` keeps its failures as readings; nothing to do here
      } finally {
        this.lastReadAt = this.clock.now();
        this.inFlight = undefined;
      }
      if (this.againAfterFlight) {
        this.againAfterFlight = false;
        if (this.visible) void this.refresh();
        else this.outdated = true;
      }
    })();
    this.inFlight = flight;
    return flight;
  }

  /** A generation finished (or the account changed): read a little later if the view is visible. */
  changed(): void {
    if (this.disposed) return;
    this.outdated = true;
    if (!this.visible) return;
    this.cancelTimer();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.inFlight) this.againAfterFlight = true;
      else void this.refresh();
    }, this.debounceMs);
  }

  /** The view was shown or hidden. Shown: read if out of date or old. Hidden: no timer stays. */
  setVisible(visible: boolean): void {
    if (this.disposed) return;
    this.visible = visible;
    if (!visible) {
      if (this.timer !== undefined) this.outdated = true;
      this.cancelTimer();
      return;
    }
    if (this.outdated || this.lastReadAt === undefined || this.clock.now() - this.lastReadAt > this.staleMs) void this.refresh();
  }

  get isVisible(): boolean {
    return this.visible;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** True while a debounced read waits (for tests and the log). */
  get timerPending(): boolean {
    return this.timer !== undefined;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
  }
}

/** The last reading of the provider's usage for one base URL, whatever came of it. */
export type UsageReading =
  | { kind: 'read'; fetch: UsageFetch; at: string }
  | { kind: 'noKey'; at: string }
  | {
      kind: 'failed';
      /** What happened, in plain words (never the key). */
      summary: string;
      /** What the user can do. */
      action?: string;
      code: string;
      status?: number;
      requestId?: string;
      at: string;
      /** The last good reading before this failure, still shown (marked as such). */
      previous?: { fetch: UsageFetch; at: string };
    };
