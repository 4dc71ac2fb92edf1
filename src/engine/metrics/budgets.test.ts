import { describe, expect, it } from 'vitest';
import { createSimulation, getPreset, type Scenario } from '../index';
import type { GroupMetrics } from '../types';
import { checkBudgets } from './budgets';

/** Group metrics with only the fields the budgets read filled in meaningfully. */
const group = (over: Partial<GroupMetrics> & { p99?: number }): GroupMetrics => {
  const sim = createSimulation('default', { seed: 1 });
  const base = sim.metrics().groups.payments;
  const latency = { ...base.latency, endToEndRunMs: { ...base.latency.endToEndRunMs, p99: over.p99 ?? 0 } };
  return { ...base, ...over, latency };
};

describe('checkBudgets', () => {
  it('computes each figure in its unit and marks only those above the budget', () => {
    const m = group({
      groupId: 'payments',
      applied: 20_000,
      duplicates: 3,
      lost: 0,
      produced: 20_000,
      lagMs: 4500,
      p99: 800,
    });
    const checks = checkBudgets({ duplicatesPct: 0.01, lostPct: 0, lagSeconds: 5, endToEndP99Ms: 500 }, [m]);
    expect(checks).toEqual([
      { name: 'duplicatesPct', groupId: 'payments', measured: 0.015, budget: 0.01, isOver: true, unit: '%' },
      { name: 'lostPct', groupId: 'payments', measured: 0, budget: 0, isOver: false, unit: '%' },
      { name: 'lagSeconds', groupId: 'payments', measured: 4.5, budget: 5, isOver: false, unit: 's' },
      { name: 'endToEndP99Ms', groupId: 'payments', measured: 800, budget: 500, isOver: true, unit: 'ms' },
    ]);
  });

  it('a figure exactly at its budget is within it', () => {
    const [check] = checkBudgets({ lagSeconds: 2 }, [group({ lagMs: 2000 })]);
    expect(check.isOver).toBe(false);
  });

  it('reads 0% before anything is applied, and lists one check per group and budget', () => {
    const checks = checkBudgets({ duplicatesPct: 1 }, [
      group({ groupId: 'a', applied: 0, duplicates: 0 }),
      group({ groupId: 'b', applied: 10, duplicates: 5 }),
    ]);
    expect(checks.map((c) => [c.groupId, c.measured, c.isOver])).toEqual([
      ['a', 0, false],
      ['b', 50, true],
    ]);
  });

  it('gives nothing for a scenario without budgets', () => {
    expect(checkBudgets({}, [group({})])).toEqual([]);
    expect(createSimulation('default', { seed: 1 }).metrics().budgets).toEqual([]);
  });
});

describe('budgets in a running simulation', () => {
  const withBudgets = (budgets: Scenario['budgets']): Scenario => ({
    ...getPreset('at-least-once'),
    budgets,
  });

  it('the at-least-once crash goes over a zero-duplicate budget and stays within a loose lag budget', () => {
    const sim = createSimulation(withBudgets({ duplicatesPct: 0, lagSeconds: 600 }), { seed: 1 });
    sim.advance(40_000);
    const m = sim.metrics();
    const [dup, lag] = m.budgets;
    expect(m.groups.payments.duplicates).toBeGreaterThan(0);
    expect(dup).toMatchObject({ name: 'duplicatesPct', groupId: 'payments', isOver: true });
    expect(dup.measured).toBeCloseTo((100 * m.groups.payments.duplicates) / m.groups.payments.applied, 10);
    expect(lag).toMatchObject({
      name: 'lagSeconds',
      isOver: false,
      measured: m.groups.payments.lagMs / 1000,
    });
  });

  it('checks the end-to-end p99 over the run against its budget', () => {
    const sim = createSimulation(withBudgets({ endToEndP99Ms: 50 }), { seed: 1 });
    sim.advance(40_000);
    const m = sim.metrics();
    expect(m.budgets[0].measured).toBe(m.groups.payments.latency.endToEndRunMs.p99);
    // The crash leaves records waiting for the 15 s restart and the session timeout: far over 50 ms.
    expect(m.budgets[0].isOver).toBe(true);
  });
});
