import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  append,
  applyRetention,
  compact,
  createLog,
  fetchRecord,
  indexAtOrAfter,
  liveCount,
  type PartitionLog,
  readRecord,
  recordAt,
  rowRecord,
  truncateTo,
} from './partitionLog';

/** Appends records given as [key, producedAtMs, sizeBytes]; message ids count from 100. */
const logOf = (records: [string | null, number, number][]): PartitionLog => {
  const log = createLog('orders', 0);
  records.forEach(([key, atMs, size], i) => {
    append(log, 100 + i, key, atMs, size);
  });
  return log;
};
const live = (log: PartitionLog) =>
  Array.from({ length: log.records.length - log.head }, (_, i) => readRecord(log, log.head + i)!);
const liveOffsets = (log: PartitionLog) => live(log).map((r) => r.offset);
const liveKeys = (log: PartitionLog) => live(log).map((r) => r.key);

describe('append', () => {
  it('gives dense offsets from 0 and moves the log-end offset and byte count', () => {
    const log = createLog('orders', 2);
    const a = append(log, 7, 'k1', 10, 100);
    const b = append(log, 8, null, 11, 50, true, 1, true);
    expect([a.offset, b.offset]).toEqual([0, 1]);
    expect(b).toMatchObject({
      messageId: 8,
      key: null,
      isPoison: true,
      redriveCount: 1,
      isRetryDuplicate: true,
    });
    expect(log).toMatchObject({ logStartOffset: 0, logEndOffset: 2, bytes: 150, isDense: true });
    expect(liveCount(log)).toBe(2);
  });
});

describe('retention', () => {
  // Ten records produced at t = 0, 100, …, 900 ms, 10 bytes each.
  const tenRecords = (): PartitionLog =>
    logOf(Array.from({ length: 10 }, (_, i): [string, number, number] => [`k${i}`, i * 100, 10]));

  it.each<[string, number, number, number, number[]]>([
    ['retention.ms deletes records older than now − retention.ms', 1000, 550, -1, [5, 6, 7, 8, 9]],
    ['a record exactly retention.ms old is kept', 1000, 500, -1, [5, 6, 7, 8, 9]],
    ['retention.ms = -1 keeps everything', 10_000, -1, -1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['retention.bytes trims the head until the log fits', 0, -1, 35, [7, 8, 9]],
    ['retention.bytes keeps a log that already fits', 0, -1, 100, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['time and size apply together', 1000, 200, 40, [8, 9]],
    ['everything can expire, leaving an empty log', 10_000, 100, -1, []],
  ])('%s', (_name, nowMs, retentionMs, retentionBytes, kept) => {
    const log = tenRecords();
    const deleted = applyRetention(log, nowMs, retentionMs, retentionBytes);
    expect(liveOffsets(log)).toEqual(kept);
    expect(deleted.map((r) => r.offset)).toEqual(Array.from({ length: 10 - kept.length }, (_, i) => i));
    // The log start moves to the first live record (or to the log end when empty).
    expect(log.logStartOffset).toBe(kept[0] ?? 10);
    expect(log.logEndOffset).toBe(10);
    expect(log.bytes).toBe(kept.length * 10);
  });

  it('keeps offsets dense and lookups working after the head moves', () => {
    const log = tenRecords();
    applyRetention(log, 1000, 450, -1);
    expect(log.logStartOffset).toBe(6);
    expect(indexAtOrAfter(log, 0)).toBe(log.head);
    expect(recordAt(log, 5)).toBeUndefined();
    expect(recordAt(log, 7)?.messageId).toBe(107);
    append(log, 200, 'new', 1000, 10);
    expect(recordAt(log, 10)?.messageId).toBe(200);
  });

  it('slices off a long deleted prefix without changing offsets or lookups', () => {
    const log = logOf(Array.from({ length: 3000 }, (_, i): [string, number, number] => [`k${i}`, i, 1]));
    applyRetention(log, 3000, 500, -1);
    expect(log.head).toBe(0);
    expect(log.records.length).toBe(500);
    expect(log.logStartOffset).toBe(2500);
    expect(recordAt(log, 2600)?.messageId).toBe(2700);
    expect(indexAtOrAfter(log, 10)).toBe(0);
  });
});

describe('compaction', () => {
  it('keeps the latest record per key and leaves gaps in the offsets', () => {
    const log = logOf([
      ['a', 0, 10],
      ['b', 1, 10],
      ['a', 2, 10],
      ['c', 3, 10],
      ['b', 4, 10],
      ['a', 5, 10],
    ]);
    expect(compact(log, 0)).toHaveLength(3);
    expect(liveOffsets(log)).toEqual([3, 4, 5]);
    expect(liveKeys(log)).toEqual(['c', 'b', 'a']);
    expect(log).toMatchObject({ isDense: false, logEndOffset: 6, bytes: 30 });
  });

  it('never cleans the newest (active) records', () => {
    const log = logOf([
      ['a', 0, 1],
      ['a', 1, 1],
      ['a', 2, 1],
      ['a', 3, 1],
    ]);
    expect(compact(log, 2)).toHaveLength(2);
    expect(liveOffsets(log)).toEqual([2, 3]);
  });

  it('keeps records with a null key', () => {
    const log = logOf([
      [null, 0, 1],
      ['a', 1, 1],
      [null, 2, 1],
      ['a', 3, 1],
    ]);
    compact(log, 0);
    expect(liveOffsets(log)).toEqual([0, 2, 3]);
  });

  it('changes nothing when every key is already unique', () => {
    const log = logOf([
      ['a', 0, 1],
      ['b', 1, 1],
    ]);
    expect(compact(log, 0)).toEqual([]);
    expect(log.isDense).toBe(true);
  });

  it('finds the next live record at or after an offset that fell into a gap', () => {
    const log = logOf([
      ['a', 0, 1],
      ['b', 1, 1],
      ['a', 2, 1],
      ['b', 3, 1],
      ['c', 4, 1],
      ['a', 5, 1],
      ['d', 6, 1],
    ]);
    compact(log, 0); // keeps offsets 3 (b), 4 (c), 5 (a), 6 (d)
    expect(liveOffsets(log)).toEqual([3, 4, 5, 6]);
    const offsetAt = (offset: number) => readRecord(log, indexAtOrAfter(log, offset))?.offset;
    expect([0, 1, 2, 3, 4, 5, 6].map(offsetAt)).toEqual([3, 3, 3, 3, 4, 5, 6]);
    expect(indexAtOrAfter(log, 7)).toBe(log.records.length);
    expect(recordAt(log, 1)).toBeUndefined();
    expect(recordAt(log, 4)?.key).toBe('c');
  });

  it('indexAtOrAfter finds the first live record ≥ any offset, with any gaps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', null), { minLength: 1, maxLength: 60 }),
        fc.nat(10),
        fc.nat(20),
        (keys, active, retained) => {
          const log = logOf(keys.map((k, i): [string | null, number, number] => [k, i, 1]));
          compact(log, active);
          applyRetention(log, keys.length, -1, retained);
          const live = liveOffsets(log);
          for (let offset = -1; offset <= keys.length + 1; offset++) {
            const expected = live.find((o) => o >= offset);
            expect(readRecord(log, indexAtOrAfter(log, offset))?.offset).toBe(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('row storage', () => {
  it('keeps every field of every record as the columns grow', () => {
    const log = createLog('orders', 0);
    for (let i = 0; i < 1000; i++)
      append(
        log,
        5000 + i,
        i % 3 === 0 ? null : `k${i}`,
        i * 2.5,
        10 + i,
        i % 7 === 0,
        i % 4,
        i % 11 === 0,
        ([0, 1, -1] as const)[i % 3],
      );
    expect(readRecord(log, 784)).toEqual({
      offset: 784,
      messageId: 5784,
      key: 'k784',
      producedAtMs: 1960,
      sizeBytes: 794,
      isPoison: true,
      redriveCount: 0,
      isRetryDuplicate: false,
      acks: 1,
    });
    expect(readRecord(log, 990)).toMatchObject({
      key: null,
      redriveCount: 2,
      isRetryDuplicate: true,
      acks: 0,
    });
    expect(readRecord(log, 1000)).toBeUndefined();
    expect(live(log).map((x) => x.messageId)).toEqual(Array.from({ length: 1000 }, (_, i) => 5000 + i));
  });

  it('truncation and retention leave the rows a checkpoint kept, with its length, as they were', () => {
    const log = logOf(Array.from({ length: 2000 }, (_, i): [string, number, number] => [`k${i}`, i, 1]));
    const kept = log.records;
    const keptLength = kept.length;
    const removed = truncateTo(log, 1500);
    expect(removed.map((r) => r.offset)).toEqual(Array.from({ length: 500 }, (_, i) => 1500 + i));
    append(log, 9, 'after', 3000, 1);
    applyRetention(log, 1200, 100, -1);
    expect(log.head).toBe(0); // retention sliced the garbage prefix off into new rows
    expect(kept.length).toBe(keptLength);
    expect(rowRecord(kept, 1500)).toMatchObject({ offset: 1500, messageId: 1600, key: 'k1500' });
    expect(rowRecord(kept, 0)).toMatchObject({ offset: 0, messageId: 100 });
    expect(liveOffsets(log)).toEqual([...Array.from({ length: 400 }, (_, i) => 1100 + i), 1500]);
  });

  it('fetchRecord hands every reader of a row the same record, and the right one after its slot is reused', () => {
    const log = logOf(Array.from({ length: 300 }, (_, i): [string, number, number] => [`k${i}`, i, 1]));
    const first = fetchRecord(log.records, 5);
    expect(fetchRecord(log.records, 5)).toBe(first);
    expect(first).toEqual(rowRecord(log.records, 5));
    // Rows 5 + 32k share a slot: each read gives its own row, never the slot's previous one.
    for (const i of [37, 69, 261, 5]) expect(fetchRecord(log.records, i)).toEqual(rowRecord(log.records, i));
    // Compaction builds new rows: their row 5 is another record, not the cached one.
    append(log, 999, 'k0', 400, 1);
    compact(log, 0);
    expect(fetchRecord(log.records, 0)).toEqual(rowRecord(log.records, 0));
    expect(fetchRecord(log.records, 0).offset).toBe(1);
  });
});
