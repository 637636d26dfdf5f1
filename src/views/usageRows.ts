// What the Usage & Spend view shows, as data: the provider's figures from the last GET /usage
// reading (only those the answer gave: nothing is filled in or estimated), and the counts this
// machine keeps itself (which work offline and with gateways that have no usage endpoint). The tree
// (usageTree.ts) puts them into words. No vscode import: unit-tested in plain Node.
import type { UsageReport } from '../api/usage';
import type { Remaining } from '../generation/budgets';
import type { UsageReading } from '../generation/usageSchedule';
import type { UsageSummary } from '../generation/usageStats';

export type ProviderRow =
  /** Nothing read yet (`busy`: being read now). */
  | { kind: 'notRead'; busy: boolean }
  | { kind: 'noKey' }
  /** The server has no usage endpoint (404 or 501). */
  | { kind: 'unavailable'; status: number }
  | {
      kind: 'failed';
      summary: string;
      code: string;
      action?: string;
      status?: number;
      requestId?: string;
      at: string;
      figuresFrom?: string;
    }
  | { kind: 'plan'; plan: string; username?: string }
  | { kind: 'cumulativeCost'; usd: number; field: string }
  | { kind: 'paid'; usd: number }
  | {
      kind: 'model';
      id: string;
      label: string;
      total?: number;
      successful?: number;
      costs: Array<{ field: string; usd: number }>;
      lastUsed?: string;
    }
  /** The answer gave no per-model figures. */
  | { kind: 'noModels' }
  | { kind: 'rateLimits'; perMinute?: number; perDay?: number }
  | { kind: 'daysRemaining'; days: number }
  /** Figures the two places of the per-model table gave differently. */
  | { kind: 'conflicts'; fields: string[] }
  | { kind: 'readAt'; at: string };

export type LocalRow =
  | { kind: 'localToday'; generations: number; seconds: number; usd?: number }
  | { kind: 'localTotal'; generations: number; seconds: number; usd?: number }
  | { kind: 'budgets'; remaining: Remaining };

export interface UsageRowsInput {
  /** The last reading for the current base URL, if any. */
  reading: UsageReading | undefined;
  busy: boolean;
  local: UsageSummary;
  remaining: Remaining;
  /** A model's name as the catalog gives it (its id when unknown). */
  modelLabel: (id: string) => string;
}

export interface UsageRows {
  provider: ProviderRow[];
  local: LocalRow[];
}

/** The figures of one report, in the view's order. */
export function reportRows(report: UsageReport, at: string, modelLabel: (id: string) => string): ProviderRow[] {
  const rows: ProviderRow[] = [];
  if (report.plan !== undefined) rows.push({ kind: 'plan', plan: report.plan, ...(report.username ? { username: report.username } : {}) });
  if (report.cumulativeCostUsd)
    rows.push({ kind: 'cumulativeCost', usd: report.cumulativeCostUsd.value, field: report.cumulativeCostUsd.field });
  if (report.totalPaidUsd !== undefined) rows.push({ kind: 'paid', usd: report.totalPaidUsd });
  const models = Object.entries(report.models).map(([id, usage]): ProviderRow & { kind: 'model' } => {
    const row: ProviderRow & { kind: 'model' } = {
      kind: 'model',
      id,
      label: modelLabel(id),
      costs: Object.entries(usage.costs).map(([field, usd]) => ({ field, usd })),
    };
    if (usage.totalRequests !== undefined) row.total = usage.totalRequests;
    if (usage.successfulRequests !== undefined) row.successful = usage.successfulRequests;
    if (usage.lastUsed !== undefined) row.lastUsed = usage.lastUsed;
    return row;
  });
  models.sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || a.label.localeCompare(b.label));
  if (models.length) rows.push(...models);
  else rows.push({ kind: 'noModels' });
  const { perMinute, perDay } = report.rateLimits;
  if (perMinute !== undefined || perDay !== undefined) {
    rows.push({ kind: 'rateLimits', ...(perMinute !== undefined ? { perMinute } : {}), ...(perDay !== undefined ? { perDay } : {}) });
  }
  if (report.daysRemaining !== undefined) rows.push({ kind: 'daysRemaining', days: report.daysRemaining });
  if (report.conflicts.length) rows.push({ kind: 'conflicts', fields: [...report.conflicts] });
  rows.push({ kind: 'readAt', at });
  return rows;
}

function providerRows(reading: UsageReading | undefined, busy: boolean, modelLabel: (id: string) => string): ProviderRow[] {
  if (!reading) return [{ kind: 'notRead', busy }];
  switch (reading.kind) {
    case 'noKey':
      return [{ kind: 'noKey' }];
    case 'read':
      if (!reading.fetch.available) return [{ kind: 'unavailable', status: reading.fetch.status }];
      return reportRows(reading.fetch.report, reading.at, modelLabel);
    case 'failed': {
      const failed: ProviderRow = { kind: 'failed', summary: reading.summary, code: reading.code, at: reading.at };
      if (reading.action) failed.action = reading.action;
      if (reading.status !== undefined) failed.status = reading.status;
      if (reading.requestId) failed.requestId = reading.requestId;
      const previous = reading.previous;
      if (!previous?.fetch.available) return [failed];
      failed.figuresFrom = previous.at;
      return [failed, ...reportRows(previous.fetch.report, previous.at, modelLabel)];
    }
  }
}

function usdOf(byModel: UsageSummary['today']['byModel']): number | undefined {
  let usd: number | undefined;
  for (const u of Object.values(byModel)) if (u.usd !== undefined) usd = (usd ?? 0) + u.usd;
  return usd;
}

function localRows(local: UsageSummary, remaining: Remaining): LocalRow[] {
  const today: LocalRow = { kind: 'localToday', generations: local.today.generations, seconds: local.today.seconds };
  const todayUsd = usdOf(local.today.byModel);
  if (todayUsd !== undefined) today.usd = todayUsd;
  const total: LocalRow = { kind: 'localTotal', generations: local.total.generations, seconds: local.total.seconds };
  const totalUsd = usdOf(local.total.byModel);
  if (totalUsd !== undefined) total.usd = totalUsd;
  const rows: LocalRow[] = [today, total];
  if (Object.values(remaining).some((v) => v !== undefined)) rows.push({ kind: 'budgets', remaining: { ...remaining } });
  return rows;
}

export function usageRows(input: UsageRowsInput): UsageRows {
  return {
    provider: providerRows(input.reading, input.busy, input.modelLabel),
    local: localRows(input.local, input.remaining),
  };
}

/** The provider's figures for one line (the status bar's tooltip), when a reading has them. */
export function providerSummary(
  reading: UsageReading | undefined,
): { plan?: string; cumulativeCost?: { usd: number; field: string }; at: string } | undefined {
  const good = reading?.kind === 'read' ? reading : reading?.kind === 'failed' ? reading.previous : undefined;
  if (!good?.fetch.available) return undefined;
  const { report } = good.fetch;
  return {
    ...(report.plan !== undefined ? { plan: report.plan } : {}),
    ...(report.cumulativeCostUsd ? { cumulativeCost: { usd: report.cumulativeCostUsd.value, field: report.cumulativeCostUsd.field } } : {}),
    at: good.at,
  };
}
