// The panel's words about money: the usage line and the cost estimate, built from the extension's
// localized templates. Pure, so they are unit-tested in Node.
import { formatSecondsValue } from '../shared/format';
import type { UsagePeriod, UsageView } from '../shared/protocol';
import { fill, type PanelStrings } from '../shared/strings';

type CostStrings = Pick<
  PanelStrings,
  | 'costEstimate'
  | 'usageNone'
  | 'usageLine'
  | 'usageNoneToday'
  | 'usageOneVideo'
  | 'usageVideos'
  | 'usageWithModels'
  | 'usageModel'
  | 'usageModelSeparator'
  | 'usageTotalByModel'
>;

/** A money amount as an estimate: two decimals, but never "0.00" for a price that is not zero. */
export function formatAmount(amount: number): string {
  return amount > 0 && amount < 0.005 ? String(Number(amount.toPrecision(2))) : amount.toFixed(2);
}

/** "About 0.40 USD (an estimate …)", from an amount the API's price list gave. */
export function formatEstimate(estimate: { amount: number; currency: string }, s: CostStrings): string {
  return fill(s.costEstimate, formatAmount(estimate.amount), estimate.currency);
}

function amountOf(period: UsagePeriod, s: CostStrings): string {
  const seconds = formatSecondsValue(period.seconds);
  // Two templates rather than "video(s)": languages differ in more than the plural s.
  return period.generations === 1 ? fill(s.usageOneVideo, seconds) : fill(s.usageVideos, period.generations, seconds);
}

function modelsOf(period: UsagePeriod, s: CostStrings): string {
  return period.models.map((m) => fill(s.usageModel, m.label, m.generations)).join(s.usageModelSeparator);
}

/**
 * The usage line ("Today: 3 videos, 9 s (Kling v2.1: 2, Veo: 1) · In total: 12 videos, 41 s") and,
 * for a tooltip, the models of the total (the line keeps only today's, to stay one line).
 */
export function formatUsage(usage: UsageView, s: CostStrings): { line: string; details: string } {
  if (usage.total.generations === 0) return { line: s.usageNone, details: '' };
  const { today, total } = usage;
  const todayText =
    today.generations === 0
      ? s.usageNoneToday
      : today.models.length > 0
        ? fill(s.usageWithModels, amountOf(today, s), modelsOf(today, s))
        : amountOf(today, s);
  return {
    line: fill(s.usageLine, todayText, amountOf(total, s)),
    details: total.models.length > 0 ? fill(s.usageTotalByModel, modelsOf(total, s)) : '',
  };
}
