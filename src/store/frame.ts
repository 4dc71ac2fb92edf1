// A frame: everything the diagrams draw at one simulation instant. The session builds one
// per animation frame from the engine (snapshot, metrics) and its own recorders (recent
// message activity for moving dots, lag history for charts, the event log).

import type { DeadLetter, GroupState, MemberState, Metrics, Snapshot } from '../engine';

/** A record appended to a partition (a dot travelling producer → partition). */
export interface ProducedDot {
  partition: number;
  offset: number;
  atMs: number;
  producerId: string;
}

/** A record finished by a member (a dot travelling consumer → sink). */
export interface ProcessedDot {
  groupId: string;
  memberId: string;
  partition: number;
  offset: number;
  messageId: number;
  startedAtMs: number;
  atMs: number;
  appliedCount: number;
  isDeduplicated: boolean;
}

export interface FailedDot {
  groupId: string;
  memberId: string;
  partition: number;
  offset: number;
  messageId: number;
  atMs: number;
  attempt: number;
  willRetry: boolean;
  error: string;
}

export interface DeadLetterDot {
  groupId: string;
  messageId: number;
  atMs: number;
  reason: DeadLetter['reason'];
}

/** Records that arrived in the last `windowMs` of simulated time, bounded in count. */
export interface Activity {
  windowMs: number;
  produced: ProducedDot[];
  processed: ProcessedDot[];
  failed: FailedDot[];
  deadLettered: DeadLetterDot[];
  /** True when more records arrived than are kept as dots: draw rate bands instead. */
  isAggregated: boolean;
  /** Records per second per partition (snapshot order), over the last second. */
  producedPerPartitionPerSec: number[];
}

export interface LagSample {
  atMs: number;
  lag: number;
  lagMs: number;
  consumedPerSec: number;
  p99Ms: number;
  /** p99 of each latency stage over the recent window (metrics.groups[].latency), ms. */
  stageP99Ms: StageP99s;
  /** Groups reading a queue: what the lag is made of (metrics.groups[].queueVisible …). */
  queue?: QueueBacklog;
}

/** SQS: visible / not visible / delayed; RabbitMQ: ready / unacknowledged (delayed 0). */
export interface QueueBacklog {
  visible: number;
  inFlight: number;
  delayed: number;
}

/** The latency stages drawn over time (metrics.groups[].latency without the whole-run figure). */
export type LatencyStage = 'queueMs' | 'processingMs' | 'retriesMs' | 'dlqMs' | 'endToEndMs';
export type StageP99s = Record<LatencyStage, number>;

export interface SeriesSample {
  atMs: number;
  producedPerSec: number;
  dlqDepth: number;
  /** Log-end offset per partition, in snapshot order. */
  logEndOffsets: number[];
}

export type LogKind =
  | 'rebalance'
  | 'crash'
  | 'evicted'
  | 'dead-letter'
  | 'commit-rejected'
  | 'fault'
  | 'lost'
  | 'caption'
  | 'state'
  | 'redrive'
  | 'transaction';

export interface LogEntry {
  atMs: number;
  kind: LogKind;
  text: string;
  groupId?: string;
  memberId?: string;
}

export interface TimelineMarker {
  atMs: number;
  kind: 'crash' | 'rebalance' | 'dead-letter' | 'action' | 'caption';
  label: string;
}

export interface StateVisit<S> {
  atMs: number;
  state: S;
}

export interface Frame {
  nowMs: number;
  version: number;
  snapshot: Snapshot;
  metrics: Metrics;
  activity: Activity;
  lagHistory: Record<string, LagSample[]>;
  series: SeriesSample[];
  log: LogEntry[];
  markers: TimelineMarker[];
  caption: string | null;
}

export type { GroupState, MemberState };
