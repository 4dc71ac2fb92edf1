import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admitDeduplicationId,
  admitDeduplicationNumber,
  createDedupWindow,
  dedupSize,
  numberAfterPrefix,
  pruneDedup,
} from './dedupWindow';

const INTERVAL = 300_000;
/** In the generated sends: the producer's next id in sequence. */
const NEXT = '#next';
const NEXT_NUMBER = '#next-number';

/** The model: one Map from id to expiry, pruned by time (what the window must answer like). */
function modelAdmit(model: Map<string, number>, id: string, nowMs: number): boolean {
  for (const [k, until] of model) if (until <= nowMs) model.delete(k);
  const until = model.get(id);
  if (until !== undefined && until > nowMs) return false;
  model.set(id, nowMs + INTERVAL);
  return true;
}

describe('numberAfterPrefix', () => {
  it.each([
    ['msg-42', 'msg-', 42],
    ['msg-0', 'msg-', 0],
    ['msg-042', 'msg-', -1],
    ['msg-', 'msg-', -1],
    ['msg-4x', 'msg-', -1],
    ['sha256:7', 'msg-', -1],
    ['123', '', 123],
    ['1234567890123456', '', -1],
  ])('%s after %s reads %d', (id, prefix, n) => {
    expect(numberAfterPrefix(id, prefix)).toBe(n);
  });
});

describe('the deduplication window', () => {
  it('drops the same id within 5 minutes and accepts it again after', () => {
    const w = createDedupWindow();
    expect(admitDeduplicationId(w, 'msg-1', 0, INTERVAL)).toBe(true);
    expect(admitDeduplicationId(w, 'msg-2', 0, INTERVAL)).toBe(true);
    expect(admitDeduplicationId(w, 'msg-1', 299_999, 299_999 + INTERVAL)).toBe(false);
    expect(admitDeduplicationId(w, 'msg-1', 300_000, 300_000 + INTERVAL)).toBe(true);
    expect(admitDeduplicationId(w, 'msg-2', 300_000, 300_000 + INTERVAL)).toBe(true);
    expect(admitDeduplicationId(w, 'msg-2', 300_001, 300_001 + INTERVAL)).toBe(false);
  });

  it('keeps ids of other shapes and out-of-order numbers apart from the runs', () => {
    const w = createDedupWindow();
    for (const id of ['msg-10', 'msg-11', 'msg-5', 'msg-010', 'order', 'sha256:10', '10'])
      expect(admitDeduplicationId(w, id, 1, 1 + INTERVAL)).toBe(true);
    for (const id of ['msg-10', 'msg-11', 'msg-5', 'msg-010', 'order', 'sha256:10', '10'])
      expect(admitDeduplicationId(w, id, 2, 2 + INTERVAL)).toBe(false);
    expect(dedupSize(w)).toBe(7);
    pruneDedup(w, 1 + INTERVAL);
    expect(dedupSize(w)).toBe(0);
  });

  it('holds increasing ids sent in the same millisecond as one run each', () => {
    const w = createDedupWindow();
    let id = 0;
    let admitted = 0;
    for (let ms = 0; ms < 20_000; ms++)
      for (let i = 0; i < 10; i++)
        if (admitDeduplicationId(w, `msg-${id++}`, ms, ms + INTERVAL)) admitted += 1;
    expect(admitted).toBe(200_000);
    expect(w.size).toBe(20_000);
    expect(admitDeduplicationId(w, 'msg-123456', 20_000, 20_000 + INTERVAL)).toBe(false);
    expect(admitDeduplicationId(w, 'msg-199999', 20_000, 20_000 + INTERVAL)).toBe(false);
    expect(admitDeduplicationId(w, 'msg-200001', 20_000, 20_000 + INTERVAL)).toBe(true);
    expect(admitDeduplicationId(w, 'msg-200000', 20_000, 20_000 + INTERVAL)).toBe(true);
    expect(w.other.size).toBe(1);
  });

  it('answers as one Map from id to expiry would, for any sequence of sends', () => {
    const id = fc.oneof(
      fc.nat(40).map((n) => `msg-${n}`),
      fc.nat(40).map((n) => `msg-0${n}`),
      fc.nat(40).map((n) => `sha256:${n}`),
      fc.nat(40).map(String),
      fc.constantFrom('a', 'msg-', 'b1', ''),
      fc.constant(NEXT),
      fc.constant(NEXT),
      // Numeric ids (admitDeduplicationNumber): the same ids as their decimal strings.
      fc.nat(40),
      fc.constant(NEXT_NUMBER),
      fc.constant(NEXT_NUMBER),
    );
    const step = fc.record({ gapMs: fc.oneof(fc.constant(0), fc.nat(INTERVAL / 2)), id });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const w = createDedupWindow();
        const model = new Map<string, number>();
        let nowMs = 0;
        let next = 20;
        let nextNumber = 20;
        for (const s of steps) {
          nowMs += s.gapMs;
          const sent = s.id === NEXT ? `msg-${next++}` : s.id === NEXT_NUMBER ? nextNumber++ : s.id;
          const admitted =
            typeof sent === 'number'
              ? admitDeduplicationNumber(w, sent, nowMs, nowMs + INTERVAL)
              : admitDeduplicationId(w, sent, nowMs, nowMs + INTERVAL);
          expect(admitted).toBe(modelAdmit(model, String(sent), nowMs));
        }
        pruneDedup(w, nowMs);
        expect(dedupSize(w)).toBe(model.size);
      }),
      { numRuns: 500 },
    );
  });

  it('clones with the world (structuredClone) and answers the same after', () => {
    const w = createDedupWindow();
    for (let i = 0; i < 100; i++) admitDeduplicationId(w, `msg-${i}`, i, i + INTERVAL);
    admitDeduplicationId(w, 'x', 100, 100 + INTERVAL);
    const copy = structuredClone(w);
    expect(admitDeduplicationId(copy, 'msg-50', 101, 101 + INTERVAL)).toBe(false);
    expect(admitDeduplicationId(copy, 'x', 101, 101 + INTERVAL)).toBe(false);
    expect(admitDeduplicationId(copy, 'msg-100', 101, 101 + INTERVAL)).toBe(true);
  });

  it('takes a number as the id its decimal string is, in the runs and in the Map', () => {
    const w = createDedupWindow();
    for (let n = 0; n < 1000; n++) expect(admitDeduplicationNumber(w, n, 0, INTERVAL)).toBe(true);
    expect(w.other.size).toBe(0);
    expect(admitDeduplicationId(w, '999', 1, 1 + INTERVAL)).toBe(false);
    expect(admitDeduplicationId(w, 'msg-7', 1, 1 + INTERVAL)).toBe(true);
    expect(admitDeduplicationNumber(w, 500, 2, 2 + INTERVAL)).toBe(false);
    // Below the runs' end but never sent: kept in the Map under its string.
    expect(admitDeduplicationId(w, '5000', 3, 3 + INTERVAL)).toBe(true);
    expect(admitDeduplicationNumber(w, 4000, 4, 4 + INTERVAL)).toBe(true);
    expect(admitDeduplicationId(w, '4000', 5, 5 + INTERVAL)).toBe(false);
    expect(admitDeduplicationNumber(w, 10 ** 15, 6, 6 + INTERVAL)).toBe(true);
    expect(admitDeduplicationId(w, String(10 ** 15), 7, 7 + INTERVAL)).toBe(false);
  });
});
