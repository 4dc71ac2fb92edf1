// Public shapes for transactions: the partition snapshot's transaction fields, the
// transaction metrics and the two events. Present only in scenarios that use transactions.

import type { TopicPartition } from '../kafka/assignors';

export interface OpenTransactionSnapshot {
  transactionalId: string;
  producerId: number;
  epoch: number;
  /** Its first offset on this partition: the last stable offset can be no later. */
  firstOffset: number;
  /** Its records on this partition so far. */
  records: number;
  startedAtMs: number;
}

export interface AbortedRangeSnapshot {
  producerId: number;
  firstOffset: number;
  /** The offset of the ABORT marker. */
  lastOffset: number;
}

/** What one of the last offsets of a transactional partition holds. */
export type TxnMarkKind = 'open' | 'aborted' | 'commit-marker' | 'abort-marker';

export interface PartitionTxnFields {
  /** read_committed consumers read below it: the first offset of the earliest open transaction, else the log end. */
  lastStableOffset?: number;
  openTransactions?: OpenTransactionSnapshot[];
  /** Records of aborted transactions on this partition (read_uncommitted readers get them). */
  abortedRecords?: number;
  /** The latest aborted ranges (at most 16), oldest first. */
  abortedRanges?: AbortedRangeSnapshot[];
  /** Among the last 256 offsets, the ones that are not plain committed data, ascending. */
  txnMarks?: { offset: number; kind: TxnMarkKind }[];
}

export interface TransactionMetrics {
  commits: number;
  aborts: number;
  /** Aborted by the coordinator after transaction.timeout.ms. */
  timedOut: number;
  /** Aborted when a new instance called initTransactions with the same transactional.id. */
  abortedByInit: number;
  /** Writes and commits refused with ProducerFencedException (a zombie). */
  fenced: number;
  abortedRecords: number;
  open: number;
  /** Per group: records of aborted transactions handed to the application (read_committed: always 0). */
  abortedRead: Record<string, number>;
}

export type TransactionEvent =
  | {
      type: 'transaction';
      atMs: number;
      transactionalId: string;
      producerId: number;
      epoch: number;
      outcome: 'committed' | 'aborted';
      reason: string;
      partitions: TopicPartition[];
      records: number;
    }
  | {
      type: 'producer-fenced';
      atMs: number;
      transactionalId: string;
      /** The producer or member whose handle is stale. */
      holder: string;
      epoch: number;
      currentEpoch: number;
    };
