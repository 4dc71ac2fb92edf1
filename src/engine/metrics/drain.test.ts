import { describe, expect, it } from 'vitest';
import { importKafkaCli } from '../kafka/cliImport';
import { DESCRIBE_ALL_GROUPS, TWO_SNAPSHOTS } from '../kafka/cliImport.fixtures';
import { createSimulation } from '../simulation';
import { drainTime, groupDrainTimes, topicProducedPerSec } from './drain';

describe('drainTime', () => {
  it.each([
    // lag, consumed/s, produced/s, expected drain ms (null: not draining)
    [1000, 200, 100, 10_000],
    [1000, 1100, 100, 1000],
    [50, 10, 0, 5000],
    [1000, 100, 100, null],
    [1000, 50, 100, null],
    [1000, 0, 0, null],
  ])('lag %i at %i/s out and %i/s in drains in %s ms', (lag, out, inRate, expected) => {
    const d = drainTime(lag, out, inRate);
    expect(d.drainMs).toBe(expected);
    expect(d.isDraining).toBe(expected !== null);
    if (!d.isDraining) expect(d.reason).toBe('not-draining');
  });

  it('a group with no lag is caught up, not draining', () => {
    expect(drainTime(0, 100, 100)).toMatchObject({ isDraining: false, reason: 'caught-up' });
  });
});

describe('groupDrainTimes on a running simulation', () => {
  it.each([
    ['TWO_SNAPSHOTS', TWO_SNAPSHOTS],
    ['DESCRIBE_ALL_GROUPS', DESCRIBE_ALL_GROUPS],
  ])('matches lag / (consumed − produced) from the same metrics, for every group of %s', (_, text) => {
    const sim = createSimulation(importKafkaCli(text), { seed: 1 });
    sim.advance(10_000);
    const snap = sim.snapshot();
    const metrics = sim.metrics();
    const drains = groupDrainTimes(snap, metrics);
    expect(Object.keys(drains).sort()).toEqual(snap.groups.map((g) => g.groupId).sort());
    for (const g of snap.groups) {
      const m = metrics.groups[g.groupId];
      const produced = topicProducedPerSec(snap, metrics, g.topic);
      const d = drains[g.groupId];
      if (m.lag > 0 && m.consumedPerSec > produced)
        expect(d.drainMs).toBeCloseTo((m.lag / (m.consumedPerSec - produced)) * 1000, 6);
      else expect(d.drainMs).toBeNull();
    }
  });

  it('one topic: the produced rate is the measured one; several: the configured rates of that topic', () => {
    const sim = createSimulation(importKafkaCli(TWO_SNAPSHOTS), { seed: 1 });
    sim.advance(8000);
    const snap = sim.snapshot();
    const metrics = sim.metrics();
    const topics = new Set(snap.producers.map((p) => p.topic));
    for (const topic of topics) {
      const expected =
        topics.size === 1
          ? metrics.producedPerSec
          : snap.producers.filter((p) => p.topic === topic).reduce((s, p) => s + p.ratePerSec, 0);
      expect(topicProducedPerSec(snap, metrics, topic)).toBe(expected);
    }
    expect(topicProducedPerSec(snap, metrics, 'no-such-topic')).toBe(0);
  });
});
