// The flow-control presets: backpressure at the producer and retention as the last buffer,
// autoscaling on lag, the same flash sale with and without a queue, and dual writes vs the
// transactional outbox. Ordinary scenario documents, listed after the core presets.

import type { Scenario } from './schema';

export const FLOW_PRESETS: Record<string, Scenario> = {
  backpressure: {
    id: 'backpressure',
    title: 'Backpressure: a full producer buffer, a rate limiter, load shedding, retention',
    description:
      'checkout bursts past its broker quota (producer_byte_rate): buffer.memory fills, send() blocks, and after max.block.ms sends fail. While payments lags past 3,000 records, the low-priority 30% of orders is shed at the producer. clickstream is held to 100 msg/s by a token bucket. archiver reads too slowly and retention (30 s) deletes what it has not read.',
    topics: [{ name: 'orders', partitions: 6, 'retention.ms': 30_000 }],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 250,
        pattern: 'bursty',
        burst: { onMs: 6000, offMs: 9000, factor: 4 },
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
        messageBytes: 1000,
        'buffer.memory': 400_000,
        'max.block.ms': 2000,
        producer_byte_rate: 600_000,
        shedding: { lowPriorityShare: 0.3, lagThreshold: 3000, groupId: 'payments' },
      },
      {
        id: 'clickstream',
        topic: 'orders',
        ratePerSec: 250,
        keys: { type: 'uniform', count: 5000, prefix: 'session-' },
        messageBytes: 200,
        rateLimit: { ratePerSec: 100, burst: 200 },
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
        processing: { meanMs: 6, distribution: 'constant' },
      },
      {
        groupId: 'archiver',
        topic: 'orders',
        consumers: 1,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 8, distribution: 'constant' },
      },
    ],
  },
  'autoscale-on-lag': {
    id: 'autoscale-on-lag',
    title: 'Autoscaling consumers on lag, up to the partition count and past it',
    description:
      'payments starts with one consumer; a KEDA-style autoscaler adds one per 500 records of lag (checked every 5 s, scale-in after a 20 s cooldown), up to 8. The topic has 6 partitions, so consumers 7 and 8 sit idle: a partition has one owner per group.',
    topics: [{ name: 'orders', partitions: 6, 'retention.ms': 600_000 }],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 80,
        keys: { type: 'uniform', count: 5000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 1,
        delivery: 'at-least-once',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 10_000,
        processing: { meanMs: 10, distribution: 'constant' },
        autoscale: {
          lagThreshold: 500,
          minReplicaCount: 1,
          maxReplicaCount: 8,
          pollingIntervalMs: 5000,
          scaleOutCooldownMs: 0,
          scaleInCooldownMs: 20_000,
          allowIdleConsumers: true,
        },
      },
    ],
    timeline: [
      {
        at: 10_000,
        fault: { type: 'set-rate', ratePerSec: 700 },
        caption: 'The flash sale starts: 700 orders/s.',
      },
      { at: 40_000, fault: { type: 'set-rate', ratePerSec: 80 }, caption: 'The sale ends.' },
    ],
  },
  'sync-vs-queue': {
    id: 'sync-vs-queue',
    title: 'The same flash sale with and without a queue',
    description:
      'For 20 s, 500 checkouts/s hit a payment API that handles 50 calls at a time (about 250/s). Without a queue (the sync path) calls wait for a connection, are rejected after 1 s, and users retry up to 3 times: the load multiplies. With a queue, orders wait in the log and payments (12 consumers, the same 250/s) drains them: later, but none refused.',
    topics: [{ name: 'orders', partitions: 12, 'retention.ms': 3_600_000 }],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 500,
        keys: { type: 'uniform', count: 100_000, prefix: 'order-' },
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
        processing: { meanMs: 48, distribution: 'constant' },
      },
    ],
    sync: {
      id: 'checkout-direct',
      ratePerSec: 500,
      stopMs: 20_000,
      maximumPoolSize: 50,
      serviceMeanMs: 200,
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 2000,
      maxRetries: 3,
      retryBackoffMs: 500,
    },
    timeline: [{ at: 20_000, fault: { type: 'set-rate', ratePerSec: 0 }, caption: 'The flash sale ends.' }],
    broker: { 'group.initial.rebalance.delay.ms': 0 },
  },
  'dual-write-outbox': {
    id: 'dual-write-outbox',
    title: 'Dual writes vs the transactional outbox',
    description:
      'Three order services write their database and publish an event. commit-first (commit, then publish) crashes between the two: an event is lost. publish-first crashes between: a phantom event for an order that never committed. outbox writes the event row in the same transaction; its relay crashes after publishing and before marking the rows: duplicates, never a loss.',
    topics: [
      { name: 'commit-first-events', partitions: 3, 'retention.ms': 600_000 },
      { name: 'publish-first-events', partitions: 3, 'retention.ms': 600_000 },
      { name: 'outbox-events', partitions: 3, 'retention.ms': 600_000 },
    ],
    producers: [],
    groups: [
      {
        groupId: 'ledger-a',
        topic: 'commit-first-events',
        consumers: 1,
        'auto.offset.reset': 'earliest',
        delivery: 'at-least-once',
      },
      {
        groupId: 'ledger-b',
        topic: 'publish-first-events',
        consumers: 1,
        'auto.offset.reset': 'earliest',
        delivery: 'at-least-once',
      },
      {
        groupId: 'ledger-c',
        topic: 'outbox-events',
        consumers: 1,
        'auto.offset.reset': 'earliest',
        delivery: 'at-least-once',
      },
    ],
    services: [
      {
        id: 'commit-first',
        topic: 'commit-first-events',
        ratePerSec: 20,
        writePath: 'dual-write-commit-first',
      },
      {
        id: 'publish-first',
        topic: 'publish-first-events',
        ratePerSec: 20,
        writePath: 'dual-write-publish-first',
      },
      { id: 'outbox', topic: 'outbox-events', ratePerSec: 20, writePath: 'outbox', relayIntervalMs: 1000 },
    ],
    timeline: [
      {
        at: 8000,
        fault: {
          type: 'crash-service',
          serviceId: 'commit-first',
          point: 'after-commit-before-publish',
          restartAfterMs: 3000,
        },
        caption: 'commit-first will crash after its next commit, before publishing.',
      },
      {
        at: 8000,
        fault: {
          type: 'crash-service',
          serviceId: 'publish-first',
          point: 'after-publish-before-commit',
          restartAfterMs: 3000,
        },
        caption: 'publish-first will crash after its next publish, before committing.',
      },
      {
        at: 8000,
        fault: {
          type: 'crash-service',
          serviceId: 'outbox',
          point: 'after-commit-before-publish',
          restartAfterMs: 3000,
        },
        caption: 'outbox will crash after its next commit; the event row waits in the outbox table.',
      },
      {
        at: 16_000,
        fault: {
          type: 'crash-service',
          serviceId: 'outbox',
          point: 'after-publish-before-mark',
          restartAfterMs: 3000,
        },
        caption: 'The outbox relay will crash after publishing, before marking the rows sent.',
      },
    ],
  },
};
