// Invariants under random fault schedules (fast-check): whatever crashes, pauses, slow or
// added/removed consumers (and, where allowed, duplicate deliveries, lost commits and
// producer retries) a schedule throws at a group, the sink must show the delivery mode's
// promise, every message must be accounted for, committed offsets must never move back,
// and each owner must apply a partition's records in offset order. A failing case prints
// its seed, the generated case and the concrete faults it injected, so it can be replayed.
// Over 400 lines: the properties and the deterministic regressions they found share helpers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CaseResult,
  caseArb,
  describeCase,
  GROUP,
  observe,
  type PropertyCase,
  propertyScenario,
  runCase,
} from '../../test/support/faultSchedules';
import type { Scenario } from './scenario/schema';
import { createSimulation, type Simulation } from './simulation';
import type { DeliveryMode, Fault, GroupMetrics } from './types';

const RUNS_PER_MODE = 1000;

const property = (
  delivery: DeliveryMode,
  withDuplicates: boolean,
  promise: (final: GroupMetrics, message: string) => void,
  arb: fc.Arbitrary<PropertyCase> = caseArb(delivery, { withDuplicates, withFailures: true }),
) =>
  fc.assert(
    fc.property(arb, (c) => {
      const r: CaseResult = runCase(c);
      const message = describeCase(c, r);
      expect(r.violations, message).toEqual([]);
      expect(r.final.notYetConsumed, message).toBe(0);
      expect(r.final.inFlight, message).toBe(0);
      promise(r.final, message);
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
    property('at-least-once', true, (g, message) => expect(g.lost, message).toBe(0), arb);
    // The widest case mix of the file: about 20 s of CPU, over a minute on a loaded machine.
  }, 180_000);

  it('at-most-once applies nothing twice', () => {
    property('at-most-once', false, (g, message) => expect(g.duplicates, message).toBe(0));
  });

  it('effectively-once applies every message exactly once, even with every duplicate-delivery fault', () => {
    property('effectively-once', true, (g, message) => {
      expect(g.lost, message).toBe(0);
      expect(g.duplicates, message).toBe(0);
      expect(g.extraApplications, message).toBe(0);
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

// ---- regressions: engine bugs the properties found, now fixed ------------------------------
// Minimal deterministic repros of what the random schedules caught; each comment says what
// used to go wrong.

describe('regressions found by the random schedules', () => {
  // Was: SyncGroup's startFetching polled mid-batch and fetchBatch overwrote the batch, so
  // the unprocessed records were skipped (never applied, never counted lost).
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

  // Was: the revocation committed past the record in hand, then dropped it: lost.
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

  // Was: Paused ignored LEAVE; the partitions were revoked but no rebalance moved them.
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

  // Was: JOINED/ASSIGNED reaching a paused member were dropped; it stayed Joining for ever
  // while owning a partition nobody consumed.
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

  // Was: a commit on the wire when the process froze was dropped (incarnation check); the
  // member then processed the uncommitted batch and the next owner applied it again.
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

  // Was: a message dead-lettered and then applied by a redelivery counted in both buckets.
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

// ---- regressions ------------------------------------------------------------------------
// Deterministic repros of bugs the properties once found, all fixed; each stays as an
// ordinary test so the bug cannot come back unnoticed.

/** Replays concrete faults (as a failing property case prints them) on a property scenario. */
const replay = (
  c: Omit<PropertyCase, 'scheduleMs' | 'actions'>,
  faults: { atMs: number; fault: Fault }[],
  untilMs: number,
) =>
  runAndDrain(
    propertyScenario({ ...c, scheduleMs: untilMs, actions: [] }),
    (sim) => {
      for (const { atMs, fault } of faults) {
        sim.advance(atMs - sim.now);
        sim.inject(fault);
      }
      sim.advance(untilMs - sim.now);
    },
    c.seed,
  );

const cooperativeCase = {
  seed: 1,
  delivery: 'at-least-once' as DeliveryMode,
  strategy: 'cooperative-sticky' as const,
  partitions: 2,
  consumers: 3,
  ratePerSec: 20,
  processingMeanMs: 5,
  maxPollRecords: 1,
  isProducerIdempotent: true,
};

describe('regressions found by the properties', () => {
  // partitions.commitAndDropRevoked: with commit=before-processing it drops the revoked
  // partitions' unprocessed records from the batch and returns, without counting them lost,
  // although their offsets were committed before processing: nobody will ever read them.
  // remove-consumer mid-batch (and a cooperative revocation mid-batch) leaves them "not yet
  // consumed" for ever. Fix: mark entries below g.committed that are not applied as lost
  // when they are dropped (as dropBuffer does), before returning.
  it('at-most-once: remove-consumer mid-batch counts the dropped, pre-committed records as lost', () => {
    const scenario = tiny('at-most-once');
    scenario.groups[0].processing = { meanMs: 500, distribution: 'constant' };
    const { final, violations } = runAndDrain(
      scenario,
      (sim) => {
        sim.advance(3250);
        expect(sim.snapshot().groups[0].members[0].bufferSize).toBeGreaterThan(1);
        sim.inject({ type: 'remove-consumer', memberId: 'p-1' });
        sim.advance(3000);
      },
      2,
    );
    expect(violations).toEqual([]);
    expect(final.notYetConsumed).toBe(0);
  });

  // consumerLoop.onCommitDone: a sync commit rejected with REBALANCE_IN_PROGRESS (a
  // cooperative member keeps fetching while it rejoins) ends in continueAfterCommit(…,
  // 'process'), so an at-most-once member processes records whose offsets were never
  // committed; when the partition moves, the new owner starts at the old committed offset and
  // applies them again. Fix: after a rejected pre-processing commit, do not process the
  // batch: drop it and seek the positions back to the committed offsets (they are fetched
  // and committed again by the next poll).
  it('at-most-once, cooperative: a commit rejected by a rebalance is not followed by processing', () => {
    const scenario = tiny('at-most-once');
    scenario.topics[0].partitions = 3;
    scenario.groups[0]['partition.assignment.strategy'] = 'cooperative-sticky';
    const { final, violations } = runAndDrain(
      scenario,
      (sim) => {
        sim.advance(3000);
        sim.inject({ type: 'add-consumer', groupId: GROUP });
        sim.advance(10_000);
      },
      2,
    );
    expect(violations).toEqual([]);
    expect(final.duplicates).toBe(0);
  });

  // membership: p-1 is paused across its heartbeats, resumes and rejoins (cooperative, it
  // still holds partition 0); its session expires at the moment its JoinGroup arrives, so
  // memberRemoved clears g.owner[0], and the JoinGroup adds it back. computeAssignment takes
  // m.assigned as its owned partitions, so p-1 keeps partition 0, and deliverAssignment sets
  // g.owner only for *added* partitions: partition 0 stays without an owner, its commits are
  // ignored and its long poll is never woken. Fix: a removed member forgets its partitions
  // (onPartitionsLost) before it rejoins, or deliverAssignment sets g.owner for every target.
  it('cooperative: a member evicted as it rejoins does not leave its partition without an owner', () => {
    const { final, sim, violations } = replay(
      cooperativeCase,
      [
        { atMs: 501, fault: { type: 'pause-consumer', memberId: 'p-1', durationMs: 3500 } },
        { atMs: 3998, fault: { type: 'remove-consumer', memberId: 'p-2' } },
      ],
      10_000,
    );
    expect(sim.snapshot().partitions.map((p) => p.owner[GROUP])).not.toContain(null);
    expect(violations).toEqual([]);
    expect(final.notYetConsumed).toBe(0);
  });

  // membership's startFetching hook (ASSIGNED) polls when the loop is "between
  // steps" (no batch, nothing in hand, not committing), but a poll may already be scheduled
  // (loop state Polling: a cooperative member keeps polling while it rejoins). Then two poll
  // loops run: they overwrite each other's batches and commit each other's positions, so
  // records are skipped (never applied, never counted lost). Here p-3 gets partition 1 at
  // 9320 ms and fetches 128, then 129 before any commit. The same happens after a pause,
  // when the deferred poll and the deferred ASSIGNED are replayed together. Fix: one loop
  // per member, e.g. startFetching also skips when the loop is Polling or a poll is
  // deferred (or polls carry a loop token, as heartbeats do).
  it('cooperative: an assignment arriving while a poll is scheduled starts no second poll loop', () => {
    const { final, violations } = replay(
      { ...cooperativeCase, consumers: 2, ratePerSec: 30, isProducerIdempotent: false },
      [
        { atMs: 500, fault: { type: 'add-consumer', groupId: GROUP } },
        { atMs: 560, fault: { type: 'remove-consumer', memberId: 'p-1' } },
        {
          atMs: 6170,
          fault: { type: 'crash-consumer', memberId: 'p-3', point: 'now', restartAfterMs: 1144 },
        },
        { atMs: 8300, fault: { type: 'remove-consumer', memberId: 'p-2' } },
      ],
      16_652,
    );
    expect(violations).toEqual([]);
    expect(final.notYetConsumed).toBe(0);
  });

  // The same double loop after a pause: p-3 was paused while Joining (its loop polling) and
  // SyncGroup's ASSIGNED arrived meanwhile; on resume both are replayed.
  it('after a pause a member runs one poll loop, not two', () => {
    const { final, violations } = replay(
      { ...cooperativeCase, delivery: 'effectively-once' },
      [
        { atMs: 1998, fault: { type: 'remove-consumer', memberId: 'p-1' } },
        { atMs: 2000, fault: { type: 'pause-consumer', memberId: 'p-2', durationMs: 6500 } },
        { atMs: 6237, fault: { type: 'pause-consumer', memberId: 'p-3', durationMs: 1803 } },
      ],
      15_000,
    );
    expect(violations).toEqual([]);
    expect(final.notYetConsumed).toBe(0);
  });

  // at-most-once with cooperative-sticky: a member left out of a generation kept fetching
  // its old partition and retried a commit rejected with ILLEGAL_GENERATION until it got
  // through, applying a record the new owner had applied. ILLEGAL_GENERATION now fences it.
  it('at-most-once, cooperative: a long pause of one member applies nothing twice', () => {
    const r = runCase({
      seed: 1,
      delivery: 'at-most-once',
      strategy: 'cooperative-sticky',
      partitions: 2,
      consumers: 2,
      ratePerSec: 20,
      processingMeanMs: 5,
      maxPollRecords: 1,
      isProducerIdempotent: true,
      failures: undefined,
      scheduleMs: 11_189,
      actions: [
        { atMs: 500, kind: 'slow', target: 1, factor: 10 },
        { atMs: 500, kind: 'pause', target: 0, durationMs: 6500 },
        { atMs: 4757, kind: 'pause', target: 0, durationMs: 3244 },
      ],
    } as never);
    expect(r.final.duplicates).toBe(0);
  });
});
