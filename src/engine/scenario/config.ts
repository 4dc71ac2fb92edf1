// Resolves a validated scenario into the engine's internal config: every default filled
// in, Kafka's dotted names turned into camelCase fields with units. Defaults are Kafka's
// own (consumer: session.timeout.ms 45000, heartbeat.interval.ms 3000, …) unless noted.

import { type QueueGroupConfig, resolveQueueGroup } from '../queues/runtime/config';
import type { QueueInput } from '../queues/runtime/schema';
import type { AssignorName, CommitMode, DeliveryMode } from '../types';
import {
  type AutoscaleConfig,
  type ProducerFlowConfig,
  resolveAutoscale,
  resolveProducerFlow,
  resolveServices,
  resolveSync,
  type ServiceConfig,
  type SyncConfig,
} from './flowConfig';
import type { Scenario } from './schema';

export type KeysConfig =
  | { type: 'uniform'; count: number; prefix: string }
  | { type: 'zipf'; count: number; exponent: number; prefix: string }
  | { type: 'hot'; count: number; hotKey: string; share: number; prefix: string }
  | { type: 'null' };

export interface TopicConfig {
  name: string;
  partitions: number;
  retentionMs: number;
  retentionBytes: number;
  cleanupPolicy: 'delete' | 'compact';
  /** Per partition, the log-end offset at time 0 (absent: every log starts empty). */
  initialLogEndOffsets?: number[];
  replicationFactor: number;
  minInsyncReplicas: number;
  isUncleanElectionEnabled: boolean;
}

/** Kafka's acks as a number: 0, 1, or -1 for all. */
export type Acks = 0 | 1 | -1;

export interface ProducerConfig {
  id: string;
  /** '' for a producer that sends to a queue. */
  topic: string;
  /** The queue it sends to (SQS SendMessage, RabbitMQ's default exchange); null for Kafka. */
  queue: string | null;
  /** SQS per-message DelaySeconds; null: the queue's. */
  delaySeconds: number | null;
  ratePerSec: number;
  pattern: 'steady' | 'bursty';
  burst: { onMs: number; offMs: number; factor: number };
  keys: KeysConfig;
  lingerMs: number;
  batchSizeBytes: number;
  isIdempotent: boolean;
  acks: Acks;
  deliveryTimeoutMs: number;
  messageBytes: number;
  startMs: number;
  /** Backpressure settings (flowConfig.ts); null: sends go straight to the log. */
  flow: ProducerFlowConfig | null;
}

export interface RetryConfig {
  mode: 'none' | 'blocking' | 'retry-topics';
  maxAttempts: number;
  backoffMs: number;
  multiplier: number;
  maxBackoffMs: number;
  jitter: 'none' | 'full' | 'equal';
}

export interface GroupConfig {
  groupId: string;
  topic: string;
  consumers: number;
  delivery: DeliveryMode;
  commit: CommitMode;
  isIdempotent: boolean;
  autoCommitIntervalMs: number;
  autoOffsetReset: 'earliest' | 'latest';
  strategy: AssignorName;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxPollIntervalMs: number;
  maxPollRecords: number;
  processing: { meanMs: number; distribution: 'constant' | 'exponential' | 'uniform' };
  failureRate: number;
  retry: RetryConfig;
  dlq: { enabled: boolean; alertDepth: number };
  startMs: number;
  /** Per partition, the committed offset at time 0 (-1: none). */
  initialCommittedOffsets?: number[];
  /** Per consumer in creation order, the partitions it reports owning when it first joins. */
  initialAssignment?: number[][];
  autoscale: AutoscaleConfig | null;
}

export interface BrokerConfig {
  initialRebalanceDelayMs: number;
  retentionCheckIntervalMs: number;
  networkLatencyMs: number;
  replicaLagTimeMaxMs: number;
}

export interface EngineConfig {
  id: string;
  title: string;
  description: string;
  topics: TopicConfig[];
  producers: ProducerConfig[];
  groups: GroupConfig[];
  broker: BrokerConfig;
  /** Broker count; null when the scenario does not model brokers (one that never fails). */
  brokers: number | null;
  timeline: NonNullable<Scenario['timeline']>;
  durationMs: number | null;
  sync: SyncConfig | null;
  services: ServiceConfig[];
  /** Queues (issue 12), as the scenario gives them; each backend resolves its own settings. */
  queues: QueueInput[];
  /** Consumer groups reading a queue (`groups` holds the Kafka ones only). */
  queueGroups: QueueGroupConfig[];
}

export function resolveGroup(g: Scenario['groups'][number]): GroupConfig {
  const isAutoCommit = g['enable.auto.commit'] ?? g.delivery === undefined;
  const delivery: DeliveryMode = g.delivery ?? 'at-least-once';
  const commit: CommitMode = isAutoCommit
    ? 'auto'
    : delivery === 'at-most-once'
      ? 'before-processing'
      : 'after-processing';
  const retry = g.retry ?? { mode: 'none' as const };
  return {
    groupId: g.groupId,
    topic: g.topic ?? '',
    consumers: g.consumers,
    delivery,
    commit,
    isIdempotent: delivery === 'effectively-once',
    autoCommitIntervalMs: g['auto.commit.interval.ms'] ?? 5000,
    autoOffsetReset: g['auto.offset.reset'] ?? 'latest',
    strategy: g['partition.assignment.strategy'] ?? 'range',
    sessionTimeoutMs: g['session.timeout.ms'] ?? 45_000,
    heartbeatIntervalMs: g['heartbeat.interval.ms'] ?? 3000,
    maxPollIntervalMs: g['max.poll.interval.ms'] ?? 300_000,
    maxPollRecords: g['max.poll.records'] ?? 500,
    processing: {
      meanMs: g.processing?.meanMs ?? 5,
      distribution: g.processing?.distribution ?? 'exponential',
    },
    failureRate: g.failureRate ?? 0,
    retry: {
      mode: retry.mode,
      maxAttempts: retry.maxAttempts ?? (retry.mode === 'none' ? 1 : 4),
      backoffMs: retry.backoffMs ?? 1000,
      multiplier: retry.multiplier ?? 2,
      maxBackoffMs: retry.maxBackoffMs ?? 30_000,
      jitter: retry.jitter ?? 'none',
    },
    dlq: { enabled: g.dlq?.enabled ?? false, alertDepth: g.dlq?.alertDepth ?? 10 },
    startMs: g.startMs ?? 0,
    ...(g.initialCommittedOffsets ? { initialCommittedOffsets: [...g.initialCommittedOffsets] } : {}),
    ...(g.initialAssignment ? { initialAssignment: g.initialAssignment.map((list) => [...list]) } : {}),
    autoscale: resolveAutoscale(g),
  };
}

export function resolveScenario(s: Scenario): EngineConfig {
  return {
    id: s.id ?? 'custom',
    title: s.title ?? s.id ?? 'Custom scenario',
    description: s.description ?? '',
    topics: s.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions,
      retentionMs: t['retention.ms'] ?? 604_800_000,
      retentionBytes: t['retention.bytes'] ?? -1,
      cleanupPolicy: t['cleanup.policy'] ?? 'delete',
      ...(t.initialLogEndOffsets ? { initialLogEndOffsets: [...t.initialLogEndOffsets] } : {}),
      replicationFactor: t['replication.factor'] ?? 1,
      minInsyncReplicas: t['min.insync.replicas'] ?? 1,
      isUncleanElectionEnabled: t['unclean.leader.election.enable'] ?? false,
    })),
    producers: s.producers.map((p) => {
      const keys = p.keys ?? { type: 'uniform' as const, count: 1000 };
      return {
        id: p.id,
        topic: p.topic ?? '',
        queue: p.queue ?? null,
        delaySeconds: p.DelaySeconds ?? null,
        ratePerSec: p.ratePerSec,
        pattern: p.pattern ?? 'steady',
        burst: p.burst ?? { onMs: 5000, offMs: 15_000, factor: 5 },
        keys:
          keys.type === 'null'
            ? keys
            : keys.type === 'zipf'
              ? { ...keys, exponent: keys.exponent ?? 1.1, prefix: keys.prefix ?? 'key-' }
              : { ...keys, prefix: keys.prefix ?? 'key-' },
        lingerMs: p['linger.ms'] ?? 5,
        batchSizeBytes: p['batch.size'] ?? 16_384,
        isIdempotent: p['enable.idempotence'] ?? true,
        acks: toAcks(p.acks),
        deliveryTimeoutMs: p['delivery.timeout.ms'] ?? 120_000,
        messageBytes: p.messageBytes ?? 1024,
        startMs: p.startMs ?? 0,
        flow: resolveProducerFlow(p),
      };
    }),
    groups: s.groups.filter((g) => g.queue === undefined).map(resolveGroup),
    broker: {
      initialRebalanceDelayMs: s.broker?.['group.initial.rebalance.delay.ms'] ?? 3000,
      retentionCheckIntervalMs: s.broker?.['log.retention.check.interval.ms'] ?? 1000,
      networkLatencyMs: s.broker?.networkLatencyMs ?? 2,
      replicaLagTimeMaxMs: s.broker?.['replica.lag.time.max.ms'] ?? 30_000,
    },
    brokers: s.brokers ?? null,
    timeline: [...(s.timeline ?? [])].sort((a, b) => a.at - b.at),
    durationMs: s.durationMs ?? null,
    sync: resolveSync(s),
    services: resolveServices(s),
    queues: [...(s.queues ?? [])],
    queueGroups: s.groups.filter((g) => g.queue !== undefined).map(resolveQueueGroup),
  };
}

function toAcks(acks: Scenario['producers'][number]['acks']): Acks {
  if (acks === 0 || acks === '0') return 0;
  if (acks === 1 || acks === '1') return 1;
  return -1;
}
