// One partition of a topic: an append-only log of records with offsets, a log-start and a
// log-end offset. Retention deletes from the head by time and by size; compaction keeps
// the latest record per key. Offsets stay dense until compaction leaves gaps, after which
// lookups binary-search. Plain data, so checkpoints copy it with structuredClone.

import type { PartitionTxn } from '../transactions/state';

export interface LogRecord {
  offset: number;
  messageId: number;
  key: string | null;
  producedAtMs: number;
  sizeBytes: number;
  isPoison: boolean;
  redriveCount: number;
  /** A second copy appended by a producer retry after a lost ack (no enable.idempotence). */
  isRetryDuplicate: boolean;
  /** The producer's acks (-1 = all); decides whether a truncated record had been acknowledged. */
  acks: 0 | 1 | -1;
}

export interface PartitionLog {
  topic: string;
  partition: number;
  /** records[head…] are live; the prefix is garbage waiting to be sliced off. */
  records: LogRecord[];
  head: number;
  logStartOffset: number;
  logEndOffset: number;
  bytes: number;
  /** False once compaction has removed records from the middle. */
  isDense: boolean;
  /** True when the scenario models brokers: consumers then read below `highWatermark`. */
  isReplicated: boolean;
  highWatermark: number;
  /** No leader: nothing can be read or written. */
  isOffline: boolean;
  /** Transactions written here (open, aborted, markers); null on a partition no transaction writes. */
  txn: PartitionTxn | null;
}

export function createLog(topic: string, partition: number): PartitionLog {
  return {
    topic,
    partition,
    records: [],
    head: 0,
    logStartOffset: 0,
    logEndOffset: 0,
    bytes: 0,
    isDense: true,
    isReplicated: false,
    highWatermark: 0,
    isOffline: false,
    txn: null,
  };
}

/** The first offset a consumer may not read yet: the high watermark when replicated. */
export function fetchEnd(log: PartitionLog): number {
  if (!log.isReplicated) return Number.POSITIVE_INFINITY;
  return log.isOffline ? Number.NEGATIVE_INFINITY : log.highWatermark;
}

/** Where a consumer starting at "latest" begins: the log end, or the high watermark when replicated. */
export function latestOffset(log: PartitionLog): number {
  return log.isReplicated ? log.highWatermark : log.logEndOffset;
}

/** Removes every record at or above `offset` (a replica truncating to its new leader); returns them. */
export function truncateTo(log: PartitionLog, offset: number): LogRecord[] {
  if (offset >= log.logEndOffset) return [];
  const i = indexAtOrAfter(log, offset);
  const removed = log.records.splice(i);
  for (const r of removed) log.bytes -= r.sizeBytes;
  if (offset < log.logStartOffset) log.logStartOffset = offset;
  log.logEndOffset = offset;
  if (log.highWatermark > log.logEndOffset) log.highWatermark = log.logEndOffset;
  return removed;
}

export function append(
  log: PartitionLog,
  messageId: number,
  key: string | null,
  producedAtMs: number,
  sizeBytes: number,
  isPoison = false,
  redriveCount = 0,
  isRetryDuplicate = false,
  acks: 0 | 1 | -1 = -1,
): LogRecord {
  const record: LogRecord = {
    offset: log.logEndOffset,
    messageId,
    key,
    producedAtMs,
    sizeBytes,
    isPoison,
    redriveCount,
    isRetryDuplicate,
    acks,
  };
  log.records.push(record);
  log.logEndOffset += 1;
  log.bytes += sizeBytes;
  return record;
}

export function liveCount(log: PartitionLog): number {
  return log.records.length - log.head;
}

/** Index into `records` of the first live record with offset ≥ `offset`. */
export function indexAtOrAfter(log: PartitionLog, offset: number): number {
  if (offset <= log.logStartOffset) return log.head;
  if (offset >= log.logEndOffset) return log.records.length;
  if (log.isDense) return log.head + (offset - log.logStartOffset);
  let lo = log.head;
  let hi = log.records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log.records[mid].offset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function recordAt(log: PartitionLog, offset: number): LogRecord | undefined {
  const i = indexAtOrAfter(log, offset);
  const record = log.records[i];
  return record && record.offset === offset ? record : undefined;
}

/** Deletes live records from the head while `shouldDelete` holds; returns them. */
function deleteFromHead(log: PartitionLog, shouldDelete: (r: LogRecord) => boolean): LogRecord[] {
  const records = log.records;
  const from = log.head;
  while (log.head < records.length && shouldDelete(records[log.head])) {
    log.bytes -= records[log.head].sizeBytes;
    log.head += 1;
  }
  const deleted = records.slice(from, log.head);
  if (deleted.length > 0) {
    log.logStartOffset = log.head < records.length ? records[log.head].offset : log.logEndOffset;
    if (log.head > 1024 && log.head * 2 > records.length) {
      log.records = records.slice(log.head);
      log.head = 0;
    }
  }
  return deleted;
}

/**
 * retention.ms and retention.bytes (-1 disables either). Kafka deletes whole segments;
 * Queuescope deletes single records, so the log start moves smoothly.
 */
export function applyRetention(
  log: PartitionLog,
  nowMs: number,
  retentionMs: number,
  retentionBytes: number,
): LogRecord[] {
  let deleted: LogRecord[] = [];
  if (retentionMs >= 0) deleted = deleteFromHead(log, (r) => r.producedAtMs < nowMs - retentionMs);
  if (retentionBytes >= 0) {
    let excess = log.bytes - retentionBytes;
    const bySize = deleteFromHead(log, (r) => {
      if (excess <= 0) return false;
      excess -= r.sizeBytes;
      return true;
    });
    if (bySize.length > 0) deleted = deleted.concat(bySize);
  }
  return deleted;
}

/**
 * cleanup.policy=compact: keeps the latest record per key below the active head (the
 * newest `activeRecords` records are never cleaned, as Kafka never cleans the active
 * segment). Records with a null key are kept, though Kafka rejects them on compacted topics.
 */
export function compact(log: PartitionLog, activeRecords: number): LogRecord[] {
  const end = Math.max(log.head, log.records.length - activeRecords);
  const latest = new Map<string, number>();
  for (let i = log.head; i < log.records.length; i++) {
    const key = log.records[i].key;
    if (key !== null) latest.set(key, i);
  }
  const kept: LogRecord[] = [];
  const removed: LogRecord[] = [];
  for (let i = log.head; i < log.records.length; i++) {
    const r = log.records[i];
    if (i < end && r.key !== null && latest.get(r.key) !== i) {
      removed.push(r);
      log.bytes -= r.sizeBytes;
    } else {
      kept.push(r);
    }
  }
  if (removed.length > 0) {
    log.records = kept;
    log.head = 0;
    // The log cleaner never moves the log start offset; a fetch in a gap reads on.
    log.isDense = false;
  }
  return removed;
}
