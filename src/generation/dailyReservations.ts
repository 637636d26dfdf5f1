// The daily limit holds under concurrency: a generation counts from the moment it is sent, not
// from when its video is saved, so starts that run together cannot all pass the limit. A
// reservation is taken right before the request goes out (with no await between the check and
// the count) and settled when the job ends: a saved video or one that may have been billed stays
// counted (in UsageStats); one that certainly cost nothing is given back. No vscode import.

export interface DailyReservation {
  /** Gives the reservation back; idempotent. Call after the outcome is recorded in the usage. */
  release(): void;
}

export class DailyReservations {
  private held = 0;

  /** `countedToday` returns the generations already counted today (saved or possibly billed). */
  constructor(private readonly countedToday: () => number) {}

  /** Generations counted today plus those running now. */
  get inUse(): number {
    return this.countedToday() + this.held;
  }

  /** True when one more generation would go over `limit` (0 means no limit). */
  wouldExceed(limit: number): boolean {
    return limit > 0 && this.inUse >= limit;
  }

  /** Reserves one generation, or returns undefined when the limit is reached. */
  reserve(limit: number): DailyReservation | undefined {
    if (this.wouldExceed(limit)) return undefined;
    this.held += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.held -= 1;
      },
    };
  }
}
