import { describe, expect, it } from 'vitest';
import { append, createLog, type PartitionLog, readRecord, recordAt } from '../log/partitionLog';
import { createIdCounter, type IdCounter, increment } from './idCounter';
import { createOrderTracker, noteFirstApplication, type OrderTracker } from './ordering';

/** One partition holding `keys` in offset order (message id = offset + 100), and a sink. */
function setup(keys: (string | null)[]) {
  const log = createLog('inventory', 0);
  keys.forEach((key, offset) => {
    append(log, offset + 100, key, offset, 10);
  });
  return { log, sink: createIdCounter(), t: createOrderTracker(1) };
}

/** Applies the record at `offset` for the first time, as applyEffect does; returns the verdict. */
function apply(t: OrderTracker, sink: IdCounter, log: PartitionLog, offset: number): boolean {
  const record = recordAt(log, offset)!;
  increment(sink, record.messageId);
  return noteFirstApplication(t, sink, log, 0, record);
}

describe('per-key order at the sink', () => {
  it('counts a record first applied after a later record of its key', () => {
    const { log, sink, t } = setup(['a', 'b', 'a', 'a', 'b']);
    expect(apply(t, sink, log, 0)).toBe(false);
    expect(apply(t, sink, log, 3)).toBe(false);
    expect(apply(t, sink, log, 2)).toBe(true);
    expect(apply(t, sink, log, 4)).toBe(false);
    expect(t.outOfOrder).toBe(1);
  });

  it('lets a late record pass when only other keys overtook it', () => {
    const { log, sink, t } = setup(['a', 'b', 'c', 'b', 'a']);
    apply(t, sink, log, 0);
    apply(t, sink, log, 2);
    apply(t, sink, log, 3);
    // Offset 1 (key b) waited in a retry topic: c and the later b passed it; only b counts.
    expect(apply(t, sink, log, 1)).toBe(true);
    // Offset 4 (key a) is in order; nothing above it was applied.
    expect(apply(t, sink, log, 4)).toBe(false);
    expect(t.outOfOrder).toBe(1);
  });

  it('does not count a later record of the key that is not applied yet', () => {
    const { log, sink, t } = setup(['a', 'b', 'a']);
    apply(t, sink, log, 1);
    // Offset 2 (a later a) is still waiting: a at offset 0 is late for its partition, in order for its key.
    expect(apply(t, sink, log, 0)).toBe(false);
    expect(t.outOfOrder).toBe(0);
  });

  it('ignores unkeyed records and a producer retry copy of the same message', () => {
    const log = createLog('inventory', 0);
    append(log, 7, 'a', 0, 10);
    append(log, 7, 'a', 0, 10, false, 0, true); // the retry's second copy: same message id
    append(log, 8, null, 0, 10);
    append(log, 9, null, 0, 10);
    const sink = createIdCounter();
    const t = createOrderTracker(1);
    increment(sink, 7);
    noteFirstApplication(t, sink, log, 0, readRecord(log, 1)!);
    expect(noteFirstApplication(t, sink, log, 0, readRecord(log, 0)!)).toBe(false);
    increment(sink, 9);
    noteFirstApplication(t, sink, log, 0, readRecord(log, 3)!);
    increment(sink, 8);
    expect(noteFirstApplication(t, sink, log, 0, readRecord(log, 2)!)).toBe(false);
    expect(t.outOfOrder).toBe(0);
  });

  it('keeps partitions apart, including partitions added after the tracker was made', () => {
    const p0 = setup(['a', 'a']);
    const p3 = createLog('inventory', 3);
    append(p3, 500, 'a', 0, 10);
    append(p3, 501, 'a', 0, 10);
    const { sink, t } = p0;
    apply(t, sink, p0.log, 1);
    increment(sink, 500);
    // Offset 0 of partition 3 is not compared with offset 1 of partition 0.
    expect(noteFirstApplication(t, sink, p3, 3, readRecord(p3, 0)!)).toBe(false);
    increment(sink, 501);
    expect(noteFirstApplication(t, sink, p3, 3, readRecord(p3, 1)!)).toBe(false);
    expect(t.highestApplied[3]).toBe(1);
    expect(t.outOfOrder).toBe(0);
  });
});
