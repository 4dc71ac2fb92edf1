import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../engine';
import { emptyRecorder, MAX_DOTS, recordEvent } from './recorder';

const processed = (offset: number, atMs: number): SimEvent => ({
  type: 'processed',
  atMs,
  groupId: 'payments',
  memberId: 'p-1',
  topic: 'orders',
  partition: 0,
  offset,
  messageId: offset,
  startedAtMs: atMs - 5,
  appliedCount: 1,
  isDeduplicated: false,
});

describe('recorder activity', () => {
  it('keeps the newest processed dots when a burst exceeds the cap', () => {
    const r = emptyRecorder(1);
    // All inside the activity window, so pruning by time cannot make room.
    for (let o = 0; o < MAX_DOTS + 500; o++) recordEvent(r, processed(o, 1000));
    const offsets = r.activity.processed.map((d) => d.offset);
    expect(offsets.length).toBeLessThanOrEqual(MAX_DOTS);
    expect(offsets.at(-1)).toBe(MAX_DOTS + 499);
    expect(offsets[0]).toBeGreaterThan(0);
    // Still in order: the oldest went, nothing in between.
    expect(offsets.every((o, i) => i === 0 || o === offsets[i - 1] + 1)).toBe(true);
  });
});
