// Per-key order at the sink. A record is out of order when its side effect is applied for
// the first time after a later record of the same key (same partition, higher offset) had
// been applied. Re-applications (redeliveries after a crash) are duplicates, counted by
// the sink, not here. Unkeyed records promise no per-key order and are not tracked.
//
// Cheap by construction: a partition's owner applies its records in offset order, so a
// first application above the highest offset applied so far in its partition cannot have
// been overtaken (one comparison, no per-key state). Only a late record (one that waited
// in a retry topic, a parking store or a zombie's batch) is checked, by looking through
// the log between it and that highest offset for an applied record of its key. The cost
// is proportional to how late the record is, and only late records pay it.
// Simplification: a later record of the key that retention or compaction already removed
// from the log is not seen (a record would have to wait longer than retention.ms).

import { indexAtOrAfter, type LogRecord, type PartitionLog } from '../log/partitionLog';
import { countOf, type IdCounter } from './idCounter';

export interface OrderTracker {
  /** Per partition, the highest offset whose record was applied for the first time (-1: none). */
  highestApplied: number[];
  outOfOrder: number;
}

export function createOrderTracker(partitions: number): OrderTracker {
  return { highestApplied: new Array<number>(partitions).fill(-1), outOfOrder: 0 };
}

/**
 * Notes the first application of `record` (from `log`, partition `partition`) to `sink`,
 * which already counts it; returns true when a later record of its key had been applied.
 */
export function noteFirstApplication(
  t: OrderTracker,
  sink: IdCounter,
  log: PartitionLog,
  partition: number,
  record: LogRecord,
): boolean {
  const offset = record.offset;
  const highest = t.highestApplied[partition] ?? -1;
  if (offset > highest) {
    t.highestApplied[partition] = offset;
    return false;
  }
  if (record.key === null || !isOvertaken(sink, log, record, highest)) return false;
  t.outOfOrder += 1;
  return true;
}

/** True when a record of `record`'s key above it and at most `highest` was applied. */
function isOvertaken(sink: IdCounter, log: PartitionLog, record: LogRecord, highest: number): boolean {
  const rows = log.records;
  const key = record.key;
  for (let i = indexAtOrAfter(log, record.offset + 1); i < rows.length; i++) {
    if (rows.offsets[i] > highest) return false;
    // A producer retry's second copy shares the message id: one effect, not a later record.
    const messageId = rows.messageIds[i];
    if (rows.keys[i] === key && messageId !== record.messageId && countOf(sink, messageId) > 0) return true;
  }
  return false;
}
