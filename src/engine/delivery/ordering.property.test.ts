// Per-key order under random fault schedules: with blocking retries (the record stays in
// hand, the partition waits) and with per-key parking (the key's later records wait behind
// its retrying record), no record is ever first applied after a later record of its key,
// whatever crashes, pauses, rebalances, duplicate deliveries and lost commits happen. With
// non-blocking retry topics the same schedules do break order, and the sink counts it.
// Excluded: pauses past the session timeout. A member paused that long is a zombie when it
// wakes: it finishes its old batch while the new owner works the same partition, and two
// processes applying one partition at once do break per-key order, as in real Kafka.
// Blocking and parking retry until the record succeeds (30 attempts at a 20% failure rate):
// a record given up to the DLQ lets its key's later records pass, and if a redelivery then
// applies it after all, that is out of order too, and counted.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  caseArb,
  describeCase,
  type PropertyCase,
  runCase,
  SESSION_TIMEOUT_MS,
} from '../../../test/support/faultSchedules';

const RUNS_PER_MODE = Number(process.env.QS_ORDER_RUNS ?? 1000);

const withRetries = (mode: 'blocking' | 'park-key' | 'retry-topics'): fc.Arbitrary<PropertyCase> =>
  caseArb('at-least-once', { withDuplicates: true }).chain((c) =>
    fc
      .record({
        rate: fc.constantFrom(0.05, 0.1, 0.2),
        maxAttempts: fc.constant(mode === 'retry-topics' ? 4 : 30),
      })
      .map((f) => ({
        ...c,
        failures: { ...f, mode },
        actions: c.actions.filter((a) => a.kind !== 'pause' || a.durationMs < SESSION_TIMEOUT_MS),
      })),
  );

describe('outOfOrder under random fault schedules', () => {
  for (const mode of ['blocking', 'park-key'] as const)
    it(`is 0 with ${mode} retries over ${RUNS_PER_MODE} schedules`, () => {
      fc.assert(
        fc.property(withRetries(mode), (c) => {
          const r = runCase(c);
          const message = describeCase(c, r);
          expect(r.violations, message).toEqual([]);
          expect(r.final.lost, message).toBe(0);
          expect(r.final.outOfOrder, message).toBe(0);
        }),
        { numRuns: RUNS_PER_MODE },
      );
    }, 600_000);

  it('is counted with non-blocking retry topics, as the event stream shows it', () => {
    let broken = 0;
    fc.assert(
      fc.property(withRetries('retry-topics'), (c) => {
        const r = runCase(c);
        // observe() fails when the sink's count differs from the one taken from the events.
        expect(r.violations, describeCase(c, r)).toEqual([]);
        if (r.final.outOfOrder > 0) broken += 1;
      }),
      { numRuns: 30 },
    );
    expect(broken).toBeGreaterThan(0);
  }, 600_000);
});
