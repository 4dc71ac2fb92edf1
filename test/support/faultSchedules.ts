// Random fault schedules for the property tests: a small scenario (one topic, one group,
// low rate, short session timeout, no initial delay) plus a list of abstract actions that
// pick their target member when they run ("the 2nd live member"), so every generated
// schedule is valid whatever happened before. `runCase` plays a case, drains it and
// collects every invariant violation it observes, with the concrete faults it injected.

import fc from 'fast-check';
import type { AssignorName } from '../../src/engine/kafka/assignors';
import type { Scenario } from '../../src/engine/scenario/schema';
import { createSimulation, type Simulation } from '../../src/engine/simulation';
import type { CrashPoint, DeliveryMode, Fault, GroupMetrics, MemberSnapshot } from '../../src/engine/types';

export const GROUP = 'payments';
export const TOPIC = 'orders';
export const SESSION_TIMEOUT_MS = 6000;
const MAX_MEMBERS = 5;
const DRAIN_CHUNK_MS = 10_000;
const DRAIN_MAX_CHUNKS = 9;
const CHECK_EVERY_MS = 2000;

const ALL_STRATEGIES: readonly AssignorName[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];

export type Action =
  | { atMs: number; kind: 'crash'; target: number; point: CrashPoint; restartAfterMs?: number }
  | { atMs: number; kind: 'restart'; target: number }
  | { atMs: number; kind: 'pause'; target: number; durationMs: number }
  | { atMs: number; kind: 'slow'; target: number; factor: number }
  | { atMs: number; kind: 'add' }
  | { atMs: number; kind: 'remove'; target: number }
  | { atMs: number; kind: 'duplicate-delivery'; count: number }
  | { atMs: number; kind: 'lose-commit'; target: number }
  | { atMs: number; kind: 'producer-retry'; count: number };

export interface PropertyCase {
  seed: number;
  delivery: DeliveryMode;
  strategy: AssignorName;
  partitions: number;
  consumers: number;
  ratePerSec: number;
  processingMeanMs: number;
  maxPollRecords: number;
  isProducerIdempotent: boolean;
  /** enable.auto.commit=true: commits every auto.commit.interval.ms inside poll(). */
  isAutoCommit?: boolean;
  /** Transient processing failures, retried (blocking or through retry topics) into a DLQ. */
  failures?: { rate: number; mode: 'blocking' | 'retry-topics' | 'park-key'; maxAttempts: number };
  scheduleMs: number;
  actions: Action[];
}

export function propertyScenario(c: PropertyCase): Scenario {
  return {
    id: 'property',
    topics: [{ name: TOPIC, partitions: c.partitions }],
    producers: [
      {
        id: 'checkout',
        topic: TOPIC,
        ratePerSec: c.ratePerSec,
        // Few keys, so every key repeats often and per-key order is worth checking.
        keys: { type: 'uniform', count: 40, prefix: 'order-' },
        'linger.ms': 20,
        'enable.idempotence': c.isProducerIdempotent,
      },
    ],
    groups: [
      {
        groupId: GROUP,
        topic: TOPIC,
        consumers: c.consumers,
        delivery: c.delivery,
        ...(c.isAutoCommit ? { 'enable.auto.commit': true, 'auto.commit.interval.ms': 1000 } : {}),
        'auto.offset.reset': 'earliest',
        'partition.assignment.strategy': c.strategy,
        'session.timeout.ms': SESSION_TIMEOUT_MS,
        'heartbeat.interval.ms': 2000,
        'max.poll.interval.ms': 20_000,
        'max.poll.records': c.maxPollRecords,
        processing: { meanMs: c.processingMeanMs },
        ...(c.failures
          ? {
              failureRate: c.failures.rate,
              retry: {
                mode: c.failures.mode,
                maxAttempts: c.failures.maxAttempts,
                backoffMs: 200,
                maxBackoffMs: 2000,
              },
              dlq: { enabled: true },
            }
          : {}),
      },
    ],
    broker: { 'group.initial.rebalance.delay.ms': 0 },
  };
}

const CRASH_POINTS: CrashPoint[] = [
  'now',
  'before-process',
  'after-process-before-commit',
  'after-commit-before-process-completes',
];

/** Consumer faults every mode gets; `withDuplicates` adds the faults that deliver twice. */
export function actionArb(scheduleMs: number, withDuplicates: boolean): fc.Arbitrary<Action> {
  const atMs = fc.integer({ min: 500, max: scheduleMs });
  const target = fc.nat(7);
  const base: fc.Arbitrary<Action>[] = [
    fc.record(
      {
        atMs,
        kind: fc.constant('crash' as const),
        target,
        point: fc.constantFrom(...CRASH_POINTS),
        restartAfterMs: fc.integer({ min: 0, max: 9000 }),
      },
      { requiredKeys: ['atMs', 'kind', 'target', 'point'] },
    ),
    fc.record({ atMs, kind: fc.constant('restart' as const), target }),
    fc.record({
      atMs,
      kind: fc.constant('pause' as const),
      target,
      // Shorter and longer than session.timeout.ms (a longer one makes a zombie).
      durationMs: fc.oneof(
        fc.integer({ min: 200, max: SESSION_TIMEOUT_MS - 2500 }),
        fc.integer({ min: SESSION_TIMEOUT_MS + 500, max: 2.5 * SESSION_TIMEOUT_MS }),
      ),
    }),
    fc.record({ atMs, kind: fc.constant('slow' as const), target, factor: fc.constantFrom(0.5, 2, 4, 10) }),
    fc.record({ atMs, kind: fc.constant('add' as const) }),
    fc.record({ atMs, kind: fc.constant('remove' as const), target }),
  ];
  const duplicates: fc.Arbitrary<Action>[] = [
    fc.record({
      atMs,
      kind: fc.constant('duplicate-delivery' as const),
      count: fc.integer({ min: 1, max: 20 }),
    }),
    fc.record({ atMs, kind: fc.constant('lose-commit' as const), target }),
    fc.record({ atMs, kind: fc.constant('producer-retry' as const), count: fc.integer({ min: 1, max: 20 }) }),
  ];
  return fc.oneof(...base, ...(withDuplicates ? duplicates : []));
}

/** Transient failures in about a third of the cases: retried in place or via retry topics, then a DLQ. */
const failuresArb: fc.Arbitrary<PropertyCase['failures']> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.record({
      rate: fc.constantFrom(0.02, 0.1, 0.2),
      mode: fc.constantFrom('blocking' as const, 'retry-topics' as const),
      maxAttempts: fc.integer({ min: 1, max: 4 }),
    }),
  },
);

export function caseArb(
  delivery: DeliveryMode,
  options: { withDuplicates: boolean; withFailures?: boolean; strategies?: AssignorName[] },
): fc.Arbitrary<PropertyCase> {
  return fc.integer({ min: 10_000, max: 18_000 }).chain((scheduleMs) =>
    fc.record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      delivery: fc.constant(delivery),
      strategy: fc.constantFrom(...(options.strategies ?? ALL_STRATEGIES)),
      partitions: fc.integer({ min: 2, max: 3 }),
      consumers: fc.integer({ min: 2, max: 3 }),
      ratePerSec: fc.integer({ min: 20, max: 50 }),
      processingMeanMs: fc.integer({ min: 5, max: 30 }),
      maxPollRecords: fc.constantFrom(1, 5, 10, 20),
      isProducerIdempotent: fc.constant(!options.withDuplicates),
      failures: options.withFailures ? failuresArb : fc.constant(undefined),
      scheduleMs: fc.constant(scheduleMs),
      actions: fc
        .array(actionArb(scheduleMs, options.withDuplicates), { minLength: 1, maxLength: 8 })
        .map((actions) => [...actions].sort((a, b) => a.atMs - b.atMs)),
    }),
  );
}

// ---- running a case ------------------------------------------------------------------

export interface CaseResult {
  /** The faults actually injected, with their times: paste into a scenario timeline to replay. */
  injected: { atMs: number; fault: Fault }[];
  violations: string[];
  final: GroupMetrics;
  hasDuplicateDelivery: boolean;
}

const isLive = (m: MemberSnapshot) => m.state !== 'Crashed' && m.state !== 'Left';
const pick = <T>(list: T[], index: number): T | undefined =>
  list.length === 0 ? undefined : list[index % list.length];

/** Resolves an abstract action against the current members; undefined when nobody fits. */
function resolve(sim: Simulation, action: Action): Fault | undefined {
  const members = sim.snapshot().groups[0].members;
  const target = (filter: (m: MemberSnapshot) => boolean) =>
    'target' in action ? pick(members.filter(filter), action.target)?.memberId : undefined;
  switch (action.kind) {
    case 'crash': {
      const memberId = target(isLive);
      if (!memberId) return undefined;
      return action.restartAfterMs === undefined
        ? { type: 'crash-consumer', memberId, point: action.point }
        : { type: 'crash-consumer', memberId, point: action.point, restartAfterMs: action.restartAfterMs };
    }
    case 'restart': {
      const memberId = target((m) => m.state === 'Crashed');
      return memberId ? { type: 'restart-consumer', memberId } : undefined;
    }
    case 'pause': {
      const memberId = target((m) => isLive(m) && m.state !== 'Paused');
      return memberId ? { type: 'pause-consumer', memberId, durationMs: action.durationMs } : undefined;
    }
    case 'slow': {
      const memberId = target((m) => m.state !== 'Left');
      return memberId ? { type: 'slow-consumer', memberId, factor: action.factor } : undefined;
    }
    case 'add':
      return members.length < MAX_MEMBERS ? { type: 'add-consumer', groupId: GROUP } : undefined;
    case 'remove': {
      const memberId = target((m) => m.state !== 'Left');
      return memberId ? { type: 'remove-consumer', memberId } : undefined;
    }
    case 'lose-commit': {
      const memberId = target(isLive);
      return memberId ? { type: 'lose-commit', memberId } : undefined;
    }
    case 'duplicate-delivery':
      return { type: 'duplicate-delivery', groupId: GROUP, count: action.count };
    case 'producer-retry':
      return { type: 'producer-retry', count: action.count };
  }
}

/**
 * Plays a case: the schedule while producing, then set-rate 0, and drains with every
 * crashed consumer restarted, slow ones back to normal speed and at least one member
 * alive. Observes the event stream and the metrics at checkpoints all along.
 */
export function runCase(c: PropertyCase): CaseResult {
  const sim = createSimulation(propertyScenario(c), { seed: c.seed });
  const observer = observe(sim, { retryMode: c.failures?.mode });
  const injected: CaseResult['injected'] = [];
  const inject = (fault: Fault) => {
    sim.inject(fault);
    injected.push({ atMs: sim.now, fault });
  };
  const advanceTo = (atMs: number) => {
    while (sim.now < atMs) {
      sim.advance(Math.min(CHECK_EVERY_MS, atMs - sim.now));
      observer.checkpoint('during the schedule');
    }
  };

  for (const action of c.actions) {
    advanceTo(action.atMs);
    const fault = resolve(sim, action);
    if (fault) inject(fault);
  }
  advanceTo(c.scheduleMs);
  inject({ type: 'set-rate', ratePerSec: 0 });

  for (let chunk = 0; chunk < DRAIN_MAX_CHUNKS; chunk++) {
    const members = sim.snapshot().groups[0].members;
    for (const m of members) {
      if (m.state === 'Crashed') inject({ type: 'restart-consumer', memberId: m.memberId });
      if (m.state !== 'Left' && m.processingFactor !== 1)
        inject({ type: 'slow-consumer', memberId: m.memberId, factor: 1 });
    }
    if (!members.some((m) => m.state !== 'Left')) inject({ type: 'add-consumer', groupId: GROUP });
    advanceTo(sim.now + DRAIN_CHUNK_MS);
    const g = sim.metrics().groups[GROUP];
    const isSettled = sim
      .snapshot()
      .groups[0].members.every((m) => m.state === 'Stable' || m.state === 'Left');
    if (chunk >= 1 && isSettled && g.notYetConsumed === 0 && g.inFlight === 0) break;
  }
  observer.finish();
  return {
    injected,
    violations: observer.violations,
    final: sim.metrics().groups[GROUP],
    hasDuplicateDelivery: injected.some((i) => i.fault.type === 'duplicate-delivery'),
  };
}

// ---- observing invariants ------------------------------------------------------------

interface Tenure {
  /** The next offset this owner must apply: its fetch position, then one past each record. */
  expected: number;
  last: number;
  id: number;
}

/**
 * Watches one simulation for the invariants that hold under any fault schedule:
 * - accounting: applied + dead-lettered + in flight + lost never exceeds produced, and after
 *   draining equals it; the metrics agree with the event stream;
 * - committed offsets never go backwards (events and snapshots);
 * - order: an ownership (a member's tenure of a partition, from its `assigned` event) starts
 *   at the committed offset and handles the partition's records one by one, consecutively
 *   (one record in flight per partition). So a key's offsets go back only when a different
 *   ownership applies it: a redelivery by the next owner from the committed offset, or a
 *   zombie finishing its old batch. Both are real Kafka behaviour; a gap or a step back
 *   within one ownership is not;
 * - the sink's outOfOrder equals the count taken from the event stream alone (first
 *   applications below the highest offset already first applied for the key).
 */
export function observe(
  sim: Simulation,
  options: { retryMode?: 'blocking' | 'retry-topics' | 'park-key' } = {},
) {
  const violations: string[] = [];
  const fail = (message: string) => {
    if (violations.length < 20) violations.push(`t=${sim.now.toFixed(1)}: ${message}`);
  };
  const partitions = sim.snapshot().partitions.length;
  const committed = new Array<number>(partitions).fill(-1);
  const tenures = new Map<string, Tenure>();
  let nextTenureId = 0;
  let hasDuplicateDelivery = false;
  const lastByKey = new Map<string, { offset: number; tenure: number }>();
  // Per-key order, counted from the event stream alone: the highest offset first applied per key.
  const highestFirstApplied = new Map<string, number>();
  let outOfOrderSeen = 0;
  const applied = new Set<number>();
  const appliedTwice = new Set<number>();
  const lostIds = new Set<number>();
  const deadLetteredIds = new Set<number>();
  const keyOf = (partition: number, offset: number) => sim.record(TOPIC, partition, offset)?.key ?? null;

  sim.on('fault', (e) => {
    if (e.fault.type === 'duplicate-delivery') hasDuplicateDelivery = true;
  });
  sim.on('committed', (e) => {
    for (const o of e.offsets) {
      if (o.offset < committed[o.partition])
        fail(
          `committed offset of partition ${o.partition} went back from ${committed[o.partition]} to ${o.offset}`,
        );
      committed[o.partition] = Math.max(committed[o.partition], o.offset);
    }
  });
  sim.on('assigned', (e) => {
    // A new owner starts at the committed offset (auto.offset.reset=earliest, log start 0).
    const snapshot = sim.snapshot().partitions;
    for (const tp of e.partitions) {
      const start = Math.max(0, snapshot[tp.partition].committed[GROUP]);
      tenures.set(`${e.memberId}/${tp.partition}`, { expected: start, last: -1, id: nextTenureId++ });
    }
  });
  /** The owner is done with this record: applied, or failed and moved on (DLQ or retry topic). */
  const done = (memberId: string, partition: number, offset: number) => {
    const tenure = tenures.get(`${memberId}/${partition}`);
    if (!tenure) {
      fail(`${memberId} handled partition ${partition} offset ${offset} without ever owning it`);
      return undefined;
    }
    // Within one ownership, a partition's records are handled one by one in offset order,
    // with no gap; the duplicate-delivery fault repeats the record just applied.
    if (offset === tenure.expected) {
      tenure.expected = offset + 1;
      tenure.last = offset;
    } else if (!(hasDuplicateDelivery && offset === tenure.last)) {
      fail(
        `${memberId} handled partition ${partition} offset ${offset}, expected ${tenure.expected} (last ${tenure.last})`,
      );
    }
    return tenure;
  };
  sim.on('processed', (e) => {
    if (e.appliedCount >= 1 && !e.isDeduplicated) applied.add(e.messageId);
    if (e.appliedCount >= 2 && !e.isDeduplicated) appliedTwice.add(e.messageId);
    const key = keyOf(e.partition, e.offset);
    if (e.appliedCount === 1 && !e.isDeduplicated && key !== null) {
      const highest = highestFirstApplied.get(`${e.partition}/${key}`) ?? -1;
      if (e.offset < highest) outOfOrderSeen += 1;
      else highestFirstApplied.set(`${e.partition}/${key}`, e.offset);
    }
    // The retry-topic listener applies retried records out of band, in due-time order.
    if (e.memberId === 'retry-listener') return;
    const tenure = done(e.memberId, e.partition, e.offset);
    if (!tenure) return;
    // Per key: offsets only go back when a different ownership (a redelivery) applies it.
    if (key !== null) {
      const previous = lastByKey.get(key);
      if (previous && e.offset < previous.offset && previous.tenure === tenure.id)
        fail(`key ${key} went back from offset ${previous.offset} to ${e.offset} within one ownership`);
      lastByKey.set(key, { offset: e.offset, tenure: tenure.id });
    }
  });
  sim.on('process-failed', (e) => {
    // Blocking retries keep the record in hand until the last attempt; with retry topics the
    // record leaves the partition at its first failure.
    if (e.memberId === 'retry-listener') return;
    if (!e.willRetry || options.retryMode === 'retry-topics' || options.retryMode === 'park-key')
      done(e.memberId, e.partition, e.offset);
  });
  // Per-key parking: the member hands the record to the parking store and moves on.
  sim.on('parked', (e) => done(e.memberId, e.partition, e.offset));
  sim.on('lost', (e) => lostIds.add(e.messageId));
  sim.on('dead-lettered', (e) => deadLetteredIds.add(e.messageId));
  sim.on('redriven', (e) => deadLetteredIds.delete(e.messageId));

  /** applied + dead-lettered + in flight + lost: each message in one bucket at most. */
  const accountedFor = (g: GroupMetrics) => g.applied + g.deadLettered + g.inFlight + g.lost;

  const checkpoint = (phase: string) => {
    const g = sim.metrics().groups[GROUP];
    // notYetConsumed is produced minus the rest, clamped at 0: the rest must never exceed it.
    const accounted = accountedFor(g);
    if (accounted > g.produced)
      fail(
        `${phase}: applied ${g.applied} + dead-lettered ${g.deadLettered} + in flight ${g.inFlight} + lost ${g.lost} = ${accounted} > produced ${g.produced}`,
      );
    for (const p of sim.snapshot().partitions) {
      const c = p.committed[GROUP];
      if (c < committed[p.partition])
        fail(
          `${phase}: committed offset of partition ${p.partition} went back from ${committed[p.partition]} to ${c}`,
        );
      committed[p.partition] = Math.max(committed[p.partition], c);
    }
  };

  const finish = () => {
    checkpoint('after draining');
    const g = sim.metrics().groups[GROUP];
    const snapshot = sim.snapshot();
    if (g.notYetConsumed !== 0) fail(`after draining: ${g.notYetConsumed} not yet consumed`);
    if (g.inFlight !== 0) fail(`after draining: ${g.inFlight} in flight`);
    // Every message sits in exactly one bucket: applied, dead-lettered or lost.
    if (accountedFor(g) !== g.produced)
      fail(`after draining: ${accountedFor(g)} messages accounted for, ${g.produced} produced`);
    if (g.produced !== snapshot.producers[0].sent)
      fail(
        `the group is responsible for ${g.produced} messages, but the producer sent ${snapshot.producers[0].sent}`,
      );
    // The metrics agree with what the event stream showed.
    if (g.applied !== applied.size) fail(`metrics applied ${g.applied}, processed events ${applied.size}`);
    if (g.duplicates !== appliedTwice.size)
      fail(`metrics duplicates ${g.duplicates}, events ${appliedTwice.size}`);
    if (g.outOfOrder !== outOfOrderSeen)
      fail(
        `metrics outOfOrder ${g.outOfOrder}, first applications after a later one of the key ${outOfOrderSeen}`,
      );
    // A lost message read again after all (a zombie's copy) is applied or dead-lettered now.
    const stillLost = [...lostIds].filter((id) => !applied.has(id) && !deadLetteredIds.has(id)).length;
    if (g.lost !== stillLost) fail(`metrics lost ${g.lost}, lost events never applied later ${stillLost}`);
    const stillDead = [...deadLetteredIds].filter(
      (id) => !snapshot.deadLetters.every((d) => d.messageId !== id),
    );
    if (g.deadLettered !== stillDead.length)
      fail(`metrics dead-lettered ${g.deadLettered}, messages in the DLQ ${stillDead.length}`);
  };

  return { violations, checkpoint, finish };
}

export function describeCase(c: PropertyCase, r: CaseResult): string {
  return [
    `seed ${c.seed}, ${c.delivery}, ${c.strategy}, ${c.partitions} partitions, ${c.consumers} consumers, ${c.ratePerSec} msg/s`,
    `injected: ${JSON.stringify(r.injected)}`,
    `violations:\n  ${r.violations.join('\n  ')}`,
    `final: ${JSON.stringify(r.final)}`,
  ].join('\n');
}
