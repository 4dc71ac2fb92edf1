import { describe, expect, it } from 'vitest';
import { createSimulation, type Scenario, ScenarioError, type SimEventOf } from './index';

const scenario: Scenario = {
  id: 'reset',
  topics: [{ name: 'orders', partitions: 3 }],
  producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 30, keys: { type: 'uniform', count: 100 } }],
  groups: [
    {
      groupId: 'payments',
      topic: 'orders',
      consumers: 1,
      delivery: 'at-least-once',
      'auto.offset.reset': 'earliest',
      processing: { meanMs: 5 },
    },
  ],
  broker: { 'group.initial.rebalance.delay.ms': 0 },
};

function run() {
  const sim = createSimulation(scenario, { seed: 3 });
  const resets: SimEventOf<'offsets-reset'>[] = [];
  sim.on('offsets-reset', (e) => resets.push(e as SimEventOf<'offsets-reset'>));
  sim.advance(10_000);
  return { sim, resets };
}

describe('reset-offsets', () => {
  it('with a partition moves only that partition of the group', () => {
    const { sim, resets } = run();
    sim.inject({ type: 'reset-offsets', groupId: 'payments', to: 'earliest', partition: 1 });
    expect(resets.map((e) => e.partition)).toEqual([1]);
    expect(resets[0].offset).toBe(0);
    expect(sim.snapshot().partitions[1].lag.payments).toBe(sim.snapshot().partitions[1].logEndOffset);
    expect(sim.snapshot().partitions[0].lag.payments).toBeLessThan(10);
  });

  it('to a time seeks to the first record produced at or after it, as --to-datetime does', () => {
    const { sim, resets } = run();
    const at5s = sim.snapshot().partitions.map((p) => {
      let first = p.logEndOffset;
      for (let o = p.logEndOffset - 1; o >= p.logStartOffset; o--) {
        const r = sim.record('orders', p.partition, o);
        if (r && r.producedAtMs >= 5000) first = o;
      }
      return first;
    });
    sim.inject({ type: 'reset-offsets', groupId: 'payments', to: { timestampMs: 5000 } });
    expect(resets.map((e) => e.offset)).toEqual(at5s);
    expect(at5s.every((o, p) => o > 0 && o < sim.snapshot().partitions[p].logEndOffset)).toBe(true);
  });

  it('to a time after the last record seeks to the log end', () => {
    const { sim, resets } = run();
    sim.inject({ type: 'reset-offsets', groupId: 'payments', to: { timestampMs: 60_000 }, partition: 2 });
    expect(resets[0].offset).toBe(sim.snapshot().partitions[2].logEndOffset);
  });

  it('names the partition when the topic has no such partition', () => {
    const { sim } = run();
    expect(() => sim.inject({ type: 'reset-offsets', groupId: 'payments', to: 0, partition: 3 })).toThrow(
      ScenarioError,
    );
  });
});

describe('active faults', () => {
  it('a pause-consumer fault is listed with its end until the pause runs out', () => {
    const { sim } = run();
    sim.inject({ type: 'pause-consumer', memberId: 'p-1', durationMs: 4000 });
    sim.advance(1000);
    expect(sim.snapshot().faults).toContainEqual({
      type: 'pause-consumer',
      label: 'p-1: paused (no poll, no heartbeat)',
      untilMs: 14_000,
    });
    sim.advance(3500);
    expect(sim.snapshot().faults.filter((f) => f.type === 'pause-consumer')).toEqual([]);
  });
});
