// Property: with acks=all, min.insync.replicas=2 and unclean election off, no random
// schedule of broker faults loses a record the producer was told was written. And a
// deterministic schedule shows acks=1 losing some under the same kind of faults.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/schema';
import { createSimulation } from '../simulation';
import type { Fault } from '../types';

const BROKERS = 3;

function scenario(acks: 1 | 'all', minIsr: number, lagMaxMs = 2000): Scenario {
  return {
    brokers: BROKERS,
    broker: { 'replica.lag.time.max.ms': lagMaxMs },
    topics: [{ name: 'orders', partitions: 2, 'replication.factor': 3, 'min.insync.replicas': minIsr }],
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 200, acks, 'delivery.timeout.ms': 30_000 }],
    groups: [],
  };
}

type Step =
  | { atMs: number; kind: 'crash' | 'restart'; broker: number }
  | { atMs: number; kind: 'isolate'; broker: number; durationMs: number }
  | { atMs: number; kind: 'slow'; broker: number; factor: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    atMs: fc.integer({ min: 0, max: 8000 }),
    kind: fc.constantFrom('crash' as const, 'restart' as const),
    broker: fc.integer({ min: 0, max: BROKERS - 1 }),
  }),
  fc.record({
    atMs: fc.integer({ min: 0, max: 8000 }),
    kind: fc.constant('isolate' as const),
    broker: fc.integer({ min: 0, max: BROKERS - 1 }),
    durationMs: fc.integer({ min: 50, max: 5000 }),
  }),
  fc.record({
    atMs: fc.integer({ min: 0, max: 8000 }),
    kind: fc.constant('slow' as const),
    broker: fc.integer({ min: 0, max: BROKERS - 1 }),
    factor: fc.constantFrom(1, 10, 1000, 10_000),
  }),
);

function toFault(s: Step): Fault {
  switch (s.kind) {
    case 'crash':
      return { type: 'crash-broker', brokerId: s.broker };
    case 'restart':
      return { type: 'restart-broker', brokerId: s.broker };
    case 'isolate':
      return { type: 'isolate-broker', brokerId: s.broker, durationMs: s.durationMs };
    case 'slow':
      return { type: 'slow-follower', brokerId: s.broker, factor: s.factor };
  }
}

/** Plays the schedule (faults the engine refuses, e.g. restarting a running broker, are skipped). */
function run(sc: Scenario, steps: Step[], seed: number) {
  const sim = createSimulation(sc, { seed });
  for (const step of [...steps].sort((a, b) => a.atMs - b.atMs)) {
    sim.advance(step.atMs - sim.now);
    try {
      sim.inject(toFault(step));
    } catch {
      // not applicable in the current state
    }
  }
  sim.advance(10_000 - sim.now);
  return sim;
}

describe('replication under random broker faults', () => {
  it('acks=all, min.insync.replicas=2, no unclean election: acknowledgedLost stays 0', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 8 }), fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        const m = run(scenario('all', 2), steps, seed).metrics().replication!;
        expect(m.acknowledgedLost).toBe(0);
      }),
      { numRuns: 1000, seed: 14 },
    );
  }, 300_000);

  it('the same kind of schedule loses acknowledged records with acks=1 (a slow follower, then the leader crashes)', () => {
    const steps: Step[] = [
      { atMs: 1000, kind: 'slow', broker: 1, factor: 1000 },
      { atMs: 1500, kind: 'crash', broker: 0 },
    ];
    const lost = run(scenario(1, 1, 30_000), steps, 1).metrics().replication!.acknowledgedLost;
    expect(lost).toBeGreaterThan(0);
    // The same faults with acks=all: the unacknowledged records are sent again, none is lost.
    const safe = run(scenario('all', 1, 30_000), steps, 1).metrics().replication!;
    expect(safe.acknowledgedLost).toBe(0);
    expect(safe.resent).toBeGreaterThan(0);
  });

  it('random schedules with acks=1 lose acknowledged records in some runs', () => {
    let losing = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 8 }), (steps) => {
        if (run(scenario(1, 1, 30_000), steps, 1).metrics().replication!.acknowledgedLost > 0) losing += 1;
      }),
      { numRuns: 100, seed: 14 },
    );
    expect(losing).toBeGreaterThan(0);
  }, 120_000);
});
