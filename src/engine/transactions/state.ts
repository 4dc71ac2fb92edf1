// The engine's transaction state as plain data (checkpoints clone it): per partition what
// the broker keeps for transactions (KIP-98) — each producer's open transaction, the aborted
// transactions' ranges and record offsets, the control records — and the coordinator's view
// of each transactional.id (producer id, epoch, the open transaction). Null when the scenario
// has no transactional producer and no transform group: the hot paths then pay nothing.

import type { AbortedRange, IsolationLevel, MarkerType } from './txnLog';

export type { AbortedRange, IsolationLevel, MarkerType };

export interface PartitionTxn {
  /** producer id → offsets of its open transaction's records on this partition (first = its start). */
  open: Map<number, number[]>;
  aborted: AbortedRange[];
  /** Offsets of records of aborted transactions (read_committed readers skip them). */
  abortedOffsets: Set<number>;
  /** Control records: offset → COMMIT or ABORT. Every reader steps over them. */
  markers: Map<number, MarkerType>;
  /** Per group reading this partition: one past the highest offset it fetched (aborted reads are counted below it). */
  fetchedUpTo: Record<string, number>;
}

export function createPartitionTxn(): PartitionTxn {
  return { open: new Map(), aborted: [], abortedOffsets: new Set(), markers: new Map(), fetchedUpTo: {} };
}

/** One transactional.id as the transaction coordinator keeps it. */
export interface TxnIdRt {
  transactionalId: string;
  producerId: number;
  /** The current epoch; a handle with a lower one is a zombie (ProducerFencedException). */
  epoch: number;
  timeoutMs: number;
  isOngoing: boolean;
  startedAtMs: number;
  /** Counts transactions of this id, so a timeout timer knows whether its transaction still runs. */
  sequence: number;
  /** `topic/partition` of every partition written in the open transaction. */
  partitions: string[];
  /** Input partitions (of the transform group's topic) whose records were written in it. */
  inputPartitions: number[];
  records: number;
}

export interface TxnCounters {
  commits: number;
  aborts: number;
  /** Aborted by the coordinator after transaction.timeout.ms. */
  timedOut: number;
  /** Aborted because a new incarnation called initTransactions with the same transactional.id. */
  abortedByInit: number;
  /** Sends and commits refused with ProducerFencedException. */
  fenced: number;
  abortedRecords: number;
}

export interface TxnRt {
  ids: Record<string, TxnIdRt>;
  /** The epoch each holder (a producer id or a member id) was given by its last initTransactions. */
  handles: Record<string, number>;
  nextProducerId: number;
  counters: TxnCounters;
  /** Per group: records of aborted transactions handed to the application. */
  abortedRead: Record<string, number>;
}

export function createTxnRt(): TxnRt {
  return {
    ids: {},
    handles: {},
    nextProducerId: 1000,
    counters: { commits: 0, aborts: 0, timedOut: 0, abortedByInit: 0, fenced: 0, abortedRecords: 0 },
    abortedRead: {},
  };
}

/** The first offset of the earliest open transaction, or the log end when none is open. */
export function lastStableOffsetOf(txn: PartitionTxn, logEndOffset: number): number {
  let lso = logEndOffset;
  for (const offsets of txn.open.values()) if (offsets[0] < lso) lso = offsets[0];
  return lso;
}

/** What the record at `offset` is to a reader: committed data, aborted, still open, or a marker. */
export function txnStateAt(txn: PartitionTxn, offset: number): 'committed' | 'aborted' | 'open' | 'marker' {
  if (txn.markers.has(offset)) return 'marker';
  if (txn.abortedOffsets.has(offset)) return 'aborted';
  for (const offsets of txn.open.values()) if (offsets.includes(offset)) return 'open';
  return 'committed';
}

/** A transaction marker or an aborted record: never a message for the application (nor lost if skipped). */
export function isNotAMessage(txn: PartitionTxn | null, offset: number, messageId: number): boolean {
  return txn !== null && (messageId < 0 || txn.abortedOffsets.has(offset));
}
