// Budgets that hold under concurrency. A generation counts from the moment it is sent, not from
// when its video is saved, so starts that run together (the panel, commands, the language-model
// tool, a storyboard's queue) cannot all pass a limit. A reservation is taken right before the
// request goes out, with no await between the check and the count, and settled when the job ends:
// a saved video or one that may have been billed stays counted (by UsageStats); one that certainly
// cost nothing is given back.
//
// Four budgets, each off at 0: generations per day and per calendar month, and estimated US
// dollars per day and per month. Dollars come from the API's price list (estimateCost); a
// generation whose model has no price adds nothing to the dollar budgets (none is invented), and
// the confirmation says so. No vscode import.

export interface Spend {
  generations: number;
  /** Estimated USD of the generations whose model had a price. */
  usd: number;
}

export interface SpentSoFar {
  today: Spend;
  thisMonth: Spend;
}

export interface BudgetLimits {
  dailyGenerations: number;
  monthlyGenerations: number;
  dailyUsd: number;
  monthlyUsd: number;
}

export type BudgetName = keyof BudgetLimits;

/** Why a generation may not start: the budget it would go over, how much it allows and has used. */
export interface BudgetRefusal {
  budget: BudgetName;
  limit: number;
  used: number;
}

/** What is left of each budget that is set (undefined: not set). */
export type Remaining = Partial<Record<BudgetName, number>>;

export interface Reservation {
  /** Gives the reservation back; idempotent. Call after the outcome is recorded in the usage. */
  release(): void;
}

const NONE: Spend = { generations: 0, usd: 0 };

export class BudgetReservations {
  private held: Spend = { ...NONE };

  /** `spent` returns what is already counted (saved or possibly billed) today and this month. */
  constructor(private readonly spent: () => SpentSoFar) {}

  /** Counted so far, with the generations running now. */
  inUse(): SpentSoFar {
    const spent = this.spent();
    return { today: add(spent.today, this.held), thisMonth: add(spent.thisMonth, this.held) };
  }

  /** The first budget one more generation costing `usd` (undefined: no price) would go over. */
  refusal(limits: BudgetLimits, usd: number | undefined): BudgetRefusal | undefined {
    const { today, thisMonth } = this.inUse();
    const checks: Array<[BudgetName, number, boolean]> = [
      ['dailyGenerations', today.generations, today.generations + 1 > limits.dailyGenerations],
      ['monthlyGenerations', thisMonth.generations, thisMonth.generations + 1 > limits.monthlyGenerations],
      ['dailyUsd', today.usd, usd !== undefined && over(today.usd + usd, limits.dailyUsd)],
      ['monthlyUsd', thisMonth.usd, usd !== undefined && over(thisMonth.usd + usd, limits.monthlyUsd)],
    ];
    for (const [budget, used, exceeded] of checks) {
      if (limits[budget] > 0 && exceeded) return { budget, limit: limits[budget], used };
    }
    return undefined;
  }

  /** Reserves one generation costing `usd`, or says which budget it would go over. */
  reserve(limits: BudgetLimits, usd: number | undefined): Reservation | BudgetRefusal {
    const refused = this.refusal(limits, usd);
    if (refused) return refused;
    const cost: Spend = { generations: 1, usd: usd ?? 0 };
    this.held = add(this.held, cost);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.held = { generations: this.held.generations - 1, usd: this.held.usd - cost.usd };
      },
    };
  }

  /** What is left of each budget that is set, counting the generations running now. */
  remaining(limits: BudgetLimits): Remaining {
    const { today, thisMonth } = this.inUse();
    const left: Remaining = {};
    const used: Record<BudgetName, number> = {
      dailyGenerations: today.generations,
      monthlyGenerations: thisMonth.generations,
      dailyUsd: today.usd,
      monthlyUsd: thisMonth.usd,
    };
    for (const budget of Object.keys(used) as BudgetName[]) {
      if (limits[budget] > 0) left[budget] = Math.max(0, roundCents(limits[budget] - used[budget]));
    }
    return left;
  }
}

export function isRefusal(value: Reservation | BudgetRefusal): value is BudgetRefusal {
  return 'budget' in value;
}

function add(a: Spend, b: Spend): Spend {
  return { generations: a.generations + b.generations, usd: a.usd + b.usd };
}

/** Over a dollar budget, ignoring floating-point dust below a hundredth of a cent. */
function over(amount: number, limit: number): boolean {
  return amount - limit > 0.0001;
}

function roundCents(amount: number): number {
  return Math.round(amount * 10000) / 10000;
}
