// Public data shapes of the engine: snapshots, events, faults and metrics. All plain,
// JSON-serializable data, so they cross the scripting API, URLs and tests unchanged.

import type { BrokerComparisonRow } from './compare/types';
import type { AutoscaleMetrics, ProducerFlowMetrics, ServiceMetrics, SyncMetrics } from './flowTypes';
import type { AssignorName, TopicPartition } from './kafka/assignors';
import type { IdleReason, LoopState } from './machines/consumerLoop.machine';
import type { QueueEvent } from './queues/backend';
import type { ExchangeSnapshot, QueueSnapshot } from './queues/types';
import type { BrokerSnapshot, BrokerState, ReplicationMetrics } from './replication/types';
import type { PartitionTxnFields, TransactionEvent, TransactionMetrics } from './transactions/types';

export type { BrokerSnapshot, BrokerState, ReplicationMetrics } from './replication/types';
export type {
  AbortedRangeSnapshot,
  OpenTransactionSnapshot,
  PartitionTxnFields,
  TransactionEvent,
  TransactionMetrics,
  TxnMarkKind,
} from './transactions/types';

import type { AcknowledgeType, ShareGroupView, ShareRecordState } from './share/types';

export type {
  AcknowledgeType,
  ShareGroupView,
  SharePartitionView,
  ShareRecordState,
  ShareRecordView,
  ShareSettings,
} from './share/types';
export type { AssignorName, IdleReason, LoopState, TopicPartition };

/** Kafka's classic group states (ClassicGroupState.java). */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/**
 * Consumer member machine states. The first four follow the Java client's MemberState
 * (UNJOINED, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE) with readable names;
 * Stale is KIP-848's name for a member whose max.poll.interval.ms expired.
 */
export type MemberState =
  | 'Unjoined'
  | 'Joining'
  | 'AwaitingAssignment'
  | 'Stable'
  | 'Stale'
  | 'Paused'
  | 'Crashed'
  | 'Left';

/** What a Stable member's application thread is doing right now. */
export type MemberActivity = 'idle' | 'polling' | 'processing' | 'committing' | 'backoff' | 'none';

export type CommitMode = 'auto' | 'after-processing' | 'before-processing';
export type DeliveryMode = 'at-most-once' | 'at-least-once' | 'effectively-once';
export type CrashPoint =
  | 'now'
  | 'before-process'
  | 'after-process-before-commit'
  | 'after-commit-before-process-completes';

export interface RecordView {
  topic: string;
  partition: number;
  offset: number;
  messageId: number;
  key: string | null;
  producedAtMs: number;
  isPoison: boolean;
  /** How many times this record's message was redriven from the DLQ. */
  redriveCount: number;
}

/** Transaction fields (lastStableOffset, open transactions, aborted records) only where transactions write. */
export interface PartitionSnapshot extends PartitionTxnFields {
  topic: string;
  partition: number;
  logStartOffset: number;
  logEndOffset: number;
  /** Committed offset per group id; -1 when the group has committed nothing yet. */
  committed: Record<string, number>;
  /** Lag per group: log-end − committed (per auto.offset.reset when nothing is committed). */
  lag: Record<string, number>;
  /** Owner member id per group, if assigned. */
  owner: Record<string, string | null>;
  /** Age in ms of the oldest record not yet consumed, per group (0 when caught up). */
  lagMs: Record<string, number>;
  /** With `brokers` in the scenario: the leader's broker id (-1 while offline). */
  leader?: number;
  leaderEpoch?: number;
  /** Broker ids holding a replica, preferred leader first. */
  replicas?: number[];
  /** Broker ids of the in-sync replicas. */
  isr?: number[];
  /** Consumers read only below it: the offset every ISR member has. */
  highWatermark?: number;
  /** Log end offset of each replica, in `replicas` order. */
  replicaLogEndOffsets?: number[];
}

export interface InFlightRecord {
  topic: string;
  partition: number;
  offset: number;
  messageId: number;
  key: string | null;
  attempt: number;
  startedAtMs: number;
  /** When the current attempt (or backoff) ends, if known. */
  endsAtMs: number;
}

export interface MemberSnapshot {
  memberId: string;
  groupId: string;
  state: MemberState;
  /** The loop's step in one word, derived from `loop.state` (kept for older readers). */
  activity: MemberActivity;
  /** The consumer loop machine's current state, and why it is idle when it is. */
  loop: { state: LoopState; reason: IdleReason | null };
  assigned: TopicPartition[];
  /** Partitions this member revoked in the current rebalance and has not got back. */
  revoked: TopicPartition[];
  generationId: number;
  processingFactor: number;
  current: InFlightRecord | null;
  bufferSize: number;
  processedCount: number;
  stateSinceMs: number;
  history: { atMs: number; state: MemberState }[];
  isZombie: boolean;
  /** A plain-words reason when the member has no partitions. */
  idleReason: string | null;
}

export interface GroupSnapshot {
  groupId: string;
  topic: string;
  state: GroupState;
  generationId: number;
  protocol: AssignorName;
  isCooperative: boolean;
  delivery: DeliveryMode;
  commit: CommitMode;
  members: MemberSnapshot[];
  leaderId: string | null;
  rebalance: { phase: GroupState; startedAtMs: number; round: number } | null;
  stateSinceMs: number;
  history: { atMs: number; state: GroupState }[];
  idempotencyStoreSize: number;
  /** Spring Kafka style retry topics (`orders.retry.1` …) with the records waiting in each. */
  retryTopics: { name: string; level: number; depth: number }[];
  /** The dead-letter topic this group writes to, or null without a DLQ. */
  deadLetterTopic: string | null;
  retryMode: 'none' | 'blocking' | 'retry-topics' | 'park-key';
  /** 'share' for a Kafka share group (KIP-932); absent for a consumer group. */
  type?: 'share';
  /** Share groups: SPSO, SPEO and the in-flight record states of every share-partition. */
  share?: ShareGroupView;
}

export interface DeadLetter {
  messageId: number;
  key: string | null;
  groupId: string;
  reason: 'poison' | 'retries-exhausted' | 'transient' | 'outage';
  attempts: number;
  firstErrorAtMs: number;
  lastErrorAtMs: number;
  source: { topic: string; partition: number; offset: number };
  deadLetteredAtMs: number;
  redriveCount: number;
  isParked: boolean;
}

export interface TopicSnapshot {
  name: string;
  partitions: number;
  cleanupPolicy: 'delete' | 'compact';
  retentionMs: number;
  retentionBytes: number;
}

export interface ProducerSnapshot {
  producerId: string;
  topic: string;
  ratePerSec: number;
  keys: string;
  hotKey: { key: string; share: number } | null;
  isIdempotent: boolean;
  sent: number;
  /** Null-key records go to one sticky partition until batch.size bytes (KIP-794). */
  stickyPartition: number | null;
  /** A producer that sends to a queue (its `topic` is then ''): the queue. */
  queue?: string;
  /** A producer that publishes to a RabbitMQ exchange (its `topic` is then ''): the exchange. */
  exchange?: string;
}

export interface Snapshot {
  nowMs: number;
  version: number;
  seed: number;
  scenarioId: string;
  topics: TopicSnapshot[];
  partitions: PartitionSnapshot[];
  producers: ProducerSnapshot[];
  groups: GroupSnapshot[];
  deadLetters: DeadLetter[];
  faults: ActiveFault[];
  /** Only with `brokers` in the scenario. */
  brokers?: BrokerSnapshot[];
  /** Only with `queues` in the scenario (SQS and RabbitMQ, issue 12). */
  queues?: QueueSnapshot[];
  /** Only with `exchanges` in the scenario (RabbitMQ). */
  exchanges?: ExchangeSnapshot[];
}

export interface ActiveFault {
  type: Fault['type'];
  label: string;
  untilMs: number | null;
}

// ---- Faults ---------------------------------------------------------------------------

export type Fault =
  | { type: 'crash-consumer'; memberId: string; point?: CrashPoint; restartAfterMs?: number }
  | { type: 'restart-consumer'; memberId: string }
  | { type: 'add-consumer'; groupId: string }
  | { type: 'remove-consumer'; memberId: string }
  | { type: 'duplicate-delivery'; groupId?: string; count: number }
  | { type: 'lose-commit'; memberId: string }
  | { type: 'producer-retry'; producerId?: string; count: number }
  | { type: 'hot-key'; key: string; share: number; producerId?: string }
  | { type: 'poison-message'; key?: string; producerId?: string }
  | { type: 'failure-rate'; rate: number; groupId?: string }
  | { type: 'outage'; durationMs: number; groupId?: string }
  | { type: 'slow-consumer'; memberId: string; factor: number }
  | { type: 'pause-consumer'; memberId: string; durationMs: number }
  | {
      type: 'reset-offsets';
      groupId: string;
      /** An offset, or `{ timestampMs }`: the first record produced at or after it (--to-datetime). */
      to: 'earliest' | 'latest' | number | { timestampMs: number };
      /** Only this partition of the group's topic (default: all of them). */
      partition?: number;
    }
  | { type: 'set-rate'; ratePerSec: number; producerId?: string }
  | { type: 'set-config'; groupId: string; 'max.poll.records'?: number; processingMeanMs?: number }
  /** With `queue`: SQS StartMessageMoveTask from that DLQ; without: the Kafka DLQ. */
  | { type: 'redrive'; messageId?: number; ratePerSec?: number; queue?: string }
  /** With `queue`: SQS PurgeQueue on it. */
  | { type: 'purge-dlq'; queue?: string }
  | {
      type: 'crash-service';
      serviceId: string;
      point?:
        | 'now'
        | 'after-commit-before-publish'
        | 'after-publish-before-commit'
        | 'after-publish-before-mark';
      restartAfterMs?: number;
    }
  | { type: 'crash-broker'; brokerId: number }
  | { type: 'restart-broker'; brokerId: number }
  | { type: 'isolate-broker'; brokerId: number; durationMs: number }
  | { type: 'slow-follower'; brokerId: number; factor: number };

export type FaultType = Fault['type'];

// ---- Events ---------------------------------------------------------------------------

interface Base {
  atMs: number;
}

export type SimEvent =
  | (Base & {
      type: 'produced';
      producerId: string;
      topic: string;
      partition: number;
      baseOffset: number;
      count: number;
      duplicateOf?: number;
    })
  | (Base & {
      type: 'fetched';
      groupId: string;
      memberId: string;
      topic: string;
      partition: number;
      fromOffset: number;
      toOffset: number;
    })
  | (Base & {
      type: 'processed';
      groupId: string;
      memberId: string;
      topic: string;
      partition: number;
      offset: number;
      messageId: number;
      startedAtMs: number;
      appliedCount: number;
      isDeduplicated: boolean;
    })
  | (Base & {
      type: 'process-failed';
      groupId: string;
      memberId: string;
      topic: string;
      partition: number;
      offset: number;
      messageId: number;
      attempt: number;
      error: string;
      willRetry: boolean;
    })
  | (Base & {
      /** retry.mode 'park-key': the record waits behind a retrying record of its key. */
      type: 'parked';
      groupId: string;
      memberId: string;
      topic: string;
      partition: number;
      offset: number;
      messageId: number;
      key: string;
    })
  | (Base & {
      type: 'committed';
      groupId: string;
      memberId: string;
      offsets: { topic: string; partition: number; offset: number }[];
    })
  | (Base & { type: 'commit-rejected'; groupId: string; memberId: string; reason: string })
  | (Base & { type: 'member-state'; groupId: string; memberId: string; from: MemberState; to: MemberState })
  /** Share groups (KIP-932): a ShareFetch acquired a record for one consumer. */
  | (Base & {
      type: 'acquired';
      groupId: string;
      memberId: string;
      topic: string;
      partition: number;
      offset: number;
      messageId: number;
      deliveryCount: number;
      lockUntilMs: number;
    })
  /** Share groups: an acknowledgement (or a lock expiry) changed a record's state. */
  | (Base & {
      type: 'acknowledged';
      groupId: string;
      memberId: string;
      topic: string;
      partition: number;
      offset: number;
      messageId: number;
      ack: AcknowledgeType | 'LOCK_EXPIRED';
      to: ShareRecordState;
      deliveryCount: number;
    })
  | (Base & { type: 'group-state'; groupId: string; from: GroupState; to: GroupState; generationId: number })
  | (Base & { type: 'rebalance-started'; groupId: string; reason: string; protocol: AssignorName })
  | (Base & { type: 'rebalance-completed'; groupId: string; generationId: number; durationMs: number })
  | (Base & { type: 'assigned'; groupId: string; memberId: string; partitions: TopicPartition[] })
  | (Base & { type: 'revoked'; groupId: string; memberId: string; partitions: TopicPartition[] })
  | (Base & {
      type: 'evicted';
      groupId: string;
      memberId: string;
      reason: 'session.timeout.ms' | 'max.poll.interval.ms';
    })
  | (Base & {
      type: 'dead-lettered';
      groupId: string;
      messageId: number;
      reason: DeadLetter['reason'];
      attempts: number;
    })
  | (Base & { type: 'redriven'; messageId: number; topic: string; partition: number; offset: number })
  | (Base & { type: 'lost'; groupId: string; messageId: number; reason: string })
  | (Base & { type: 'retention'; topic: string; partition: number; logStartOffset: number })
  | (Base & {
      type: 'offsets-reset';
      groupId: string;
      topic: string;
      partition: number;
      offset: number;
      reason: string;
    })
  | (Base & { type: 'broker-state'; brokerId: number; from: BrokerState; to: BrokerState })
  | (Base & {
      type: 'leader-elected';
      topic: string;
      partition: number;
      leader: number;
      previous: number;
      leaderEpoch: number;
      isUnclean: boolean;
    })
  | (Base & { type: 'partition-offline'; topic: string; partition: number })
  | (Base & { type: 'isr-changed'; topic: string; partition: number; isr: number[] })
  | (Base & {
      type: 'truncated';
      topic: string;
      partition: number;
      brokerId: number;
      fromOffset: number;
      toOffset: number;
    })
  | (Base & {
      type: 'produce-failed';
      producerId: string;
      topic: string;
      partition: number;
      error: 'NOT_ENOUGH_REPLICAS' | 'NOT_LEADER_OR_FOLLOWER' | 'DELIVERY_TIMEOUT';
      count: number;
    })
  | (Base & QueueEvent)
  | (Base & {
      type: 'queue-processed';
      groupId: string;
      consumerId: string;
      queue: string;
      messageId: number;
      key: string | null;
      receiveCount: number;
      startedAtMs: number;
      appliedCount: number;
      isDeduplicated: boolean;
    })
  | (Base & {
      type: 'queue-process-failed';
      groupId: string;
      consumerId: string;
      queue: string;
      messageId: number;
      receiveCount: number;
      error: string;
    })
  | (Base & { type: 'fault'; fault: Fault })
  | (Base & { type: 'caption'; text: string })
  | TransactionEvent;

export type SimEventType = SimEvent['type'];
export type SimEventOf<T extends SimEventType> = Extract<SimEvent, { type: T }>;

// ---- Metrics --------------------------------------------------------------------------

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** A latency distribution in ms of virtual time (log-bucketed histogram: about ±4%). */
export interface StageLatencySummary extends LatencySummary {
  p95: number;
}

/**
 * Where the time of a group's records went, per stage, over the same recent window as
 * `latencyMs` (the last 10–20 s of virtual time). Each message counts once, at its first
 * application. For a message that never went through the DLQ,
 * queue + processing + retries = end-to-end.
 */
export interface GroupLatency {
  /** Waiting in the log: produced → its first processing attempt starts (a redriven copy: from its redrive). */
  queueMs: StageLatencySummary;
  /** The first attempt: start → success, or → its first failure. */
  processingMs: StageLatencySummary;
  /** First failure → success: backoff, retry-topic waits and later attempts (only messages that failed). */
  retriesMs: StageLatencySummary;
  /** Dead-lettered → redriven, or applied by another copy (only messages that left the DLQ). */
  dlqMs: StageLatencySummary;
  /** Produced (the first copy) → applied. */
  endToEndMs: StageLatencySummary;
  /** End-to-end over the whole run so far: what an `endToEndP99Ms` budget is checked against. */
  endToEndRunMs: StageLatencySummary;
}

/** A scenario budget (SLO) and what the engine measures for it. */
export type BudgetName = 'duplicatesPct' | 'lostPct' | 'lagSeconds' | 'endToEndP99Ms';

export interface BudgetCheck {
  name: BudgetName;
  groupId: string;
  measured: number;
  budget: number;
  /** measured > budget. */
  isOver: boolean;
  unit: '%' | 's' | 'ms';
}

export interface GroupMetrics {
  groupId: string;
  /** Total lag in records: sum over partitions of log-end − committed. */
  lag: number;
  /** Age of the oldest unconsumed record, ms. */
  lagMs: number;
  lagByPartition: number[];
  /**
   * max partition lag / median partition lag (1 when even); null when the median is 0,
   * where the ratio is undefined (nothing lags, or most partitions are caught up).
   */
  skew: number | null;
  /**
   * Partitions whose lag passes SKEW_THRESHOLD × the median (and SKEW_MIN_LAG records, and a
   * second of typical partition traffic), named as Kafka's tools do: `orders-3`.
   */
  hotPartitions: string[];
  /** More than one partition, and one of them is hot. */
  isSkewed: boolean;
  consumedPerSec: number;
  latencyMs: LatencySummary;
  /** Per-stage latency (queue, processing, retries, DLQ) and end-to-end, p50/p95/p99. */
  latency: GroupLatency;
  rebalances: number;
  rebalanceTotalMs: number;
  rebalanceLastMs: number;
  /** Records handed to the application (a redelivery counts again). */
  delivered: number;
  /** Distinct messages whose side effect was applied at least once (from the sink). */
  applied: number;
  /** Distinct messages applied more than once. */
  duplicates: number;
  /** Side-effect applications beyond the first. */
  extraApplications: number;
  /** Records first applied after a later record of the same key (same partition) had been. */
  outOfOrder: number;
  /** Offset committed past it (or deleted by retention) and never applied. */
  lost: number;
  deadLettered: number;
  /** Unconsumed records compaction removed (a newer record with the same key remains). */
  compacted: number;
  inFlight: number;
  notYetConsumed: number;
  /** Messages this group is responsible for (from its starting offsets). */
  produced: number;
  failedAttempts: number;
  attemptsPerSec: number;
  deduplicated: number;
  /** Of `lost`: records retention deleted before this group read them (the log was the last buffer). */
  lostToRetention: number;
  /** Only for groups with `autoscale`. */
  autoscale?: AutoscaleMetrics;
  /** Share groups: records archived (REJECT or delivery count limit); also counted in `deadLettered` when never applied. */
  archived?: number;
  /** Groups reading a queue: the queue and the queue's in-flight count. */
  queue?: string;
  /** Groups reading a RabbitMQ queue with `x-max-length`: what its `x-overflow` mode did. */
  overflow?: QueueOverflowMetrics;
  /** Share and queue groups: deliveries of a message (acquisitions, receives) that had been delivered before. */
  redeliveries?: number;
  /**
   * Groups reading a queue: what `lag` is made of. SQS ApproximateNumberOfMessagesNotVisible,
   * …Visible and …Delayed; RabbitMQ messages_unacknowledged and messages_ready (delayed 0).
   */
  queueInFlight?: number;
  queueVisible?: number;
  queueDelayed?: number;
}

/** A RabbitMQ queue length limit at work (maxlength.md): counted by the queue, not the sink. */
export interface QueueOverflowMetrics {
  'x-max-length': number;
  'x-overflow': 'drop-head' | 'reject-publish' | 'reject-publish-dlx';
  /** drop-head: oldest ready messages removed to admit new ones. */
  droppedHead: number;
  /** reject-publish / reject-publish-dlx: publishes refused while the queue was full (basic.nack to the publisher). */
  rejectedAtPublish: number;
  /** True when the removed or refused messages are dead-lettered (reason maxlen), false when they are discarded. */
  isDeadLettered: boolean;
}

export interface Metrics {
  nowMs: number;
  producedPerSec: number;
  produced: number;
  groups: Record<string, GroupMetrics>;
  dlqDepth: number;
  /** The scenario's budgets, one per budget and consumer group ([] without `budgets`). */
  budgets: BudgetCheck[];
  /** Backpressure counters, only for producers with a flow-control setting. */
  producers?: Record<string, ProducerFlowMetrics>;
  /** Only for scenarios with `sync`. */
  sync?: SyncMetrics;
  /** Only for scenarios with `services`. */
  services?: Record<string, ServiceMetrics>;
  /** Only with `brokers` in the scenario. */
  replication?: ReplicationMetrics;
  /** Only when a producer or group uses transactions. */
  transactions?: TransactionMetrics;
  /**
   * Only when the scenario runs two or more kinds of system (Kafka, SQS, RabbitMQ): the broker
   * comparison, one row per consumer group, keyed by group id (compare/brokerComparison.ts).
   */
  comparison?: Record<string, BrokerComparisonRow>;
}
