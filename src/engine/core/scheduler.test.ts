import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler';

/** Pops everything up to `limitMs` and returns the events in the order they ran. */
const drain = <E>(s: Scheduler<E>, limitMs = Number.POSITIVE_INFINITY): E[] => {
  const out: E[] = [];
  for (let item = s.popUntil(limitMs); item; item = s.popUntil(limitMs)) out.push(item.event);
  return out;
};

describe('Scheduler', () => {
  it.each<[string, [number, string][], string[]]>([
    [
      'runs events in time order whatever the insertion order',
      [
        [30, 'c'],
        [10, 'a'],
        [20, 'b'],
      ],
      ['a', 'b', 'c'],
    ],
    [
      'breaks ties at the same instant by insertion order',
      [
        [5, 'x'],
        [5, 'y'],
        [5, 'z'],
      ],
      ['x', 'y', 'z'],
    ],
    [
      'mixes time order and the insertion tie-break',
      [
        [7, 'late-1'],
        [3, 'early-1'],
        [7, 'late-2'],
        [3, 'early-2'],
        [0, 'first'],
      ],
      ['first', 'early-1', 'early-2', 'late-1', 'late-2'],
    ],
    [
      'accepts fractional virtual times',
      [
        [1.5, 'b'],
        [1.25, 'a'],
        [2, 'c'],
      ],
      ['a', 'b', 'c'],
    ],
  ])('%s', (_name, schedule, expected) => {
    const s = new Scheduler<string>();
    for (const [atMs, event] of schedule) s.schedule(atMs, event);
    expect(drain(s)).toEqual(expected);
  });

  it('hands out increasing sequence numbers, one per schedule call', () => {
    const s = new Scheduler<string>();
    const seqs = [s.schedule(10, 'a'), s.schedule(0, 'b'), s.schedule(10, 'c')];
    expect(seqs).toEqual([0, 1, 2]);
  });

  it('popUntil stops at the limit and leaves later events queued', () => {
    const s = new Scheduler<string>();
    s.schedule(10, 'a');
    s.schedule(20, 'b');
    s.schedule(30, 'c');
    expect(drain(s, 20)).toEqual(['a', 'b']);
    expect(s.peekTime()).toBe(30);
    expect(s.size).toBe(1);
  });

  it('cancel is lazy: the cancelled event is skipped when it surfaces and never runs', () => {
    const s = new Scheduler<string>();
    const a = s.schedule(10, 'a');
    s.schedule(20, 'b');
    const c = s.schedule(30, 'c');
    s.cancel(a);
    s.cancel(c);
    expect(s.size).toBe(1);
    expect(s.peekTime()).toBe(20);
    expect(drain(s)).toEqual(['b']);
    expect(s.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(s.size).toBe(0);
  });

  it('cancelling an event buried in the heap skips it when it reaches the top', () => {
    const s = new Scheduler<string>();
    s.schedule(1, 'a');
    const b = s.schedule(2, 'b');
    s.schedule(3, 'c');
    s.cancel(b);
    expect(drain(s)).toEqual(['a', 'c']);
  });

  it('ignores cancels of sequence numbers it never handed out', () => {
    const s = new Scheduler<string>();
    s.schedule(1, 'a');
    s.cancel(-1);
    s.cancel(99);
    expect(s.size).toBe(1);
    expect(drain(s)).toEqual(['a']);
  });

  it('restores a saved queue that continues exactly like the original, cancels included', () => {
    const s = new Scheduler<string>();
    for (const [t, e] of [
      [5, 'a'],
      [1, 'b'],
      [5, 'c'],
      [3, 'd'],
    ] as const)
      s.schedule(t, e);
    s.cancel(1);
    const saved = structuredClone(s.save());
    const copy = Scheduler.restore(saved);
    // New events after the restore get the same sequence numbers as in the original.
    expect(copy.schedule(5, 'e')).toBe(s.schedule(5, 'e'));
    expect(drain(copy)).toEqual(drain(s));
    expect(drain(Scheduler.restore(saved))).toEqual(['d', 'a', 'c']);
  });

  it('a saved queue is a copy: popping the original does not change it', () => {
    const s = new Scheduler<string>();
    s.schedule(1, 'a');
    s.schedule(2, 'b');
    const saved = s.save();
    drain(s);
    expect(drain(Scheduler.restore(saved))).toEqual(['a', 'b']);
  });

  it('pops any schedule in (time, insertion) order, with cancelled events left out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 200 }),
        (items) => {
          const s = new Scheduler<number>();
          const seqs = items.map(([atMs], i) => s.schedule(atMs, i));
          items.forEach(([, isCancelled], i) => {
            if (isCancelled) s.cancel(seqs[i]);
          });
          const expected = items
            .map(([atMs, isCancelled], i) => ({ atMs, i, isCancelled }))
            .filter((x) => !x.isCancelled)
            .sort((x, y) => x.atMs - y.atMs || x.i - y.i)
            .map((x) => x.i);
          expect(s.size).toBe(expected.length);
          expect(drain(s)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('popEventUntil returns the same events as popUntil, with their time and sequence number', () => {
    const build = () => {
      const s = new Scheduler<string>();
      const entries: [number, string][] = [
        [4, 'a'],
        [1.5, 'b'],
        [4, 'c'],
        [0, 'd'],
        [2, 'e'],
      ];
      for (const [atMs, e] of entries) s.schedule(atMs, e);
      s.cancel(2);
      return s;
    };
    const viaItems = drain(build(), 4);
    const s = build();
    const seen: [string, number, number][] = [];
    for (let e = s.popEventUntil(4); e !== undefined; e = s.popEventUntil(4))
      seen.push([e, s.lastAtMs, s.lastSeq]);
    expect(seen).toEqual([
      ['d', 0, 3],
      ['b', 1.5, 1],
      ['e', 2, 4],
      ['a', 4, 0],
    ]);
    expect(seen.map(([e]) => e)).toEqual(viaItems);
  });
});
