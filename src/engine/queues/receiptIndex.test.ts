import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import { createReceiptIndex, receiptDelete, receiptGet, receiptSet, receiptValues } from './receiptIndex';

describe('ReceiptIndex: in-flight messages by receipt, read as the Map it replaces', () => {
  it.each([1, 2, 3])(
    'random sets (increasing receipts, gaps), deletes and lookups agree with a Map (seed %i)',
    (seed) => {
      const rng = new Rng(seed);
      const r = createReceiptIndex<string>();
      const m = new Map<number, string>();
      let next = 1;
      for (let step = 0; step < 40_000; step++) {
        const u = rng.float();
        if (u < 0.5) {
          next += rng.float() < 0.2 ? 1 + rng.int(50) : 1; // other queues' receipts leave gaps
          receiptSet(r, next, `m${next}`);
          m.set(next, `m${next}`);
        } else if (m.size > 0) {
          // Mostly the oldest few settle; now and then a random one; a few stay for long.
          const keys = [...m.keys()];
          const k = rng.float() < 0.7 ? keys[rng.int(Math.min(5, keys.length))] : keys[rng.int(keys.length)];
          if (k % 97 !== 0 || rng.float() < 0.01) {
            receiptDelete(r, k);
            m.delete(k);
          }
        }
        if (step % 1000 === 0) expect([...receiptValues(r)]).toEqual([...m.values()]);
        const probe = 1 + rng.int(next + 5);
        expect(receiptGet(r, probe)).toBe(m.get(probe));
      }
      expect([...receiptValues(r)]).toEqual([...m.values()]);
      // The long-lived entries moved out of the window: it stays near what is live.
      expect(r.slots.length - r.head).toBeLessThanOrEqual(4 * r.live + 4096 + 1);
    },
  );

  it('a receipt not above the last one is an engine bug', () => {
    const r = createReceiptIndex<string>();
    receiptSet(r, 5, 'a');
    expect(() => receiptSet(r, 5, 'b')).toThrow(/not above/);
  });

  it('deleting an unknown or settled receipt changes nothing', () => {
    const r = createReceiptIndex<string>();
    receiptSet(r, 1, 'a');
    receiptSet(r, 3, 'b');
    receiptDelete(r, 2);
    receiptDelete(r, 99);
    receiptDelete(r, 1);
    receiptDelete(r, 1);
    expect([...receiptValues(r)]).toEqual(['b']);
    expect(receiptGet(r, 3)).toBe('b');
    expect(receiptGet(r, 1)).toBeUndefined();
  });
});
