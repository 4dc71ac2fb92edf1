// One partition of a topic: an append-only log of records with offsets, a log-start and a
// log-end offset. Retention deletes from the head by time and by size; compaction keeps
// the latest record per key. Offsets stay dense until compaction leaves gaps, after which
// lookups binary-search. Records are stored column by column in typed arrays (one row per
// record) rather than as one object each: a busy topic retains hundreds of thousands of
// records, and as objects every one of them was copied by the young-generation collector
// before it settled. `readRecord` gives a row as a plain `LogRecord` when one is needed.

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

/**
 * The rows of a log, one column per LogRecord field. Rows are only ever appended in place
 * (growing swaps in longer arrays holding the same prefix); retention, compaction and
 * truncation build a new LogRows instead of editing one, so a checkpoint can keep a LogRows
 * and its length and read the same records later.
 */
export interface LogRows {
  length: number;
  offsets: Float64Array;
  messageIds: Float64Array;
  producedAtMs: Float64Array;
  sizeBytes: Float64Array;
  redriveCounts: Int32Array;
  /** Bit 0: isPoison, bit 1: isRetryDuplicate, bits 2–3: acks + 1. */
  flags: Uint8Array;
  keys: (string | null)[];
  /**
   * The records `fetchRecord` handed out last, by row modulo RECENT: every group reading a
   * partition fetches the same rows within a few records of each other, so they share one
   * object per record instead of building one each. A cache only: rows never change, so a
   * slot holding the row's offset holds that row.
   */
  recent: (LogRecord | undefined)[];
}

const RECENT = 32;

const POISON = 1;
const RETRY_DUPLICATE = 2;

export interface PartitionLog {
  topic: string;
  partition: number;
  /** Rows head…length-1 are live; the prefix is garbage waiting to be sliced off. */
  records: LogRows;
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

export function createRows(capacity = 0): LogRows {
  return {
    length: 0,
    offsets: new Float64Array(capacity),
    messageIds: new Float64Array(capacity),
    producedAtMs: new Float64Array(capacity),
    sizeBytes: new Float64Array(capacity),
    redriveCounts: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
    keys: [],
    recent: new Array(RECENT),
  };
}

/** A new LogRows holding rows from…to-1 of `rows` (the source is left as it was). */
export function sliceRows(rows: LogRows, from: number, to: number): LogRows {
  const n = Math.max(0, to - from);
  const out = createRows(n);
  out.length = n;
  out.offsets.set(rows.offsets.subarray(from, to));
  out.messageIds.set(rows.messageIds.subarray(from, to));
  out.producedAtMs.set(rows.producedAtMs.subarray(from, to));
  out.sizeBytes.set(rows.sizeBytes.subarray(from, to));
  out.redriveCounts.set(rows.redriveCounts.subarray(from, to));
  out.flags.set(rows.flags.subarray(from, to));
  out.keys = rows.keys.slice(from, to);
  return out;
}

function grow(rows: LogRows): void {
  const capacity = Math.max(64, rows.offsets.length * 2);
  const widen = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const b = make(capacity);
    b.set(a);
    return b;
  };
  rows.offsets = widen(rows.offsets, (n) => new Float64Array(n));
  rows.messageIds = widen(rows.messageIds, (n) => new Float64Array(n));
  rows.producedAtMs = widen(rows.producedAtMs, (n) => new Float64Array(n));
  rows.sizeBytes = widen(rows.sizeBytes, (n) => new Float64Array(n));
  rows.redriveCounts = widen(rows.redriveCounts, (n) => new Int32Array(n));
  rows.flags = widen(rows.flags, (n) => new Uint8Array(n));
}

function pushRow(
  rows: LogRows,
  offset: number,
  messageId: number,
  key: string | null,
  producedAtMs: number,
  sizeBytes: number,
  isPoison: boolean,
  redriveCount: number,
  isRetryDuplicate: boolean,
  acks: 0 | 1 | -1,
): void {
  const i = rows.length;
  if (i === rows.offsets.length) grow(rows);
  rows.offsets[i] = offset;
  rows.messageIds[i] = messageId;
  rows.producedAtMs[i] = producedAtMs;
  rows.sizeBytes[i] = sizeBytes;
  rows.redriveCounts[i] = redriveCount;
  rows.flags[i] = (isPoison ? POISON : 0) | (isRetryDuplicate ? RETRY_DUPLICATE : 0) | ((acks + 1) << 2);
  rows.keys[i] = key;
  rows.length = i + 1;
}

/** Row `i` of `rows` as a plain record (a fresh object the caller may keep). */
export function rowRecord(rows: LogRows, i: number): LogRecord {
  const flags = rows.flags[i];
  return {
    offset: rows.offsets[i],
    messageId: rows.messageIds[i],
    key: rows.keys[i],
    producedAtMs: rows.producedAtMs[i],
    sizeBytes: rows.sizeBytes[i],
    isPoison: (flags & POISON) !== 0,
    redriveCount: rows.redriveCounts[i],
    isRetryDuplicate: (flags & RETRY_DUPLICATE) !== 0,
    acks: ((flags >> 2) - 1) as 0 | 1 | -1,
  };
}

/** Row `i` as a record, shared with the other readers of the row (see LogRows.recent). */
export function fetchRecord(rows: LogRows, i: number): LogRecord {
  const slot = i & (RECENT - 1);
  const cached = rows.recent[slot];
  if (cached !== undefined && cached.offset === rows.offsets[i]) return cached;
  const record = rowRecord(rows, i);
  rows.recent[slot] = record;
  return record;
}

/** The record at row `i` of the log (see indexAtOrAfter), or undefined past the end. */
export function readRecord(log: PartitionLog, i: number): LogRecord | undefined {
  return i >= 0 && i < log.records.length ? rowRecord(log.records, i) : undefined;
}

export function isRetryDuplicateAt(log: PartitionLog, i: number): boolean {
  return (log.records.flags[i] & RETRY_DUPLICATE) !== 0;
}

export function createLog(topic: string, partition: number): PartitionLog {
  return {
    topic,
    partition,
    records: createRows(),
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
  const rows = log.records;
  const removed: LogRecord[] = [];
  for (let k = i; k < rows.length; k++) {
    removed.push(rowRecord(rows, k));
    log.bytes -= rows.sizeBytes[k];
  }
  // A new LogRows: a checkpoint may still hold the old one with its longer length.
  log.records = sliceRows(rows, 0, i);
  if (offset < log.logStartOffset) log.logStartOffset = offset;
  log.logEndOffset = offset;
  if (log.highWatermark > log.logEndOffset) log.highWatermark = log.logEndOffset;
  return removed;
}

/** Appends one record at the log end; returns its offset. */
export function appendRow(
  log: PartitionLog,
  messageId: number,
  key: string | null,
  producedAtMs: number,
  sizeBytes: number,
  isPoison = false,
  redriveCount = 0,
  isRetryDuplicate = false,
  acks: 0 | 1 | -1 = -1,
): number {
  const offset = log.logEndOffset;
  pushRow(
    log.records,
    offset,
    messageId,
    key,
    producedAtMs,
    sizeBytes,
    isPoison,
    redriveCount,
    isRetryDuplicate,
    acks,
  );
  log.logEndOffset += 1;
  log.bytes += sizeBytes;
  return offset;
}

/** appendRow, returning the appended record as an object (for callers that keep it). */
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
  appendRow(log, messageId, key, producedAtMs, sizeBytes, isPoison, redriveCount, isRetryDuplicate, acks);
  return rowRecord(log.records, log.records.length - 1);
}

export function liveCount(log: PartitionLog): number {
  return log.records.length - log.head;
}

/** Index into `records` of the first live record with offset ≥ `offset`. */
export function indexAtOrAfter(log: PartitionLog, offset: number): number {
  if (offset <= log.logStartOffset) return log.head;
  if (offset >= log.logEndOffset) return log.records.length;
  if (log.isDense) return log.head + (offset - log.logStartOffset);
  const offsets = log.records.offsets;
  let lo = log.head;
  let hi = log.records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function recordAt(log: PartitionLog, offset: number): LogRecord | undefined {
  const i = indexAtOrAfter(log, offset);
  return i < log.records.length && log.records.offsets[i] === offset ? rowRecord(log.records, i) : undefined;
}

/** Deletes live records from the head while `shouldDelete(row)` holds; returns them. */
function deleteFromHead(log: PartitionLog, shouldDelete: (rows: LogRows, i: number) => boolean): LogRecord[] {
  const rows = log.records;
  const deleted: LogRecord[] = [];
  while (log.head < rows.length && shouldDelete(rows, log.head)) {
    deleted.push(rowRecord(rows, log.head));
    log.bytes -= rows.sizeBytes[log.head];
    log.head += 1;
  }
  if (deleted.length > 0) {
    log.logStartOffset = log.head < rows.length ? rows.offsets[log.head] : log.logEndOffset;
    if (log.head > 1024 && log.head * 2 > rows.length) {
      log.records = sliceRows(rows, log.head, rows.length);
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
  if (retentionMs >= 0)
    deleted = deleteFromHead(log, (rows, i) => rows.producedAtMs[i] < nowMs - retentionMs);
  if (retentionBytes >= 0) {
    let excess = log.bytes - retentionBytes;
    const bySize = deleteFromHead(log, (rows, i) => {
      if (excess <= 0) return false;
      excess -= rows.sizeBytes[i];
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
  const rows = log.records;
  const end = Math.max(log.head, rows.length - activeRecords);
  const latest = new Map<string, number>();
  for (let i = log.head; i < rows.length; i++) {
    const key = rows.keys[i];
    if (key !== null) latest.set(key, i);
  }
  const kept = createRows(rows.length - log.head);
  const removed: LogRecord[] = [];
  for (let i = log.head; i < rows.length; i++) {
    const key = rows.keys[i];
    if (i < end && key !== null && latest.get(key) !== i) {
      removed.push(rowRecord(rows, i));
      log.bytes -= rows.sizeBytes[i];
    } else {
      const k = kept.length;
      kept.offsets[k] = rows.offsets[i];
      kept.messageIds[k] = rows.messageIds[i];
      kept.producedAtMs[k] = rows.producedAtMs[i];
      kept.sizeBytes[k] = rows.sizeBytes[i];
      kept.redriveCounts[k] = rows.redriveCounts[i];
      kept.flags[k] = rows.flags[i];
      kept.keys[k] = key;
      kept.length = k + 1;
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
