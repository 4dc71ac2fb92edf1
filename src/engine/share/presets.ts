// The share-group preset: one topic read two ways at once. "reports" is a consumer group
// (one owner per partition: 2 of its 5 consumers work, 3 idle); "workers" is a share group
// (KIP-932) whose 5 consumers all take records from both partitions. A poison record is
// released on each failure and archived once it reaches share.delivery.count.limit.

import type { Scenario } from '../scenario/schema';

export const SHARE_PRESETS: Record<string, Scenario> = {
  'kafka-share-group': {
    id: 'kafka-share-group',
    title: 'Kafka share groups: more consumers than partitions, all busy',
    description:
      'A "jobs" topic with 2 partitions, read by a consumer group ("reports", 5 consumers: 2 own a partition, 3 idle) and by a share group ("workers", 5 consumers, KIP-932: every consumer acquires records from every partition). A poison job is released and redelivered until share.delivery.count.limit (5), then archived.',
    topics: [{ name: 'jobs', partitions: 2, 'retention.ms': 600_000 }],
    producers: [
      {
        id: 'scheduler',
        topic: 'jobs',
        ratePerSec: 100,
        keys: { type: 'uniform', count: 5000, prefix: 'job-' },
      },
    ],
    groups: [
      {
        groupId: 'reports',
        topic: 'jobs',
        consumers: 5,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'max.poll.records': 10,
        processing: { meanMs: 40, distribution: 'exponential' },
        retry: { mode: 'blocking', maxAttempts: 3, backoffMs: 500, multiplier: 2 },
        dlq: { enabled: true, alertDepth: 1 },
      },
      {
        groupId: 'workers',
        topic: 'jobs',
        type: 'share',
        consumers: 5,
        'max.poll.records': 10,
        processing: { meanMs: 40, distribution: 'exponential' },
        'share.acknowledgement.mode': 'explicit',
        'share.record.lock.duration.ms': 5000,
        'share.delivery.count.limit': 5,
        onPoison: 'RELEASE',
      },
    ],
    timeline: [
      {
        at: 1000,
        caption:
          '"reports" is a consumer group: a partition has one owner, so 3 of its 5 consumers idle. "workers" is a share group: all 5 acquire records from both partitions.',
      },
      {
        at: 10_000,
        fault: { type: 'poison-message', key: 'job-poison' },
        caption:
          'A job that always fails. The share group RELEASEs it after each failure; each acquisition counts a delivery.',
      },
      {
        at: 20_000,
        fault: { type: 'crash-consumer', memberId: 'workers-2', restartAfterMs: 10_000 },
        caption:
          'workers-2 crashes holding acquired records. No rebalance: the others keep going, and its records come back when their 5 s locks expire.',
      },
    ],
  },
};
