import { describe, expect, it } from 'vitest';
import {
  abortTransaction,
  beginTransaction,
  commitTransaction,
  committedOffset,
  createTxnCoordinator,
  expireTransactions,
  initTransactions,
  ProducerFencedError,
  sendInTransaction,
  sendOffsetsToTransaction,
} from './coordinator';
import {
  appendData,
  createTxnPartitionLog,
  fetch,
  lastStableOffset,
  type TxnPartitionLog,
  writeMarker,
} from './txnLog';

type Step = ['data', number, boolean] | ['marker', number, 'COMMIT' | 'ABORT'];

function build(steps: Step[]): TxnPartitionLog {
  const log = createTxnPartitionLog();
  let value = 0;
  for (const s of steps)
    if (s[0] === 'data') appendData(log, s[1], value++, s[2]);
    else writeMarker(log, s[1], s[2]);
  return log;
}

describe('the partition log under transactions', () => {
  it.each<[string, Step[], number, number[], number[]]>([
    // name, steps, LSO, read_committed values, read_uncommitted values (data records are valued 0, 1, 2… in order)
    [
      'plain records are stable at once',
      [
        ['data', -1, false],
        ['data', -1, false],
      ],
      2,
      [0, 1],
      [0, 1],
    ],
    [
      'an open transaction holds the LSO at its first offset',
      [
        ['data', -1, false],
        ['data', 7, true],
        ['data', -1, false],
      ],
      1,
      [0],
      [0, 1, 2],
    ],
    [
      'a commit marker takes an offset and is never returned',
      [
        ['data', 7, true],
        ['marker', 7, 'COMMIT'],
        ['data', -1, false],
      ],
      3,
      [0, 1],
      [0, 1],
    ],
    [
      'aborted records are skipped by read_committed only',
      [
        ['data', 7, true],
        ['data', 7, true],
        ['marker', 7, 'ABORT'],
        ['data', -1, false],
      ],
      4,
      [2],
      [0, 1, 2],
    ],
    [
      'the earliest of two open transactions sets the LSO',
      [
        ['data', 8, true],
        ['data', 7, true],
        ['marker', 7, 'COMMIT'],
      ],
      0,
      [],
      [0, 1],
    ],
    [
      'an abort of one producer leaves another producer’s records',
      [
        ['data', 7, true],
        ['data', 8, true],
        ['marker', 7, 'ABORT'],
        ['marker', 8, 'COMMIT'],
      ],
      4,
      [1],
      [0, 1],
    ],
  ])('%s', (_, steps, lso, committed, uncommitted) => {
    const log = build(steps);
    expect(lastStableOffset(log)).toBe(lso);
    expect(fetch(log, 0, 'read_committed').records.map((r) => r.value)).toEqual(committed);
    expect(fetch(log, 0, 'read_uncommitted').records.map((r) => r.value)).toEqual(uncommitted);
  });

  it('a read_committed fetch moves its position past markers and aborted records, up to the LSO', () => {
    const log = build([
      ['data', 7, true],
      ['marker', 7, 'ABORT'],
      ['data', 8, true],
    ]);
    expect(fetch(log, 0, 'read_committed')).toEqual({ records: [], nextOffset: 2 });
  });
});

function setup() {
  const logs = new Map([
    ['in/0', createTxnPartitionLog()],
    ['out/0', createTxnPartitionLog()],
  ]);
  return { logs, c: createTxnCoordinator(logs) };
}

describe('the transaction coordinator', () => {
  it('commit writes markers and makes the sent offsets the group’s committed offsets together', () => {
    const { logs, c } = setup();
    const p = initTransactions(c, 'tx-1');
    beginTransaction(c, p, 0);
    sendInTransaction(c, p, 'out/0', 1);
    sendOffsetsToTransaction(c, p, 'g', { 'in/0': 5 });
    expect(committedOffset(c, 'g', 'in/0')).toBe(0);
    expect(lastStableOffset(logs.get('out/0')!)).toBe(0);
    commitTransaction(c, p);
    expect(committedOffset(c, 'g', 'in/0')).toBe(5);
    expect(logs.get('out/0')!.records.map((r) => r.marker)).toEqual([null, 'COMMIT']);
    expect(fetch(logs.get('out/0')!, 0, 'read_committed').records.map((r) => r.value)).toEqual([1]);
  });

  it('abort drops the sent offsets and marks the records aborted', () => {
    const { logs, c } = setup();
    const p = initTransactions(c, 'tx-1');
    beginTransaction(c, p, 0);
    sendInTransaction(c, p, 'out/0', 1);
    sendOffsetsToTransaction(c, p, 'g', { 'in/0': 5 });
    abortTransaction(c, p);
    expect(committedOffset(c, 'g', 'in/0')).toBe(0);
    expect(logs.get('out/0')!.aborted).toEqual([{ producerId: p.producerId, firstOffset: 0, lastOffset: 1 }]);
  });

  it('initTransactions with the same transactional.id fences the zombie and aborts what it left open', () => {
    const { logs, c } = setup();
    const zombie = initTransactions(c, 'tx-1');
    beginTransaction(c, zombie, 0);
    sendInTransaction(c, zombie, 'out/0', 1);
    const next = initTransactions(c, 'tx-1');
    expect(next.epoch).toBe(zombie.epoch + 1);
    expect(next.producerId).toBe(zombie.producerId);
    expect(logs.get('out/0')!.records.map((r) => r.marker)).toEqual([null, 'ABORT']);
    expect(() => sendInTransaction(c, zombie, 'out/0', 2)).toThrow(ProducerFencedError);
    expect(() => beginTransaction(c, zombie, 0)).toThrow(ProducerFencedError);
    beginTransaction(c, next, 0);
    sendInTransaction(c, next, 'out/0', 3);
    commitTransaction(c, next);
    expect(fetch(logs.get('out/0')!, 0, 'read_committed').records.map((r) => r.value)).toEqual([3]);
  });

  it.each([
    [59_999, []],
    [60_000, ['tx-1']],
  ])('transaction.timeout.ms 60000: at %i ms the coordinator aborts %j', (nowMs, expected) => {
    const { logs, c } = setup();
    const p = initTransactions(c, 'tx-1');
    beginTransaction(c, p, 0);
    sendInTransaction(c, p, 'out/0', 1);
    expect(expireTransactions(c, nowMs)).toEqual(expected);
    if (expected.length > 0) {
      expect(lastStableOffset(logs.get('out/0')!)).toBe(2);
      expect(() => commitTransaction(c, p)).toThrow(ProducerFencedError);
    } else expect(lastStableOffset(logs.get('out/0')!)).toBe(0);
  });
});
