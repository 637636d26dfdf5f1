// GET {baseUrl}/usage: the account's usage, read tolerantly. The provider's pages about it are cut
// off and disagree on names, so every documented name and place of a figure is read, unknown
// fields stay in `raw`, a missing figure is simply absent (never 0, never estimated), and a body of
// any shape gives a report (possibly empty) rather than an error. A server without the endpoint
// (404) is an outcome of its own, `{available: false}`: the caller says it cannot read usage there
// and works on. Any other failure is the usual typed error (401 invalid_api_key, network, ...).
//
// Names read (contract, "Usage"):
// - plan: `account_information.current_plan`, or the older `account_information.plan`;
// - username: `account_information.username`;
// - cumulative cost: `billing_information.cumulative_cost_usd` (the docs), `cumulative_token_cost_usd`
//   (the provider's own client), `cumulative_token_cost` (older pages), first found in that order;
// - paid: `billing_information.total_amount_paid_usd`, or the older `total_paid`;
// - per model: `model_specific_usage` inside `account_information` and at the top level (both read;
//   where both give a figure for the same model, the top level's wins: the provider's newer layout
//   puts it there, the docs' older one inside; a disagreement is listed in `conflicts` so no verdict
//   rests on it). Each entry: `total_requests`, `successful_requests`, every field whose name holds
//   `cost` (USD, by its own name: no video cost field is documented), `last_used` (Unix seconds);
//   a list of entries carrying `model`/`model_id`/`id`/`name` is read too;
// - limits: `rate_limits_and_restrictions.requests_per_minute_limit` / `requests_per_day_limit`;
// - days remaining: `subscription_details.effective_days_remaining`.
// Figures may come as numbers or numeric strings; counts must be whole and not negative.
import { getJson, type ApiCallOptions } from './apiRequest';
import { VideoGenError } from './errors';

export interface ModelUsage {
  totalRequests?: number;
  successfulRequests?: number;
  /** Every `*cost*` field of the entry, by its name, in USD. */
  costs: Record<string, number>;
  /** ISO time. */
  lastUsed?: string;
}

export interface UsageReport {
  plan?: string;
  username?: string;
  cumulativeCostUsd?: { value: number; field: string };
  totalPaidUsd?: number;
  /** By model id. Look entries up with `Object.hasOwn` (ids are the server's strings). */
  models: Record<string, ModelUsage>;
  rateLimits: { perMinute?: number; perDay?: number };
  daysRemaining?: number;
  /** Documented sections the answer held (`model_specific_usage` when found in either place). */
  sections: string[];
  /** Figures the two places of `model_specific_usage` gave differently, as `<model>.<field>`. */
  conflicts: string[];
  /** When it was read (ISO). */
  readAt: string;
  /** The answer as it came. */
  raw: unknown;
}

/** The usage, or that the server has no usage endpoint. */
export type UsageFetch =
  { available: true; report: UsageReport } | { available: false; status: number; requestId?: string; reason: string };

export const USAGE_SECTIONS = [
  'account_information',
  'subscription_details',
  'billing_information',
  'rate_limits_and_restrictions',
  'usage_statistics',
  'model_specific_usage',
] as const;

const MAX_USAGE_BYTES = 2 * 1024 * 1024;
/** Usage is a quick read, not a generation. */
const USAGE_TIMEOUT_MS = 20_000;
/** Statuses meaning "no such endpoint here". */
const UNAVAILABLE_STATUSES = new Set([404, 501]);

export interface FetchUsageOptions {
  /** `?section=a,b`; omitted = all sections. */
  sections?: readonly string[];
  /** When the reading is taken (default: now). */
  now?: () => Date;
}

/**
 * Reads the account's usage. Resolves `{available: false}` when the server has no usage endpoint
 * (404, or 501); throws the usual VideoGenError otherwise (401 is `invalid_api_key`).
 */
export async function fetchUsage(call: ApiCallOptions, signal?: AbortSignal, options: FetchUsageOptions = {}): Promise<UsageFetch> {
  const signals = [call.signal, signal].filter((s): s is AbortSignal => s !== undefined);
  const merged = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const query = { section: options.sections?.length ? options.sections.join(',') : undefined };
  try {
    const json = await getJson({ ...call, signal: merged }, 'usage', query, {
      defaultTimeoutMs: USAGE_TIMEOUT_MS,
      maxBytes: MAX_USAGE_BYTES,
      what: 'The usage',
    });
    return { available: true, report: parseUsage(json, (options.now ?? (() => new Date()))()) };
  } catch (err) {
    if (err instanceof VideoGenError && err.status !== undefined && UNAVAILABLE_STATUSES.has(err.status)) {
      return {
        available: false,
        status: err.status,
        requestId: err.requestId,
        reason: `The server has no usage endpoint (HTTP ${err.status}), so the usage cannot be read there.`,
      };
    }
    throw err;
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property only (a body can hold `__proto__` or `constructor` as keys). */
function get(o: unknown, key: string): unknown {
  return isObj(o) && Object.hasOwn(o, key) ? o[key] : undefined;
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number, or a string that is exactly one; anything else is not a figure. */
export function readNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    if (!NUMERIC.test(t)) return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function readCount(v: unknown): number | undefined {
  const n = readNumber(v);
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function readString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** Unix seconds (number or numeric string), or a date string; as ISO. */
function readTime(v: unknown): string | undefined {
  const n = readNumber(v);
  let ms: number | undefined;
  if (n !== undefined) ms = n * 1000;
  else if (typeof v === 'string' && /\d{4}-\d{2}-\d{2}/.test(v)) ms = Date.parse(v);
  if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

function first<T>(o: unknown, names: readonly string[], read: (v: unknown) => T | undefined): { value: T; field: string } | undefined {
  for (const field of names) {
    const value = read(get(o, field));
    if (value !== undefined) return { value, field };
  }
  return undefined;
}

function readModelEntry(entry: unknown): ModelUsage {
  const usage: ModelUsage = { costs: {} };
  if (!isObj(entry)) return usage;
  const total = readCount(get(entry, 'total_requests'));
  if (total !== undefined) usage.totalRequests = total;
  const successful = readCount(get(entry, 'successful_requests'));
  if (successful !== undefined) usage.successfulRequests = successful;
  const costs: Array<[string, number]> = [];
  for (const [name, value] of Object.entries(entry)) {
    if (!/cost/i.test(name)) continue;
    const n = readNumber(value);
    if (n !== undefined) costs.push([name, n]);
  }
  usage.costs = Object.fromEntries(costs);
  const lastUsed = readTime(get(entry, 'last_used'));
  if (lastUsed !== undefined) usage.lastUsed = lastUsed;
  return usage;
}

/** `{<model>: {...}}`, or a list of entries naming their model. */
function readModelTable(table: unknown): Array<[string, ModelUsage]> {
  if (isObj(table)) return Object.entries(table).map(([id, entry]) => [id, readModelEntry(entry)]);
  if (Array.isArray(table)) {
    const out: Array<[string, ModelUsage]> = [];
    for (const entry of table) {
      const id = first(entry, ['model', 'model_id', 'id', 'name'], readString);
      if (id) out.push([id.value, readModelEntry(entry)]);
    }
    return out;
  }
  return [];
}

function sameFigure(a: unknown, b: unknown): boolean {
  return a === undefined || b === undefined || a === b;
}

/** Merges the two places: the top level wins; where both give a figure and differ, it is a conflict. */
function mergeModels(inside: Array<[string, ModelUsage]>, top: Array<[string, ModelUsage]>, conflicts: string[]): Map<string, ModelUsage> {
  const models = new Map<string, ModelUsage>();
  for (const [id, entry] of inside) models.set(id, entry);
  for (const [id, entry] of top) {
    const prior = models.get(id);
    if (!prior) {
      models.set(id, entry);
      continue;
    }
    if (!sameFigure(prior.totalRequests, entry.totalRequests)) conflicts.push(`${id}.total_requests`);
    if (!sameFigure(prior.successfulRequests, entry.successfulRequests)) conflicts.push(`${id}.successful_requests`);
    for (const name of Object.keys(entry.costs)) {
      if (Object.hasOwn(prior.costs, name) && prior.costs[name] !== entry.costs[name]) conflicts.push(`${id}.${name}`);
    }
    models.set(id, {
      totalRequests: entry.totalRequests ?? prior.totalRequests,
      successfulRequests: entry.successfulRequests ?? prior.successfulRequests,
      costs: Object.fromEntries([...Object.entries(prior.costs), ...Object.entries(entry.costs)]),
      lastUsed: entry.lastUsed ?? prior.lastUsed,
    });
  }
  for (const m of models.values()) {
    for (const k of ['totalRequests', 'successfulRequests', 'lastUsed'] as const) if (m[k] === undefined) delete m[k];
  }
  return models;
}

/** Reads a usage answer of any shape into a report; never throws. */
export function parseUsage(json: unknown, readAt: Date | string = new Date()): UsageReport {
  const account = get(json, 'account_information');
  const billing = get(json, 'billing_information');
  const limits = get(json, 'rate_limits_and_restrictions');
  const subscription = get(json, 'subscription_details');
  const conflicts: string[] = [];
  const insideTable = get(account, 'model_specific_usage');
  const topTable = get(json, 'model_specific_usage');
  const models = mergeModels(readModelTable(insideTable), readModelTable(topTable), conflicts);

  const at = readAt instanceof Date ? readAt : new Date(readAt);
  const report: UsageReport = {
    models: Object.fromEntries(models),
    rateLimits: {},
    sections: USAGE_SECTIONS.filter((name) =>
      name === 'model_specific_usage'
        ? isObj(insideTable) || Array.isArray(insideTable) || isObj(topTable) || Array.isArray(topTable)
        : isObj(get(json, name)),
    ),
    conflicts,
    readAt: Number.isFinite(at.getTime()) ? at.toISOString() : new Date().toISOString(),
    raw: json,
  };
  const plan = first(account, ['current_plan', 'plan'], readString);
  if (plan) report.plan = plan.value;
  const username = readString(get(account, 'username'));
  if (username !== undefined) report.username = username;
  const cost = first(billing, ['cumulative_cost_usd', 'cumulative_token_cost_usd', 'cumulative_token_cost'], readNumber);
  if (cost) report.cumulativeCostUsd = cost;
  const paid = first(billing, ['total_amount_paid_usd', 'total_paid'], readNumber);
  if (paid) report.totalPaidUsd = paid.value;
  const perMinute = readCount(get(limits, 'requests_per_minute_limit'));
  if (perMinute !== undefined) report.rateLimits.perMinute = perMinute;
  const perDay = readCount(get(limits, 'requests_per_day_limit'));
  if (perDay !== undefined) report.rateLimits.perDay = perDay;
  const days = readNumber(get(subscription, 'effective_days_remaining'));
  if (days !== undefined) report.daysRemaining = days;
  return report;
}
