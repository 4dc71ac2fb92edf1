// End-to-end behaviour of the Simulation, one describe per concern (determinism, groups,
// faults, delivery modes, retention, checkpoints). Over 400 lines because each case builds
// its own small scenario inline, which reads better beside its assertions than in a fixture file.

import { describe, expect, it } from 'vitest';
import {
  createSimulation,
  partitionForKey,
  type Scenario,
  ScenarioError,
  type SimEvent,
  type SimEventOf,
  type SimEventType,
  type Simulation,
} from './index';

// biome-ignore lint/suspicious/noExplicitAny: these tests break scenarios field by field, on purpose.
type Loose = Record<string, any>;

/** Collects the events of the given types (all with '*'). */
const record = <T extends SimEventType>(sim: Simulation, ...types: T[]) => {
  const events: SimEventOf<T>[] = [];
  for (const type of types) sim.on(type, (e) => events.push(e as SimEventOf<T>));
  return events;
};
const group = (sim: Simulation, groupId: string) => sim.snapshot().groups.find((g) => g.groupId === groupId)!;
const member = (sim: Simulation, memberId: string) =>
  sim
    .snapshot()
    .groups.flatMap((g) => g.members)
    .find((m) => m.memberId === memberId)!;
const lagOf = (sim: Simulation, groupId: string, partition: number) =>
  sim.snapshot().partitions[partition].lag[groupId];
const ownerOf = (sim: Simulation, groupId: string, partition: number) =>
  sim.snapshot().partitions[partition].owner[groupId];
const errorOf = (fn: () => unknown): ScenarioError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected a ScenarioError');
};

/** A small scenario: one topic, one producer, one group "payments" with no initial delay. */
const small = (overrides: { topic?: object; producer?: object; group?: object } = {}): Scenario => ({
  id: 'small',
  topics: [{ name: 'orders', partitions: 2, ...overrides.topic }],
  producers: [
    {
      id: 'checkout',
      topic: 'orders',
      ratePerSec: 20,
      keys: { type: 'uniform', count: 100, prefix: 'order-' },
      ...overrides.producer,
    },
  ],
  groups: [
    {
      groupId: 'payments',
      topic: 'orders',
      consumers: 1,
      delivery: 'at-least-once',
      'auto.offset.reset': 'earliest',
      'session.timeout.ms': 6000,
      'heartbeat.interval.ms': 2000,
      processing: { meanMs: 5 },
      ...overrides.group,
    },
  ],
  broker: { 'group.initial.rebalance.delay.ms': 0 },
});

describe('creating a simulation', () => {
  it("createSimulation('default', { seed: 1 }) builds the preset and runs", () => {
    const sim = createSimulation('default', { seed: 1 });
    expect(sim.now).toBe(0);
    expect(sim.seed).toBe(1);
    const snapshot = sim.snapshot();
    expect(snapshot.scenarioId).toBe('default');
    expect(snapshot.groups.map((g) => [g.groupId, g.members.length])).toEqual([
      ['payments', 3],
      ['analytics', 2],
    ]);
    expect(sim.advance(5000)).toBeGreaterThan(0);
    expect(sim.now).toBe(5000);
    expect(sim.metrics().produced).toBeGreaterThan(150);
  });

  it.each<[string, string, (s: Loose) => void]>([
    [
      'a session timeout of 10 ms',
      'scenario.groups.0.session.timeout.ms',
      (s) => (s.groups[0]['session.timeout.ms'] = 10),
    ],
    [
      'a group reading a topic that does not exist',
      'scenario.groups',
      (s) => (s.groups[0].topic = 'refunds'),
    ],
    ['an unknown key', 'scenario.topics.0.replicationFactor', (s) => (s.topics[0].replicationFactor = 3)],
  ])('throws a ScenarioError for %s, naming %s', (_name, path, mutate) => {
    const scenario = small() as Loose;
    mutate(scenario);
    const error = errorOf(() => createSimulation(scenario as Scenario, { seed: 1 }));
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
  });

  it('throws for an unknown preset id and for a seed that is not an integer', () => {
    expect(errorOf(() => createSimulation('nope')).message).toContain('"nope"');
    expect(errorOf(() => createSimulation('default', { seed: 1.5 })).path).toBe('seed');
  });

  it('rejects advancing by a negative or non-finite time and subscribing to an unknown event', () => {
    const sim = createSimulation('default', { seed: 1 });
    expect(errorOf(() => sim.advance(-1)).path).toBe('ms');
    expect(errorOf(() => sim.advance(Number.NaN)).path).toBe('ms');
    expect(errorOf(() => sim.on('exploded' as SimEventType, () => {})).path).toBe('type');
  });

  it.each<[string, unknown, string, string]>([
    [
      'an unknown memberId',
      { type: 'crash-consumer', memberId: 'x-9' },
      'fault.memberId',
      'no consumer "x-9"',
    ],
    ['an unknown fault type', { type: 'meteor-strike' }, 'fault.type', 'fault.type'],
    ['a hot-key share of 2', { type: 'hot-key', key: 'k', share: 2 }, 'fault.share', '<=1'],
    [
      'an unknown groupId',
      { type: 'add-consumer', groupId: 'billing' },
      'fault.groupId',
      'no group "billing"',
    ],
    [
      'an unknown producerId',
      { type: 'set-rate', ratePerSec: 1, producerId: 'web' },
      'fault.producerId',
      'no producer "web"',
    ],
    [
      'a redrive of a message not in the DLQ',
      { type: 'redrive', messageId: 7 },
      'fault.messageId',
      'not in the dead-letter queue',
    ],
    [
      'a restart of a consumer that is running',
      { type: 'restart-consumer', memberId: 'p-1' },
      'fault.memberId',
      'not Crashed',
    ],
  ])('inject throws for %s, naming the problem, and changes nothing', (_name, fault, path, text) => {
    const sim = createSimulation('default', { seed: 1 });
    sim.advance(5000);
    const before = JSON.stringify(sim.snapshot());
    const error = errorOf(() => sim.inject(fault));
    expect(error.path).toBe(path);
    expect(error.message).toContain(text);
    expect(JSON.stringify(sim.snapshot())).toBe(before);
  });

  it('lists the known members when a memberId is wrong', () => {
    const sim = createSimulation('default', { seed: 1 });
    expect(
      errorOf(() => sim.inject({ type: 'pause-consumer', memberId: 'p-9', durationMs: 10 })).message,
    ).toContain('known: p-1, p-2, p-3, a-1, a-2');
  });
});

describe('the default preset', () => {
  it('waits group.initial.rebalance.delay.ms (3000 ms) before the first assignment', () => {
    const sim = createSimulation('default', { seed: 1 });
    const events = record(sim, 'group-state', 'assigned', 'rebalance-completed');
    sim.advance(2999);
    expect(events.filter((e) => e.type === 'assigned')).toEqual([]);
    expect(group(sim, 'payments').state).toBe('PreparingRebalance');
    expect(member(sim, 'p-1').state).toBe('Joining');
    sim.advance(1001);
    const payments = events.filter((e) => 'groupId' in e && e.groupId === 'payments');
    // JoinGroup reaches the coordinator after the 2 ms network latency, then the delay runs.
    expect(payments.filter((e) => e.type === 'group-state').map((e) => [e.atMs, e.to])).toEqual([
      [2, 'PreparingRebalance'],
      [3002, 'CompletingRebalance'],
      [3006, 'Stable'],
    ]);
    expect(payments.filter((e) => e.type === 'assigned').every((e) => e.atMs >= 3002)).toBe(true);
    expect(payments.find((e) => e.type === 'rebalance-completed')).toMatchObject({ durationMs: 3004 });
  });

  it('advances committed offsets and keeps lag small once consumers are assigned', () => {
    const sim = createSimulation('default', { seed: 1 });
    sim.advance(10_000);
    let previous = sim.snapshot().partitions.map((p) => ({ ...p.committed }));
    for (let t = 0; t < 6; t++) {
      sim.advance(5000);
      const partitions = sim.snapshot().partitions;
      for (const p of partitions)
        for (const groupId of ['payments', 'analytics']) {
          expect(p.committed[groupId]).toBeGreaterThan(previous[p.partition][groupId]);
          expect(p.lag[groupId]).toBeLessThan(50);
        }
      previous = partitions.map((p) => ({ ...p.committed }));
      for (const g of Object.values(sim.metrics().groups)) {
        expect(g.lag).toBeLessThan(60);
        expect(g.lost + g.duplicates).toBe(0);
      }
    }
  });

  it('a crashed consumer: its lag grows, it is evicted after session.timeout.ms, others take over, lag recovers', () => {
    const sim = createSimulation('default', { seed: 1 });
    const events = record(sim, 'evicted', 'rebalance-started', 'rebalance-completed');
    sim.advance(10_000);
    expect([ownerOf(sim, 'payments', 0), ownerOf(sim, 'payments', 1)]).toEqual(['p-1', 'p-1']);
    const lagBefore = lagOf(sim, 'payments', 0) + lagOf(sim, 'payments', 1);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1' });
    sim.advance(8000);
    expect(member(sim, 'p-1').state).toBe('Crashed');
    expect(lagOf(sim, 'payments', 0) + lagOf(sim, 'payments', 1)).toBeGreaterThan(lagBefore + 100);
    expect(lagOf(sim, 'payments', 2)).toBeLessThan(50);
    sim.advance(4000);
    const evicted = events.find((e) => e.type === 'evicted');
    expect(evicted).toMatchObject({ groupId: 'payments', memberId: 'p-1', reason: 'session.timeout.ms' });
    // The last heartbeat (every 3000 ms) reached the coordinator within 3 s before the crash.
    expect(evicted!.atMs).toBeGreaterThanOrEqual(10_000 + 10_000 - 3000);
    expect(evicted!.atMs).toBeLessThanOrEqual(10_000 + 10_000 + 2);
    expect(events.some((e) => e.type === 'rebalance-started' && e.atMs === evicted!.atMs)).toBe(true);
    sim.advance(5000);
    expect(events.some((e) => e.type === 'rebalance-completed' && e.atMs > evicted!.atMs)).toBe(true);
    for (const p of [0, 1]) expect(['p-2', 'p-3']).toContain(ownerOf(sim, 'payments', p));
    sim.advance(90_000);
    expect(lagOf(sim, 'payments', 0) + lagOf(sim, 'payments', 1)).toBeLessThan(20);
    expect(sim.metrics().groups.payments.lost).toBe(0);
  });
});

describe('rebalance protocols', () => {
  const addConsumer = (groupId: string) => {
    const sim = createSimulation('default', { seed: 1 });
    sim.advance(10_000);
    const before = group(sim, groupId).members.map(
      (m) => [m.memberId, m.assigned.map((a) => a.partition)] as const,
    );
    const events = record(sim, 'revoked', 'assigned', 'rebalance-started', 'rebalance-completed');
    sim.inject({ type: 'add-consumer', groupId });
    sim.advance(10_000);
    const after = group(sim, groupId).members.map(
      (m) => [m.memberId, m.assigned.map((a) => a.partition)] as const,
    );
    const mine = events.filter((e) => e.groupId === groupId);
    return { sim, before: new Map(before), after: new Map(after), events: mine };
  };
  const revokedBy = (events: SimEvent[]) => {
    const map = new Map<string, number[]>();
    for (const e of events)
      if (e.type === 'revoked')
        map.set(e.memberId, [...(map.get(e.memberId) ?? []), ...e.partitions.map((p) => p.partition)]);
    return map;
  };

  it('eager (range): every member revokes all its partitions, then the new assignment arrives in one round', () => {
    const { before, after, events, sim } = addConsumer('payments');
    expect(revokedBy(events)).toEqual(before);
    expect(events.filter((e) => e.type === 'rebalance-started')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'rebalance-completed')).toHaveLength(1);
    expect([...after.values()].map((ps) => ps.length)).toEqual([2, 2, 1, 1]);
    expect(group(sim, 'payments').generationId).toBe(2);
  });

  it('cooperative-sticky: only the moving partitions are revoked, and they move in a second round', () => {
    const { before, after, events, sim } = addConsumer('analytics');
    const moved = [...before.entries()].flatMap(([id, ps]) => ps.filter((p) => !after.get(id)!.includes(p)));
    expect(moved.length).toBeGreaterThan(0);
    // Members keep every partition that does not move.
    for (const [id, ps] of before) expect(after.get(id)).toEqual(ps.filter((p) => !moved.includes(p)));
    expect([...revokedBy(events).values()].flat().sort()).toEqual(moved.sort());
    expect(after.get('a-3')!.sort()).toEqual(moved.sort());
    // Round 1 revokes, round 2 assigns: no partition is revoked and assigned in one round.
    const started = events.filter((e) => e.type === 'rebalance-started');
    expect(started).toHaveLength(2);
    const lastRevokeAt = Math.max(...events.filter((e) => e.type === 'revoked').map((e) => e.atMs));
    const assignedToNew = events.filter((e) => e.type === 'assigned' && e.memberId === 'a-3');
    expect(assignedToNew.every((e) => e.atMs > started[1].atMs && started[1].atMs > lastRevokeAt)).toBe(true);
    expect(events.filter((e) => e.type === 'rebalance-completed')).toHaveLength(1);
    expect(group(sim, 'analytics').generationId).toBe(3);
  });
});

describe('delivery presets', () => {
  it('zombie-consumer: the paused member is evicted, its late commit is rejected, duplicates but no loss', () => {
    const sim = createSimulation('zombie-consumer', { seed: 1 });
    const events = record(sim, 'evicted', 'commit-rejected');
    sim.advance(21_000);
    expect(member(sim, 'p-1')).toMatchObject({ state: 'Paused', isZombie: true });
    expect(events.find((e) => e.type === 'evicted')).toMatchObject({
      memberId: 'p-1',
      reason: 'session.timeout.ms',
    });
    sim.advance(3000); // p-2 rejoins at its next heartbeat and takes every partition
    expect(sim.snapshot().partitions.map((p) => p.owner.payments)).toEqual(['p-2', 'p-2', 'p-2', 'p-2']);
    expect(events.filter((e) => e.type === 'commit-rejected')).toEqual([]);
    sim.advance(6000);
    const rejected = events.filter((e) => e.type === 'commit-rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0]).toMatchObject({ memberId: 'p-1' });
    expect(rejected[0].atMs).toBeGreaterThanOrEqual(25_000); // after the 15 s pause ends
    expect(rejected[0].reason).toContain('UNKNOWN_MEMBER_ID');
    sim.advance(30_000);
    const g = sim.metrics().groups.payments;
    expect(g.duplicates).toBeGreaterThan(0);
    expect(g.lost).toBe(0);
  });

  it.each<[string, (g: { lost: number; duplicates: number }) => void]>([
    ['at-most-once', (g) => expect([g.lost > 0, g.duplicates]).toEqual([true, 0])],
    ['at-least-once', (g) => expect([g.lost, g.duplicates > 0]).toEqual([0, true])],
    ['effectively-once', (g) => expect([g.lost, g.duplicates]).toEqual([0, 0])],
  ])('the %s preset shows its promise in the sink', (id, expectation) => {
    const sim = createSimulation(id, { seed: 1 });
    sim.advance(60_000);
    sim.inject({ type: 'set-rate', ratePerSec: 0 });
    sim.advance(60_000);
    const g = sim.metrics().groups.payments;
    expectation(g);
    expect([g.inFlight, g.notYetConsumed]).toEqual([0, 0]);
    expect(g.applied + g.lost).toBe(g.produced);
  });

  it('effectively-once fills the idempotency store and deduplicates the redeliveries', () => {
    const sim = createSimulation('effectively-once', { seed: 1 });
    sim.advance(60_000);
    const g = sim.metrics().groups.payments;
    expect(group(sim, 'payments').idempotencyStoreSize).toBe(g.applied);
    expect(g.applied).toBeGreaterThan(0);
    expect(g.deduplicated).toBeGreaterThanOrEqual(20);
  });
});

describe('retries and the dead-letter queue', () => {
  it('poison-message: the poison record is dead-lettered after 4 attempts; redrive moves it back; the loop guard parks it', () => {
    const sim = createSimulation('poison-message', { seed: 1 });
    const events = record(sim, 'dead-lettered', 'redriven', 'process-failed');
    sim.advance(20_000);
    const [dead] = sim.snapshot().deadLetters;
    expect(sim.snapshot().deadLetters).toHaveLength(1);
    expect(dead).toMatchObject({
      key: 'order-poison',
      reason: 'poison',
      attempts: 4,
      redriveCount: 0,
      isParked: false,
    });
    expect(dead.source.partition).toBe(partitionForKey('order-poison', 3));
    const failures = events.filter(
      (e): e is SimEventOf<'process-failed'> => e.type === 'process-failed' && e.messageId === dead.messageId,
    );
    expect(failures.map((e) => [e.attempt, e.willRetry])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    // Blocking retries with backoff held the partition; after the DLQ it flows again.
    expect(sim.metrics().groups.payments.lag).toBeLessThan(10);

    for (let redrive = 1; redrive <= 3; redrive++) {
      sim.inject({ type: 'redrive' });
      sim.advance(0);
      expect(sim.snapshot().deadLetters).toEqual([]);
      expect(events.filter((e) => e.type === 'redriven')).toHaveLength(redrive);
      sim.advance(15_000);
      expect(sim.snapshot().deadLetters).toMatchObject([
        { messageId: dead.messageId, reason: 'poison', attempts: 4, redriveCount: redrive, isParked: false },
      ]);
    }
    sim.inject({ type: 'redrive' });
    sim.advance(1000);
    expect(events.filter((e) => e.type === 'redriven')).toHaveLength(3);
    expect(sim.snapshot().deadLetters).toMatchObject([{ messageId: dead.messageId, isParked: true }]);
    expect(sim.metrics().dlqDepth).toBe(0);
    const g = sim.metrics().groups.payments;
    expect([g.deadLettered, g.lost]).toEqual([1, 0]);
  });

  it('retry-storm: during the outage attempts per second are many times the produce rate', () => {
    const sim = createSimulation('retry-storm', { seed: 1 });
    sim.advance(7000);
    const produceRate = sim.metrics().producedPerSec;
    expect(sim.metrics().groups.payments.attemptsPerSec).toBeLessThan(1.5 * produceRate);
    let peak = 0;
    for (let t = 0; t < 10; t++) {
      sim.advance(1000);
      peak = Math.max(peak, sim.metrics().groups.payments.attemptsPerSec);
    }
    expect(peak).toBeGreaterThan(5 * produceRate);
    sim.advance(20_000);
    expect(sim.metrics().groups.payments.attemptsPerSec).toBeLessThan(1.5 * produceRate);
  });

  it('hot-partition: the hot key makes its partition lag, and the group is reported skewed', () => {
    const sim = createSimulation('hot-partition', { seed: 1 });
    sim.advance(9000);
    expect(sim.metrics().groups.payments.isSkewed).toBe(false);
    sim.advance(11_000);
    const g = sim.metrics().groups.payments;
    expect(g.isSkewed).toBe(true);
    const hot = partitionForKey('merchant-42', 6);
    expect(g.lagByPartition.indexOf(Math.max(...g.lagByPartition))).toBe(hot);
    expect(sim.snapshot().producers[0].hotKey).toEqual({ key: 'merchant-42', share: 0.6 });
  });
});

describe('producer retries', () => {
  it.each<[boolean, number]>([
    [true, 0],
    [false, 10],
  ])('with enable.idempotence=%s, 10 retries leave %i duplicates', (isIdempotent, duplicates) => {
    const sim = createSimulation(small({ producer: { 'enable.idempotence': isIdempotent } }), { seed: 1 });
    sim.advance(2000);
    sim.inject({ type: 'producer-retry', count: 10 });
    sim.advance(3000);
    sim.inject({ type: 'set-rate', ratePerSec: 0 });
    sim.advance(10_000);
    const snapshot = sim.snapshot();
    const records = snapshot.partitions.reduce((n, p) => n + p.logEndOffset, 0);
    expect(records).toBe(snapshot.producers[0].sent + duplicates);
    const g = sim.metrics().groups.payments;
    expect([g.duplicates, g.lost, g.notYetConsumed]).toEqual([duplicates, 0, 0]);
    expect(snapshot.producers[0].isIdempotent).toBe(isIdempotent);
  });
});

describe('retention', () => {
  const retentionScenario = (reset: 'earliest' | 'latest') =>
    small({ topic: { partitions: 1, 'retention.ms': 5000 }, group: { 'auto.offset.reset': reset } });

  it.each<['earliest' | 'latest', 'logStartOffset' | 'logEndOffset']>([
    ['earliest', 'logStartOffset'],
    ['latest', 'logEndOffset'],
  ])('a committed offset below the log start resets to the %s offset (the %s)', (reset, field) => {
    const sim = createSimulation(retentionScenario(reset), { seed: 1 });
    const events = record(sim, 'lost', 'retention');
    const resets: { offset: number; expected: number }[] = [];
    sim.on('offsets-reset', (e) =>
      resets.push({ offset: e.offset, expected: sim.snapshot().partitions[0][field] }),
    );
    sim.advance(5000);
    const committed = sim.snapshot().partitions[0].committed.payments;
    expect(committed).toBeGreaterThan(50);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1' });
    sim.advance(15_000);
    const stale = sim.snapshot().partitions[0];
    expect(stale.committed.payments).toBe(committed);
    expect(stale.logStartOffset).toBeGreaterThan(committed);
    expect(events.some((e) => e.type === 'retention')).toBe(true);
    // The records retention deleted before anybody consumed them are lost.
    expect(events.filter((e) => e.type === 'lost')).toHaveLength(stale.logStartOffset - committed);
    expect(resets).toEqual([]);
    sim.inject({ type: 'restart-consumer', memberId: 'p-1' });
    sim.advance(5000);
    expect(resets).toHaveLength(1);
    expect(resets[0].offset).toBe(resets[0].expected);
    expect(sim.snapshot().partitions[0].committed.payments).toBeGreaterThan(resets[0].offset);
  });
});

describe('determinism', () => {
  /** The same inputs at the same times: a crash with restart, a hot key, an outage. */
  const script = (sim: Simulation) => {
    sim.advance(3000);
    sim.inject({ type: 'crash-consumer', memberId: 'p-2', point: 'before-process', restartAfterMs: 4000 });
    sim.advance(2500);
    sim.inject({ type: 'hot-key', key: 'order-7', share: 0.3 });
    sim.advance(6000);
    sim.inject({ type: 'outage', durationMs: 2000 });
    sim.advance(12_000);
  };
  const listen = (sim: Simulation) => {
    const stream = { events: [] as SimEvent[] };
    sim.on('*', (e) => stream.events.push(e));
    return stream;
  };

  it('restore, then the same inputs, gives the same snapshot and events as never restoring', () => {
    const sim = createSimulation('zombie-consumer', { seed: 3 });
    const stream = listen(sim);
    sim.advance(12_000); // p-1 is frozen in its pause, timers are pending
    const checkpoint = sim.checkpoint();
    stream.events = [];
    script(sim);
    const first = { snapshot: JSON.stringify(sim.snapshot()), events: JSON.stringify(stream.events) };
    expect(stream.events.length).toBeGreaterThan(1000);

    for (let replay = 0; replay < 2; replay++) {
      sim.restore(checkpoint);
      expect(sim.now).toBe(12_000);
      stream.events = [];
      script(sim);
      expect(JSON.stringify(stream.events)).toBe(first.events);
      expect(JSON.stringify(sim.snapshot())).toBe(first.snapshot);
    }

    const fresh = createSimulation('zombie-consumer', { seed: 3 });
    const freshStream = listen(fresh);
    fresh.advance(12_000);
    freshStream.events = [];
    script(fresh);
    expect(JSON.stringify(freshStream.events)).toBe(first.events);
    expect(JSON.stringify(fresh.snapshot())).toBe(first.snapshot);
  });

  it('a checkpoint is a copy: running on does not change what it restores', () => {
    const sim = createSimulation('default', { seed: 2 });
    sim.advance(8000);
    const checkpoint = sim.checkpoint();
    const at8s = JSON.stringify(sim.snapshot());
    sim.advance(8000);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1' });
    sim.restore(checkpoint);
    expect(JSON.stringify(sim.snapshot())).toBe(at8s);
    expect(member(sim, 'p-1').state).toBe('Stable');
  });

  it('a checkpoint shares log records with the live run yet restores them exactly', () => {
    // Short retention and a fast producer: the live log slices its array while running on.
    const scenario = small({ topic: { 'retention.ms': 2000 }, producer: { ratePerSec: 2000 } });
    const sim = createSimulation(scenario, { seed: 4 });
    const readLog = (s: Simulation) => {
      const p = s.snapshot().partitions[0];
      const out: string[] = [];
      for (let o = p.logStartOffset; o < p.logEndOffset; o++) {
        const r = s.record('orders', 0, o);
        out.push(`${o}:${r?.messageId}:${r?.key}:${r?.producedAtMs}`);
      }
      return out;
    };
    sim.advance(5000);
    const checkpoint = sim.checkpoint();
    const at5s = { log: readLog(sim), snapshot: JSON.stringify(sim.snapshot()) };
    expect(at5s.log.length).toBeGreaterThan(1000);
    // The copy holds no records of its own: they stay in the shared, append-only arrays.
    expect(checkpoint.world.topics.orders.logs.every((log) => log.records.length === 0)).toBe(true);
    sim.advance(20_000);
    expect(sim.snapshot().partitions[0].logStartOffset).toBeGreaterThan(at5s.log.length);
    sim.restore(checkpoint);
    expect(readLog(sim)).toEqual(at5s.log);
    expect(JSON.stringify(sim.snapshot())).toBe(at5s.snapshot);
    // Running on from the restored state matches a straight run, twice over.
    sim.advance(3000);
    const straight = createSimulation(scenario, { seed: 4 });
    straight.advance(5000); // the same calls: each advance counts as a version
    straight.advance(3000);
    expect(readLog(sim)).toEqual(readLog(straight));
    sim.restore(checkpoint);
    sim.advance(3000);
    expect(JSON.stringify(sim.snapshot())).toBe(JSON.stringify(straight.snapshot()));
  });

  it('the same seed and inputs give the identical event stream, byte for byte', () => {
    const run = (seed: number) => {
      const sim = createSimulation('zombie-consumer', { seed });
      const stream = listen(sim);
      script(sim);
      return JSON.stringify(stream.events);
    };
    const a = run(7);
    expect(a.length).toBeGreaterThan(10_000);
    expect(run(7)).toBe(a);
    expect(run(8)).not.toBe(a);
  });

  it('listening does not change the run: the metrics match with and without listeners', () => {
    const quiet = createSimulation('effectively-once', { seed: 5 });
    const loud = createSimulation('effectively-once', { seed: 5 });
    listen(loud);
    quiet.advance(30_000);
    loud.advance(30_000);
    expect(JSON.stringify(loud.metrics())).toBe(JSON.stringify(quiet.metrics()));
    expect(JSON.stringify(loud.snapshot())).toBe(JSON.stringify(quiet.snapshot()));
  });

  it('record() explains where a record landed and how often each group applied it', () => {
    const sim = createSimulation('default', { seed: 1 });
    sim.advance(20_000);
    const r = sim.record('orders', 0, 0)!;
    expect(r).toMatchObject({ topic: 'orders', partition: 0, offset: 0 });
    expect(partitionForKey(r.key!, 6)).toBe(0);
    // analytics keeps the default auto.offset.reset=latest: it started at the log end.
    expect(r.applied).toEqual({ payments: 1, analytics: 0 });
    expect(sim.record('orders', 0, 1_000_000)).toBeUndefined();
    expect(sim.record('refunds', 0, 0)).toBeUndefined();
  });
});

// ---- regressions: engine bugs these tests found, now fixed --------------------------------

describe('regressions', () => {
  // Was: POLL_TIMEOUT dropped the batch and nothing scheduled the next poll(): Stale for ever.
  it('a member whose max.poll.interval.ms expired rejoins at its next poll()', () => {
    const scenario = small({
      group: {
        consumers: 2,
        'max.poll.interval.ms': 5000,
        'max.poll.records': 10,
        processing: { meanMs: 20, distribution: 'constant' },
      },
    });
    const sim = createSimulation(scenario, { seed: 1 });
    const events = record(sim, 'evicted');
    sim.advance(3000);
    sim.inject({ type: 'slow-consumer', memberId: 'p-1', factor: 100 });
    sim.advance(15_000);
    expect(events).toMatchObject([{ memberId: 'p-1', reason: 'max.poll.interval.ms' }]);
    sim.inject({ type: 'slow-consumer', memberId: 'p-1', factor: 1 });
    sim.advance(30_000);
    expect(member(sim, 'p-1').state).toBe('Stable');
  });

  // Was: the live records a reset to latest jumped over stayed "not yet consumed" for ever.
  it('records skipped by auto.offset.reset=latest are counted lost, not left unconsumed', () => {
    const scenario = small({
      topic: { partitions: 1, 'retention.ms': 5000 },
      group: { 'auto.offset.reset': 'latest' },
    });
    const sim = createSimulation(scenario, { seed: 1 });
    sim.advance(5000);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1' });
    sim.advance(15_000);
    sim.inject({ type: 'restart-consumer', memberId: 'p-1' });
    sim.advance(5000);
    sim.inject({ type: 'set-rate', ratePerSec: 0 });
    sim.advance(10_000);
    const g = sim.metrics().groups.payments;
    expect(g.lag).toBe(0);
    expect(g.notYetConsumed).toBe(0);
    expect(g.applied + g.lost).toBe(g.produced);
  });

  // Was: positionFor counted the retried second copies into g.produced.
  it('a group that starts after producer retries counts each message once', () => {
    const scenario = small({ producer: { 'enable.idempotence': false } });
    scenario.groups.push({ ...scenario.groups[0], groupId: 'audit', startMs: 5000 });
    const sim = createSimulation(scenario, { seed: 1 });
    sim.advance(1000);
    sim.inject({ type: 'producer-retry', count: 10 });
    sim.advance(3000);
    sim.inject({ type: 'set-rate', ratePerSec: 0 });
    sim.advance(30_000);
    const sent = sim.snapshot().producers[0].sent;
    for (const g of Object.values(sim.metrics().groups)) {
      expect(g.produced, g.groupId).toBe(sent);
      expect(g.notYetConsumed, g.groupId).toBe(0);
    }
  });

  // Was: compaction moved the log start, so a committed offset in a compacted gap was "out
  // of range" and auto.offset.reset=latest skipped every live record. Kafka's cleaner never
  // moves the log start offset; a fetch in a gap reads the next surviving record.
  it('compaction does not move the log start: a consumer resumes after a compacted gap without a reset', () => {
    const scenario = small({
      topic: { name: 'orders', partitions: 1, 'cleanup.policy': 'compact' },
      producer: { keys: { type: 'uniform', count: 5, prefix: 'sku-' } },
      group: { 'auto.offset.reset': 'latest' },
    });
    const sim = createSimulation(scenario, { seed: 1 });
    const resets = record(sim, 'offsets-reset');
    sim.advance(3000);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1' });
    sim.advance(17_000);
    sim.inject({ type: 'restart-consumer', memberId: 'p-1' });
    sim.advance(2000);
    expect(resets).toEqual([]);
    expect(sim.snapshot().partitions[0].logStartOffset).toBe(0);
  });
});

// ---- known engine bugs (it.fails until fixed) ---------------------------------------------

describe('known engine bugs (it.fails until fixed)', () => {
  // simulation.onRetention: compact() removes records superseded by a newer value of their
  // key, but nothing accounts for the ones a group had not consumed yet (retention's deletes
  // go through markDeletedUnconsumed). A group that lags behind a compacted topic reads past
  // the gaps, so those messages stay "not yet consumed" for ever, with lag 0 and nothing in
  // flight. Kafka only promises the latest value per key on a compacted topic; the engine
  // needs a bucket for them (counted as lost, or a "compacted away" count the metrics add).
  it('after draining a compacted topic nothing is left "not yet consumed"', () => {
    const scenario = small({
      topic: { partitions: 1, 'cleanup.policy': 'compact' },
      producer: { keys: { type: 'uniform', count: 5, prefix: 'sku-' } },
    });
    const sim = createSimulation(scenario, { seed: 1 });
    sim.advance(3000);
    sim.inject({ type: 'crash-consumer', memberId: 'p-1' });
    sim.advance(17_000);
    sim.inject({ type: 'restart-consumer', memberId: 'p-1' });
    sim.advance(5000);
    sim.inject({ type: 'set-rate', ratePerSec: 0 });
    sim.advance(20_000);
    const g = sim.metrics().groups.payments;
    expect([g.lag, g.inFlight]).toEqual([0, 0]);
    expect(g.notYetConsumed).toBe(0);
    expect(g.compacted).toBeGreaterThan(0);
    expect(g.applied + g.compacted + g.lost + g.deadLettered).toBe(g.produced);
  });
});
