// A share group's runtime state, plain data inside the world (checkpoints clone it): per
// share-partition the record window from SPSO to SPEO, and the share consumers. Share
// consumers are not members of the consumer-group protocol: they live here, not in
// `World.members`, and the coordinator and member machines never see them.

import type { LogRecord } from '../log/partitionLog';
import type { MemberState } from '../types';
import type { ShareConfig } from './config';
import type { ShareLoopState } from './shareConsumer.machine';
import type { AcknowledgeType, ShareRecordState, ShareRecordView } from './types';

/** One share-partition: a state per record from SPSO (index 0) up to SPEO (exclusive). */
export interface SharePartitionRt {
  partition: number;
  spso: number;
  speo: number;
  state: ShareRecordState[];
  deliveryCount: number[];
  /** Consumer index holding the acquisition lock, or -1. */
  owner: number[];
  acquisitionId: number[];
  lockUntilMs: number[];
  messageId: number[];
  /** When the record was first acquired (-1 before): the latency stages' redelivery wait starts there. */
  firstAcquiredAtMs: number[];
  /** Records inside the window that are Available again (released or lock expired). */
  available: number;
  acquired: number;
  archivedTotal: number;
  recentArchived: ShareRecordView[];
}

/** One acquired record in a consumer's hands (the same shape as a consumer group's batch entry). */
export interface ShareEntry {
  partition: number;
  record: LogRecord;
  attempt: number;
  firstErrorAtMs: number;
  /** When the first attempt started (-1 before it), for per-stage latency. */
  firstStartedAtMs: number;
  /** When this acquisition happened, and when the record was first acquired (latency stages). */
  acquiredAtMs: number;
  firstAcquiredAtMs: number;
  /** Set when the duplicate-delivery fault hands this record over a second time. */
  isRedelivery: boolean;
  acquisitionId: number;
  deliveryCount: number;
}

export interface ShareAck {
  partition: number;
  offset: number;
  acquisitionId: number;
  type: AcknowledgeType;
}

export type ShareEngineEvent =
  | { kind: 'share-poll'; groupId: string; consumer: number; incarnation: number }
  | { kind: 'share-record-done'; groupId: string; consumer: number; incarnation: number }
  /** One acquisition's locks run out: `entries` holds partition, offset pairs. */
  | { kind: 'share-lock-expiry'; groupId: string; acquisitionId: number; entries: number[] }
  | { kind: 'share-resume'; groupId: string; consumer: number; untilMs: number }
  | { kind: 'share-restart'; groupId: string; consumer: number };

export interface ShareConsumerRt {
  memberId: string;
  index: number;
  incarnation: number;
  state: MemberState;
  stateSinceMs: number;
  history: { atMs: number; state: MemberState }[];
  loop: { state: ShareLoopState };
  batch: ShareEntry[];
  batchIndex: number;
  current: { entry: ShareEntry; startedAtMs: number; endsAtMs: number } | null;
  /** Acknowledgements the next ShareFetch carries to the broker. */
  pendingAcks: ShareAck[];
  processingFactor: number;
  pauseUntilMs: number;
  /** Events that reached it while it was paused, replayed when the pause ends. */
  deferred: ShareEngineEvent[];
  restartAfterMs: number | null;
  armedCrash: 'before-process' | 'after-process-before-commit' | null;
  processedCount: number;
  fetchCursor: number;
}

export interface ShareRt {
  config: ShareConfig;
  partitions: SharePartitionRt[];
  consumers: ShareConsumerRt[];
  nextAcquisitionId: number;
  nextConsumerNumber: number;
  /** Acquisitions of a record that had been delivered before. */
  redeliveries: number;
  /** Which waiting consumer a wake-up serves first (round-robin). */
  wakeCursor: number;
}

export function createSharePartition(partition: number, spso: number): SharePartitionRt {
  return {
    partition,
    spso,
    speo: spso,
    state: [],
    deliveryCount: [],
    owner: [],
    acquisitionId: [],
    lockUntilMs: [],
    messageId: [],
    firstAcquiredAtMs: [],
    available: 0,
    acquired: 0,
    archivedTotal: 0,
    recentArchived: [],
  };
}

export function createShareRt(config: ShareConfig, startOffsets: number[]): ShareRt {
  return {
    config,
    partitions: startOffsets.map((o, p) => createSharePartition(p, o)),
    consumers: [],
    nextAcquisitionId: 1,
    nextConsumerNumber: 1,
    redeliveries: 0,
    wakeCursor: 0,
  };
}
