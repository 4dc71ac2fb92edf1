// Invariants under random fault schedules (fast-check): whatever crashes, pauses, slow or
// added/removed consumers (and, where allowed, duplicate deliveries, lost commits and
// producer retries) a schedule throws at a group, the sink must show the delivery mode's
// promise, every message must be accounted for, committed offsets must never move back,
// and each owner must apply a partition's records in offset order. A failing case prints
// its seed, the generated case and the concrete faults it injected, so it can be replayed.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from './scenario/schema';
import { createSimulation, type Simulation } from './simulation';
import {
  type CaseResult,
  caseArb,
  describeCase,
  GROUP,
  observe,
  type PropertyCase,
  runCase,
} from './testing/faultSchedules';
import type { DeliveryMode, GroupMetrics } from './types';

const RUNS_PER_MODE = 1000;

const property = (
  delivery: DeliveryMode,
  withDuplicates: boolean,
  promise: (final: GroupMetrics) => void,
  arb: fc.Arbitrary<PropertyCase> = caseArb(delivery, { withDuplicates, withFailures: true }),
) =>
  fc.assert(
    fc.property(arb, (c) => {
      const r: CaseResult = runCase(c);
      const message = describeCase(c, r);
      expect(r.violations, message).toEqual([]);
      expect(r.final.notYetConsumed, message).toBe(0);
      expect(r.final.inFlight, message).toBe(0);
      promise(r.final);
    }),
    { numRuns: RUNS_PER_MODE },
  );

describe('invariants under random fault schedules', () => {
  // Every case may also fail a share of processing attempts, retried in place or through
  // retry topics into a DLQ: a dead-lettered message is accounted for, not lost.
  it('at-least-once loses nothing, with manual or auto commits, duplicate deliveries, lost commits and producer retries', () => {
    const arb = caseArb('at-least-once', { withDuplicates: true, withFailures: true }).chain((c) =>
      fc.boolean().map((isAutoCommit) => ({ ...c, isAutoCommit })),
    );
    property('at-least-once', true, (g) => expect(g.lost).toBe(0), arb);
  });

  it('at-most-once applies nothing twice', () => {
    property('at-most-once', false, (g) => expect(g.duplicates).toBe(0));
  });

  it('effectively-once applies every message exactly once, even with every duplicate-delivery fault', () => {
    property('effectively-once', true, (g) => {
      expect(g.lost).toBe(0);
      expect(g.duplicates).toBe(0);
      expect(g.extraApplications).toBe(0);
    });
  });
});

// ---- the duplicate faults break at-least-once; the idempotency store absorbs them --------

const tiny = (delivery: DeliveryMode): Scenario => ({
  id: 'tiny',
  topics: [{ name: 'orders', partitions: 2 }],
  producers: [
    {
      id: 'checkout',
      topic: 'orders',
      ratePerSec: 20,
      keys: { type: 'uniform', count: 40, prefix: 'order-' },
      'enable.idempotence': false,
    },
  ],
  groups: [
    {
      groupId: GROUP,
      topic: 'orders',
      consumers: 2,
      delivery,
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 6000,
      'heartbeat.interval.ms': 2000,
      'max.poll.records': 5,
      processing: { meanMs: 20, distribution: 'constant' },
    },
  ],
  broker: { 'group.initial.rebalance.delay.ms': 0 },
});

/** Runs `schedule`, stops producing and drains; returns the group's metrics and violations. */
const runAndDrain = (scenario: Scenario, schedule: (sim: Simulation) => void, seed = 1) => {
  const sim = createSimulation(scenario, { seed });
  const observer = observe(sim);
  schedule(sim);
  sim.inject({ type: 'set-rate', ratePerSec: 0 });
  for (let i = 0; i < 30; i++) {
    sim.advance(2000);
    observer.checkpoint('draining');
  }
  observer.finish();
  return { sim, final: sim.metrics().groups[GROUP], violations: observer.violations };
};

describe('duplicate faults against the delivery modes', () => {
  const duplicateFaults = (sim: Simulation) => {
    sim.advance(2000);
    sim.inject({ type: 'duplicate-delivery', groupId: GROUP, count: 5 });
    sim.advance(1000);
    sim.inject({ type: 'producer-retry', count: 7 });
    sim.advance(1000);
    sim.inject({ type: 'lose-commit', memberId: 'p-1' });
    sim.advance(500);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1', point: 'now', restartAfterMs: 1000 });
    sim.advance(5000);
  };

  it('duplicate deliveries and producer retries break at-least-once: the sink applies messages twice', () => {
    const { final, violations } = runAndDrain(tiny('at-least-once'), duplicateFaults);
    expect(violations).toEqual([]);
    expect(final.lost).toBe(0);
    // 5 redelivered records + 7 retried appends, at least (the lost commit adds more).
    expect(final.duplicates).toBeGreaterThanOrEqual(12);
  });

  it('the same faults against effectively-once apply every message once, deduplicating the rest', () => {
    const { final, violations, sim } = runAndDrain(tiny('effectively-once'), duplicateFaults);
    expect(violations).toEqual([]);
    expect([final.lost, final.duplicates]).toEqual([0, 0]);
    expect(final.deduplicated).toBeGreaterThanOrEqual(12);
    expect(sim.snapshot().groups[0].idempotencyStoreSize).toBe(final.applied);
  });

  it('an idempotent producer (enable.idempotence) drops the retried appends', () => {
    const scenario = tiny('at-least-once');
    scenario.producers[0]['enable.idempotence'] = true;
    const { final } = runAndDrain(scenario, (sim) => {
      sim.advance(2000);
      sim.inject({ type: 'producer-retry', count: 7 });
      sim.advance(3000);
    });
    expect(final.duplicates).toBe(0);
  });
});

// ---- known engine bugs, each found by the properties above -------------------------------
// Every test below is a minimal, deterministic repro. They are `it.fails` until the engine
// is fixed; then flip them to `it` and set the matching KNOWN_ENGINE_BUGS flag (in
// testing/faultSchedules.ts) to false, so the random schedules cover that path again.

describe('known engine bugs (it.fails until fixed)', () => {
  // consumerLoop/membership: a cooperative member keeps processing while it rejoins; when
  // SyncGroup answers, the member machine's `startFetching` schedules a poll although the
  // loop is mid-batch, and fetchBatch overwrites the batch: the unprocessed records are
  // skipped (never applied, never counted lost) and the committed offset moves past them.
  it('cooperative-sticky: a rebalance while a member is mid-batch skips no record', () => {
    const scenario = tiny('at-least-once');
    Object.assign(scenario.groups[0], {
      consumers: 1,
      'partition.assignment.strategy': 'cooperative-sticky',
      processing: { meanMs: 300, distribution: 'constant' },
    });
    const { final, violations } = runAndDrain(scenario, (sim) => {
      sim.advance(3000);
      sim.inject({ type: 'add-consumer', groupId: GROUP });
      sim.advance(7000);
    });
    expect(violations).toEqual([]);
    expect([final.lost, final.notYetConsumed]).toEqual([0, 0]);
  });

  // faults.ts remove-consumer: revokePartitions(…, 'revoked') → commitAndDropRevoked commits
  // past the record in hand (keepUntil = batchIndex + 1), then dropBuffer drops that record
  // and counts it lost: an at-least-once group loses a message on a graceful close().
  it('remove-consumer while a record is in hand loses nothing under at-least-once', () => {
    const scenario = tiny('at-least-once');
    scenario.groups[0].processing = { meanMs: 500, distribution: 'constant' };
    const { final } = runAndDrain(scenario, (sim) => {
      sim.advance(3250);
      expect(sim.snapshot().groups[0].members[0].current).not.toBeNull();
      sim.inject({ type: 'remove-consumer', memberId: 'p-1' });
      sim.advance(3000);
    });
    expect(final.lost).toBe(0);
  });

  // consumerMember.machine: Paused handles only CRASH, so the LEAVE sent by remove-consumer is
  // dropped. The engine has already revoked the member's partitions, the member resumes
  // Stable and keeps heartbeating, no rebalance ever happens: the partitions stay unowned.
  it('remove-consumer on a paused member moves its partitions to the others', () => {
    const { final, sim } = runAndDrain(tiny('at-least-once'), (sim) => {
      sim.advance(3000);
      sim.inject({ type: 'pause-consumer', memberId: 'p-1', durationMs: 2000 });
      sim.advance(500);
      sim.inject({ type: 'remove-consumer', memberId: 'p-1' });
      sim.advance(10_000);
    });
    expect(sim.snapshot().groups[0].members.find((m) => m.memberId === 'p-1')?.state).toBe('Left');
    expect(sim.snapshot().partitions.map((p) => p.owner[GROUP])).not.toContain(null);
    expect(final.notYetConsumed).toBe(0);
  });

  // consumerMember.machine: JOINED/ASSIGNED that arrive while Paused are dropped. A member
  // paused right after sending JoinGroup is assigned a partition by the engine, resumes to
  // Joining and stays there, heartbeating, while nobody consumes its partition.
  it('a member paused while joining takes up its assignment after the pause', () => {
    const scenario = tiny('at-least-once');
    scenario.topics[0].partitions = 3;
    const { final, sim } = runAndDrain(scenario, (sim) => {
      sim.advance(3000);
      sim.inject({ type: 'add-consumer', groupId: GROUP });
      sim.inject({ type: 'pause-consumer', memberId: 'p-3', durationMs: 3000 });
      sim.advance(10_000);
    });
    expect(sim.snapshot().groups[0].members.map((m) => m.state)).toEqual(['Stable', 'Stable', 'Stable']);
    expect(final.notYetConsumed).toBe(0);
  });

  // consumerLoop.onCommitDone returns before applying the commit when the member's
  // incarnation changed, and a pause bumps the incarnation: a sync commit already on the
  // wire when the process froze never reaches the coordinator. After the pause the member
  // processes the batch it never committed (at-most-once), is fenced as a zombie, and the
  // next owner starts from the old committed offset and applies those records again.
  it('at-most-once: a pause during the commit round trip applies nothing twice', () => {
    const scenario = tiny('at-most-once');
    const { final } = runAndDrain(scenario, (sim) => {
      sim.advance(3000);
      while (sim.snapshot().groups[0].members[0].activity !== 'committing') sim.step();
      sim.inject({ type: 'pause-consumer', memberId: 'p-1', durationMs: 8000 });
      sim.advance(10_000);
    });
    expect(final.duplicates).toBe(0);
  });

  // delivery/processing.applyEffect clears g.lost for a message it applies, but not
  // g.deadLetteredIds: a message that failed into the DLQ and then came back (redelivered
  // after a crash, a zombie, a lost commit or a producer retry's second copy) and succeeded
  // counts as applied and as dead-lettered, so the buckets add up to more than produced.
  it('a dead-lettered message that a redelivery applies is counted once', () => {
    const scenario = tiny('at-least-once');
    Object.assign(scenario.topics[0], { partitions: 1 });
    Object.assign(scenario.groups[0], {
      consumers: 1,
      'max.poll.records': 20,
      processing: { meanMs: 50, distribution: 'constant' },
      dlq: { enabled: true },
    });
    const { final } = runAndDrain(scenario, (sim) => {
      sim.advance(3000);
      sim.inject({ type: 'failure-rate', rate: 1 });
      sim.advance(300);
      sim.inject({ type: 'failure-rate', rate: 0 });
      sim.inject({ type: 'crash-consumer', memberId: 'p-1', restartAfterMs: 0 });
      sim.advance(5000);
    });
    expect(final.deadLettered).toBeGreaterThan(0);
    expect(final.applied + final.deadLettered + final.lost).toBe(final.produced);
  });
});
