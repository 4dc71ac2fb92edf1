import { describe, expect, it } from 'vitest';
import { getPreset } from '../scenario/presets';
import type { Scenario } from '../scenario/schema';
import { createSimulation } from '../simulation';
import type { SimEvent } from '../types';
import { brokerComparison, isComparison } from './brokerComparison';
import { createComparisonObservations, observeComparison } from './observe';

const RUN_MS = 60_000;
const CRASH_AT_MS = 20_000;

function run(scenario: Scenario | string, seed = 1) {
  const sim = createSimulation(scenario, { seed });
  sim.advance(RUN_MS);
  return sim;
}

function rows(scenario: Scenario | string, seed = 1) {
  const comparison = run(scenario, seed).metrics().comparison;
  if (!comparison) throw new Error('no comparison');
  return comparison;
}

/** The compare-brokers preset with one setting changed. */
function variant(change: (s: Scenario) => void): Scenario {
  const s = structuredClone(getPreset('compare-brokers'));
  change(s);
  return s;
}

describe('the broker comparison on compare-brokers', () => {
  const sim = run('compare-brokers');
  const metrics = sim.metrics();
  const table = metrics.comparison!;

  it('has one row per system, with its order guarantee', () => {
    expect(Object.values(table).map((r) => [r.groupId, r.label, r.order])).toEqual([
      ['payments', 'Kafka consumer group', 'per key'],
      ['workers', 'Kafka share group', 'none'],
      ['sqs-workers', 'SQS standard', 'none'],
      ['fifo-workers', 'SQS FIFO', 'per group'],
      ['rabbit-workers', 'RabbitMQ quorum', 'none'],
    ]);
  });

  it('counts duplicates, losses and out-of-order applications from the sink (metrics.groups)', () => {
    for (const r of Object.values(table)) {
      const g = metrics.groups[r.groupId];
      expect([r.duplicates, r.lost, r.outOfOrder, r.applied]).toEqual([
        g.duplicates,
        g.lost,
        g.outOfOrder,
        g.applied,
      ]);
    }
    // What the guarantees promise, measured: per-key and per-group order hold, competing consumers break it.
    expect(table.payments.outOfOrder).toBe(0);
    expect(table['fifo-workers'].outOfOrder).toBe(0);
    expect(table['sqs-workers'].outOfOrder).toBeGreaterThan(0);
    expect(table['rabbit-workers'].outOfOrder).toBeGreaterThan(0);
    for (const r of Object.values(table)) expect(r.lost).toBe(0);
  });

  it('every crashed consumer held work mid-batch, and each system gives it back by its own rule', () => {
    for (const r of Object.values(table)) {
      expect(r.crash?.crashedAtMs, r.groupId).toBe(CRASH_AT_MS);
      expect(r.crash?.heldCount, r.groupId).toBeGreaterThan(0);
      expect(r.redeliveryDelayMs, r.groupId).not.toBeNull();
    }
    // RabbitMQ: the channel closes, unacked messages are requeued and pushed at once.
    expect(table['rabbit-workers'].redeliveryDelayMs).toBe(0);
    // SQS: invisible until the VisibilityTimeout (10 s, counted from the receive) runs out.
    for (const id of ['sqs-workers', 'fifo-workers']) {
      expect(table[id].redeliveryDelayMs).toBeGreaterThan(0);
      expect(table[id].redeliveryDelayMs).toBeLessThanOrEqual(10_000);
    }
    // Share group: the acquisition lock (15 s, from the acquisition).
    expect(table.workers.redeliveryDelayMs).toBeGreaterThan(10_000);
    expect(table.workers.redeliveryDelayMs).toBeLessThanOrEqual(15_000);
    // Consumer group: session.timeout.ms (10 s) must pass, then the rebalance.
    expect(table.payments.redeliveryDelayMs).toBeGreaterThanOrEqual(10_000);
  });

  it('names each dead-letter path by its real setting, and counts the poison order once in each', () => {
    expect(Object.values(table).map((r) => [r.groupId, r.deadLettered, r.deadLetterTarget])).toEqual([
      ['payments', 1, 'orders.dlt'],
      ['workers', 1, null],
      ['sqs-workers', 1, 'orders-sqs-dlq'],
      ['fifo-workers', 1, 'orders-dlq.fifo'],
      ['rabbit-workers', 1, 'orders-dlx'],
    ]);
    expect(table.workers.deadLetterRule).toContain('share.delivery.count.limit 3');
    expect(table['sqs-workers'].deadLetterRule).toContain('maxReceiveCount 3');
    expect(table['rabbit-workers'].deadLetterRule).toContain('x-delivery-limit 3');
  });

  it('replay: the Kafka log still holds every record produced; the queues kept none', () => {
    const snapshot = sim.snapshot();
    const inLog = snapshot.partitions
      .filter((p) => p.topic === 'orders')
      .reduce((n, p) => n + p.logEndOffset - p.logStartOffset, 0);
    expect(inLog).toBeGreaterThan(0);
    expect([table.payments.isReplayable, table.payments.retained]).toEqual([true, inLog]);
    expect([table.workers.isReplayable, table.workers.retained]).toEqual([true, inLog]);
    for (const id of ['sqs-workers', 'fifo-workers', 'rabbit-workers'])
      expect([table[id].isReplayable, table[id].retained]).toEqual([false, 0]);
  });

  it('fan-out: two Kafka groups read the one topic; a queue message reaches one consumer', () => {
    expect(Object.values(table).map((r) => r.fanOut)).toEqual([2, 2, 1, 1, 1]);
  });
});

describe('the figures follow the settings', () => {
  it('a shorter VisibilityTimeout brings the SQS messages back sooner', () => {
    const short = rows(
      variant((s) => {
        const q = s.queues!.find((x) => x.name === 'orders-sqs')!;
        if (q.type === 'sqs-standard') q.VisibilityTimeout = 3;
      }),
    );
    const long = rows('compare-brokers');
    expect(short['sqs-workers'].redeliveryDelayMs).toBeLessThanOrEqual(3000);
    expect(long['sqs-workers'].redeliveryDelayMs).toBeGreaterThan(3000);
    expect(short['sqs-workers'].redeliveryRule).toContain('VisibilityTimeout (3 s)');
  });

  it('a longer session.timeout.ms delays the Kafka consumer group, not the share group', () => {
    const slow = rows(
      variant((s) => {
        s.groups[0]['session.timeout.ms'] = 25_000;
      }),
    );
    expect(slow.payments.redeliveryDelayMs).toBeGreaterThanOrEqual(25_000);
    expect(slow.workers.redeliveryDelayMs).toBeLessThanOrEqual(15_000);
  });

  it('a RabbitMQ consumer with nothing in hand gives back nothing: no delay to report', () => {
    const idle = rows(
      variant((s) => {
        s.timeline = s.timeline!.filter((e) => e.fault?.type !== 'slow-consumer');
        s.groups.find((g) => g.groupId === 'rabbit-workers')!.processing = {
          meanMs: 1,
          distribution: 'constant',
        };
      }),
    );
    expect(idle['rabbit-workers'].crash?.heldCount).toBe(0);
    expect(idle['rabbit-workers'].redeliveryDelayMs).toBeNull();
  });

  it('a fanout exchange bound to two consumed queues reaches two readers', () => {
    const two = rows(
      variant((s) => {
        s.queues!.push({ name: 'orders-audit', type: 'rabbitmq-classic' });
        s.exchanges![0].bindings!.push({ queue: 'orders-audit', key: '' });
        s.groups.push({ groupId: 'audit', queue: 'orders-audit', consumers: 1, prefetch: 10 });
      }),
    );
    expect(two['rabbit-workers'].fanOut).toBe(2);
    expect(two.audit.order).toBe('per queue');
  });
});

describe('where the comparison comes from', () => {
  it('folding a recorded trace gives the same table as the live engine', () => {
    const sim = createSimulation('compare-brokers', { seed: 2 });
    const trace: SimEvent[] = [];
    sim.on('*', (e) => trace.push(e));
    sim.advance(RUN_MS);
    const observed = createComparisonObservations(sim.config);
    for (const e of trace) observeComparison(observed, e);
    const metrics = sim.metrics();
    const fromTrace = brokerComparison({
      config: sim.config,
      groups: metrics.groups,
      partitions: sim.snapshot().partitions,
      observed,
    });
    expect(Object.fromEntries(fromTrace.map((r) => [r.groupId, r]))).toEqual(metrics.comparison);
  });

  it('survives a checkpoint: restoring and running on gives the same table', () => {
    const sim = createSimulation('compare-brokers', { seed: 3 });
    sim.advance(18_000);
    const cp = sim.checkpoint();
    sim.advance(RUN_MS - 18_000);
    const straight = sim.metrics().comparison;
    sim.restore(cp);
    sim.advance(RUN_MS - 18_000);
    expect(sim.metrics().comparison).toEqual(straight);
  });

  it.each(['default', 'sqs-redrive', 'rabbitmq-nack-requeue', 'kafka-share-group'])(
    '%s runs one kind of system: no comparison',
    (id) => {
      const sim = createSimulation(id, { seed: 1 });
      expect(isComparison(sim.config)).toBe(false);
      sim.advance(1000);
      expect(sim.metrics().comparison).toBeUndefined();
    },
  );
});
