import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/schema';
import { createSimulation } from '../simulation';

const scenario = (autoscale: NonNullable<Scenario['groups'][number]['autoscale']>): Scenario => ({
  topics: [{ name: 'orders', partitions: 4 }],
  producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 400 }],
  groups: [
    {
      groupId: 'payments',
      topic: 'orders',
      consumers: 1,
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 10_000,
      processing: { meanMs: 10, distribution: 'constant' },
      autoscale,
    },
  ],
});

describe('consumer autoscaling on lag', () => {
  it('scales out to the partition count, not past it, unless idle consumers are allowed', () => {
    const sim = createSimulation(
      scenario({ lagThreshold: 100, maxReplicaCount: 8, pollingIntervalMs: 2000, scaleOutCooldownMs: 0 }),
      { seed: 1 },
    );
    sim.advance(12_000);
    const a = sim.metrics().groups.payments.autoscale!;
    expect(a.live).toBe(4);
    expect(a.scaleOuts).toBeGreaterThanOrEqual(1);
  });

  it('with allowIdleConsumers the extra consumers own nothing, and the snapshot says why', () => {
    const sim = createSimulation(
      scenario({
        lagThreshold: 10,
        maxReplicaCount: 6,
        minReplicaCount: 6,
        pollingIntervalMs: 1000,
        allowIdleConsumers: true,
      }),
      { seed: 1 },
    );
    sim.advance(15_000);
    const a = sim.metrics().groups.payments.autoscale!;
    expect(a.live).toBe(6);
    expect(a.idle).toBe(2);
    const idle = sim
      .snapshot()
      .groups[0].members.filter((m) => m.assigned.length === 0 && m.state === 'Stable');
    expect(idle[0].idleReason).toContain('6 consumers for 4 partitions');
  });

  it('scales in after the lag falls, one consumer per scale-in cooldown', () => {
    const sim = createSimulation(
      scenario({
        lagThreshold: 100,
        maxReplicaCount: 4,
        pollingIntervalMs: 1000,
        scaleOutCooldownMs: 0,
        scaleInCooldownMs: 5000,
      }),
      { seed: 1 },
    );
    sim.advance(10_000);
    expect(sim.metrics().groups.payments.autoscale!.live).toBe(4);
    sim.inject({ type: 'set-rate', ratePerSec: 5 });
    const live: number[] = [];
    for (let t = 0; t < 30; t++) {
      sim.advance(1000);
      live.push(sim.metrics().groups.payments.autoscale!.live);
    }
    const a = sim.metrics().groups.payments.autoscale!;
    expect(a.scaleIns).toBe(3);
    expect(a.live).toBe(1);
    // Never two scale-ins within the 5 s cooldown.
    const drops = live.flatMap((n, i) => (i > 0 && n < live[i - 1] ? [i] : []));
    for (let i = 1; i < drops.length; i++) expect(drops[i] - drops[i - 1]).toBeGreaterThanOrEqual(5);
  });
});
