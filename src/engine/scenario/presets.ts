// The built-in scenarios, addressable by id (in links, lessons and createSimulation).
// Each one is an ordinary scenario document: what an instructor could write by hand.

import { SHARE_PRESETS } from '../share/presets';
import type { CrashPoint, DeliveryMode } from '../types';
import { COMPARE_PRESETS } from './comparePresets';
import { FLOW_PRESETS } from './flowPresets';
import { RETRIES_PILE_UP } from './presets.latency';
import { RETRY_ORDERING } from './presets.ordering';
import { QUEUE_PRESETS } from './queuePresets';
import { RABBITMQ_PRESETS } from './rabbitmqPresets';
import { REPLICATION_PRESETS } from './replicationPresets';
import { parseScenario, type Scenario, ScenarioError } from './schema';
import { TRANSACTION_PRESETS } from './transactionPresets';

const orders = (partitions: number) => ({ name: 'orders', partitions, 'retention.ms': 600_000 });

const crashP1 = (point: CrashPoint) => ({
  type: 'crash-consumer' as const,
  memberId: 'p-1',
  point,
  restartAfterMs: 15_000,
});

/** The three delivery-semantics lessons share one topology and differ in mode and script. */
function deliveryPreset(
  delivery: DeliveryMode,
  title: string,
  description: string,
  timeline: Scenario['timeline'],
): Scenario {
  return {
    id: delivery,
    title,
    description,
    topics: [orders(3)],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 30,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 2,
        delivery,
        'auto.offset.reset': 'earliest',
        'max.poll.records': 20,
        'session.timeout.ms': 10_000,
        processing: { meanMs: 45 },
      },
    ],
    timeline,
  };
}

const PRESETS: Record<string, Scenario> = {
  default: {
    id: 'default',
    title: 'Orders: two consumer groups on one topic',
    description:
      'A checkout service produces orders keyed by order id to 6 partitions. "payments" (3 consumers, range) and "analytics" (2 consumers, cooperative-sticky) each read every order at their own pace.',
    topics: [orders(6)],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 40,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 3,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 40 },
      },
      {
        groupId: 'analytics',
        topic: 'orders',
        consumers: 2,
        delivery: 'at-least-once',
        'partition.assignment.strategy': 'cooperative-sticky',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 25 },
      },
    ],
    broker: { 'group.initial.rebalance.delay.ms': 3000 },
  },
  'at-most-once': deliveryPreset(
    'at-most-once',
    'At-most-once: commit first, then process',
    'payments commits offsets before processing. A crash after the commit and before processing completes loses those orders: nobody reads them again.',
    [
      {
        at: 12_000,
        caption: 'p-1 will crash right after its next commit, while its batch is still being processed.',
      },
      { at: 12_000, fault: crashP1('after-commit-before-process-completes') },
    ],
  ),
  'at-least-once': deliveryPreset(
    'at-least-once',
    'At-least-once: process, then commit',
    'payments commits after processing. A crash between processing and commit makes the next owner process the same orders again: duplicates, never losses.',
    [
      { at: 12_000, caption: 'p-1 will crash after processing its batch and before committing it.' },
      { at: 12_000, fault: crashP1('after-process-before-commit') },
    ],
  ),
  'effectively-once': deliveryPreset(
    'effectively-once',
    'Effectively-once: at-least-once plus an idempotency store',
    'The same crash as at-least-once, and duplicate deliveries on top, but each order id is checked in an idempotency store written atomically with the charge: 0 lost, 0 charged twice.',
    [
      {
        at: 10_000,
        fault: { type: 'duplicate-delivery', count: 20 },
        caption: 'The next 20 records are delivered twice.',
      },
      { at: 12_000, fault: crashP1('after-process-before-commit') },
    ],
  ),
  'poison-message': {
    id: 'poison-message',
    title: 'A poison message, retries and the dead-letter queue',
    description:
      'One order fails to deserialize every time. Blocking retries with backoff hold its partition; after 4 attempts it goes to the DLQ and the partition moves again.',
    topics: [orders(3)],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 20,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 3,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 20 },
        retry: { mode: 'blocking', maxAttempts: 4, backoffMs: 1000, multiplier: 2, jitter: 'equal' },
        dlq: { enabled: true, alertDepth: 1 },
      },
    ],
    timeline: [
      {
        at: 8000,
        fault: { type: 'poison-message', key: 'order-poison' },
        caption: 'A record with a broken schema is published.',
      },
    ],
  },
  'retry-storm': {
    id: 'retry-storm',
    title: 'A retry storm: retries without backoff or cap',
    description:
      'The payment API times out for 10 s. With no backoff and no cap, every record is retried as fast as possible: attempts per second multiply while nothing gets through.',
    topics: [orders(3)],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 30,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 3,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 10 },
        retry: { mode: 'blocking', maxAttempts: 1000, backoffMs: 0, multiplier: 1, jitter: 'none' },
        dlq: { enabled: true },
      },
    ],
    timeline: [
      {
        at: 8000,
        fault: { type: 'outage', durationMs: 10_000 },
        caption: 'The payment API is down for 10 s.',
      },
    ],
  },
  'hot-partition': {
    id: 'hot-partition',
    title: 'A hot key makes one partition 20× behind',
    description:
      'One merchant sends 60% of all orders. Its key hashes to one partition, so one consumer drowns while the others idle. Adding consumers beyond the partition count does not help.',
    topics: [orders(6)],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 60,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 3,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 25, distribution: 'constant' },
      },
    ],
    timeline: [
      {
        at: 10_000,
        fault: { type: 'hot-key', key: 'merchant-42', share: 0.6 },
        caption: 'merchant-42 starts a flash sale: 60% of traffic on one key.',
      },
    ],
  },
  'zombie-consumer': {
    id: 'zombie-consumer',
    title: 'A zombie consumer: a pause longer than the session timeout',
    description:
      'p-1 freezes in a 15 s GC pause. The coordinator evicts it after session.timeout.ms, p-2 takes over, and when p-1 wakes up its late commit is rejected.',
    topics: [orders(4)],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 30,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'max.poll.records': 50,
        'session.timeout.ms': 10_000,
        processing: { meanMs: 20 },
      },
    ],
    timeline: [
      {
        at: 10_000,
        fault: { type: 'pause-consumer', memberId: 'p-1', durationMs: 15_000 },
        caption: 'p-1 freezes in a 15 s stop-the-world GC pause.',
      },
    ],
  },
  'flash-sale': {
    id: 'flash-sale',
    title: 'Flash sale: 70,000 checkouts a minute for 10 minutes',
    description:
      '70k orders/min keyed by order id (per-order ordering), 2% transient payment timeouts retried 5 times with exponential backoff and jitter, an idempotent consumer keeping duplicates under 0.01% while consumers crash and stall.',
    topics: [{ name: 'orders', partitions: 12, 'retention.ms': 3_600_000 }],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 1167,
        keys: { type: 'uniform', count: 1_000_000, prefix: 'order-' },
      },
    ],
    // Crashes and stalls redeliver work already charged: the idempotency store is what keeps
    // the duplicate budget, and its skips are counted.
    timeline: [
      {
        at: 20_000,
        fault: {
          type: 'crash-consumer',
          memberId: 'p-3',
          point: 'after-process-before-commit',
          restartAfterMs: 5000,
        },
        caption:
          'p-3 crashes after charging its batch, before committing: the batch will be delivered again.',
      },
      {
        at: 45_000,
        fault: { type: 'pause-consumer', memberId: 'p-7', durationMs: 15_000 },
        caption:
          'p-7 stalls for 15 s, past session.timeout.ms (10 s): its partitions move, and it wakes as a zombie.',
      },
      {
        at: 150_000,
        fault: {
          type: 'crash-consumer',
          memberId: 'p-10',
          point: 'after-process-before-commit',
          restartAfterMs: 10_000,
        },
        caption: 'p-10 crashes mid-sale; its uncommitted batch is redelivered to another consumer.',
      },
      {
        at: 300_000,
        fault: { type: 'pause-consumer', memberId: 'p-5', durationMs: 6000 },
        caption: 'p-5 pauses for 6 s (a long GC), inside the session timeout: lag only.',
      },
    ],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 12,
        delivery: 'effectively-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 8 },
        failureRate: 0.02,
        // The article's policy: 5 attempts, exponential backoff (1, 2, 4, 8 s) with full jitter
        // drawn from the seeded generator.
        retry: { mode: 'retry-topics', maxAttempts: 5, backoffMs: 1000, multiplier: 2, jitter: 'full' },
        dlq: { enabled: true, alertDepth: 50 },
      },
    ],
    durationMs: 600_000,
    budgets: { duplicatesPct: 0.01, endToEndP99Ms: 5000 },
  },
  'retries-pile-up': RETRIES_PILE_UP,
  'two-topics': {
    id: 'two-topics',
    title: 'Two topics: orders and payments, a group on each',
    description:
      'checkout writes orders to 6 partitions and billing writes payments to 3. "fulfillment" (2 consumers) reads orders and "ledger" (2 consumers) reads payments: each group sees only its own topic, and partition numbers repeat across topics.',
    topics: [orders(6), { name: 'payments', partitions: 3, 'retention.ms': 600_000 }],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 30,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
      {
        id: 'billing',
        topic: 'payments',
        ratePerSec: 15,
        keys: { type: 'uniform', count: 2000, prefix: 'payment-' },
      },
    ],
    groups: [
      {
        groupId: 'fulfillment',
        topic: 'orders',
        consumers: 2,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 40 },
      },
      {
        groupId: 'ledger',
        topic: 'payments',
        consumers: 2,
        delivery: 'at-least-once',
        'partition.assignment.strategy': 'cooperative-sticky',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 30 },
      },
    ],
    broker: { 'group.initial.rebalance.delay.ms': 3000 },
  },
  ...FLOW_PRESETS,
  ...REPLICATION_PRESETS,
  ...TRANSACTION_PRESETS,
  'retry-ordering': RETRY_ORDERING,
  ...SHARE_PRESETS,
  ...QUEUE_PRESETS,
  ...RABBITMQ_PRESETS,
  ...COMPARE_PRESETS,
};

export const PRESET_IDS: readonly string[] = Object.keys(PRESETS);

export function getPreset(id: string): Scenario {
  const preset = PRESETS[id];
  if (!preset)
    throw new ScenarioError(`scenario: no preset "${id}" (presets: ${PRESET_IDS.join(', ')})`, 'scenario');
  return parseScenario(structuredClone(preset));
}

export function listPresets(): { id: string; title: string; description: string }[] {
  return PRESET_IDS.map((id) => ({
    id,
    title: PRESETS[id].title ?? id,
    description: PRESETS[id].description ?? '',
  }));
}
