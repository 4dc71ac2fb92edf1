// One rule per case: placement, the high watermark, ISR shrink and rejoin, clean and unclean
// election, NOT_ENOUGH_REPLICAS, truncation on return, and the faults' validation.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/schema';
import { createSimulation } from '../simulation';
import type { Fault } from '../types';
import { placeReplicas } from './state';

function scenario(
  over: { brokers?: number; rf?: number; minIsr?: number; unclean?: boolean; acks?: 0 | 1 | 'all' } = {},
): Scenario {
  return {
    brokers: over.brokers ?? 3,
    broker: { 'replica.lag.time.max.ms': 1000 },
    topics: [
      {
        name: 't',
        partitions: 1,
        'replication.factor': over.rf ?? 3,
        'min.insync.replicas': over.minIsr ?? 1,
        'unclean.leader.election.enable': over.unclean ?? false,
      },
    ],
    producers: [{ id: 'p', topic: 't', ratePerSec: 100, acks: over.acks ?? 'all' }],
    groups: [],
  };
}

function play(sc: Scenario, script: [number, Fault][], untilMs: number) {
  const sim = createSimulation(sc, { seed: 1 });
  for (const [at, fault] of script) {
    sim.advance(at - sim.now);
    sim.inject(fault);
  }
  sim.advance(untilMs - sim.now);
  return { sim, p: sim.snapshot().partitions[0], m: sim.metrics().replication! };
}

describe('replication rules', () => {
  it.each([
    [0, 3, 3, [0, 1, 2]],
    [1, 3, 3, [1, 2, 0]],
    [2, 2, 3, [2, 0]],
    [4, 1, 2, [0]],
  ])('partition %i with replication.factor %i on %i brokers sits on %j', (p, rf, brokers, expected) => {
    expect(placeReplicas(p, rf, brokers)).toEqual(expected);
  });

  it.each([
    ['healthy followers: the HW trails the leader by at most one fetch round', [], 3, 0],
    [
      'a slow follower in the ISR holds the HW back',
      [[100, { type: 'slow-follower', brokerId: 1, factor: 10_000 }]],
      3,
      1,
    ],
  ] as [string, [number, Fault][], number, number][])('%s', (_, script, isr, lagging) => {
    const { p } = play(scenario(), script, 900);
    expect(p.isr).toHaveLength(isr);
    const behind = p.logEndOffset - p.highWatermark!;
    if (lagging === 0) expect(behind).toBeLessThanOrEqual(10);
    else expect(behind).toBeGreaterThan(50);
    expect(p.highWatermark).toBe(Math.min(...p.replicaLogEndOffsets!));
  });

  it('a follower behind for longer than replica.lag.time.max.ms leaves the ISR and rejoins once caught up', () => {
    const slow = play(scenario(), [[100, { type: 'slow-follower', brokerId: 1, factor: 10_000 }]], 3000);
    expect(slow.p.isr).toEqual([0, 2]);
    const back = play(
      scenario(),
      [
        [100, { type: 'slow-follower', brokerId: 1, factor: 10_000 }],
        [3000, { type: 'slow-follower', brokerId: 1, factor: 1 }],
      ],
      3500,
    );
    expect(back.p.isr).toEqual([0, 1, 2]);
  });

  it.each([
    ['clean: the first live ISR member leads', { unclean: false }, false, 1, 0, 0],
    ['no live ISR member, unclean off: offline', { unclean: false }, true, -1, 1, 0],
    ['no live ISR member, unclean on: the out-of-sync replica leads', { unclean: true }, true, 1, 0, 1],
  ] as const)('%s', (_, opts, isFollowerOut, leader, offline, unclean) => {
    const script: [number, Fault][] = isFollowerOut
      ? [
          [100, { type: 'slow-follower', brokerId: 1, factor: 10_000 }],
          [3000, { type: 'crash-broker', brokerId: 0 }],
        ]
      : [[3000, { type: 'crash-broker', brokerId: 0 }]];
    const { p, m } = play(scenario({ brokers: 2, rf: 2, ...opts }), script, 4000);
    expect(p.leader).toBe(leader);
    expect(m.offlinePartitions).toBe(offline);
    expect(m.uncleanElections).toBe(unclean);
    if (offline) expect(m.unavailableMs).toBe(1000);
  });

  it.each([
    ['all', 1, 0],
    [1, 0, 1],
  ] as const)(
    'ISR below min.insync.replicas with acks=%s: pending records %s, accepted %s',
    (acks, isHeld, isAccepted) => {
      const script: [number, Fault][] = [
        [500, { type: 'crash-broker', brokerId: 1 }],
        [600, { type: 'crash-broker', brokerId: 2 }],
      ];
      const before = play(scenario({ minIsr: 2, acks }), script, 600);
      const { p, m } = play(scenario({ minIsr: 2, acks }), script, 2000);
      expect(p.isr).toEqual([0]);
      expect(m.pending > 0).toBe(isHeld === 1);
      expect(m.notEnoughReplicas > 0).toBe(isHeld === 1);
      expect(p.logEndOffset > before.p.logEndOffset).toBe(isAccepted === 1);
      expect(m.acknowledgedLost).toBe(0);
    },
  );

  it('held records are written once a broker returns and the ISR reaches min.insync.replicas', () => {
    const { m, p } = play(
      scenario({ minIsr: 2 }),
      [
        [500, { type: 'crash-broker', brokerId: 1 }],
        [600, { type: 'crash-broker', brokerId: 2 }],
        [2000, { type: 'restart-broker', brokerId: 1 }],
      ],
      3000,
    );
    expect(p.isr).toEqual([0, 1]);
    expect(m.pending).toBe(0);
    expect(m.expired).toBe(0);
  });

  it('the old leader returning truncates to the new leader (KIP-101)', () => {
    const sim = createSimulation(scenario({ brokers: 2, rf: 2, acks: 1, unclean: true }), { seed: 1 });
    const truncations: number[][] = [];
    sim.on('truncated', (e) => truncations.push([e.brokerId, e.fromOffset, e.toOffset]));
    sim.advance(100);
    sim.inject({ type: 'slow-follower', brokerId: 1, factor: 10_000 });
    sim.advance(2900);
    const oldEnd = sim.snapshot().partitions[0].logEndOffset;
    sim.inject({ type: 'crash-broker', brokerId: 0 });
    const newEnd = sim.snapshot().partitions[0].logEndOffset;
    expect(newEnd).toBeLessThan(oldEnd);
    sim.advance(500);
    sim.inject({ type: 'restart-broker', brokerId: 0 });
    expect(truncations).toContainEqual([0, oldEnd, newEnd]);
    expect(sim.metrics().replication!.acknowledgedLost).toBe(oldEnd - newEnd);
  });

  it('an isolated broker comes back by itself after durationMs', () => {
    const { sim } = play(
      scenario(),
      [[500, { type: 'isolate-broker', brokerId: 2, durationMs: 1000 }]],
      1200,
    );
    expect(sim.snapshot().brokers![2].state).toBe('isolated');
    sim.advance(400);
    expect(sim.snapshot().brokers![2].state).toBe('up');
  });

  it.each([
    [{ type: 'crash-broker', brokerId: 7 }, /no broker 7/],
    [{ type: 'restart-broker', brokerId: 0 }, /not crashed/],
  ] as [Fault, RegExp][])('refuses %j', (fault, message) => {
    const sim = createSimulation(scenario(), { seed: 1 });
    expect(() => sim.inject(fault)).toThrow(message);
  });

  it('a scenario without brokers has no broker fields and refuses broker faults', () => {
    const sim = createSimulation('at-least-once', { seed: 1 });
    expect(sim.snapshot().brokers).toBeUndefined();
    expect(sim.snapshot().partitions[0].leader).toBeUndefined();
    expect(sim.metrics().replication).toBeUndefined();
    expect(() => sim.inject({ type: 'crash-broker', brokerId: 0 })).toThrow(/models no brokers/);
  });

  it('rejects replication.factor above brokers and min.insync.replicas above replication.factor', () => {
    expect(() => createSimulation(scenario({ brokers: 2, rf: 3 }))).toThrow(
      /replication.factor must not exceed brokers/,
    );
    expect(() => createSimulation(scenario({ rf: 2, minIsr: 3 }))).toThrow(
      /min.insync.replicas must not exceed/,
    );
  });
});
