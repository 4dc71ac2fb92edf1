// The transaction coordinator (KIP-98): a transactional.id gets a producer id and an epoch;
// initTransactions bumps the epoch, aborts whatever the previous incarnation left open and so
// fences it (a zombie's next send or commit fails with ProducerFencedException). A transaction
// collects the partitions it wrote and, through sendOffsetsToTransaction, a group's input
// offsets; commit writes COMMIT markers and makes the offsets the group's committed offsets in
// the same step, abort writes ABORT markers and drops them. A transaction open longer than
// transaction.timeout.ms is aborted by the coordinator, which bumps the epoch as Kafka does.

import { appendData, type MarkerType, type TxnPartitionLog, writeMarker } from './txnLog';

export const DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

export class ProducerFencedError extends Error {
  override name = 'ProducerFencedError';
  constructor(transactionalId: string, epoch: number, current: number) {
    super(`producer ${transactionalId} epoch ${epoch} is fenced by epoch ${current}`);
  }
}

export type TxnState = 'Empty' | 'Ongoing' | 'CompleteCommit' | 'CompleteAbort';

export interface TransactionalProducer {
  transactionalId: string;
  producerId: number;
  /** The epoch this handle was given; the coordinator's may have moved on (then it is a zombie). */
  epoch: number;
}

interface TxnEntry {
  producerId: number;
  epoch: number;
  state: TxnState;
  timeoutMs: number;
  startedAtMs: number;
  partitions: Set<string>;
  /** groupId → partition key → next offset to read. */
  pendingOffsets: Map<string, Map<string, number>>;
}

export interface TxnCoordinator {
  /** Partition key (`topic/partition`) → its log. */
  logs: Map<string, TxnPartitionLog>;
  /** groupId → partition key → committed offset. */
  committed: Map<string, Map<string, number>>;
  entries: Map<string, TxnEntry>;
  nextProducerId: number;
  aborts: number;
  commits: number;
}

export function createTxnCoordinator(logs: Map<string, TxnPartitionLog>): TxnCoordinator {
  return { logs, committed: new Map(), entries: new Map(), nextProducerId: 1000, aborts: 0, commits: 0 };
}

function finish(c: TxnCoordinator, e: TxnEntry, type: MarkerType): void {
  for (const key of [...e.partitions].sort()) writeMarker(logOf(c, key), e.producerId, type);
  if (type === 'COMMIT') {
    for (const [groupId, offsets] of e.pendingOffsets) {
      const group = c.committed.get(groupId) ?? new Map<string, number>();
      for (const [key, offset] of offsets) group.set(key, offset);
      c.committed.set(groupId, group);
    }
    c.commits += 1;
  } else c.aborts += 1;
  e.partitions.clear();
  e.pendingOffsets.clear();
  e.state = type === 'COMMIT' ? 'CompleteCommit' : 'CompleteAbort';
}

function logOf(c: TxnCoordinator, key: string): TxnPartitionLog {
  const log = c.logs.get(key);
  if (!log) throw new Error(`unknown partition ${key}`);
  return log;
}

/** initTransactions: a new epoch for `transactionalId`; the previous incarnation's open transaction is aborted. */
export function initTransactions(
  c: TxnCoordinator,
  transactionalId: string,
  timeoutMs = DEFAULT_TRANSACTION_TIMEOUT_MS,
): TransactionalProducer {
  let e = c.entries.get(transactionalId);
  if (!e) {
    e = {
      producerId: c.nextProducerId++,
      epoch: -1,
      state: 'Empty',
      timeoutMs,
      startedAtMs: 0,
      partitions: new Set(),
      pendingOffsets: new Map(),
    };
    c.entries.set(transactionalId, e);
  }
  if (e.state === 'Ongoing') finish(c, e, 'ABORT');
  e.epoch += 1;
  e.timeoutMs = timeoutMs;
  e.state = 'Empty';
  return { transactionalId, producerId: e.producerId, epoch: e.epoch };
}

function current(c: TxnCoordinator, p: TransactionalProducer): TxnEntry {
  const e = c.entries.get(p.transactionalId);
  if (!e) throw new Error(`${p.transactionalId} has not called initTransactions`);
  if (p.epoch < e.epoch) throw new ProducerFencedError(p.transactionalId, p.epoch, e.epoch);
  return e;
}

export function beginTransaction(c: TxnCoordinator, p: TransactionalProducer, nowMs: number): void {
  const e = current(c, p);
  if (e.state === 'Ongoing') throw new Error(`${p.transactionalId} already has an open transaction`);
  e.state = 'Ongoing';
  e.startedAtMs = nowMs;
}

function ongoing(c: TxnCoordinator, p: TransactionalProducer): TxnEntry {
  const e = current(c, p);
  if (e.state !== 'Ongoing') throw new Error(`${p.transactionalId} has no open transaction`);
  return e;
}

/** send(): appends to the partition inside the open transaction. A fenced producer throws. */
export function sendInTransaction(
  c: TxnCoordinator,
  p: TransactionalProducer,
  key: string,
  value: number,
): number {
  const e = ongoing(c, p);
  e.partitions.add(key);
  return appendData(logOf(c, key), e.producerId, value, true);
}

/** sendOffsetsToTransaction: the group's input offsets commit with the transaction, or not at all. */
export function sendOffsetsToTransaction(
  c: TxnCoordinator,
  p: TransactionalProducer,
  groupId: string,
  offsets: Record<string, number>,
): void {
  const e = ongoing(c, p);
  const pending = e.pendingOffsets.get(groupId) ?? new Map<string, number>();
  for (const [key, offset] of Object.entries(offsets)) pending.set(key, offset);
  e.pendingOffsets.set(groupId, pending);
}

export function commitTransaction(c: TxnCoordinator, p: TransactionalProducer): void {
  finish(c, ongoing(c, p), 'COMMIT');
}

export function abortTransaction(c: TxnCoordinator, p: TransactionalProducer): void {
  finish(c, ongoing(c, p), 'ABORT');
}

/**
 * The coordinator's timer: aborts every transaction open longer than its transaction.timeout.ms
 * and bumps its epoch, so the producer that left it open is fenced. Returns the ids it aborted.
 */
export function expireTransactions(c: TxnCoordinator, nowMs: number): string[] {
  const expired: string[] = [];
  for (const [id, e] of [...c.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (e.state !== 'Ongoing' || nowMs - e.startedAtMs < e.timeoutMs) continue;
    finish(c, e, 'ABORT');
    e.epoch += 1;
    expired.push(id);
  }
  return expired;
}

export function committedOffset(c: TxnCoordinator, groupId: string, key: string): number {
  return c.committed.get(groupId)?.get(key) ?? 0;
}
