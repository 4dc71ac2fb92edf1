// Share-group invariants under 1,000 random fault schedules (fast-check): crashes (with a
// restart), pauses past the lock, slow consumers, consumers removed and added, transient
// failure rates, outages, poison records and duplicate deliveries. With explicit
// acknowledgement, once the producer stops and the group drains: nothing is lost (every
// record was acknowledged after its effect was applied, or archived), nothing is still in
// flight, and no record was acquired more than share.delivery.count.limit times.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/schema';
import { createSimulation } from '../simulation';
import type { Fault } from '../types';

const CONSUMERS = 3;
const member = fc.integer({ min: 1, max: CONSUMERS }).map((n) => `workers-${n}`);

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    type: fc.constant('crash-consumer' as const),
    memberId: member,
    point: fc.constantFrom('now' as const, 'before-process' as const, 'after-process-before-commit' as const),
    restartAfterMs: fc.integer({ min: 100, max: 5000 }),
  }),
  fc.record({
    type: fc.constant('pause-consumer' as const),
    memberId: member,
    durationMs: fc.integer({ min: 100, max: 6000 }),
  }),
  fc.record({
    type: fc.constant('slow-consumer' as const),
    memberId: member,
    factor: fc.constantFrom(0.5, 2, 10),
  }),
  fc.record({ type: fc.constant('remove-consumer' as const), memberId: member }),
  fc.record({ type: fc.constant('failure-rate' as const), rate: fc.constantFrom(0, 0.1, 0.5) }),
  fc.record({ type: fc.constant('outage' as const), durationMs: fc.integer({ min: 100, max: 3000 }) }),
  fc.record({ type: fc.constant('poison-message' as const) }),
  fc.record({ type: fc.constant('duplicate-delivery' as const), count: fc.integer({ min: 1, max: 5 }) }),
);

const caseArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  limit: fc.integer({ min: 2, max: 6 }),
  lockMs: fc.integer({ min: 1000, max: 4000 }),
  onPoison: fc.constantFrom('REJECT' as const, 'RELEASE' as const),
  isIdempotent: fc.boolean(),
  faults: fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 6000 }), fault: faultArb }), { maxLength: 8 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(c: Case): Scenario {
  return {
    id: 'share-property',
    topics: [{ name: 'jobs', partitions: 2 }],
    producers: [
      { id: 'p', topic: 'jobs', ratePerSec: 40, keys: { type: 'uniform', count: 50, prefix: 'job-' } },
    ],
    groups: [
      {
        groupId: 'workers',
        topic: 'jobs',
        type: 'share',
        consumers: CONSUMERS,
        delivery: c.isIdempotent ? 'effectively-once' : 'at-least-once',
        'max.poll.records': 5,
        processing: { meanMs: 15 },
        'share.acknowledgement.mode': 'explicit',
        'share.record.lock.duration.ms': c.lockMs,
        'share.delivery.count.limit': c.limit,
        'share.auto.offset.reset': 'earliest',
        onPoison: c.onPoison,
      },
    ],
    durationMs: 6000,
  };
}

function run(c: Case) {
  const sim = createSimulation(scenarioOf(c), { seed: c.seed });
  const deliveries = new Map<string, number>();
  let maxDeliveryCount = 0;
  sim.on('acquired', (e) => {
    const key = `${e.partition}/${e.offset}`;
    deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
    maxDeliveryCount = Math.max(maxDeliveryCount, e.deliveryCount);
  });
  const injected: string[] = [];
  for (const { atMs, fault } of [...c.faults].sort((a, b) => a.atMs - b.atMs)) {
    sim.advance(Math.max(0, atMs - sim.now));
    try {
      injected.push(`${sim.now}: ${sim.inject(fault)}`);
    } catch {
      // A fault the consumer's state refuses (crashing a crashed consumer): skipped.
    }
  }
  // Removed consumers do not come back: keep at least one consumer by adding them back.
  const left = sim.snapshot().groups[0].members.filter((m) => m.state === 'Left').length;
  for (let i = 0; i < left; i++) sim.inject({ type: 'add-consumer', groupId: 'workers' });
  sim.advance(120_000 - sim.now);
  return { metrics: sim.metrics().groups.workers, deliveries, maxDeliveryCount, injected };
}

describe('share group invariants under random fault schedules', () => {
  it('loses nothing, drains everything and never delivers a record more than the delivery count limit', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = run(c);
        const message = JSON.stringify({ case: c, injected: r.injected });
        const m = r.metrics;
        expect(m.lost, message).toBe(0);
        expect(m.inFlight, message).toBe(0);
        expect(m.notYetConsumed, message).toBe(0);
        expect(m.applied + m.deadLettered, message).toBe(m.produced);
        expect(m.lag, message).toBe(0);
        expect(r.maxDeliveryCount, message).toBeLessThanOrEqual(c.limit);
        for (const n of r.deliveries.values()) expect(n, message).toBeLessThanOrEqual(c.limit);
        if (c.isIdempotent) expect(m.duplicates, message).toBe(0);
      }),
      { numRuns: 1000 },
    );
  }, 600_000);
});
