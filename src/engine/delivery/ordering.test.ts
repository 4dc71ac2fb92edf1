import { describe, expect, it } from 'vitest';
import { createOrderTracker, isPruneDue, noteFirstApplication, pruneOrder } from './ordering';

describe('per-key order at the sink', () => {
  it('counts a record first applied after a later record of its key', () => {
    const t = createOrderTracker();
    expect(noteFirstApplication(t, 'item-1', 0, 5)).toBe(false);
    expect(noteFirstApplication(t, 'item-1', 0, 9)).toBe(false);
    expect(noteFirstApplication(t, 'item-1', 0, 7)).toBe(true);
    expect(noteFirstApplication(t, 'item-1', 0, 10)).toBe(false);
    expect(t.outOfOrder).toBe(1);
  });

  it('keeps keys apart and ignores unkeyed records', () => {
    const t = createOrderTracker();
    noteFirstApplication(t, 'a', 0, 9);
    expect(noteFirstApplication(t, 'b', 0, 3)).toBe(false);
    expect(noteFirstApplication(t, null, 0, 1)).toBe(false);
    expect(t.outOfOrder).toBe(0);
  });

  it('starts over when a key moves to another partition (offsets cannot be compared)', () => {
    const t = createOrderTracker();
    noteFirstApplication(t, 'a', 2, 900);
    expect(noteFirstApplication(t, 'a', 5, 3)).toBe(false);
    expect(noteFirstApplication(t, 'a', 5, 2)).toBe(true);
    expect(t.outOfOrder).toBe(1);
  });

  it('prunes keys below the lowest offset still applicable, and keeps the others', () => {
    const t = createOrderTracker();
    for (let i = 0; i < 1 << 14; i++) noteFirstApplication(t, `k${i}`, i % 2, i);
    expect(isPruneDue(t)).toBe(true);
    pruneOrder(t, [10_000, 0]);
    // Partition 0 keys below offset 10,000 are gone; partition 1 keeps everything.
    expect(t.highest.has('k2')).toBe(false);
    expect(t.highest.has('k10002')).toBe(true);
    expect(t.highest.has('k3')).toBe(true);
    expect(t.highest.size).toBe((1 << 14) - 5000);
    expect(isPruneDue(t)).toBe(false);
    // A pruned key can only come back at an offset ≥ the limit: still judged correctly.
    expect(noteFirstApplication(t, 'k2', 0, 10_001)).toBe(false);
  });
});
