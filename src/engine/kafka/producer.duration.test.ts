import { describe, expect, it } from 'vitest';
import { createSimulation } from '../simulation';

describe('scenario durationMs', () => {
  it('stops production at the duration and lets consumers drain', () => {
    const sim = createSimulation(
      {
        id: 'short-sale',
        topics: [{ name: 'orders', partitions: 2 }],
        producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 100 }],
        groups: [
          {
            groupId: 'payments',
            topic: 'orders',
            consumers: 2,
            'auto.offset.reset': 'earliest',
            processing: { meanMs: 1 },
          },
        ],
        broker: { 'group.initial.rebalance.delay.ms': 0 },
        durationMs: 3000,
      },
      { seed: 1 },
    );
    sim.advance(4000);
    const atEnd = sim.metrics().produced;
    expect(atEnd).toBeGreaterThan(250);
    expect(atEnd).toBeLessThanOrEqual(310);
    sim.advance(15_000);
    expect(sim.metrics().produced).toBe(atEnd);
    const g = sim.metrics().groups.payments;
    expect(g.applied).toBe(atEnd);
  });
});
