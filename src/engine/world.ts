// The engine's whole mutable state as plain data (plus immutable XState snapshots held by
// the machine hosts). Checkpoints structuredClone it; nothing here holds a function.

import type { EventObject } from 'xstate';
import type { ComparisonObservations } from './compare/observe';
import type { IdCounter } from './delivery/idCounter';
import type { OrderTracker } from './delivery/ordering';
import type { AutoscaleRt, ProducerFlowRt } from './flow/state';
import type { Assignment } from './kafka/assignors';
import type { KeySampler } from './kafka/keys';
import type { LogRecord, PartitionLog } from './log/partitionLog';
import type { MemberEvent } from './machines/consumerMember.machine';
import type { CoordinatorEvent } from './machines/groupCoordinator.machine';
import type { LoopStateData } from './machines/loopTable';
import type { Histogram } from './metrics/histogram';
import type { RateMeter } from './metrics/rateMeter';
import type { StageLatencyRt } from './metrics/stages';
import type { ServiceRt } from './outbox/state';
import type { QueueEngineEvent, QueueWorld } from './queues/runtime/state';
import type { ReplicationRt } from './replication/state';
import type { EngineConfig, GroupConfig, ProducerConfig, TopicConfig } from './scenario/config';
import type { ShareEngineEvent, ShareRt } from './share/state';
import type { SyncRt } from './sync/state';
import type { TxnRt } from './transactions/state';
import type { CrashPoint, DeadLetter, GroupState, MemberState } from './types';

export type EngineEvent =
  | { kind: 'produce'; producer: number }
  | { kind: 'timer'; actor: 'coordinator' | 'member'; actorId: string; key: string; event: EventObject }
  | { kind: 'to-coordinator'; groupId: string; event: CoordinatorEvent }
  | { kind: 'to-member'; memberId: string; event: MemberEvent }
  | { kind: 'heartbeat'; memberId: string; loop: number }
  | { kind: 'poll'; memberId: string; incarnation: number }
  | { kind: 'record-done'; memberId: string; incarnation: number }
  | {
      kind: 'commit-done';
      memberId: string;
      incarnation: number;
      offsets: number[][];
      generationId: number;
      next: 'poll' | 'process';
    }
  | { kind: 'poll-deadline'; memberId: string }
  /** An idle auto-commit member's poll(timeout) returns: its next auto-commit is due. */
  | { kind: 'auto-commit-due'; memberId: string }
  | { kind: 'sync'; groupId: string; generationId: number }
  | { kind: 'retention' }
  | { kind: 'retry-due'; groupId: string }
  | { kind: 'timeline'; index: number }
  /** A group whose consumers start later than 0 ms: its members join now. */
  | { kind: 'group-start'; groupId: string }
  | { kind: 'restart'; memberId: string }
  | { kind: 'redrive-tick' }
  | { kind: 'outage-end'; groupId: string }
  | { kind: 'autoscale'; groupId: string }
  | { kind: 'sync-tick' }
  | { kind: 'service-tick'; service: number }
  | { kind: 'relay'; service: number }
  | { kind: 'service-restart'; service: number }
  | { kind: 'replica-fetch' }
  | { kind: 'broker-return'; brokerId: number; untilMs: number }
  /** The coordinator's transaction.timeout.ms timer for one transaction of a transactional.id. */
  | { kind: 'txn-timeout'; transactionalId: string; sequence: number }
  | ShareEngineEvent
  | QueueEngineEvent;

export interface TopicRt {
  config: TopicConfig;
  logs: PartitionLog[];
}

export interface ProducerRt {
  config: ProducerConfig;
  sampler: KeySampler;
  carry: number;
  sent: number;
  stickyPartition: number;
  stickyBytes: number;
  duplicateNext: number;
  poisonNext: { key: string | null }[];
  /** Backpressure state; null when the producer uses no flow-control setting. */
  flow: ProducerFlowRt | null;
}

export interface BatchEntry {
  partition: number;
  record: LogRecord;
  attempt: number;
  firstErrorAtMs: number;
  /** When its first processing attempt started (-1 until then); latency stages start here. */
  firstStartedAtMs: number;
  /** Set when the duplicate-delivery fault hands this record over a second time. */
  isRedelivery: boolean;
}

export interface CurrentWork {
  entry: BatchEntry;
  startedAtMs: number;
  endsAtMs: number;
  isBackoff: boolean;
}

/** The consumer loop machine's state and context, and the loop's own flags. */
export interface LoopRt extends LoopStateData {
  /** REBALANCE_IN_PROGRESS reached the member: the next poll() rejoins. */
  isRejoinRequested: boolean;
  /** One max.poll.interval.ms timer per member, re-armed lazily. */
  isPollDeadlineArmed: boolean;
  /** One auto-commit wake per idle member at most (kafka/consumerLoop.ts armAutoCommitWake). */
  isAutoCommitWakeArmed: boolean;
  /** A crash-consumer fault waiting for its crash point. */
  armedCrash: CrashPoint | null;
  /** Removed by the coordinator but still running, until it finds out. */
  isZombie: boolean;
}

export interface MemberRt {
  memberId: string;
  groupId: string;
  incarnation: number;
  heartbeatLoop: number;
  state: MemberState;
  stateSinceMs: number;
  history: { atMs: number; state: MemberState }[];
  loop: LoopRt;
  assigned: number[];
  revoked: number[];
  /** Fetch position per partition of the group's topic; -1 when not owned. */
  positions: number[];
  batch: BatchEntry[];
  batchIndex: number;
  current: CurrentWork | null;
  /** When the current stop-the-world pause began (-1 when not paused). */
  pausedAtMs: number;
  /** When a pause-consumer fault's pause ends (-1 without one). */
  pauseUntilMs: number;
  /** Engine events for this member that arrived while it was frozen, replayed on resume. */
  deferred: EngineEvent[];
  processingFactor: number;
  restartAfterMs: number | null;
  isNextCommitLost: boolean;
  lastPollAtMs: number;
  lastAutoCommitAtMs: number;
  processedCount: number;
  generationId: number;
  fetchCursor: number;
}

export interface RetryEntry {
  entry: BatchEntry;
  dueAtMs: number;
  level: number;
}

export interface GroupRt {
  config: GroupConfig;
  state: GroupState;
  stateSinceMs: number;
  history: { atMs: number; state: GroupState }[];
  generationId: number;
  leaderId: string | null;
  memberIds: string[];
  nextMemberNumber: number;
  committed: number[];
  /** First offset per partition the group is responsible for (-1 until first assigned). */
  startOffsets: number[];
  owner: (string | null)[];
  lastAssignment: Assignment;
  rebalance: { startedAtMs: number; reason: string; round: number } | null;
  rebalances: number;
  rebalanceTotalMs: number;
  rebalanceLastMs: number;
  sink: IdCounter;
  idempotencyStore: IdCounter;
  /** Per partition, the highest offset first applied: counts records applied out of order. */
  order: OrderTracker;
  lost: Set<number>;
  /** Unconsumed records the log cleaner removed because a newer record has the same key. */
  compacted: Set<number>;
  deadLetteredIds: Set<number>;
  produced: number;
  delivered: number;
  deduplicated: number;
  failedAttempts: number;
  latency: Histogram;
  latencyRecent: Histogram;
  latencyPrevious: Histogram;
  latencyWindowStartMs: number;
  /** Per-stage latency histograms (metrics/stages.ts). */
  stages: StageLatencyRt;
  consumed: RateMeter;
  attempts: RateMeter;
  failureRate: number;
  outageUntilMs: number;
  duplicateRemaining: number;
  retryQueue: RetryEntry[];
  retryTimerAtMs: number;
  /** Of `lost`: deleted by retention before the group read them. */
  lostToRetention: number;
  autoscale: AutoscaleRt | null;
  /** retry.mode 'park-key': per key with a record retrying, its later records, in order. */
  parked: Record<string, BatchEntry[]>;
  parkedCount: number;
  /** Share groups only (KIP-932): share-partitions and share consumers. */
  share?: ShareRt;
}

export interface World {
  nowMs: number;
  version: number;
  seed: number;
  config: EngineConfig;
  topics: Record<string, TopicRt>;
  producers: ProducerRt[];
  groups: Record<string, GroupRt>;
  members: Record<string, MemberRt>;
  deadLetters: DeadLetter[];
  dlqDepthHistory: { atMs: number; depth: number }[];
  redriveQueue: number[];
  redriveRatePerSec: number;
  redriveLoopLimit: number;
  nextMessageId: number;
  produced: RateMeter;
  timerSeqs: Record<string, number>;
  /** The synchronous path (scenario `sync`), if any. */
  sync: SyncRt | null;
  /** Services writing a database and publishing events (scenario `services`). */
  services: ServiceRt[];
  /** Brokers, replicas and the producer's held records; null when the scenario has no `brokers`. */
  replication: ReplicationRt | null;
  /** Transaction coordinator state; null when no producer or group uses transactions. */
  txn: TxnRt | null;
  /** SQS and RabbitMQ queues with the groups reading them; null when the scenario has no `queues`. */
  queues: QueueWorld | null;
  /** What the broker comparison folds from the event stream; null unless ≥2 kinds of system run. */
  compare: ComparisonObservations | null;
}
