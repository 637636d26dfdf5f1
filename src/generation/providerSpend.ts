// What the provider itself says was spent today and this month, for the dollar budgets. The usage
// endpoint gives one cumulative figure (`cumulative_cost_usd`, all time); the spend of a period is
// how far it moved since the first reading in that period. That is a lower bound (what was spent
// before the first reading of the day is not seen), so the budgets count the larger of it and the
// extension's own estimate: spending by other clients of the same key is counted too, and no figure
// is invented. One account per base URL and key (the key is kept only as a short hash).
// No vscode import: the store is a Memento-like object.
import { createHash } from 'node:crypto';
import type { Spend, SpentSoFar } from './budgets';
import { localDay } from './usageStats';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

interface Baseline {
  /** `YYYY-MM-DD` or `YYYY-MM` (local time). */
  period: string;
  usd: number;
  /** ISO time of the reading the period starts from. */
  at: string;
}

interface AccountSpend {
  day: Baseline;
  month: Baseline;
  last: { usd: number; at: string };
}

/** The provider's spend of one period, and since when it is known. */
export interface ProviderPeriodSpend {
  usd: number;
  /** ISO time of the first reading of the period: spend before it is not in `usd`. */
  since: string;
}

export interface ProviderSpendSoFar {
  today?: ProviderPeriodSpend;
  thisMonth?: ProviderPeriodSpend;
}

const STORE_KEY = 'videoGen.providerSpend';
/** Accounts kept: a few base URLs and keys, not an unbounded list. */
const MAX_ACCOUNTS = 8;

export function accountId(baseUrl: string, apiKey: string): string {
  return `${baseUrl}#${createHash('sha256').update(apiKey).digest('hex').slice(0, 12)}`;
}

export class ProviderSpend {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records a cumulative cost the usage endpoint gave for the account. */
  async record(account: string, cumulativeUsd: number, at: Date = this.now()): Promise<void> {
    if (!Number.isFinite(cumulativeUsd) || cumulativeUsd < 0) return;
    const all = this.read();
    const day = localDay(at);
    const month = day.slice(0, 7);
    const iso = at.toISOString();
    const previous = all[account];
    // A figure that went down (a reset account, another account behind the same URL) starts over.
    const reset = !previous || cumulativeUsd < previous.last.usd;
    const start = (period: string): Baseline => ({ period, usd: cumulativeUsd, at: iso });
    const next: AccountSpend = {
      day: !reset && previous.day.period === day ? previous.day : start(day),
      month: !reset && previous.month.period === month ? previous.month : start(month),
      last: { usd: cumulativeUsd, at: iso },
    };
    const kept = Object.entries({ ...all, [account]: next })
      .sort((a, b) => b[1].last.at.localeCompare(a[1].last.at))
      .slice(0, MAX_ACCOUNTS);
    await this.store.update(STORE_KEY, Object.fromEntries(kept));
  }

  /**
   * What the provider's figures say was spent today and this month through `baseUrl`, summed over
   * the keys read there (each its own account); absent: not known.
   */
  spent(baseUrl: string): ProviderSpendSoFar {
    const day = localDay(this.now());
    const month = day.slice(0, 7);
    const states = Object.entries(this.read())
      .filter(([id]) => id.startsWith(`${baseUrl}#`))
      .map(([, state]) => state);
    const period = (pick: (s: AccountSpend) => Baseline, current: string): ProviderPeriodSpend | undefined => {
      const within = states.filter((s) => pick(s).period === current);
      if (!within.length) return undefined;
      return {
        usd: within.reduce((sum, s) => sum + Math.max(0, s.last.usd - pick(s).usd), 0),
        since: within.map((s) => pick(s).at).sort()[within.length - 1]!,
      };
    };
    return { today: period((s) => s.day, day), thisMonth: period((s) => s.month, month) };
  }

  private read(): Record<string, AccountSpend> {
    const value = this.store.get<unknown>(STORE_KEY);
    if (!value || typeof value !== 'object') return {};
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => isAccountSpend(v))) as Record<
      string,
      AccountSpend
    >;
  }
}

function isBaseline(v: unknown): v is Baseline {
  const b = v as Baseline;
  return !!b && typeof b.period === 'string' && typeof b.usd === 'number' && typeof b.at === 'string';
}

function isAccountSpend(v: unknown): v is AccountSpend {
  const a = v as AccountSpend;
  return !!a && isBaseline(a.day) && isBaseline(a.month) && !!a.last && typeof a.last.usd === 'number' && typeof a.last.at === 'string';
}

/**
 * What the dollar budgets count: for each period, the larger of the extension's own estimate and
 * what the provider's cumulative cost moved by (both lower bounds of the truth).
 */
export function withProviderSpend(local: SpentSoFar, provider: ProviderSpendSoFar): SpentSoFar {
  const larger = (own: Spend, theirs: ProviderPeriodSpend | undefined): Spend =>
    theirs && theirs.usd > own.usd ? { ...own, usd: theirs.usd } : own;
  return { today: larger(local.today, provider.today), thisMonth: larger(local.thisMonth, provider.thisMonth) };
}
