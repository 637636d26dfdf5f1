// How much was generated: generations and seconds per model, today and in total, and what the
// budgets count (this month too, with estimated dollars). Users of every paid generation tool ask
// to see this before they pay. Kept in global state (no vscode import:
// any get/update store will do); never anything about the key.

import type { Spend, SpentSoFar } from './budgets';

export interface UsageStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface ModelUsage {
  generations: number;
  seconds: number;
  /** Estimated USD of those whose model had a price (absent in counts older than the budgets). */
  usd?: number;
}

/** Generations that may have been billed but saved nothing, on one day. */
interface UnsavedDay {
  generations: number;
  usd: number;
}

interface StoredUsage {
  version: 1;
  total: Record<string, ModelUsage>;
  /** Local dates (YYYY-MM-DD) → model → usage; only the last 31 days are kept. */
  days: Record<string, Record<string, ModelUsage>>;
  /** Local dates → generations that may have been billed but saved nothing (a dropped answer, a
   * timeout, a cancel after sending): they count towards the daily limit. Last 31 days. */
  unsaved?: Record<string, number | UnsavedDay>;
}

export interface UsageSummary {
  today: { generations: number; seconds: number; byModel: Record<string, ModelUsage> };
  total: { generations: number; seconds: number; byModel: Record<string, ModelUsage> };
}

const KEY = 'videoGen.usage';
const KEEP_DAYS = 31;

export function localDay(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

function sum(byModel: Record<string, ModelUsage>): { generations: number; seconds: number } {
  let generations = 0;
  let seconds = 0;
  for (const u of Object.values(byModel)) {
    generations += u.generations;
    seconds += u.seconds;
  }
  return { generations, seconds };
}

function add(map: Record<string, ModelUsage>, model: string, seconds: number, usd: number | undefined): void {
  const u = (map[model] ??= { generations: 0, seconds: 0 });
  u.generations += 1;
  u.seconds += seconds;
  if (usd !== undefined) u.usd = (u.usd ?? 0) + usd;
}

function unsavedOf(value: number | UnsavedDay | undefined): UnsavedDay {
  if (typeof value === 'number') return { generations: value, usd: 0 };
  return value ?? { generations: 0, usd: 0 };
}

export class UsageStats {
  constructor(
    private readonly store: UsageStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private read(): StoredUsage {
    const stored = this.store.get<StoredUsage>(KEY);
    return stored?.version === 1 ? stored : { version: 1, total: {}, days: {} };
  }

  /** Counts one saved generation of `seconds` seconds with `model`, estimated at `usd` when priced. */
  async record(model: string, seconds: number, usd?: number): Promise<void> {
    const usage = this.read();
    const day = localDay(this.now());
    add(usage.total, model, seconds, usd);
    add((usage.days[day] ??= {}), model, seconds, usd);
    usage.days = lastDays(usage.days);
    await this.store.update(KEY, usage);
  }

  /** Counts one generation that may have been billed although nothing was saved. */
  async recordUnsaved(usd?: number): Promise<void> {
    const usage = this.read();
    const day = localDay(this.now());
    const unsaved = usage.unsaved ?? {};
    const before = unsavedOf(unsaved[day]);
    unsaved[day] = { generations: before.generations + 1, usd: before.usd + (usd ?? 0) };
    usage.unsaved = lastDays(unsaved);
    await this.store.update(KEY, usage);
  }

  summary(): UsageSummary {
    const usage = this.read();
    const today = usage.days[localDay(this.now())] ?? {};
    return { today: { ...sum(today), byModel: today }, total: { ...sum(usage.total), byModel: usage.total } };
  }

  /** Generations saved today (local time). */
  generationsToday(): number {
    return this.summary().today.generations;
  }

  /** What the budgets count, today and this calendar month: saved and possibly billed generations. */
  spent(): SpentSoFar {
    const usage = this.read();
    const today = localDay(this.now());
    const month = today.slice(0, 7);
    const spentOn = (day: string): Spend => {
      const saved = Object.values(usage.days[day] ?? {});
      const unsaved = unsavedOf(usage.unsaved?.[day]);
      return {
        generations: saved.reduce((n, u) => n + u.generations, 0) + unsaved.generations,
        usd: saved.reduce((n, u) => n + (u.usd ?? 0), 0) + unsaved.usd,
      };
    };
    // The 31 days kept always hold the whole of the current month.
    const days = new Set([...Object.keys(usage.days), ...Object.keys(usage.unsaved ?? {})]);
    const thisMonth = [...days].filter((d) => d.startsWith(month)).map(spentOn);
    return {
      today: spentOn(today),
      thisMonth: thisMonth.reduce((a, b) => ({ generations: a.generations + b.generations, usd: a.usd + b.usd }), {
        generations: 0,
        usd: 0,
      }),
    };
  }
}

function lastDays<T>(byDay: Record<string, T>): Record<string, T> {
  const keep = Object.keys(byDay).sort().slice(-KEEP_DAYS);
  return Object.fromEntries(keep.map((d) => [d, byDay[d]!]));
}

/**
 * A cost estimate from a `/models?pricing` object, whose shape is undocumented: only shapes that
 * plainly state a price per second or per video are read; anything else gives no estimate (never
 * an invented one).
 */
/** The estimate in US dollars, or undefined when there is none or it is in another currency. */
export function usdEstimate(pricing: unknown, seconds: number): number | undefined {
  const estimate = estimateCost(pricing, seconds);
  return estimate?.currency === 'USD' ? estimate.amount : undefined;
}

export function estimateCost(pricing: unknown, seconds: number): { amount: number; currency: string } | undefined {
  if (!pricing || typeof pricing !== 'object') return undefined;
  const p = pricing as Record<string, unknown>;
  const currency = typeof p.currency === 'string' && /^[A-Z]{3}$/.test(p.currency) ? p.currency : 'USD';
  const num = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
  const perSecond = num(p.per_second) ?? num(p.usd_per_second) ?? num(p.price_per_second);
  if (perSecond !== undefined) return { amount: perSecond * seconds, currency };
  const perVideo = num(p.per_video) ?? num(p.per_request) ?? num(p.per_generation);
  if (perVideo !== undefined) return { amount: perVideo, currency };
  return undefined;
}
