// "Kafka or RabbitMQ or SQS?" with numbers (issue 12): one workload, the same faults at the same
// virtual times, on a Kafka topic read by a consumer group and by a share group, an SQS standard
// queue, an SQS FIFO queue and a RabbitMQ quorum queue behind an exchange. Each system's dead-
// letter path is configured under its real name. The engine fills the comparison table from it
// (src/engine/compare).

import type { Scenario } from './schema';

const ARN = 'arn:aws:sqs:us-east-1:123456789012';
/** The same workload for every system: 20 orders a second over 30 customer keys. */
const workload = { ratePerSec: 20, keys: { type: 'uniform' as const, count: 30, prefix: 'customer-' } };
const processing = { meanMs: 150, distribution: 'exponential' as const };
const POISON_AT_MS = 8000;
const SLOW_AT_MS = 15_000;
export const CRASH_AT_MS = 20_000;

/**
 * The same faults on every system: a poison order from every producer, then the first consumer of
 * each group slows down (a stuck dependency) and crashes 5 s later with a batch in hand.
 */
function sameFaults(members: string[], producers: string[]): Scenario['timeline'] {
  return [
    {
      at: 1000,
      caption:
        'One workload (20 orders/s, 30 customer keys) into Kafka, SQS standard, SQS FIFO and a RabbitMQ quorum queue.',
    },
    ...producers.map((producerId, i) => ({
      at: POISON_AT_MS,
      fault: { type: 'poison-message' as const, key: 'customer-poison', producerId },
      ...(i === 0
        ? { caption: 'A poison order, sent to every system: where does it end up, and after how many tries?' }
        : {}),
    })),
    ...members.map((memberId, i) => ({
      at: SLOW_AT_MS,
      fault: { type: 'slow-consumer' as const, memberId, factor: 10 },
      ...(i === 0
        ? { caption: 'The first consumer of each system becomes 10× slower: work piles up in its hands.' }
        : {}),
    })),
    ...members.map((memberId, i) => ({
      at: CRASH_AT_MS,
      fault: { type: 'crash-consumer' as const, memberId, restartAfterMs: 25_000 },
      ...(i === 0
        ? { caption: 'It crashes mid-batch. How long until the messages it held are delivered again?' }
        : {}),
    })),
  ];
}

export const COMPARE_PRESETS: Record<string, Scenario> = {
  'compare-brokers': {
    id: 'compare-brokers',
    title: 'Kafka, SQS or RabbitMQ? One workload, the same faults, side by side',
    description:
      'One producer per system sends the same orders (20 msg/s over 30 customer keys; 4 producers × 20 msg/s = 80 msg/s in all) ' +
      'to a Kafka topic read by a consumer group ("payments") and a share group ("workers"), ' +
      'to an SQS standard queue, an SQS FIFO queue (MessageGroupId = customer) and a RabbitMQ quorum queue behind a fanout exchange. ' +
      'At 8 s a poison order; at 15 s the first consumer of each slows down tenfold and at 20 s it crashes mid-batch. ' +
      'The comparison table in Outcomes counts order, duplicates, losses, the redelivery delay after the crash and the dead-letter path of each.',
    topics: [{ name: 'orders', partitions: 4, 'retention.ms': 600_000 }],
    queues: [
      {
        name: 'orders-sqs',
        type: 'sqs-standard',
        VisibilityTimeout: 10,
        ReceiveMessageWaitTimeSeconds: 20,
        RedrivePolicy: { deadLetterTargetArn: `${ARN}:orders-sqs-dlq`, maxReceiveCount: 3 },
      },
      { name: 'orders-sqs-dlq', type: 'sqs-standard' },
      {
        name: 'orders.fifo',
        type: 'sqs-fifo',
        VisibilityTimeout: 10,
        ReceiveMessageWaitTimeSeconds: 20,
        RedrivePolicy: { deadLetterTargetArn: `${ARN}:orders-dlq.fifo`, maxReceiveCount: 3 },
      },
      { name: 'orders-dlq.fifo', type: 'sqs-fifo' },
      {
        name: 'orders-quorum',
        type: 'rabbitmq-quorum',
        'x-delivery-limit': 3,
        'x-dead-letter-exchange': 'orders-dlx',
      },
      { name: 'orders-rabbit-dlq', type: 'rabbitmq-classic' },
    ],
    exchanges: [
      { name: 'orders-x', type: 'fanout', bindings: [{ queue: 'orders-quorum', key: '' }] },
      { name: 'orders-dlx', type: 'fanout', bindings: [{ queue: 'orders-rabbit-dlq', key: '' }] },
    ],
    producers: [
      { id: 'kafka-checkout', topic: 'orders', ...workload },
      { id: 'sqs-checkout', queue: 'orders-sqs', ...workload },
      { id: 'fifo-checkout', queue: 'orders.fifo', ...workload },
      { id: 'rabbit-checkout', exchange: 'orders-x', routingKey: 'order', ...workload },
    ],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 4,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'max.poll.records': 10,
        'session.timeout.ms': 10_000,
        'heartbeat.interval.ms': 3000,
        processing,
        retry: { mode: 'blocking', maxAttempts: 3, backoffMs: 200, multiplier: 2 },
        dlq: { enabled: true, alertDepth: 1 },
      },
      {
        groupId: 'workers',
        topic: 'orders',
        type: 'share',
        consumers: 4,
        'max.poll.records': 10,
        processing,
        'share.acknowledgement.mode': 'explicit',
        'share.record.lock.duration.ms': 15_000,
        'share.delivery.count.limit': 3,
        onPoison: 'RELEASE',
      },
      {
        groupId: 'sqs-workers',
        queue: 'orders-sqs',
        consumers: 4,
        MaxNumberOfMessages: 10,
        processing,
      },
      {
        groupId: 'fifo-workers',
        queue: 'orders.fifo',
        consumers: 4,
        MaxNumberOfMessages: 10,
        processing,
      },
      {
        groupId: 'rabbit-workers',
        queue: 'orders-quorum',
        consumers: 4,
        prefetch: 10,
        requeue: true,
        processing,
      },
    ],
    timeline: sameFaults(
      ['p-1', 'workers-1', 's-1', 'f-1', 'r-1'],
      ['kafka-checkout', 'sqs-checkout', 'fifo-checkout', 'rabbit-checkout'],
    ),
  },
};
