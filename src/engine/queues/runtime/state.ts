// The queue runtime's plain data inside the world: the broker (every queue and exchange),
// the consumer groups reading queues with their sinks and counters, and each consumer's loop.
// Checkpoints clone it with the rest of the world.

import { createIdCounter, type IdCounter } from '../../delivery/idCounter';
import type { QueueConsumerState } from '../../machines/queueConsumer.machine';
import { createHistogram, type Histogram } from '../../metrics/histogram';
import { createRateMeter, type RateMeter } from '../../metrics/rateMeter';
import { createStageLatency, type StageLatencyRt } from '../../metrics/stages';
import type { CrashPoint } from '../../types';
import type { Delivery, QueueBrokerState } from '../backend';
import type { QueueGroupConfig } from './config';

export type QueueEngineEvent =
  /** The broker has time-driven work due (visibility, delays, TTL, retention, long polls, moves). */
  | { kind: 'queue-due' }
  | {
      kind: 'queue-step';
      consumerId: string;
      incarnation: number;
      step: 'batch' | 'receive' | 'done' | 'heartbeat';
    }
  | { kind: 'queue-restart'; consumerId: string }
  /** Rolls the groups' recent latency windows, on the broker's retention-check cadence as for Kafka groups. */
  | { kind: 'queue-tick' }
  | { kind: 'queue-group-start'; groupId: string };

export interface QueueConsumerRt {
  consumerId: string;
  groupId: string;
  queue: string;
  /** Bumped on crash and restart: events scheduled for an older incarnation are dropped. */
  incarnation: number;
  loop: QueueConsumerState;
  stateSinceMs: number;
  /** Messages handed over and not yet processed (a ReceiveMessage batch, or pushes within prefetch). */
  batch: Delivery[];
  batchIndex: number;
  /**
   * The message being processed (null when none), when its processing started and when it ends.
   * Three fields rather than one object, so a delivery allocates nothing here.
   */
  current: Delivery | null;
  currentStartedAtMs: number;
  currentEndsAtMs: number;
  receiveRequestedAtMs: number;
  processingFactor: number;
  pauseUntilMs: number;
  armedCrash: CrashPoint | null;
  restartAfterMs: number | null;
  processedCount: number;
  isRemoved: boolean;
}

export interface QueueGroupRt {
  config: QueueGroupConfig;
  consumerIds: string[];
  nextConsumerNumber: number;
  /** Per message id, how many times its side effect was applied: the ground truth. */
  sink: IdCounter;
  idempotencyStore: IdCounter;
  lost: Set<number>;
  lostToRetention: number;
  deadLetteredIds: Set<number>;
  /** At-most-once: deleted (acked) before processing and not applied yet. */
  deletedUnapplied: Set<number>;
  produced: number;
  delivered: number;
  redeliveries: number;
  deduplicated: number;
  failedAttempts: number;
  /** End-to-end latency of every application in the current window; `latencyPrevious` the one before. */
  latency: Histogram;
  latencyPrevious: Histogram;
  /** When the current recent window (latency and stages) started; rolled every 10 s of virtual time. */
  latencyWindowStartMs: number;
  /** Per-stage latency: in the queue, redelivery wait, the receive that succeeded (stages.ts recordDeliveredApplication). */
  stages: StageLatencyRt;
  /** Per key, the highest message id applied: a first application below it is out of order. */
  lastAppliedIdByKey: Map<string, number>;
  /**
   * The same for keys that read `${space}${index}` (QueueMessage.keySpace/keyIndex), by space
   * then index (-1: none applied); the string map holds only the other keys.
   */
  lastAppliedIdByKeyIndex: Map<string, Float64Array>;
  /** Read through `settleOrderChecks` (effect.ts): first applications may still be pending. */
  outOfOrder: number;
  /** First applications of indexed keys (one key space) whose order check is pending, in order. */
  orderPending: { keySpace: string | null; count: number; ids: Float64Array; keyIndexes: Int32Array };
  consumed: RateMeter;
  attempts: RateMeter;
  failureRate: number;
  outageUntilMs: number;
  duplicateRemaining: number;
}

/** First applications whose per-key order check is pending, at most this many (effect.ts). */
export const ORDER_BATCH = 256;

export interface QueueWorld {
  broker: QueueBrokerState;
  groups: Record<string, QueueGroupRt>;
  consumers: Record<string, QueueConsumerRt>;
  /** When the pending `queue-due` event fires (Infinity: none pending). */
  dueAtMs: number;
}

export function createQueueGroupRt(config: QueueGroupConfig): QueueGroupRt {
  return {
    config,
    consumerIds: [],
    nextConsumerNumber: 1,
    sink: createIdCounter(),
    idempotencyStore: createIdCounter(),
    lost: new Set(),
    lostToRetention: 0,
    deadLetteredIds: new Set(),
    deletedUnapplied: new Set(),
    produced: 0,
    delivered: 0,
    redeliveries: 0,
    deduplicated: 0,
    failedAttempts: 0,
    latency: createHistogram(),
    latencyPrevious: createHistogram(),
    latencyWindowStartMs: 0,
    stages: createStageLatency(),
    lastAppliedIdByKey: new Map(),
    lastAppliedIdByKeyIndex: new Map(),
    outOfOrder: 0,
    orderPending: {
      keySpace: null,
      count: 0,
      ids: new Float64Array(ORDER_BATCH),
      keyIndexes: new Int32Array(ORDER_BATCH),
    },
    consumed: createRateMeter(),
    attempts: createRateMeter(),
    failureRate: config.failureRate,
    outageUntilMs: -1,
    duplicateRemaining: 0,
  };
}
