// The emulator's account usage (`GET /v1/usage`): counters per key and per model that move with the
// generations the emulator serves, and the answer written in one of the shapes the contract lists
// (the cost field's three names, `plan` or `current_plan`, `model_specific_usage` inside
// `account_information` or at the top level), or no endpoint at all (404, a gateway without it).
//
// When a generation counts:
// - `total_requests` moves for every generation request whose key is valid, as it arrives (whatever
//   then happens to it: a 400, an error scenario, a dropped connection). The gateway has seen it.
// - `successful_requests` and the cost move when the generation is billed. By default that is the
//   moment the emulator has produced the video and starts sending the answer (so `drop_mid_body`,
//   `truncated_json`, `stall_body`, `invalid_base64` are billed: the provider did the work, the
//   delivery failed). `empty_data`, the error scenarios and `drop_before_headers` are not billed by
//   default (a dropped connection before any answer is the case the extension must not guess
//   about). The scenario option `billed: true|false` overrides the default either way; with
//   `billed: true` a generation the client abandoned early still counts (the provider finished it).
// - The cost of one generation is the model's per-second price (the one `?pricing` lists) times the
//   requested duration; a model the emulator does not know costs nothing.
import { z } from 'zod';
import type { Plan } from './models';

/** How `GET /v1/usage` answers. */
export const usageShapeSchema = z.strictObject({
  /** false: no such endpoint (404, like a gateway without it). */
  available: z.boolean().default(true),
  /** `cumulative_cost_usd` (the docs), `cumulative_token_cost_usd` (the provider's own client), or
   * `legacy`: the older pages' `cumulative_token_cost` and `total_paid` (instead of `total_amount_paid_usd`). */
  costField: z.enum(['cumulative_cost_usd', 'cumulative_token_cost_usd', 'legacy']).default('cumulative_cost_usd'),
  /** Name of the plan field in `account_information`. */
  planField: z.enum(['current_plan', 'plan']).default('current_plan'),
  /** Where `model_specific_usage` goes; `none` leaves it out (no per-model figures at all). */
  modelUsageAt: z.enum(['account_information', 'top_level', 'none']).default('account_information'),
  /** Per-model field holding the video cost (USD); null leaves it out (only the documented
   * `token_cost_usd` and `image_cost_usd`, always 0, remain). */
  videoCostField: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .nullable()
    .default('video_cost_usd'),
  /** Write every figure as a numeric string (`"12"`, `"3.42"`), as some gateways do. */
  numbersAsStrings: z.boolean().default(false),
});

export type UsageShapeInput = z.input<typeof usageShapeSchema>;
export type UsageShape = z.output<typeof usageShapeSchema>;

export const USAGE_SECTIONS = [
  'account_information',
  'subscription_details',
  'billing_information',
  'rate_limits_and_restrictions',
  'usage_statistics',
  'model_specific_usage',
] as const;
export type UsageSection = (typeof USAGE_SECTIONS)[number];

/** `false` means `{available: false}`, `true` the default shape. */
export function parseUsageShape(input: unknown): UsageShape {
  if (input === false) return usageShapeSchema.parse({ available: false });
  if (input === true || input === undefined) return usageShapeSchema.parse({});
  return usageShapeSchema.parse(input);
}

/** Body of `POST /__emulator/usage`: generations another client ran with the same key. */
export const usageBumpSchema = z.strictObject({
  /** Whose usage (default: the first configured key). */
  key: z.string().min(1).optional(),
  model: z.string().min(1),
  /** Requests counted in `total_requests` (default 1). */
  requests: z.number().int().min(0).max(100_000).default(1),
  /** Of those, how many succeeded and were billed (default: all of them). */
  successful: z.number().int().min(0).max(100_000).optional(),
  /** Seconds per billed generation, for the cost (default 1). */
  duration: z.number().gt(0).max(60).default(1),
  /** Cost per billed generation in USD, instead of the model's price × duration. */
  costUsd: z.number().min(0).optional(),
});
export type UsageBumpInput = z.input<typeof usageBumpSchema>;

export const RATE_LIMITS = { requests_per_minute_limit: 10, requests_per_day_limit: 500 };
export const TOTAL_PAID_USD = 20;
export const DAYS_REMAINING = 30;

export interface ModelCounters {
  totalRequests: number;
  successfulRequests: number;
  costUsd: number;
  /** Unix seconds. */
  lastUsed: number;
}

/** Counters of every key, per model. */
export class UsageBook {
  private readonly byKey = new Map<string, Map<string, ModelCounters>>();

  private counters(key: string, model: string): ModelCounters {
    let models = this.byKey.get(key);
    if (!models) this.byKey.set(key, (models = new Map()));
    let c = models.get(model);
    if (!c) models.set(model, (c = { totalRequests: 0, successfulRequests: 0, costUsd: 0, lastUsed: 0 }));
    return c;
  }

  /** A generation request arrived with this key. */
  request(key: string, model: string, now = nowSeconds()): void {
    const c = this.counters(key, model);
    c.totalRequests++;
    c.lastUsed = now;
  }

  /** A generation was billed. */
  bill(key: string, model: string, costUsd: number, now = nowSeconds()): void {
    const c = this.counters(key, model);
    c.successfulRequests++;
    c.costUsd = roundUsd(c.costUsd + costUsd);
    c.lastUsed = now;
  }

  models(key: string): ReadonlyMap<string, ModelCounters> {
    return this.byKey.get(key) ?? new Map();
  }

  /** Plain copy, for the admin route and tests. */
  snapshot(): Record<string, Record<string, ModelCounters>> {
    const out: Record<string, Record<string, ModelCounters>> = {};
    for (const [key, models] of this.byKey) out[key] = Object.fromEntries([...models].map(([m, c]) => [m, { ...c }]));
    return out;
  }

  clear(): void {
    this.byKey.clear();
  }
}

/** Cents and below are kept, float noise is not. */
export function roundUsd(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Which sections `?section=a,b` asks for; undefined = all; a name outside the list is an error. */
export function pickSections(param: string | null): { sections: Set<UsageSection> } | { error: string } {
  if (param === null || !param.trim()) return { sections: new Set(USAGE_SECTIONS) };
  const names = param
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(USAGE_SECTIONS as readonly string[]).includes(n));
  if (unknown.length) return { error: `Unknown section(s): ${unknown.join(', ')}. Valid sections: ${USAGE_SECTIONS.join(', ')}.` };
  return { sections: new Set(names as UsageSection[]) };
}

export interface UsageAccount {
  username: string;
  plan: Plan;
  createdIso: string;
}

/** The `GET /v1/usage` answer for one key, in the given shape. */
export function usageBody(
  models: ReadonlyMap<string, ModelCounters>,
  account: UsageAccount,
  sections: ReadonlySet<UsageSection>,
  shape: UsageShape,
): Record<string, unknown> {
  const num = (v: number): number | string => (shape.numbersAsStrings ? String(v) : v);
  const perModel: Record<string, Record<string, unknown>> = {};
  let cost = 0;
  let total = 0;
  let successful = 0;
  for (const [id, c] of models) {
    cost += c.costUsd;
    total += c.totalRequests;
    successful += c.successfulRequests;
    perModel[id] = {
      total_requests: num(c.totalRequests),
      successful_requests: num(c.successfulRequests),
      token_cost_usd: num(0),
      image_cost_usd: num(0),
      ...(shape.videoCostField ? { [shape.videoCostField]: num(c.costUsd) } : {}),
      last_used: num(c.lastUsed),
    };
  }
  cost = roundUsd(cost);

  const body: Record<string, unknown> = {};
  const wantModels = sections.has('model_specific_usage') && shape.modelUsageAt !== 'none';
  if (sections.has('account_information')) {
    body.account_information = {
      username: account.username,
      [shape.planField]: account.plan,
      is_enabled: true,
      ...(wantModels && shape.modelUsageAt === 'account_information' ? { model_specific_usage: perModel } : {}),
    };
  } else if (wantModels && shape.modelUsageAt === 'account_information') {
    body.account_information = { model_specific_usage: perModel };
  }
  if (wantModels && shape.modelUsageAt === 'top_level') body.model_specific_usage = perModel;
  if (sections.has('subscription_details')) {
    body.subscription_details = { creation_date: account.createdIso, effective_days_remaining: num(DAYS_REMAINING) };
  }
  if (sections.has('billing_information')) {
    body.billing_information =
      shape.costField === 'legacy'
        ? { total_paid: num(TOTAL_PAID_USD), cumulative_token_cost: num(cost) }
        : { total_amount_paid_usd: num(TOTAL_PAID_USD), [shape.costField]: num(cost) };
  }
  if (sections.has('rate_limits_and_restrictions')) {
    body.rate_limits_and_restrictions = {
      requests_per_minute_limit: num(RATE_LIMITS.requests_per_minute_limit),
      requests_per_day_limit: num(RATE_LIMITS.requests_per_day_limit),
    };
  }
  if (sections.has('usage_statistics')) {
    body.usage_statistics = {
      total_requests: num(total),
      successful_requests: num(successful),
      failed_requests: num(total - successful),
    };
  }
  return body;
}
