// A preset for end-to-end latency (issue 13 §6): the log wait stays short while orders
// take longer and longer, because the time goes into retries. The payment API degrades
// step by step; failed payments wait in Spring Kafka style retry topics with exponential
// backoff, off the main partitions, so lag stays near zero and only end-to-end time shows it.

import type { Scenario } from './schema';

export const RETRIES_PILE_UP: Scenario = {
  id: 'retries-pile-up',
  title: 'Lag near zero, orders later and later: retries pile up',
  description:
    'payments keeps up with 100 orders/s, so lag stays near zero. The payment API starts timing out, more each minute; failed payments wait in retry topics (1 s, 2 s, 4 s … backoff) off the main partitions. Queue latency stays low while end-to-end time grows past its 5 s budget.',
  topics: [{ name: 'orders', partitions: 6, 'retention.ms': 600_000 }],
  producers: [
    {
      id: 'checkout',
      topic: 'orders',
      ratePerSec: 100,
      keys: { type: 'uniform', count: 100_000, prefix: 'order-' },
    },
  ],
  groups: [
    {
      groupId: 'payments',
      topic: 'orders',
      consumers: 6,
      delivery: 'at-least-once',
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 10_000,
      processing: { meanMs: 10 },
      failureRate: 0.01,
      retry: {
        mode: 'retry-topics',
        maxAttempts: 8,
        backoffMs: 1000,
        multiplier: 2,
        maxBackoffMs: 30_000,
        jitter: 'equal',
      },
      dlq: { enabled: true, alertDepth: 20 },
    },
  ],
  broker: { 'group.initial.rebalance.delay.ms': 0 },
  timeline: [
    {
      at: 20_000,
      fault: { type: 'failure-rate', rate: 0.15, groupId: 'payments' },
      caption: 'The payment API slows down: 15% of calls time out and go to the retry topics.',
    },
    {
      at: 40_000,
      fault: { type: 'failure-rate', rate: 0.35, groupId: 'payments' },
      caption: '35% of payment calls time out now. Lag is still near zero.',
    },
    {
      at: 60_000,
      fault: { type: 'failure-rate', rate: 0.5, groupId: 'payments' },
      caption: 'Half of all payment calls time out. Where does an order spend its time?',
    },
  ],
  budgets: { endToEndP99Ms: 5000, lagSeconds: 5 },
  durationMs: 120_000,
};
