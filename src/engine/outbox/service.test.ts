import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceMetrics } from '../flowTypes';
import type { Scenario } from '../scenario/schema';
import { createSimulation } from '../simulation';

type WritePath = ServiceMetrics['writePath'];
type Point =
  | 'now'
  | 'after-commit-before-publish'
  | 'after-publish-before-commit'
  | 'after-publish-before-mark';

const scenario = (writePath: WritePath): Scenario => ({
  id: 'svc',
  topics: [{ name: 'orders', partitions: 3 }],
  producers: [],
  groups: [],
  services: [
    { id: 'orders-svc', topic: 'orders', ratePerSec: 100, writePath, relayIntervalMs: 200, stopMs: 8000 },
  ],
});

function run(writePath: WritePath, crashes: { atMs: number; point: Point; restartAfterMs: number }[]) {
  const sim = createSimulation(scenario(writePath), { seed: 1 });
  for (const c of [...crashes].sort((a, b) => a.atMs - b.atMs)) {
    sim.advance(c.atMs - sim.now);
    sim.inject({
      type: 'crash-service',
      serviceId: 'orders-svc',
      point: c.point,
      restartAfterMs: c.restartAfterMs,
    });
  }
  // Long enough for every restart and the relay to drain the outbox.
  sim.advance(Math.max(0, 12_000 - sim.now));
  return sim.metrics().services!['orders-svc'];
}

describe('dual writes and the transactional outbox', () => {
  it('dual write, commit first: a crash between commit and publish loses exactly that event', () => {
    const m = run('dual-write-commit-first', [
      { atMs: 1000, point: 'after-commit-before-publish', restartAfterMs: 500 },
    ]);
    expect(m.lostEvents).toBe(1);
    expect(m.phantomEvents).toBe(0);
    expect(m.crashes).toBe(1);
    expect(m.committed).toBe(m.published + 1);
  });

  it('dual write, publish first: a crash between publish and commit leaves one phantom event', () => {
    const m = run('dual-write-publish-first', [
      { atMs: 1000, point: 'after-publish-before-commit', restartAfterMs: 500 },
    ]);
    expect(m.phantomEvents).toBe(1);
    expect(m.lostEvents).toBe(0);
    expect(m.published).toBe(m.committed + 1);
  });

  it('a crash point a write path never reaches fires after a complete request: nothing lost', () => {
    const m = run('dual-write-publish-first', [
      { atMs: 1000, point: 'after-commit-before-publish', restartAfterMs: 500 },
    ]);
    expect(m).toMatchObject({ lostEvents: 0, phantomEvents: 0, crashes: 1 });
  });

  it('outbox: a relay crash after publishing and before marking republishes the rows (duplicates, no loss)', () => {
    const m = run('outbox', [{ atMs: 1000, point: 'after-publish-before-mark', restartAfterMs: 500 }]);
    expect(m.duplicateEvents).toBeGreaterThan(0);
    expect(m.lostEvents).toBe(0);
    expect(m.phantomEvents).toBe(0);
    expect(m.pendingOutbox).toBe(0);
  });

  it('refuses requests while down and counts them', () => {
    const m = run('outbox', [{ atMs: 1000, point: 'now', restartAfterMs: 2000 }]);
    expect(m.refused).toBeGreaterThanOrEqual(195);
    expect(m.refused).toBeLessThanOrEqual(205);
  });

  it('the events reach a consumer group reading the topic', () => {
    const s = scenario('outbox');
    s.groups = [{ groupId: 'ledger', topic: 'orders', consumers: 1, 'auto.offset.reset': 'earliest' }];
    const sim = createSimulation(s, { seed: 1 });
    sim.advance(10_000);
    const m = sim.metrics();
    expect(m.groups.ledger.applied).toBeGreaterThan(500);
    expect(m.groups.ledger.applied).toBeLessThanOrEqual(m.services!['orders-svc'].committed);
  });

  const crashSchedule = fc.array(
    fc.record({
      atMs: fc.integer({ min: 0, max: 6000 }),
      point: fc.constantFrom<Point>(
        'now',
        'after-commit-before-publish',
        'after-publish-before-commit',
        'after-publish-before-mark',
      ),
      restartAfterMs: fc.integer({ min: 0, max: 2000 }),
    }),
    { maxLength: 6 },
  );

  it('the outbox never loses an event and never publishes a phantom, over 1,000 random crash schedules', () => {
    fc.assert(
      fc.property(crashSchedule, (crashes) => {
        const m = run('outbox', crashes);
        expect(m.lostEvents).toBe(0);
        expect(m.phantomEvents).toBe(0);
        expect(m.pendingOutbox).toBe(0);
      }),
      { numRuns: 1000, seed: 13 },
    );
  });

  it('dual write loses one event per crash that lands between commit and publish, and nothing else', () => {
    fc.assert(
      fc.property(crashSchedule, (crashes) => {
        const m = run('dual-write-commit-first', crashes);
        expect(m.phantomEvents).toBe(0);
        expect(m.lostEvents).toBeLessThanOrEqual(
          crashes.filter((c) => c.point === 'after-commit-before-publish').length,
        );
        expect(m.lostEvents).toBe(m.committed - m.published);
      }),
      { numRuns: 200, seed: 13 },
    );
  });
});
