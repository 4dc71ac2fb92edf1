// The RabbitMQ retry lesson's own claims, checked against the engine: the topology and
// figures its narration states and the menu item it names. Its answers are checked for
// every seed by curriculum.test.ts.

import { describe, expect, it } from 'vitest';
import { createSimulation, type SimEvent } from '../../engine';
import { overflowFigure } from '../../ui/OutcomesPanel';
import { queueMenu } from '../../ui/queueMenu';
import { dlxRetry, maxLength, nackRequeue } from './rabbitmq';

const says = [
  dlxRetry.concept,
  ...dlxRetry.steps.flatMap((s) => [s.narration, s.prediction?.question ?? '']),
].join('\n');

describe('lesson rabbitmq-dlx-retry states what the engine does', () => {
  it('orders → retry → orders-retry (x-message-ttl 5000, no consumers) → orders-x → orders; outage from 10 s for 12 s; about 120 orders in it', () => {
    for (const figure of [
      'x-message-ttl 5000, no consumers',
      'From 10 s the payment provider is down for 12 s',
      'about 120 orders arrived during it',
      'back at 22 s',
    ])
      expect(says).toContain(figure);
    const sim = createSimulation('rabbitmq-dlx-retry', { seed: 1 });
    const events: SimEvent[] = [];
    sim.on('*', (e) => events.push(e));
    sim.advance(10_000);
    const producedBefore = sim.metrics().groups.payments.produced;
    sim.advance(12_000);
    expect(sim.metrics().groups.payments.produced - producedBefore).toBe(120);
    const snap = sim.snapshot();
    const orders = snap.queues?.find((q) => q.name === 'orders');
    const retry = snap.queues?.find((q) => q.name === 'orders-retry');
    expect(orders?.deadLetterTarget).toBe('retry');
    expect(retry?.deadLetterTarget).toBe('orders-x');
    expect(retry?.settings['x-message-ttl']).toBe(5000);
    expect(retry?.consumers).toEqual([]);
    const routes = Object.fromEntries(
      (snap.exchanges ?? []).map((e) => [e.name, e.bindings.map((b) => b.queue)]),
    );
    expect(routes).toEqual({ retry: ['orders-retry'], 'orders-x': ['orders'] });
    const outage = events.find((e) => e.type === 'fault' && e.fault.type === 'outage');
    expect(outage && outage.type === 'fault' && outage.fault).toEqual({ type: 'outage', durationMs: 12_000 });
    expect(outage?.atMs).toBe(10_000);
    // Each rejected order waits the TTL in orders-retry: dead-lettered by orders, expired 5 s later.
    const byId = new Map<number, number[]>();
    for (const e of events)
      if (e.type === 'queue-dead-lettered') byId.set(e.messageId, [...(byId.get(e.messageId) ?? []), e.atMs]);
    const [first] = byId.values();
    expect(first[1] - first[0]).toBe(5000);
  });

  it('the x-death history it asks about is readable through the menu item it names', () => {
    const sim = createSimulation('rabbitmq-dlx-retry', { seed: 1 });
    sim.advance(21_000);
    const snap = sim.snapshot();
    const item = queueMenu(snap, 'orders-retry')?.items.find((i) => i.name.startsWith('Inspect'));
    expect(item?.name).toBe('Inspect orders-retry');
    expect(dlxRetry.steps[1].narration).toContain('Inspect orders-retry');
    const waiting = snap.queues?.find((q) => q.name === 'orders-retry')?.messages ?? [];
    const most = waiting.reduce((a, b) =>
      Math.max(...(b.xDeath ?? []).map((d) => d.count)) > Math.max(...(a.xDeath ?? []).map((d) => d.count))
        ? b
        : a,
    );
    // The order the questions follow: rejected in orders three times, expired in orders-retry
    // twice; entries per {queue, reason}: the third rejection raised a count, it added no entry.
    for (const figure of ['rejected in orders three times and has expired in orders-retry twice'])
      expect(says).toContain(figure);
    expect(Object.fromEntries(most.xDeath!.map((d) => [`${d.queue}/${d.reason}`, d.count]))).toEqual({
      'orders/rejected': 3,
      'orders-retry/expired': 2,
    });
    expect(Math.max(...waiting.map((m) => m.xDeath?.length ?? 0))).toBe(2);
    // "The order that has waited longest" is one that holds the highest count.
    const oldest = waiting.reduce((a, b) => (b.sentAtMs < a.sentAtMs ? b : a));
    expect(oldest.xDeath?.find((d) => d.queue === 'orders' && d.reason === 'rejected')?.count).toBe(3);
  });
});

describe('lesson rabbitmq-nack-requeue states what the engine does', () => {
  it('orders-classic gets the same poison order as orders-quorum, and has no x-delivery-limit', () => {
    const text = nackRequeue.steps.map((s) => s.narration).join('\n');
    expect(text).toContain('orders-classic got the same poison order at the same time');
    expect(text).toContain('classic queues have no x-delivery-limit');
    const sim = createSimulation('rabbitmq-nack-requeue', { seed: 1 });
    sim.advance(4_900);
    const holds = (queue: string) =>
      sim
        .snapshot()
        .queues?.find((q) => q.name === queue)
        ?.messages.some((m) => m.key === 'order-poison') ?? false;
    expect([holds('orders-classic'), holds('orders-quorum')]).toEqual([false, false]);
    sim.advance(200);
    // The fanout exchange copied the one poison order into both queues at 5 s.
    expect([holds('orders-classic'), holds('orders-quorum')]).toEqual([true, true]);
    const classic = sim.snapshot().queues?.find((q) => q.name === 'orders-classic');
    expect(classic?.type).toBe('rabbitmq-classic');
    expect(classic?.settings['x-delivery-limit'] ?? null).toBeNull();
  });
});

describe('lesson rabbitmq-max-length states what the engine does', () => {
  const text = [
    maxLength.concept,
    ...maxLength.steps.flatMap((s) => [s.narration, s.prediction?.question ?? '']),
  ].join('\n');

  it('three queues with x-max-length 20, one consumer of about 10 a second each, a spike from 8 to 40 a second at 10 s for 5 s', () => {
    for (const figure of [
      'x-max-length 20 and one consumer that handles about 10 orders a second',
      'At 10 s the rate goes from 8 to 40 orders a second for 5 s',
    ])
      expect(text).toContain(figure);
    const sim = createSimulation('rabbitmq-max-length', { seed: 1 });
    const events: SimEvent[] = [];
    sim.on('*', (e) => events.push(e));
    sim.advance(10_000);
    expect(sim.metrics().producedPerSec).toBeCloseTo(8, 0);
    const limited = sim.snapshot().queues!.filter((q) => q.settings['x-max-length'] !== null);
    expect(limited.map((q) => [q.name, q.settings['x-max-length'], q.consumers.length])).toEqual([
      ['orders-drop-head', 20, 1],
      ['orders-reject', 20, 1],
      ['orders-reject-dlx', 20, 1],
    ]);
    // One consumer drains about 10 a second while it has work.
    const before = sim.metrics().groups['reject-workers'].applied;
    sim.advance(5_000);
    expect((sim.metrics().groups['reject-workers'].applied - before) / 5).toBeGreaterThan(8);
    expect((sim.metrics().groups['reject-workers'].applied - before) / 5).toBeLessThan(12);
    sim.advance(1_000);
    const after = events.flatMap((e) =>
      e.type === 'fault' && e.fault.type === 'set-rate' ? [[e.atMs, e.fault.ratePerSec]] : [],
    );
    expect(after).toEqual([
      [10_000, 40],
      [15_000, 8],
    ]);
  });

  it('the Outcomes labels it names are the ones the panel shows', () => {
    const sim = createSimulation('rabbitmq-max-length', { seed: 1 });
    sim.advance(20_000);
    const g = sim.metrics().groups;
    expect(text).toContain(`"${overflowFigure(g['drop-head-workers'].overflow!).label}"`);
    expect(overflowFigure(g['reject-workers'].overflow!).label).toBe(
      'rejected at publish (x-overflow reject-publish)',
    );
    expect(text).toContain('"rejected at publish (x-overflow …)"');
    expect(sim.snapshot().queues!.find((q) => q.name === 'orders-overflow')?.consumers).toEqual([]);
  });
});
