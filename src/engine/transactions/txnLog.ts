// One partition's log as transactions see it (KIP-98): data records tagged with the producer id
// that wrote them, and control records (COMMIT / ABORT markers) that take an offset like any
// record. The last stable offset (LSO) is the first offset of the earliest transaction still
// open; read_committed readers stop there and skip records of aborted transactions, while
// read_uncommitted readers see everything up to the log end, aborted records included.
// Simplification: one broker, so the high watermark is the log end offset.

export type IsolationLevel = 'read_committed' | 'read_uncommitted';
export type MarkerType = 'COMMIT' | 'ABORT';

export interface TxnRecord {
  offset: number;
  /** -1 for a non-transactional producer. */
  producerId: number;
  /** What the record carries (the engine's message id); null for a control record. */
  value: number | null;
  isTransactional: boolean;
  marker: MarkerType | null;
}

/** An aborted transaction's range on this partition, as the broker's aborted-transaction index keeps it. */
export interface AbortedRange {
  producerId: number;
  firstOffset: number;
  /** The offset of the ABORT marker. */
  lastOffset: number;
}

export interface TxnPartitionLog {
  records: TxnRecord[];
  /** producer id → first offset of its open transaction on this partition. */
  open: Map<number, number>;
  aborted: AbortedRange[];
}

export function createTxnPartitionLog(): TxnPartitionLog {
  return { records: [], open: new Map(), aborted: [] };
}

export function logEndOffset(log: TxnPartitionLog): number {
  return log.records.length;
}

/** Appends a data record; a transactional one opens (or extends) its producer's transaction here. */
export function appendData(
  log: TxnPartitionLog,
  producerId: number,
  value: number,
  isTransactional: boolean,
): number {
  const offset = log.records.length;
  log.records.push({ offset, producerId, value, isTransactional, marker: null });
  if (isTransactional && !log.open.has(producerId)) log.open.set(producerId, offset);
  return offset;
}

/**
 * Writes the coordinator's COMMIT or ABORT marker for `producerId`'s transaction. The marker takes
 * an offset, so a consumer's position moves past it though it is never returned by a fetch.
 */
export function writeMarker(log: TxnPartitionLog, producerId: number, type: MarkerType): number {
  const offset = log.records.length;
  log.records.push({ offset, producerId, value: null, isTransactional: true, marker: type });
  const firstOffset = log.open.get(producerId);
  if (firstOffset !== undefined) {
    log.open.delete(producerId);
    if (type === 'ABORT') log.aborted.push({ producerId, firstOffset, lastOffset: offset });
  }
  return offset;
}

/** First offset of the earliest open transaction, or the log end offset when none is open. */
export function lastStableOffset(log: TxnPartitionLog): number {
  let lso = log.records.length;
  for (const first of log.open.values()) if (first < lso) lso = first;
  return lso;
}

export function isAborted(log: TxnPartitionLog, record: TxnRecord): boolean {
  if (!record.isTransactional || record.marker !== null) return false;
  return log.aborted.some(
    (a) =>
      a.producerId === record.producerId && record.offset >= a.firstOffset && record.offset < a.lastOffset,
  );
}

export interface FetchResult {
  records: TxnRecord[];
  /** Where the next fetch starts: past the markers and skipped aborted records it read. */
  nextOffset: number;
}

/** What a consumer with `isolation` gets from `fromOffset` (at most `maxRecords` data records). */
export function fetch(
  log: TxnPartitionLog,
  fromOffset: number,
  isolation: IsolationLevel,
  maxRecords = Number.POSITIVE_INFINITY,
): FetchResult {
  const end = isolation === 'read_committed' ? lastStableOffset(log) : log.records.length;
  const records: TxnRecord[] = [];
  let offset = fromOffset;
  while (offset < end && records.length < maxRecords) {
    const r = log.records[offset];
    offset += 1;
    if (r.marker !== null) continue;
    if (isolation === 'read_committed' && isAborted(log, r)) continue;
    records.push(r);
  }
  return { records, nextOffset: offset };
}

/** The open transactions as ranges up to the log end (for drawing), earliest first. */
export function openRanges(log: TxnPartitionLog): { producerId: number; firstOffset: number }[] {
  return [...log.open.entries()]
    .map(([producerId, firstOffset]) => ({ producerId, firstOffset }))
    .sort((a, b) => a.firstOffset - b.firstOffset);
}
