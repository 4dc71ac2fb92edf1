import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countOf, createIdCounter, type IdCounter, increment, pin, pruneBelow } from './idCounter';

const CHUNK = 1 << 14;

const counterOf = (ids: number[]): IdCounter => {
  const c = createIdCounter();
  for (const id of ids) increment(c, id);
  return c;
};

describe('IdCounter', () => {
  it.each<[string, number[], { distinct: number; repeated: number; total: number }]>([
    ['starts empty', [], { distinct: 0, repeated: 0, total: 0 }],
    ['counts distinct ids once', [1, 2, 3], { distinct: 3, repeated: 0, total: 3 }],
    ['counts an id seen twice as repeated once', [5, 5], { distinct: 1, repeated: 1, total: 2 }],
    ['counts an id seen three times as repeated once', [5, 5, 5], { distinct: 1, repeated: 1, total: 3 }],
    ['mixes both', [1, 2, 2, 3, 3, 3, 4], { distinct: 4, repeated: 2, total: 7 }],
    [
      'handles ids in different chunks',
      [0, CHUNK, 3 * CHUNK + 7, CHUNK],
      { distinct: 3, repeated: 1, total: 4 },
    ],
  ])('%s', (_name, ids, totals) => {
    expect(counterOf(ids)).toMatchObject(totals);
  });

  it('increment returns the new count and countOf reads it back', () => {
    const c = createIdCounter();
    expect([increment(c, 9), increment(c, 9), increment(c, 10)]).toEqual([1, 2, 1]);
    expect([countOf(c, 9), countOf(c, 10), countOf(c, 11)]).toEqual([2, 1, 0]);
  });

  it('pruning drops whole chunks below the live id, keeps totals and leaves later chunks intact', () => {
    const c = counterOf([1, 2, 2, CHUNK + 1, 2 * CHUNK + 1]);
    pruneBelow(c, 2 * CHUNK + 5);
    expect(c.prunedBelow).toBe(2);
    expect(Object.keys(c.chunks)).toEqual(['2']);
    expect(countOf(c, 2)).toBe(0); // forgotten: not pinned
    expect(countOf(c, 2 * CHUNK + 1)).toBe(1);
    expect(c).toMatchObject({ distinct: 4, repeated: 1, total: 5 });
  });

  it('only prunes chunks that lie entirely below the live id', () => {
    const c = counterOf([1, CHUNK - 1]);
    pruneBelow(c, CHUNK - 1);
    expect(c.prunedBelow).toBe(0);
    expect(countOf(c, 1)).toBe(1);
  });

  it('keeps pinned ids through pruning, with the count they reached before the prune', () => {
    const c = counterOf([3, 4]);
    pin(c, 3);
    pin(c, 99); // pinned before it was ever applied
    increment(c, 3); // after pinning, before pruning
    pruneBelow(c, 5 * CHUNK);
    expect([countOf(c, 3), countOf(c, 4), countOf(c, 99)]).toEqual([2, 0, 0]);
  });

  it('counts a pinned id again after its chunk was pruned (a redriven message)', () => {
    const c = counterOf([3]);
    pin(c, 3);
    pin(c, 8);
    pruneBelow(c, 2 * CHUNK);
    expect(increment(c, 3)).toBe(2);
    expect(increment(c, 8)).toBe(1);
    expect([countOf(c, 3), countOf(c, 8)]).toEqual([2, 1]);
    expect(c).toMatchObject({ distinct: 2, repeated: 1, total: 3 });
  });

  it('pruning is idempotent and never moves backwards', () => {
    const c = counterOf([1, 2 * CHUNK]);
    pruneBelow(c, 2 * CHUNK);
    pruneBelow(c, 0);
    pruneBelow(c, 2 * CHUNK);
    expect(c.prunedBelow).toBe(2);
    expect(countOf(c, 2 * CHUNK)).toBe(1);
  });

  it('matches a plain Map for any ids, pins and prunes', () => {
    type Op = { kind: 'inc'; id: number } | { kind: 'pin'; id: number } | { kind: 'prune'; below: number };
    const id = fc.integer({ min: 0, max: 4 * CHUNK });
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('inc' as const), id }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('pin' as const), id }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('prune' as const), below: id }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const c = createIdCounter();
        const model = new Map<number, number>();
        const pinned = new Set<number>();
        let prunedBelow = 0;
        for (const o of ops) {
          if (o.kind === 'inc') {
            // An id coming back after its chunk was pruned restarts at 1, then stays (pinned).
            if (Math.floor(o.id / CHUNK) < prunedBelow) pinned.add(o.id);
            const next = (model.get(o.id) ?? 0) + 1;
            model.set(o.id, next);
            expect(increment(c, o.id)).toBe(next);
          } else if (o.kind === 'pin') {
            pin(c, o.id);
            pinned.add(o.id);
          } else {
            pruneBelow(c, o.below);
            prunedBelow = Math.max(prunedBelow, Math.floor(o.below / CHUNK));
            for (const key of [...model.keys()])
              if (Math.floor(key / CHUNK) < prunedBelow && !pinned.has(key)) model.delete(key);
          }
        }
        for (const key of new Set([...model.keys(), ...pinned]))
          expect(countOf(c, key), `id ${key}`).toBe(model.get(key) ?? 0);
      }),
      { numRuns: 300 },
    );
  });
});
