// Fixture frames for the queue layer of the flow diagram (issue 12): an SQS pair (a source
// queue with its DLQ, a FIFO queue), a RabbitMQ topology (topic exchange, quorum and classic
// queues, a dead-letter exchange) and a dense queue with thousands of messages in flight.
// Plain data in the shape of engine/queues/types.ts, for the layer's tests and the dev page
// (dev/queues.html), so the drawing can be built and looked at before the engine runs it.

import type { ProducerSnapshot, Snapshot } from '../engine';
import type { ExchangeSnapshot, QueueMessageView, QueueSnapshot } from '../engine/queues/types';
import type { FlowFrame } from './flowModel';

export type QueueFixture = 'sqs' | 'rabbit' | 'dense' | 'all';

const producer = (producerId: string, topic: string, ratePerSec: number, sent: number): ProducerSnapshot => ({
  producerId,
  topic,
  ratePerSec,
  keys: 'uniform, 100 keys',
  hotKey: null,
  isIdempotent: false,
  sent,
  stickyPartition: null,
});

interface QueueSpec {
  name: string;
  type: QueueSnapshot['type'];
  ready: number;
  inFlight: number;
  delayed?: number;
  deadLetterTarget?: string | null;
  isDeadLetterQueue?: boolean;
  consumers?: { consumerId: string; groupId: string; prefetch: number }[];
  settings?: QueueSnapshot['settings'];
  /** Receive count of every n-th ready message that came back (0: none came back). */
  returnedEvery?: number;
  xDeath?: boolean;
  /** Receive count of every ready message (a DLQ's: maxReceiveCount + 1). */
  readyReceiveCount?: number;
  firstId: number;
}

function queue(spec: QueueSpec, nowMs: number, listLimit = 200): QueueSnapshot {
  const isRabbit = spec.type.startsWith('rabbitmq');
  const timeoutMs = isRabbit
    ? Number(spec.settings?.consumer_timeout ?? 1_800_000)
    : Number(spec.settings?.VisibilityTimeout ?? 30) * 1000;
  const consumers = (spec.consumers ?? []).map((c) => ({ ...c, inFlight: 0 }));
  const messages: QueueMessageView[] = [];
  let id = spec.firstId;
  for (let i = 0; i < spec.inFlight; i++) {
    const c = consumers.length > 0 ? consumers[i % consumers.length] : undefined;
    if (c) c.inFlight += 1;
    if (messages.length >= listLimit) continue;
    // Spread over the window so some bars are nearly full and some nearly run out.
    const remaining = Math.round(timeoutMs * (1 - ((i * 0.37) % 1)));
    messages.push({
      messageId: id++,
      key: `order-${i}`,
      state: isRabbit ? 'unacked' : 'in-flight',
      receiveCount: i % 4 === 3 ? 2 : 1,
      consumerId: c?.consumerId,
      visibleAtMs: nowMs + remaining,
      redelivered: isRabbit && i % 4 === 3,
      sentAtMs: Math.max(0, nowMs - 20_000 + i),
    });
  }
  for (let i = 0; i < (spec.delayed ?? 0) && messages.length < listLimit; i++)
    messages.push({
      messageId: id++,
      key: `order-d${i}`,
      state: 'delayed',
      receiveCount: 0,
      availableAtMs: nowMs + 1500 + i * 2200,
      sentAtMs: nowMs - 500,
    });
  for (let i = 0; i < spec.ready && messages.length < listLimit; i++) {
    const isReturned = (spec.returnedEvery ?? 0) > 0 && i % (spec.returnedEvery as number) === 1;
    messages.push({
      messageId: id++,
      key: `order-r${i}`,
      state: isRabbit ? 'ready' : 'available',
      receiveCount: spec.readyReceiveCount ?? (spec.xDeath ? 4 : isReturned ? 2 + (i % 3) : 0),
      redelivered: isRabbit && isReturned,
      xDeath: spec.xDeath
        ? [
            {
              queue: 'eu-orders',
              reason: i % 2 === 0 ? 'delivery_limit' : 'rejected',
              count: 1,
              timeMs: nowMs - 4000 + i * 100,
              exchange: 'orders-x',
              routingKeys: ['order.eu.created'],
            },
          ]
        : undefined,
      sentAtMs: nowMs - 30_000 + i * 120,
    });
  }
  return {
    name: spec.name,
    type: spec.type,
    visible: spec.ready,
    inFlight: spec.inFlight,
    delayed: spec.delayed ?? 0,
    ...(isRabbit ? { ready: spec.ready, unacked: spec.inFlight } : {}),
    deadLetterTarget: spec.deadLetterTarget ?? null,
    isDeadLetterQueue: spec.isDeadLetterQueue ?? false,
    messages,
    consumers,
    settings: spec.settings ?? {},
  };
}

function sqsQueues(nowMs: number): QueueSnapshot[] {
  return [
    queue(
      {
        name: 'jobs',
        type: 'sqs-standard',
        ready: 46,
        inFlight: 7,
        delayed: 2,
        deadLetterTarget: 'jobs-dlq',
        returnedEvery: 9,
        consumers: [
          { consumerId: 'worker-1', groupId: 'workers', prefetch: 10 },
          { consumerId: 'worker-2', groupId: 'workers', prefetch: 10 },
          { consumerId: 'worker-3', groupId: 'workers', prefetch: 10 },
        ],
        settings: { VisibilityTimeout: 30, DelaySeconds: 5, maxReceiveCount: 3, MaxNumberOfMessages: 10 },
        firstId: 1000,
      },
      nowMs,
    ),
    queue(
      {
        name: 'jobs-dlq',
        type: 'sqs-standard',
        ready: 3,
        inFlight: 0,
        isDeadLetterQueue: true,
        readyReceiveCount: 4,
        settings: { VisibilityTimeout: 30 },
        firstId: 2000,
      },
      nowMs,
    ),
  ];
}

function rabbitTopology(nowMs: number): { queues: QueueSnapshot[]; exchanges: ExchangeSnapshot[] } {
  const queues = [
    queue(
      {
        name: 'eu-orders',
        type: 'rabbitmq-quorum',
        ready: 18,
        inFlight: 12,
        deadLetterTarget: 'dlx',
        returnedEvery: 5,
        consumers: [
          { consumerId: 'eu-1', groupId: 'eu', prefetch: 10 },
          { consumerId: 'eu-2', groupId: 'eu', prefetch: 10 },
        ],
        settings: { 'x-delivery-limit': 5, consumer_timeout: 60_000, 'x-dead-letter-exchange': 'dlx' },
        firstId: 3000,
      },
      nowMs,
    ),
    queue(
      {
        name: 'us-orders',
        type: 'rabbitmq-classic',
        ready: 4,
        inFlight: 3,
        consumers: [{ consumerId: 'us-1', groupId: 'us', prefetch: 5 }],
        settings: { consumer_timeout: 60_000 },
        firstId: 4000,
      },
      nowMs,
    ),
    queue(
      {
        name: 'audit',
        type: 'rabbitmq-classic',
        ready: 120,
        inFlight: 1,
        consumers: [{ consumerId: 'audit-1', groupId: 'audit', prefetch: 1 }],
        settings: { consumer_timeout: 1_800_000 },
        firstId: 5000,
      },
      nowMs,
    ),
    queue(
      {
        name: 'orders-dead',
        type: 'rabbitmq-classic',
        ready: 5,
        inFlight: 0,
        isDeadLetterQueue: true,
        xDeath: true,
        firstId: 6000,
      },
      nowMs,
    ),
  ];
  const exchanges: ExchangeSnapshot[] = [
    {
      name: 'orders-x',
      type: 'topic',
      bindings: [
        { queue: 'eu-orders', key: 'order.eu.*' },
        { queue: 'us-orders', key: 'order.us.*' },
        { queue: 'audit', key: '#' },
      ],
      alternateExchange: null,
      unroutable: { dropped: 2, returned: 0, alternate: 0 },
    },
    {
      name: 'dlx',
      type: 'fanout',
      bindings: [{ queue: 'orders-dead', key: '' }],
      alternateExchange: null,
      unroutable: { dropped: 0, returned: 0, alternate: 0 },
    },
  ];
  return { queues, exchanges };
}

function denseQueue(nowMs: number): QueueSnapshot {
  const consumers = Array.from({ length: 50 }, (_, i) => ({
    consumerId: `c-${i + 1}`,
    groupId: 'bulk',
    prefetch: 100,
  }));
  return queue(
    {
      name: 'bulk',
      type: 'rabbitmq-classic',
      ready: 12_000,
      inFlight: 5000,
      consumers,
      settings: { consumer_timeout: 60_000 },
      returnedEvery: 7,
      firstId: 100_000,
    },
    nowMs,
  );
}

const EMPTY_ACTIVITY: FlowFrame['activity'] = {
  produced: [],
  processed: [],
  failed: [],
  isAggregated: false,
  producedPerPartitionPerSec: [],
};

/**
 * A queue-only frame (no Kafka topic), or `base`'s frame with the queues added beside its
 * stream (the compare-brokers case).
 */
export function queueFixtureFrame(kind: QueueFixture, nowMs = 60_000, base?: FlowFrame): FlowFrame {
  const queues: QueueSnapshot[] = [];
  const exchanges: ExchangeSnapshot[] = [];
  const producers: ProducerSnapshot[] = [];
  if (kind === 'sqs' || kind === 'all') {
    queues.push(...sqsQueues(nowMs));
    producers.push(producer('web', 'jobs', 20, 1432));
  }
  if (kind === 'rabbit' || kind === 'all') {
    const t = rabbitTopology(nowMs);
    queues.push(...t.queues);
    exchanges.push(...t.exchanges);
    producers.push(producer('shop', 'orders-x', 35, 2210));
  }
  if (kind === 'dense') {
    queues.push(denseQueue(nowMs));
    producers.push(producer('bulk-load', 'bulk', 2000, 180_000));
  }
  const snapshot: Snapshot = base
    ? {
        ...base.snapshot,
        producers: [...base.snapshot.producers, ...producers],
        queues,
        exchanges,
      }
    : {
        nowMs,
        version: 1,
        seed: 1,
        scenarioId: `queues-${kind}`,
        topics: [],
        partitions: [],
        producers,
        groups: [],
        deadLetters: [],
        faults: [],
        queues,
        exchanges,
      };
  return base
    ? { ...base, snapshot }
    : { nowMs, snapshot, metrics: { groups: {} }, activity: EMPTY_ACTIVITY };
}
