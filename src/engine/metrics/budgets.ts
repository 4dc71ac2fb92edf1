// A scenario's budgets (its SLO), checked against what the engine measures for each
// consumer group: the share of messages applied twice or never, lag in seconds, and the
// end-to-end p99 over the run so far. The figures come from the sink and the latency
// histograms, never estimated.

import type { BudgetsConfig } from '../scenario/config';
import type { BudgetCheck, BudgetName, GroupMetrics } from '../types';

const pct = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

const MEASURE: Record<BudgetName, { unit: BudgetCheck['unit']; of: (m: GroupMetrics) => number }> = {
  duplicatesPct: { unit: '%', of: (m) => pct(m.duplicates, m.applied) },
  lostPct: { unit: '%', of: (m) => pct(m.lost, m.produced) },
  lagSeconds: { unit: 's', of: (m) => m.lagMs / 1000 },
  endToEndP99Ms: { unit: 'ms', of: (m) => m.latency.endToEndRunMs.p99 },
};

/** In a fixed order: per group, then per budget as listed in MEASURE. */
export function checkBudgets(budgets: BudgetsConfig, groups: readonly GroupMetrics[]): BudgetCheck[] {
  const names = (Object.keys(MEASURE) as BudgetName[]).filter((name) => budgets[name] !== undefined);
  const checks: BudgetCheck[] = [];
  for (const m of groups)
    for (const name of names) {
      const budget = budgets[name]!;
      const measured = MEASURE[name].of(m);
      checks.push({
        name,
        groupId: m.groupId,
        measured,
        budget,
        isOver: measured > budget,
        unit: MEASURE[name].unit,
      });
    }
  return checks;
}
