import { describe, expect, it } from 'vitest';
import {
  clearArray,
  createDeque,
  dequeItems,
  dequeSize,
  heapPop,
  heapPush,
  insertSorted,
  popFront,
  pushBack,
  pushFront,
  removeWhere,
  type Timed,
} from './deque';

describe('deque', () => {
  it('clearArray empties short and long arrays, and a deque emptied by pops takes pushes from index 0', () => {
    for (const n of [1, 16, 17, 5000]) {
      const a = Array.from({ length: n }, (_, i) => i);
      clearArray(a);
      expect(a).toEqual([]);
    }
    const d = createDeque<number>();
    pushBack(d, 1);
    pushBack(d, 2);
    expect([popFront(d), popFront(d)]).toEqual([1, 2]);
    expect(d).toEqual({ items: [], head: 0 });
    pushBack(d, 3);
    expect(d).toEqual({ items: [3], head: 0 });
  });

  it('pops in push order across compactions', () => {
    const d = createDeque<number>();
    for (let i = 0; i < 5000; i++) pushBack(d, i);
    const out: number[] = [];
    for (let i = 0; i < 3000; i++) out.push(popFront(d)!);
    for (let i = 5000; i < 5100; i++) pushBack(d, i);
    while (dequeSize(d) > 0) out.push(popFront(d)!);
    expect(out).toEqual(Array.from({ length: 5100 }, (_, i) => i));
  });

  it('pushFront puts an item before the head, insertSorted keeps rank order', () => {
    const d = createDeque<number>();
    for (const x of [2, 4, 6]) pushBack(d, x);
    popFront(d);
    pushFront(d, 1);
    insertSorted(d, 5, (x) => x);
    insertSorted(d, 0, (x) => x);
    insertSorted(d, 9, (x) => x);
    expect(dequeItems(d)).toEqual([0, 1, 4, 5, 6, 9]);
    expect(removeWhere(d, (x) => x === 5)).toBe(true);
    expect(dequeItems(d)).toEqual([0, 1, 4, 6, 9]);
  });
});

describe('heap', () => {
  it('pops by time, then by sequence for equal times', () => {
    const h: (Timed & { id: string })[] = [];
    heapPush(h, { atMs: 5, seq: 1, id: 'b' });
    heapPush(h, { atMs: 5, seq: 0, id: 'a' });
    heapPush(h, { atMs: 1, seq: 2, id: 'first' });
    heapPush(h, { atMs: 9, seq: 3, id: 'last' });
    expect([heapPop(h), heapPop(h), heapPop(h), heapPop(h), heapPop(h)].map((x) => x?.id)).toEqual([
      'first',
      'a',
      'b',
      'last',
      undefined,
    ]);
  });
});
