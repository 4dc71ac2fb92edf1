import { describe, expect, it } from 'vitest';
import { append, createLog, type PartitionLog } from '../log/partitionLog';
import {
  type AcquireRequest,
  acquire,
  advanceStart,
  heldIndex,
  skipDeleted,
  stepRecord,
} from './sharePartition';
import { createSharePartition } from './state';

function logWith(n: number): PartitionLog {
  const log = createLog('jobs', 0);
  for (let i = 0; i < n; i++) append(log, i, `k${i}`, 0, 10, false, 0, false, -1);
  return log;
}

const req = (over: Partial<AcquireRequest> = {}): AcquireRequest => ({
  max: 10,
  owner: 0,
  acquisitionId: 1,
  lockUntilMs: 30_000,
  nowMs: 0,
  deliveryCountLimit: 5,
  maxRecordLocks: 200,
  ...over,
});

describe('a share-partition', () => {
  it('acquires records from SPEO, counting one delivery each, up to max.poll.records', () => {
    const sp = createSharePartition(0, 0);
    const out: number[] = [];
    acquire(sp, logWith(8), req({ max: 3 }), out);
    expect(out).toEqual([0, 1, 2]);
    expect(sp.speo).toBe(3);
    expect(sp.state).toEqual(['Acquired', 'Acquired', 'Acquired']);
    expect(sp.deliveryCount).toEqual([1, 1, 1]);
    expect(sp.acquired).toBe(3);
  });

  it('hands the next records to a second consumer: one partition, many consumers', () => {
    const sp = createSharePartition(0, 0);
    const log = logWith(8);
    const a: number[] = [];
    const b: number[] = [];
    acquire(sp, log, req({ max: 3, owner: 0, acquisitionId: 1 }), a);
    acquire(sp, log, req({ max: 3, owner: 1, acquisitionId: 2 }), b);
    expect(a).toEqual([0, 1, 2]);
    expect(b).toEqual([3, 4, 5]);
    expect(sp.owner).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('re-acquires released records first, oldest first, before new ones', () => {
    const sp = createSharePartition(0, 0);
    const log = logWith(8);
    acquire(sp, log, req({ max: 4 }), []);
    stepRecord(sp, 2, 'RELEASE', 5);
    stepRecord(sp, 1, 'RELEASE', 5);
    const out: number[] = [];
    acquire(sp, log, req({ max: 3, owner: 1, acquisitionId: 2 }), out);
    expect(out).toEqual([1, 2, 4]);
    expect(sp.deliveryCount.slice(0, 5)).toEqual([1, 2, 2, 1, 1]);
  });

  it('never holds more than group.share.partition.max.record.locks records in flight', () => {
    const sp = createSharePartition(0, 0);
    const out: number[] = [];
    acquire(sp, logWith(50), req({ max: 100, maxRecordLocks: 20 }), out);
    expect(out).toHaveLength(20);
    expect(sp.speo - sp.spso).toBe(20);
  });

  it('moves SPSO past acknowledged and archived records, and stops at the first one still open', () => {
    const sp = createSharePartition(0, 0);
    acquire(sp, logWith(5), req({ max: 5 }), []);
    stepRecord(sp, 0, 'ACCEPT', 5);
    stepRecord(sp, 1, 'REJECT', 5);
    stepRecord(sp, 3, 'ACCEPT', 5);
    expect(advanceStart(sp)).toBe(2);
    expect(sp.spso).toBe(2);
    expect(sp.state).toEqual(['Acquired', 'Acknowledged', 'Acquired']);
  });

  it.each([
    ['ACCEPT', 'Acknowledged'],
    ['REJECT', 'Archived'],
    ['RELEASE', 'Available'],
    ['LOCK_EXPIRED', 'Available'],
  ] as const)('%s of an acquired record below the limit makes it %s', (event, to) => {
    const sp = createSharePartition(0, 0);
    acquire(sp, logWith(1), req(), []);
    expect(stepRecord(sp, 0, event, 5)).toBe(to);
  });

  it.each(['RELEASE', 'LOCK_EXPIRED'] as const)(
    '%s at the delivery count limit archives the record',
    (event) => {
      const sp = createSharePartition(0, 0);
      const log = logWith(1);
      for (let d = 1; d < 3; d++) {
        acquire(sp, log, req({ acquisitionId: d }), []);
        expect(stepRecord(sp, 0, event, 3)).toBe('Available');
      }
      acquire(sp, log, req({ acquisitionId: 3 }), []);
      expect(sp.deliveryCount[0]).toBe(3);
      expect(stepRecord(sp, 0, event, 3)).toBe('Archived');
    },
  );

  it('refuses an acknowledgement from an acquisition whose lock already expired', () => {
    const sp = createSharePartition(0, 0);
    const log = logWith(1);
    acquire(sp, log, req({ acquisitionId: 1 }), []);
    stepRecord(sp, 0, 'LOCK_EXPIRED', 5);
    expect(heldIndex(sp, 0, 1)).toBe(-1);
    acquire(sp, log, req({ owner: 1, acquisitionId: 2 }), []);
    expect(heldIndex(sp, 0, 1)).toBe(-1);
    expect(heldIndex(sp, 0, 2)).toBe(0);
  });

  it('starts at the log start when retention deleted records below it', () => {
    const sp = createSharePartition(0, 0);
    acquire(sp, logWith(4), req({ max: 2 }), []);
    skipDeleted(sp, 3);
    expect(sp.spso).toBe(3);
    expect(sp.speo).toBe(3);
    expect(sp.acquired).toBe(0);
  });
});
