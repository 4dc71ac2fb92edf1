// The replication presets: three brokers (two for unclean election), a replicated orders
// topic, and a script of broker faults that shows what each setting risks or costs.

import type { Scenario } from './schema';

const orders = (extra: Record<string, unknown>) => ({
  name: 'orders',
  partitions: 3,
  'retention.ms': 600_000,
  ...extra,
});

const checkout = (acks: 1 | 'all', ratePerSec: number) => ({
  id: 'checkout',
  topic: 'orders',
  ratePerSec,
  acks,
  keys: { type: 'uniform' as const, count: 5000, prefix: 'order-' },
});

const fulfillment = {
  groupId: 'fulfillment',
  topic: 'orders',
  consumers: 2,
  delivery: 'at-least-once' as const,
  'auto.offset.reset': 'earliest' as const,
  processing: { meanMs: 2 },
};

export const REPLICATION_PRESETS: Record<string, Scenario> = {
  'acks-1-leader-crash': {
    id: 'acks-1-leader-crash',
    title: 'acks=1: the leader dies before its followers copy',
    description:
      'Three brokers, replication.factor 3, producer acks=1. Broker 1 fetches slowly but stays in the ISR ' +
      '(replica.lag.time.max.ms is 30 s). When broker 0, leader of partition 0, crashes, broker 1 takes over ' +
      'with a shorter log: records the producer was told were written are gone.',
    brokers: 3,
    topics: [orders({ 'replication.factor': 3, 'min.insync.replicas': 1 })],
    producers: [checkout(1, 300)],
    groups: [fulfillment],
    timeline: [
      {
        at: 4000,
        fault: { type: 'slow-follower', brokerId: 1, factor: 500 },
        caption: 'Broker 1 fetches slowly.',
      },
      {
        at: 15_000,
        fault: { type: 'crash-broker', brokerId: 0 },
        caption: 'Broker 0 crashes: partition 0 elects broker 1, still in the ISR but behind.',
      },
      {
        at: 30_000,
        fault: { type: 'restart-broker', brokerId: 0 },
        caption: 'Broker 0 returns and truncates to the new leader: the acknowledged records are lost.',
      },
    ],
  },
  'min-insync-replicas': {
    id: 'min-insync-replicas',
    title: 'min.insync.replicas=2: writes refused, nothing lost',
    description:
      'Three brokers, replication.factor 3, min.insync.replicas 2, acks=all. Two brokers crash: every ISR ' +
      'shrinks to one replica and produces fail with NOT_ENOUGH_REPLICAS. The producer holds and retries ' +
      'within delivery.timeout.ms; when a broker returns and catches up, the writes go through.',
    brokers: 3,
    topics: [orders({ 'replication.factor': 3, 'min.insync.replicas': 2 })],
    producers: [checkout('all', 300)],
    groups: [fulfillment],
    timeline: [
      {
        at: 10_000,
        fault: { type: 'crash-broker', brokerId: 1 },
        caption: 'Broker 1 crashes: ISRs shrink to 2.',
      },
      {
        at: 15_000,
        fault: { type: 'crash-broker', brokerId: 2 },
        caption: 'Broker 2 crashes: ISR 1 < min.insync.replicas 2, writes are refused.',
      },
      {
        at: 30_000,
        fault: { type: 'restart-broker', brokerId: 1 },
        caption: 'Broker 1 returns, catches up and rejoins the ISR: the held records are written.',
      },
    ],
  },
  'unclean-election': {
    id: 'unclean-election',
    title: 'Unclean leader election: availability bought with loss',
    description:
      'Two brokers, replication.factor 2, unclean.leader.election.enable=true. Broker 1 falls behind and ' +
      'leaves the ISR; then broker 0 crashes. No in-sync replica is alive, so the out-of-sync broker 1 leads: ' +
      'the partitions stay writable, and every record it never copied is lost, acknowledged ones included.',
    brokers: 2,
    broker: { 'replica.lag.time.max.ms': 10_000 },
    topics: [
      orders({ 'replication.factor': 2, 'min.insync.replicas': 1, 'unclean.leader.election.enable': true }),
    ],
    producers: [checkout('all', 300)],
    groups: [fulfillment],
    timeline: [
      {
        at: 4000,
        fault: { type: 'slow-follower', brokerId: 1, factor: 1000 },
        caption: 'Broker 1 fetches slowly; after replica.lag.time.max.ms it leaves the ISR.',
      },
      {
        at: 20_000,
        fault: { type: 'crash-broker', brokerId: 0 },
        caption: 'Broker 0 crashes: no ISR member is alive, so broker 1 leads uncleanly.',
      },
      {
        at: 40_000,
        fault: { type: 'restart-broker', brokerId: 0 },
        caption: 'Broker 0 returns and truncates its log to broker 1’s.',
      },
    ],
  },
};
