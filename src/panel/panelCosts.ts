// What the panel tells the page about money: the usage so far (from UsageStats) and each model's
// price per duration (from the API's price list). No vscode import, so it is unit-tested in Node.
import { capabilityFor, type Catalog } from '../catalog';
import { estimateCost, type ModelUsage, type UsageSummary } from '../generation/usageStats';
import type { CostTable, UsagePeriod, UsageView } from '../shared/protocol';

function period(total: ModelUsage, byModel: Record<string, ModelUsage>, catalog: Catalog): UsagePeriod {
  const models = Object.entries(byModel)
    .filter(([, u]) => u.generations > 0)
    .map(([id, u]) => ({ label: capabilityFor(id, catalog).label, generations: u.generations, seconds: u.seconds }))
    // Most used first; the label breaks ties so the line does not reorder between updates.
    .sort((a, b) => b.generations - a.generations || a.label.localeCompare(b.label));
  return { generations: total.generations, seconds: total.seconds, models };
}

/** The usage summary as the page shows it: model ids become the catalog's labels. */
export function usageView(summary: UsageSummary, catalog: Catalog): UsageView {
  return { today: period(summary.today, summary.today.byModel, catalog), total: period(summary.total, summary.total.byModel, catalog) };
}

/**
 * A model's estimated cost for each duration it offers, 1..maxDuration. estimateCost stays the one
 * reader of the undocumented pricing shape; undefined when it finds no price (never invented).
 */
export function costTable(pricing: unknown, maxDuration: number): CostTable | undefined {
  const amounts: number[] = [];
  let currency: string | undefined;
  for (let seconds = 1; seconds <= maxDuration; seconds++) {
    const estimate = estimateCost(pricing, seconds);
    if (!estimate || (currency !== undefined && estimate.currency !== currency)) return undefined;
    currency = estimate.currency;
    amounts.push(estimate.amount);
  }
  return currency === undefined ? undefined : { currency, amounts };
}
