import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/schema';
import { createSimulation, type Simulation } from '../simulation';
import type { SimEventOf } from '../types';

type GroupInput = Scenario['groups'][number];

function scenario(group: Partial<GroupInput> = {}, more: Partial<Scenario> = {}): Scenario {
  return {
    id: 'share-test',
    topics: [{ name: 'jobs', partitions: 2 }],
    producers: [
      { id: 'p', topic: 'jobs', ratePerSec: 50, keys: { type: 'uniform', count: 100, prefix: 'job-' } },
    ],
    groups: [
      {
        groupId: 'workers',
        topic: 'jobs',
        type: 'share',
        consumers: 3,
        processing: { meanMs: 20, distribution: 'constant' },
        'share.acknowledgement.mode': 'explicit',
        ...group,
      },
    ],
    ...more,
  };
}

function collect<T extends 'acquired' | 'acknowledged' | 'processed'>(sim: Simulation, type: T) {
  const out: SimEventOf<T>[] = [];
  sim.on(type, (e) => out.push(e as SimEventOf<T>));
  return out;
}

function view(sim: Simulation, groupId = 'workers') {
  return sim.snapshot().groups.find((g) => g.groupId === groupId)!;
}

describe('a share group', () => {
  it('keeps every consumer busy on every partition when consumers outnumber partitions', () => {
    const sim = createSimulation(
      scenario(
        { consumers: 6, processing: { meanMs: 40, distribution: 'constant' } },
        {
          producers: [{ id: 'p', topic: 'jobs', ratePerSec: 140 }],
        },
      ),
    );
    const processed = collect(sim, 'processed');
    sim.advance(20_000);
    const partitionsOf = new Map<string, Set<number>>();
    for (const e of processed) {
      const set = partitionsOf.get(e.memberId) ?? new Set<number>();
      set.add(e.partition);
      partitionsOf.set(e.memberId, set);
    }
    expect([...partitionsOf.keys()].sort()).toEqual(
      view(sim)
        .members.map((m) => m.memberId)
        .sort(),
    );
    for (const parts of partitionsOf.values()) expect([...parts].sort()).toEqual([0, 1]);
    expect(view(sim).type).toBe('share');
    expect(view(sim).members.every((m) => m.assigned.length === 2)).toBe(true);
  });

  it('lets a consumer group with the same consumers idle all but one per partition, for contrast', () => {
    const sim = createSimulation('kafka-share-group');
    sim.advance(15_000);
    const reports = view(sim, 'reports').members;
    const workers = view(sim, 'workers').members;
    expect(reports.filter((m) => m.processedCount > 0)).toHaveLength(2);
    expect(workers.filter((m) => m.processedCount > 0)).toHaveLength(5);
    expect(sim.metrics().groups.workers.lag).toBeLessThan(sim.metrics().groups.reports.lag);
  });

  it("words a share consumer's crash point as acknowledging, and a consumer group's as committing", () => {
    const sim = createSimulation('kafka-share-group');
    sim.advance(3000);
    const share = view(sim, 'workers').members[0].memberId;
    const kafka = view(sim, 'reports').members[0].memberId;
    const at = (memberId: string) =>
      ({ type: 'crash-consumer', memberId, point: 'after-process-before-commit' }) as const;
    expect(sim.inject(at(share))).toBe(`${share} will crash after processing, before acknowledging`);
    expect(sim.describeFault(at(kafka))).toBe(`crash ${kafka} after processing, before committing`);
    expect(sim.describeFault({ type: 'duplicate-delivery', groupId: 'workers', count: 3 })).toBe(
      'deliver the next 3 records twice (workers)',
    );
  });

  it('redelivers a released poison record until share.delivery.count.limit, then archives it', () => {
    const sim = createSimulation(scenario({ onPoison: 'RELEASE', 'share.delivery.count.limit': 3 }));
    const acquired = collect(sim, 'acquired');
    const acked = collect(sim, 'acknowledged');
    sim.advance(1000);
    sim.inject({ type: 'poison-message', key: 'job-bad' });
    sim.advance(10_000);
    const poisonId = acked.find((e) => e.to === 'Archived')!.messageId;
    expect(acquired.filter((e) => e.messageId === poisonId).map((e) => e.deliveryCount)).toEqual([1, 2, 3]);
    expect(acked.filter((e) => e.messageId === poisonId).map((e) => `${e.ack}→${e.to}`)).toEqual([
      'RELEASE→Available',
      'RELEASE→Available',
      'RELEASE→Archived',
    ]);
    const m = sim.metrics().groups.workers;
    expect(m.archived).toBe(1);
    expect(m.deadLettered).toBe(1);
    expect(m.lost).toBe(0);
    expect(m.redeliveries).toBe(2);
    expect(sim.snapshot().deadLetters).toEqual([]);
    const p = view(sim).share!.partitions.find((x) => x.archivedCount === 1)!;
    expect(p.archived.map((r) => r.messageId)).toEqual([poisonId]);
  });

  it('archives a poison record at its first delivery when the application REJECTs it (the default)', () => {
    const sim = createSimulation(scenario());
    const acked = collect(sim, 'acknowledged');
    sim.advance(1000);
    sim.inject({ type: 'poison-message' });
    sim.advance(5000);
    const archived = acked.filter((e) => e.to === 'Archived');
    expect(archived.map((e) => [e.ack, e.deliveryCount])).toEqual([['REJECT', 1]]);
    expect(sim.metrics().groups.workers.redeliveries).toBe(0);
  });

  it('releases transient failures for redelivery and still applies every record', () => {
    const sim = createSimulation(
      scenario({ failureRate: 0.3, 'share.delivery.count.limit': 10 }, { durationMs: 5000 }),
    );
    sim.advance(30_000);
    const m = sim.metrics().groups.workers;
    expect(m.redeliveries).toBeGreaterThan(20);
    expect(m.applied).toBe(m.produced);
    expect(m.lost + m.inFlight + m.notYetConsumed).toBe(0);
  });

  it('gives a crashed consumer’s acquired records to others only when their locks expire', () => {
    const sim = createSimulation(
      scenario({ 'share.record.lock.duration.ms': 3000, 'max.poll.records': 5, processing: { meanMs: 200 } }),
    );
    sim.advance(2000);
    const held = () =>
      view(sim)
        .share!.partitions.flatMap((p) => p.records)
        .filter((r) => r.state === 'Acquired' && r.memberId === 'workers-1');
    const before = held();
    expect(before.length).toBeGreaterThan(0);
    const lockUntil = Math.max(...before.map((r) => r.lockUntilMs!));
    sim.inject({ type: 'crash-consumer', memberId: 'workers-1' });
    sim.advance(lockUntil - sim.now - 1);
    expect(held().map((r) => r.offset)).toEqual(before.map((r) => r.offset));
    const acquired = collect(sim, 'acquired');
    sim.advance(1500);
    expect(held()).toEqual([]);
    const again = acquired.filter((e) => before.some((r) => r.messageId === e.messageId));
    expect(again.length).toBe(before.length);
    expect(again.every((e) => e.memberId !== 'workers-1' && e.deliveryCount === 2)).toBe(true);
  });

  it('applies a record twice when a pause outlasts its lock and another consumer takes it over', () => {
    const sim = createSimulation(
      scenario({
        'share.record.lock.duration.ms': 1000,
        processing: { meanMs: 300, distribution: 'constant' },
      }),
    );
    sim.advance(2000);
    sim.inject({ type: 'pause-consumer', memberId: 'workers-1', durationMs: 5000 });
    expect(view(sim).members[0].state).toBe('Paused');
    expect(sim.snapshot().faults.map((f) => f.label)).toContain(
      'workers-1: paused (its acquisition locks keep running)',
    );
    sim.advance(8000);
    const m = sim.metrics().groups.workers;
    expect(m.duplicates).toBeGreaterThan(0);
    expect(m.lost).toBe(0);
    expect(view(sim).members[0].state).toBe('Stable');
  });

  it('accepts a failed record in implicit mode, so its effect is lost (Kafka’s default mode)', () => {
    const sim = createSimulation(scenario({ 'share.acknowledgement.mode': 'implicit' }));
    sim.advance(1000);
    sim.inject({ type: 'poison-message' });
    sim.advance(5000);
    const m = sim.metrics().groups.workers;
    expect(m.lost).toBe(1);
    expect(m.archived).toBe(0);
  });

  it('releases what a removed consumer held at once, and a new consumer joins without a rebalance', () => {
    const sim = createSimulation(scenario({ 'max.poll.records': 5, processing: { meanMs: 500 } }));
    sim.advance(2000);
    const acked = collect(sim, 'acknowledged');
    sim.inject({ type: 'remove-consumer', memberId: 'workers-2' });
    expect(acked.some((e) => e.memberId === 'workers-2' && e.ack === 'RELEASE')).toBe(true);
    expect(sim.inject({ type: 'add-consumer', groupId: 'workers' })).toBe('workers-4 joined workers');
    sim.advance(3000);
    expect(view(sim).members.map((m) => m.state)).toEqual(['Stable', 'Left', 'Stable', 'Stable']);
    expect(sim.metrics().groups.workers.rebalances).toBe(0);
    expect(() => sim.inject({ type: 'lose-commit', memberId: 'workers-1' })).toThrow(/commits no offsets/);
  });

  it('takes the lock duration and delivery limit from the broker’s group.share settings by default', () => {
    const sim = createSimulation(
      scenario(
        {},
        { broker: { 'group.share.record.lock.duration.ms': 7000, 'group.share.delivery.count.limit': 4 } },
      ),
    );
    expect(view(sim).share!.settings).toMatchObject({
      'share.record.lock.duration.ms': 7000,
      'share.delivery.count.limit': 4,
      'share.acknowledgement.mode': 'explicit',
    });
    const plain = createSimulation(scenario({ 'share.acknowledgement.mode': undefined }));
    expect(view(plain).share!.settings).toMatchObject({
      'share.record.lock.duration.ms': 30_000,
      'share.delivery.count.limit': 5,
      'share.acknowledgement.mode': 'implicit',
    });
  });

  it('reports SPSO as the committed offset, so lag is log end − SPSO', () => {
    const sim = createSimulation(
      scenario({ consumers: 1, processing: { meanMs: 50, distribution: 'constant' } }),
    );
    sim.advance(10_000);
    const snap = sim.snapshot();
    for (const p of view(sim).share!.partitions) {
      const part = snap.partitions.find((x) => x.partition === p.partition)!;
      expect(part.committed.workers).toBe(p.spso);
      expect(part.lag.workers).toBe(part.logEndOffset - p.spso);
      expect(p.speo).toBeGreaterThanOrEqual(p.spso);
    }
    expect(sim.metrics().groups.workers.lag).toBeGreaterThan(0);
  });

  it('adds nothing to the snapshot of an ordinary consumer group', () => {
    const g = createSimulation('default').snapshot().groups[0];
    expect('type' in g).toBe(false);
    expect('share' in g).toBe(false);
    expect('archived' in createSimulation('default').metrics().groups.payments).toBe(false);
  });

  it('replays exactly from a checkpoint', () => {
    const sim = createSimulation('kafka-share-group', { seed: 7 });
    sim.advance(15_000);
    const cp = sim.checkpoint();
    const run = () => {
      const events: string[] = [];
      const off = sim.on('*', (e) => events.push(JSON.stringify(e)));
      sim.advance(10_000);
      off();
      return events;
    };
    const first = run();
    sim.restore(cp);
    expect(run()).toEqual(first);
  });
});
