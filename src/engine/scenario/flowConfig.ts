// Resolves the flow-control parts of a scenario (flowSchema.ts) into engine config with
// every default filled in. Kafka's own defaults where the setting is Kafka's
// (buffer.memory 33554432, max.block.ms 60000); KEDA's for the autoscaler (pollingInterval
// 30 s, cooldownPeriod 300 s for scale-in); HikariCP's connectionTimeout 30000.

import type { Scenario } from './schema';

type ProducerInput = Scenario['producers'][number];
type GroupInput = Scenario['groups'][number];

export interface ProducerFlowConfig {
  bufferMemoryBytes: number;
  maxBlockMs: number;
  /** Bytes/s the broker accepts from this producer; Infinity without a quota. */
  byteRate: number;
  rateLimit: { ratePerSec: number; burst: number } | null;
  shedding: { lowPriorityShare: number; lagThreshold: number; groupId: string | null } | null;
}

export interface AutoscaleConfig {
  lagThreshold: number;
  minReplicaCount: number;
  maxReplicaCount: number;
  pollingIntervalMs: number;
  scaleOutCooldownMs: number;
  scaleInCooldownMs: number;
  allowIdleConsumers: boolean;
}

export interface SyncConfig {
  id: string;
  ratePerSec: number;
  pattern: 'steady' | 'bursty';
  burst: { onMs: number; offMs: number; factor: number };
  startMs: number;
  stopMs: number;
  maximumPoolSize: number;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  serviceMeanMs: number;
  maxRetries: number;
  retryBackoffMs: number;
}

export type WritePath = 'dual-write-commit-first' | 'dual-write-publish-first' | 'outbox';

export interface ServiceConfig {
  id: string;
  topic: string;
  ratePerSec: number;
  writePath: WritePath;
  relayIntervalMs: number;
  keys: number;
  startMs: number;
  stopMs: number;
}

/** Null unless the producer uses a flow-control setting: then the plain path runs unchanged. */
export function resolveProducerFlow(p: ProducerInput): ProducerFlowConfig | null {
  const isUsed =
    p['buffer.memory'] !== undefined ||
    p['max.block.ms'] !== undefined ||
    p.producer_byte_rate !== undefined ||
    p.rateLimit !== undefined ||
    p.shedding !== undefined;
  if (!isUsed) return null;
  return {
    bufferMemoryBytes: p['buffer.memory'] ?? 33_554_432,
    maxBlockMs: p['max.block.ms'] ?? 60_000,
    byteRate: p.producer_byte_rate ?? Number.POSITIVE_INFINITY,
    rateLimit: p.rateLimit
      ? {
          ratePerSec: p.rateLimit.ratePerSec,
          burst: p.rateLimit.burst ?? Math.max(1, p.rateLimit.ratePerSec),
        }
      : null,
    shedding: p.shedding ? { ...p.shedding, groupId: p.shedding.groupId ?? null } : null,
  };
}

export function resolveAutoscale(g: GroupInput): AutoscaleConfig | null {
  const a = g.autoscale;
  if (!a) return null;
  return {
    lagThreshold: a.lagThreshold,
    minReplicaCount: a.minReplicaCount ?? 1,
    maxReplicaCount: a.maxReplicaCount,
    pollingIntervalMs: a.pollingIntervalMs ?? 30_000,
    scaleOutCooldownMs: a.scaleOutCooldownMs ?? 0,
    scaleInCooldownMs: a.scaleInCooldownMs ?? 300_000,
    allowIdleConsumers: a.allowIdleConsumers ?? false,
  };
}

export function resolveSync(s: Scenario): SyncConfig | null {
  const x = s.sync;
  if (!x) return null;
  return {
    id: x.id ?? 'checkout-sync',
    ratePerSec: x.ratePerSec,
    pattern: x.pattern ?? 'steady',
    burst: x.burst ?? { onMs: 5000, offMs: 15_000, factor: 5 },
    startMs: x.startMs ?? 0,
    stopMs: x.stopMs ?? Number.POSITIVE_INFINITY,
    maximumPoolSize: x.maximumPoolSize,
    connectionTimeoutMs: x.connectionTimeoutMs ?? 30_000,
    requestTimeoutMs: x.requestTimeoutMs ?? 30_000,
    serviceMeanMs: x.serviceMeanMs,
    maxRetries: x.maxRetries ?? 0,
    retryBackoffMs: x.retryBackoffMs ?? 1000,
  };
}

export function resolveServices(s: Scenario): ServiceConfig[] {
  return (s.services ?? []).map((x) => ({
    id: x.id,
    topic: x.topic,
    ratePerSec: x.ratePerSec,
    writePath: x.writePath,
    relayIntervalMs: x.relayIntervalMs ?? 500,
    keys: x.keys ?? 1000,
    startMs: x.startMs ?? 0,
    stopMs: x.stopMs ?? Number.POSITIVE_INFINITY,
  }));
}
