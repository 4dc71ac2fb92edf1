// The large scenario (64 partitions, 32 consumers) that the benchmarks and the dense-view
// diagram tests run: one place, outside src and bench, so both import the same fixture.

import type { Scenario } from '../../src/engine';

export const LARGE: Scenario = {
  id: 'bench-large',
  title: '64 partitions, 32 consumers',
  topics: [{ name: 'orders', partitions: 64, 'retention.ms': 600_000 }],
  producers: [
    {
      id: 'checkout',
      topic: 'orders',
      ratePerSec: 700,
      keys: { type: 'uniform', count: 100_000, prefix: 'order-' },
    },
  ],
  groups: [
    {
      groupId: 'payments',
      topic: 'orders',
      consumers: 32,
      delivery: 'at-least-once',
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 10_000,
      processing: { meanMs: 20 },
    },
  ],
  broker: { 'group.initial.rebalance.delay.ms': 0 },
};
