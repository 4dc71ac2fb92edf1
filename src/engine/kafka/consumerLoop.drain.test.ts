// After production stops and every record is processed, no group may keep lag: an idle
// auto-commit consumer's poll returns when its next auto.commit.interval.ms is up and
// commits (the Java client bounds the long poll by the auto-commit timer), and a manual
// commit stores positions a fetch moved past without records (transaction markers,
// auto.offset.reset after retention).

import { describe, expect, it } from 'vitest';
import { getPreset } from '../scenario/presets';
import type { Scenario } from '../scenario/schema';
import { createSimulation } from '../simulation';

const PRODUCE_MS = 8_000;

/** A preset whose producers stop at PRODUCE_MS, without its timeline, every Kafka group on one commit mode. */
function drained(id: string, isAutoCommit: boolean): Scenario {
  const s = getPreset(id);
  return {
    ...s,
    durationMs: PRODUCE_MS,
    timeline: [],
    groups: s.groups.map((g) =>
      g.type === 'share' || g.transform ? g : { ...g, 'enable.auto.commit': isAutoCommit },
    ),
  };
}

describe.each([
  // id, how long after production stops every group has processed everything
  ['default', 30_000],
  ['two-topics', 30_000],
  ['hot-partition', 30_000],
  // Consumers of a transactional topic step over the last commit marker with no record to process.
  ['transactions-eos', 30_000],
  ['retry-ordering', 30_000],
  // The slow archiver falls behind retention: auto.offset.reset moves it to the log end.
  ['backpressure', 72_000],
])('a drained %s', (id, drainMs) => {
  it.each([
    ['auto', true],
    ['manual', false],
  ])('%s commit leaves every group committed at the log end, with no lag', (_, isAutoCommit) => {
    const sim = createSimulation(drained(id, isAutoCommit), { seed: 7 });
    sim.advance(PRODUCE_MS + drainMs);
    const snap = sim.snapshot();
    const metrics = sim.metrics();
    expect(metrics.produced).toBeGreaterThan(0);
    for (const g of snap.groups) {
      expect(metrics.groups[g.groupId].delivered, `${g.groupId} consumed`).toBeGreaterThan(0);
      for (const p of snap.partitions) {
        if (!(g.groupId in p.committed)) continue;
        expect(p.committed[g.groupId], `${g.groupId} ${p.topic}-${p.partition}`).toBe(p.logEndOffset);
        expect(p.lag[g.groupId]).toBe(0);
      }
      expect(metrics.groups[g.groupId].lag, g.groupId).toBe(0);
    }
  });
});

/** One consumer reads about 20 records in the first second, then waits for more that never come. */
function quiet(isAutoCommit: boolean): Scenario {
  return {
    id: 'quiet',
    topics: [{ name: 'orders', partitions: 1 }],
    producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 20 }],
    groups: [
      {
        groupId: 'payments',
        topic: 'orders',
        consumers: 1,
        'enable.auto.commit': isAutoCommit,
        'auto.commit.interval.ms': 2000,
        'auto.offset.reset': 'earliest',
        processing: { meanMs: 1, distribution: 'constant' },
      },
    ],
    broker: { 'group.initial.rebalance.delay.ms': 0, networkLatencyMs: 2 },
    durationMs: 1000,
  };
}

describe('an idle auto-commit consumer', () => {
  it('commits what it processed when its auto-commit interval is up, not before', () => {
    const sim = createSimulation(quiet(true), { seed: 1 });
    const commits: { atMs: number; offset: number }[] = [];
    let lastProcessedAtMs = -1;
    sim.on('committed', (e: { atMs: number; offsets: { offset: number }[] }) => {
      commits.push({ atMs: e.atMs, offset: e.offsets[0].offset });
    });
    sim.on('processed', (e: { atMs: number }) => {
      lastProcessedAtMs = e.atMs;
    });
    sim.advance(20_000);
    const logEnd = sim.snapshot().partitions[0].logEndOffset;
    expect(logEnd).toBeGreaterThan(10);
    expect(lastProcessedAtMs).toBeLessThan(1100);
    // The member joined at 0: its first auto-commit is due at 2000 ms, one network hop to commit.
    expect(commits).toEqual([{ atMs: 2002, offset: logEnd }]);
    expect(sim.metrics().groups.payments.lag).toBe(0);
  });

  it('costs no more engine events than a manual-commit one once everything is committed', () => {
    const handled = [true, false].map((isAutoCommit) => {
      const sim = createSimulation(quiet(isAutoCommit), { seed: 1 });
      sim.advance(20_000);
      expect(sim.metrics().groups.payments.lag).toBe(0);
      return sim.advance(600_000);
    });
    expect(handled[0]).toBe(handled[1]);
  });
});
