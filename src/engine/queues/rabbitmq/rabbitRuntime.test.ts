// RabbitMQ through createSimulation: the three presets' stories, told by the engine's own
// metrics and snapshot, and the scenario checks for exchanges.

import { describe, expect, it } from 'vitest';
import { getPreset } from '../../scenario/presets';
import { parseScenario, type Scenario } from '../../scenario/schema';
import { createSimulation } from '../../simulation';

describe('RabbitMQ in the engine', () => {
  it('rabbitmq-routing: each queue gets the share of routing keys its binding matches', () => {
    const sim = createSimulation('rabbitmq-routing', { seed: 1 });
    sim.advance(30_000);
    const g = sim.metrics().groups;
    // 7 routing keys in turn: eu-ops matches 3 (*.eu.*), orders 3 (order.#), failures 2 (#.failed), audit 7 (#).
    const produced = (id: string) => g[id].produced;
    expect(produced('audit')).toBeGreaterThan(300);
    expect(produced('eu-ops') / produced('audit')).toBeCloseTo(3 / 7, 2);
    expect(produced('order-service') / produced('audit')).toBeCloseTo(3 / 7, 2);
    expect(produced('alerts') / produced('audit')).toBeCloseTo(2 / 7, 2);
    for (const id of ['eu-ops', 'order-service', 'alerts', 'audit']) expect(g[id].lost).toBe(0);
    expect(sim.snapshot().exchanges?.[0]).toMatchObject({ name: 'events', type: 'topic' });
  });

  it('rabbitmq-nack-requeue: the classic queue redelivers the poison forever; the quorum queue stops at the limit', () => {
    const sim = createSimulation('rabbitmq-nack-requeue', { seed: 2 });
    sim.advance(40_000);
    const g = sim.metrics().groups;
    expect(g['quorum-workers'].deadLettered).toBe(1);
    expect(g['classic-workers'].deadLettered).toBe(0);
    // Quorum: the poison message was delivered 21 times (x-delivery-limit 20), then dead-lettered.
    expect(g['quorum-workers'].redeliveries).toBe(20);
    expect(g['classic-workers'].redeliveries).toBeGreaterThan(200);
    const dlq = sim.snapshot().queues?.find((q) => q.name === 'orders-dlq');
    expect(dlq?.messages[0].xDeath?.[0]).toMatchObject({
      queue: 'orders-quorum',
      reason: 'delivery_limit',
      count: 1,
    });
  });

  it('rabbitmq-dlx-retry: rejected orders come back after the TTL and all succeed after the outage', () => {
    const sim = createSimulation('rabbitmq-dlx-retry', { seed: 3 });
    sim.advance(45_000);
    const p = sim.metrics().groups.payments;
    expect(p.lost).toBe(0);
    expect(p.duplicates).toBe(0);
    expect(p.redeliveries).toBe(0); // no requeue: each retry is a new arrival through the DLX
    expect(p.delivered - p.applied).toBeGreaterThan(100); // the rejections during the outage
    // Over the whole run (latencyMs is the recent 10–20 s window, as for Kafka groups).
    expect(p.latency.endToEndRunMs.max).toBeGreaterThan(10_000); // 12 s outage, retried every 5 s
    expect(p.latency.endToEndRunMs.max).toBeLessThan(20_000);
  });

  it('checks exchanges: bindings name RabbitMQ queues, producers name an exchange that exists', () => {
    const base = getPreset('rabbitmq-routing');
    const bad = (patch: (s: Scenario) => void) => {
      const s = structuredClone(base);
      patch(s);
      return () => parseScenario(s);
    };
    expect(
      bad((s) => {
        s.exchanges![0].bindings![0].queue = 'nope';
      }),
    ).toThrow(/not a RabbitMQ queue/);
    expect(
      bad((s) => {
        s.producers[0].exchange = 'missing';
      }),
    ).toThrow(/no exchange "missing"/);
    expect(
      bad((s) => {
        s.producers[0].queue = 'audit';
      }),
    ).toThrow(/exactly one of topic, queue and exchange/);
    expect(
      bad((s) => {
        s.queues![1] = { name: 'orders', type: 'rabbitmq-classic', 'x-delivery-limit': 3 } as never;
      }),
    ).toThrow(/x-delivery-limit/);
  });

  it('consumer_timeout closes a stuck consumer channel; its message is redelivered and the consumer consumes again', () => {
    const s: Scenario = {
      topics: [],
      queues: [{ name: 'jobs', type: 'rabbitmq-classic', consumer_timeout: 10_000 }],
      producers: [{ id: 'p', queue: 'jobs', ratePerSec: 1, keys: { type: 'uniform', count: 10 } }],
      groups: [
        {
          groupId: 'workers',
          queue: 'jobs',
          consumers: 1,
          prefetch: 1,
          processing: { meanMs: 30_000, distribution: 'constant' },
        },
      ],
    };
    const sim = createSimulation(s, { seed: 1 });
    sim.advance(45_000);
    const w = sim.metrics().groups.workers;
    expect(w.redeliveries).toBeGreaterThan(0);
    expect(sim.snapshot().queues?.[0].consumers.some((c) => c.consumerId.startsWith('w-'))).toBe(true);
  });
});
