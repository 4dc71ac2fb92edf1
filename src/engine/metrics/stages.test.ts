import { describe, expect, it } from 'vitest';
import { createSimulation, type Scenario, type SimEventOf } from '../index';
import { getPreset } from '../scenario/presets';
import type { BatchEntry } from '../world';
import {
  createStageLatency,
  recordDeliveredApplication,
  recordDlqWait,
  recordFirstApplication,
  rememberOrigin,
  rollStages,
  summarizeStages,
} from './stages';

/** The histogram's buckets are 4% wide; a bucket's middle is within 2% of any value in it. */
const near = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.021 + 1);

const entry = (over: Partial<BatchEntry> & { producedAtMs: number; messageId?: number }): BatchEntry => ({
  partition: 0,
  record: {
    offset: 0,
    messageId: over.messageId ?? 1,
    key: 'k',
    producedAtMs: over.producedAtMs,
    sizeBytes: 100,
    isPoison: false,
    redriveCount: 0,
    isRetryDuplicate: false,
    acks: -1,
  },
  attempt: over.attempt ?? 1,
  firstErrorAtMs: over.firstErrorAtMs ?? -1,
  firstStartedAtMs: over.firstStartedAtMs ?? -1,
  isRedelivery: false,
});

describe('stage attribution of one message', () => {
  it('a message that succeeds at once spends its time in the log and in processing only', () => {
    const s = createStageLatency();
    recordFirstApplication(s, entry({ producedAtMs: 1000, firstStartedAtMs: 1400 }), 1450);
    const l = summarizeStages(s);
    near(l.queueMs.max, 400);
    near(l.processingMs.max, 50);
    expect(l.retriesMs.count).toBe(0);
    near(l.endToEndMs.max, 450);
    expect(l.endToEndRunMs.count).toBe(1);
  });

  it('after a failure, processing is the first attempt and retries run from the first failure to success', () => {
    const s = createStageLatency();
    recordFirstApplication(
      s,
      entry({ producedAtMs: 0, firstStartedAtMs: 100, firstErrorAtMs: 150, attempt: 3 }),
      3150,
    );
    const l = summarizeStages(s);
    near(l.queueMs.max, 100);
    near(l.processingMs.max, 50);
    near(l.retriesMs.max, 3000);
    near(l.endToEndMs.max, 3150);
  });

  it('a redriven copy counts end-to-end from the first copy and its queue wait from the redrive', () => {
    const s = createStageLatency();
    rememberOrigin(s, 7, 1000);
    rememberOrigin(s, 7, 5000); // dead-lettered again later: the first copy's time stays
    recordDlqWait(s, 20_000);
    recordFirstApplication(
      s,
      entry({ messageId: 7, producedAtMs: 40_000, firstStartedAtMs: 40_200 }),
      40_250,
    );
    const l = summarizeStages(s);
    near(l.dlqMs.max, 20_000);
    near(l.queueMs.max, 200);
    near(l.endToEndMs.max, 39_250);
    expect(s.originMs.size).toBe(0);
  });

  it('the recent window keeps the previous window and drops the one before', () => {
    const s = createStageLatency();
    recordFirstApplication(s, entry({ producedAtMs: 0, firstStartedAtMs: 0 }), 5000);
    rollStages(s);
    recordFirstApplication(s, entry({ producedAtMs: 0, firstStartedAtMs: 0 }), 10);
    expect(summarizeStages(s).endToEndMs.count).toBe(2);
    rollStages(s);
    const l = summarizeStages(s);
    expect(l.endToEndMs.count).toBe(1);
    near(l.endToEndMs.max, 10);
    // The whole-run histogram is never rolled.
    expect(l.endToEndRunMs.count).toBe(2);
    near(l.endToEndRunMs.max, 5000);
  });
});

/** One consumer, one partition, constant 10 ms processing, blocking retries every second. */
const retried = (timeline: Scenario['timeline'], dlq = false): Scenario => ({
  id: 'stages',
  topics: [{ name: 'orders', partitions: 1 }],
  producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 2, keys: { type: 'uniform', count: 100 } }],
  groups: [
    {
      groupId: 'payments',
      topic: 'orders',
      consumers: 1,
      delivery: 'at-least-once',
      'auto.offset.reset': 'earliest',
      processing: { meanMs: 10, distribution: 'constant' },
      retry: { mode: 'blocking', maxAttempts: dlq ? 2 : 5, backoffMs: 1000, multiplier: 1 },
      dlq: { enabled: dlq },
    },
  ],
  broker: { 'group.initial.rebalance.delay.ms': 0 },
  timeline,
});

describe('stage attribution in the engine', () => {
  it('a record retried twice lands its time in retries, not in processing', () => {
    const sim = createSimulation(
      retried([{ at: 6000, fault: { type: 'outage', durationMs: 1500, groupId: 'payments' } }]),
      { seed: 1 },
    );
    const failed: SimEventOf<'process-failed'>[] = [];
    const processed: SimEventOf<'processed'>[] = [];
    sim.on('process-failed', (e) => failed.push(e));
    sim.on('processed', (e) => processed.push(e));
    sim.advance(9000);
    // The record in hand when the outage began failed twice (attempts 1 and 2), then succeeded.
    const id = failed[0].messageId;
    expect(failed.filter((e) => e.messageId === id).map((e) => e.attempt)).toEqual([1, 2]);
    const done = processed.find((e) => e.messageId === id)!;
    const l = sim.metrics().groups.payments.latency;
    expect(l.retriesMs.count).toBe(1);
    near(l.retriesMs.max, done.atMs - failed[0].atMs);
    expect(l.retriesMs.max).toBeGreaterThan(1900);
    // Every attempt takes 10 ms: no first attempt took longer than that.
    expect(l.processingMs.max).toBeLessThanOrEqual(10.5);
    // The records behind it waited in the log (blocking retries stall the partition).
    expect(l.queueMs.max).toBeGreaterThan(1500);
    expect(l.endToEndMs.max).toBeGreaterThanOrEqual(l.retriesMs.max);
  });

  it('a dead-lettered record redriven later counts its time in the DLQ and end-to-end from its first copy', () => {
    const sim = createSimulation(
      retried(
        [
          { at: 4000, fault: { type: 'outage', durationMs: 1500, groupId: 'payments' } },
          { at: 20_000, fault: { type: 'redrive', ratePerSec: 10 } },
        ],
        true,
      ),
      { seed: 1 },
    );
    const deadLettered: SimEventOf<'dead-lettered'>[] = [];
    const redriven: SimEventOf<'redriven'>[] = [];
    sim.on('dead-lettered', (e) => deadLettered.push(e));
    sim.on('redriven', (e) => redriven.push(e));
    sim.advance(19_000);
    expect(deadLettered.length).toBeGreaterThan(0);
    expect(sim.metrics().groups.payments.latency.dlqMs.count).toBe(0);
    sim.advance(6000);
    expect(redriven.length).toBe(deadLettered.length);
    const l = sim.metrics().groups.payments.latency;
    expect(l.dlqMs.count).toBe(deadLettered.length);
    near(l.dlqMs.max, redriven[0].atMs - deadLettered[0].atMs);
    // Produced before 4 s, applied after the 20 s redrive.
    expect(l.endToEndMs.max).toBeGreaterThan(15_000);
    const payments = sim.metrics().groups.payments;
    expect([payments.deadLettered, payments.lost]).toEqual([0, 0]);
  });

  it.each(['default', 'poison-message', 'retry-storm', 'effectively-once', 'flash-sale'])(
    'each message counts once, at its first application (%s)',
    (preset) => {
      const sim = createSimulation(preset, { seed: 2 });
      sim.advance(12_000);
      sim.inject({ type: 'duplicate-delivery', count: 20 });
      sim.inject({ type: 'failure-rate', rate: 0.1 });
      sim.advance(10_000);
      for (const g of Object.values(sim.metrics().groups))
        expect(g.latency.endToEndRunMs.count).toBe(g.applied);
    },
  );

  it('with retry topics, time waiting for retries grows while the log wait stays short', () => {
    // The preset's own crashes and stalls lengthen the log wait; without them only retries wait.
    const scenario = { ...getPreset('flash-sale'), timeline: [] };
    const sim = createSimulation(scenario, { seed: 1 });
    sim.advance(30_000);
    const l = sim.metrics().groups.payments.latency;
    expect(l.retriesMs.count).toBeGreaterThan(0);
    expect(l.retriesMs.p50).toBeGreaterThan(l.queueMs.p99);
  });
});

describe('stage attribution of a delivered message (queues, share groups)', () => {
  it('a message whose first delivery succeeds waits in the queue, then is in flight; no redelivery wait', () => {
    const s = createStageLatency();
    recordDeliveredApplication(
      s,
      { messageId: 1, sentAtMs: 1000, firstReceivedAtMs: 1300, receivedAtMs: 1300 },
      1500,
    );
    const l = summarizeStages(s);
    near(l.queueMs.max, 300);
    expect(l.retriesMs.count).toBe(0);
    near(l.processingMs.max, 200);
    near(l.endToEndMs.max, 500);
  });

  it('a redelivered message splits its time into the first wait, the redelivery wait and the delivery that succeeded', () => {
    const s = createStageLatency();
    // Sent at 0, first received at 100, its visibility timeout (30 s) ran out, received again at 30_400.
    recordDeliveredApplication(
      s,
      { messageId: 1, sentAtMs: 0, firstReceivedAtMs: 100, receivedAtMs: 30_400 },
      30_450,
    );
    const l = summarizeStages(s);
    near(l.queueMs.max, 100);
    near(l.retriesMs.max, 30_300);
    near(l.processingMs.max, 50);
    near(l.endToEndMs.max, 30_450);
  });

  it('without a first-receive time the delivery that succeeded counts as the first', () => {
    const s = createStageLatency();
    recordDeliveredApplication(
      s,
      { messageId: 1, sentAtMs: 0, firstReceivedAtMs: -1, receivedAtMs: 700 },
      900,
    );
    const l = summarizeStages(s);
    near(l.queueMs.max, 700);
    expect(l.retriesMs.count).toBe(0);
    near(l.processingMs.max, 200);
  });
});

describe('stage attribution of queue and share-group messages in the engine', () => {
  const sqs = (over: Partial<Scenario> = {}): Scenario => ({
    id: 'sqs-stages',
    topics: [],
    queues: [{ name: 'jobs', type: 'sqs-standard', VisibilityTimeout: 5, ReceiveMessageWaitTimeSeconds: 20 }],
    producers: [
      { id: 'p', queue: 'jobs', ratePerSec: 5, keys: { type: 'uniform', count: 1000, prefix: 'job-' } },
    ],
    groups: [
      {
        groupId: 'workers',
        queue: 'jobs',
        consumers: 1,
        MaxNumberOfMessages: 1,
        processing: { meanMs: 20, distribution: 'constant' },
      },
    ],
    ...over,
  });

  it('SQS: a failed receive waits out the visibility timeout in the redelivery wait, not in the queue', () => {
    const sim = createSimulation(
      sqs({ timeline: [{ at: 4000, fault: { type: 'outage', durationMs: 500, groupId: 'workers' } }] }),
      { seed: 1 },
    );
    sim.advance(12_000);
    const l = sim.metrics().groups.workers.latency;
    // The messages received during the outage failed and came back after VisibilityTimeout 5 s.
    expect(l.retriesMs.count).toBeGreaterThan(0);
    expect(l.retriesMs.max).toBeGreaterThanOrEqual(4900);
    // Nobody waited long to be received the first time, and no successful receive took long.
    expect(l.queueMs.max).toBeLessThan(1000);
    expect(l.processingMs.max).toBeLessThan(100);
    expect(l.endToEndMs.max).toBeGreaterThanOrEqual(l.retriesMs.max);
  });

  it('SQS: processing that outlasts the visibility timeout counts in flight, the duplicate receive does not move it', () => {
    const sim = createSimulation('sqs-visibility-timeout', { seed: 1 });
    sim.advance(60_000);
    const l = sim.metrics().groups.workers.latency;
    // Jobs take 8 s on average: the receive that succeeded holds most of a job's time.
    expect(l.processingMs.p50).toBeGreaterThan(2000);
    expect(l.queueMs.p99).toBeLessThan(l.processingMs.p99);
  });

  it('RabbitMQ: a nacked and requeued message counts from its first delivery to the delivery that succeeded as redelivery', () => {
    const sim = createSimulation(
      {
        id: 'rabbit-stages',
        topics: [],
        queues: [{ name: 'work', type: 'rabbitmq-classic' }],
        producers: [
          { id: 'p', queue: 'work', ratePerSec: 10, keys: { type: 'uniform', count: 1000, prefix: 'job-' } },
        ],
        groups: [
          {
            groupId: 'workers',
            queue: 'work',
            consumers: 1,
            prefetch: 1,
            requeue: true,
            processing: { meanMs: 20, distribution: 'constant' },
          },
        ],
        timeline: [{ at: 3000, fault: { type: 'outage', durationMs: 1000, groupId: 'workers' } }],
      },
      { seed: 1 },
    );
    sim.advance(8000);
    const l = sim.metrics().groups.workers.latency;
    expect(l.retriesMs.count).toBeGreaterThan(0);
    // The message in hand when the outage began was redelivered until it ended.
    expect(l.retriesMs.max).toBeGreaterThan(900);
    expect(l.processingMs.max).toBeLessThan(100);
  });

  it('share groups fill the stages: Available in the log, the redelivery wait after a lock runs out, acquired', () => {
    const sim = createSimulation('kafka-share-group', { seed: 1 });
    sim.advance(5000);
    const id = sim.snapshot().groups.find((g) => g.type === 'share')!.members[0].memberId;
    // Paused past its acquisition locks (5 s here): the records it held come back and are acquired again.
    sim.inject({ type: 'pause-consumer', memberId: id, durationMs: 40_000 });
    sim.advance(7000);
    const groupId = sim.snapshot().groups.find((g) => g.type === 'share')!.groupId;
    const l = sim.metrics().groups[groupId].latency;
    expect(l.queueMs.count).toBeGreaterThan(0);
    expect(l.processingMs.count).toBe(l.queueMs.count);
    expect(l.retriesMs.count).toBeGreaterThan(0);
    expect(l.retriesMs.max).toBeGreaterThanOrEqual(4900);
    expect(l.endToEndMs.count).toBe(l.queueMs.count);
  });
});
