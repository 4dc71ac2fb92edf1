// Resolves a consumer group that reads a queue into the runtime's config, defaults filled in.
// Delivery modes map onto the queue API: at-most-once deletes (acks) before processing,
// at-least-once after, effectively-once after with an idempotency store in front of the sink.

import type { Scenario } from '../../scenario/schema';
import type { DeliveryMode } from '../../types';

export interface QueueGroupConfig {
  groupId: string;
  queue: string;
  consumers: number;
  delivery: DeliveryMode;
  /** When DeleteMessage (ack) is sent relative to the side effect. */
  deleteWhen: 'before-processing' | 'after-processing';
  isIdempotent: boolean;
  maxNumberOfMessages: number;
  /** Null: the queue's ReceiveMessageWaitTimeSeconds. */
  waitTimeSeconds: number | null;
  /** Null: the queue's VisibilityTimeout. */
  visibilityTimeoutSeconds: number | null;
  heartbeat: { intervalMs: number; visibilityTimeoutSeconds: number } | null;
  onFailure: 'wait' | 'release' | 'backoff';
  backoff: { backoffMs: number; multiplier: number; maxBackoffMs: number };
  pollIntervalMs: number;
  processing: { meanMs: number; distribution: 'constant' | 'exponential' | 'uniform' };
  failureRate: number;
  startMs: number;
}

export function resolveQueueGroup(g: Scenario['groups'][number]): QueueGroupConfig {
  const delivery: DeliveryMode = g.delivery ?? 'at-least-once';
  return {
    groupId: g.groupId,
    queue: g.queue ?? '',
    consumers: g.consumers,
    delivery,
    deleteWhen: delivery === 'at-most-once' ? 'before-processing' : 'after-processing',
    isIdempotent: delivery === 'effectively-once',
    maxNumberOfMessages: g.MaxNumberOfMessages ?? 1,
    waitTimeSeconds: g.WaitTimeSeconds ?? null,
    visibilityTimeoutSeconds: g.VisibilityTimeout ?? null,
    heartbeat: g.visibilityHeartbeat
      ? {
          intervalMs: g.visibilityHeartbeat.intervalMs,
          visibilityTimeoutSeconds: g.visibilityHeartbeat.VisibilityTimeout,
        }
      : null,
    onFailure: g.onFailure ?? 'wait',
    backoff: {
      backoffMs: g.retry?.backoffMs ?? 1000,
      multiplier: g.retry?.multiplier ?? 2,
      maxBackoffMs: g.retry?.maxBackoffMs ?? 30_000,
    },
    pollIntervalMs: g.pollIntervalMs ?? 1000,
    processing: {
      meanMs: g.processing?.meanMs ?? 5,
      distribution: g.processing?.distribution ?? 'exponential',
    },
    failureRate: g.failureRate ?? 0,
    startMs: g.startMs ?? 0,
  };
}
