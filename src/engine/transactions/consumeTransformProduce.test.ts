import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readOutput, runConsumeTransformProduce } from './consumeTransformProduce';
import { fetch, isAborted } from './txnLog';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const duplicates = (charges: Map<number, number>) => [...charges.values()].filter((n) => n > 1).length;

describe('consume-transform-produce with offsets in the transaction', () => {
  it('without crashes, both isolation levels see each input once and every payment is charged once', () => {
    const r = runConsumeTransformProduce({
      inputRecords: 10,
      batchSize: 3,
      crashBeforeSteps: [],
      hasZombie: false,
      hasIdempotencyKey: false,
    });
    expect(readOutput(r.coordinator, 'read_committed')).toEqual(range(10));
    expect(readOutput(r.coordinator, 'read_uncommitted')).toEqual(range(10));
    expect(duplicates(r.charges)).toBe(0);
  });

  it('a crash mid-transaction: read_committed sees no duplicate and no loss, read_uncommitted sees the aborted records', () => {
    // Steps 0–2 process inputs 0–2, step 3 commits; the crash strikes before step 5 (input 4 of the second batch).
    const r = runConsumeTransformProduce({
      inputRecords: 6,
      batchSize: 3,
      crashBeforeSteps: [5],
      hasZombie: false,
      hasIdempotencyKey: false,
    });
    expect(r.crashes).toBe(1);
    expect(readOutput(r.coordinator, 'read_committed')).toEqual(range(6));
    expect(readOutput(r.coordinator, 'read_uncommitted')).toEqual([0, 1, 2, 3, 3, 4, 5]);
    // The payment call is outside the transaction: input 3 was charged before the crash and again after.
    expect([...r.charges].filter(([, n]) => n > 1)).toEqual([[3, 2]]);
  });

  it('the idempotency key keeps the payment to one charge per input across the same crash', () => {
    const r = runConsumeTransformProduce({
      inputRecords: 6,
      batchSize: 3,
      crashBeforeSteps: [5],
      hasZombie: false,
      hasIdempotencyKey: true,
    });
    expect([...r.charges.values()]).toEqual(range(6).map(() => 1));
  });

  it('a zombie with the same transactional.id is fenced and its commit never lands', () => {
    const r = runConsumeTransformProduce({
      inputRecords: 6,
      batchSize: 3,
      crashBeforeSteps: [2],
      hasZombie: true,
      hasIdempotencyKey: false,
    });
    expect(r.fencedZombieAttempts).toBe(1);
    expect(readOutput(r.coordinator, 'read_committed')).toEqual(range(6));
  });

  it('property: under random crash schedules read_committed readers never see an aborted record, a duplicate or a gap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        (inputRecords, batchSize, crashBeforeSteps, hasZombie, hasIdempotencyKey) => {
          const r = runConsumeTransformProduce({
            inputRecords,
            batchSize,
            crashBeforeSteps,
            hasZombie,
            hasIdempotencyKey,
          });
          const out = r.coordinator.logs.get('out/0')!;
          const committed = readOutput(r.coordinator, 'read_committed');
          expect(committed).toEqual(range(inputRecords));
          // Independent of the fetch path: the committed output is exactly the input, once each, in
          // order; and no record a read_committed fetch returns lies in an aborted range.
          const returned = fetch(out, 0, 'read_committed').records;
          expect(
            returned.filter((x) =>
              out.aborted.some(
                (a) => x.offset >= a.firstOffset && x.offset < a.lastOffset && a.producerId === x.producerId,
              ),
            ),
          ).toEqual([]);
          // Everything a read_uncommitted reader sees beyond that is aborted.
          const uncommitted = readOutput(r.coordinator, 'read_uncommitted');
          expect(uncommitted.length - committed.length).toBe(
            out.records.filter((x) => isAborted(out, x)).length,
          );
          if (hasIdempotencyKey) expect(duplicates(r.charges)).toBe(0);
          expect(r.charges.size).toBe(inputRecords);
        },
      ),
      { numRuns: 1000, seed: 14 },
    );
  });

  it('some crash schedule charges a payment twice without the idempotency key', () => {
    const found = fc
      .sample(fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }), { numRuns: 200, seed: 14 })
      .some(
        (crashBeforeSteps) =>
          duplicates(
            runConsumeTransformProduce({
              inputRecords: 8,
              batchSize: 3,
              crashBeforeSteps,
              hasZombie: false,
              hasIdempotencyKey: false,
            }).charges,
          ) > 0,
      );
    expect(found).toBe(true);
  });
});
