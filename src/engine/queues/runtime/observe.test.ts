// metrics().groups for groups reading a queue: lag (every message not deleted yet), lagMs (the
// age of the oldest message not deleted yet, visible or in flight: SQS's
// ApproximateAgeOfOldestMessage; RabbitMQ: ready or unacked) and the recent
// latency windows, rolled every 10 s of virtual time as Kafka groups' are.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../scenario/schema';
import { createSimulation, type Simulation } from '../../simulation';

const scenario = (type: string, group: Record<string, unknown> = {}, ratePerSec = 20): Scenario => ({
  topics: [],
  queues: [
    {
      name: type === 'sqs-fifo' ? 'orders.fifo' : 'orders',
      type,
      ...(type.startsWith('sqs') ? { VisibilityTimeout: 5 } : {}),
    } as never,
  ],
  producers: [{ id: 'checkout', queue: type === 'sqs-fifo' ? 'orders.fifo' : 'orders', ratePerSec }],
  groups: [
    {
      groupId: 'workers',
      queue: type === 'sqs-fifo' ? 'orders.fifo' : 'orders',
      consumers: 1,
      // RabbitMQ: one unacked delivery at a time, so the backlog stays ready in the queue.
      ...(type.startsWith('rabbitmq') ? { prefetch: 1 } : {}),
      processing: { meanMs: 100, distribution: 'constant' },
      ...group,
    } as never,
  ],
});

/**
 * What the metric should read, from the snapshot: now minus the send of the oldest message
 * still in the queue, visible or in flight (delayed ones are not counted).
 */
function oldestAgeMs(sim: Simulation): number {
  const q = sim.snapshot().queues![0];
  // SQS names a visible message 'available', RabbitMQ a ready one 'ready'.
  const visible = q.messages.filter((m) => m.state === 'available' || m.state === 'ready');
  const inFlight = q.messages.filter((m) => m.state === 'in-flight' || m.state === 'unacked');
  expect(visible.length).toBe(q.visible); // the view lists them all (below its limit)
  expect(inFlight.length).toBe(q.inFlight);
  const held = [...visible, ...inFlight];
  return held.length === 0 ? 0 : sim.now - Math.min(...held.map((m) => m.sentAtMs));
}

describe('queue group lag and lagMs', () => {
  it.each(['sqs-standard', 'sqs-fifo', 'rabbitmq-classic', 'rabbitmq-quorum'])(
    '%s: a consumer slower than the producer builds a backlog; lagMs is the oldest message’s age',
    (type) => {
      // 20 msg/s in, 10 msg/s out (100 ms each, one consumer): the backlog grows by 10 per second.
      const sim = createSimulation(scenario(type), { seed: 1 });
      sim.advance(8_000);
      const m = sim.metrics().groups.workers;
      const q = sim.snapshot().queues![0];
      expect(q.visible).toBeGreaterThan(50);
      expect(m.lag).toBe(q.visible + q.inFlight + q.delayed);
      expect(m.lagByPartition).toEqual([m.lag]);
      expect(m.lagMs).toBeGreaterThan(2_000);
      expect(m.lagMs).toBe(oldestAgeMs(sim));
    },
  );

  it('nothing visible but messages in flight: lagMs is the oldest in-flight message’s age, not 0', () => {
    const sim = createSimulation(scenario('sqs-standard', { consumers: 4 }, 5), { seed: 1 });
    sim.advance(10_000);
    // The producer sends once a second; step until the burst is received.
    for (let i = 0; i < 100 && sim.snapshot().queues![0].visible > 0; i++) sim.advance(20);
    const m = sim.metrics().groups.workers;
    const q = sim.snapshot().queues![0];
    expect(q.visible).toBe(0);
    expect(q.inFlight).toBeGreaterThan(0);
    expect(m.lagMs).toBeGreaterThan(0);
    expect(m.lagMs).toBe(oldestAgeMs(sim));
    expect(m.lag).toBe(q.inFlight + q.delayed);
  });

  it.each(['rabbitmq-classic', 'rabbitmq-quorum'])(
    '%s: a frozen consumer holding every message unacked reads a growing lagMs, not caught up',
    (type) => {
      // prefetch 10 at 5 msg/s: every message is pushed to the one consumer, which is frozen,
      // so none is ready and all of them wait unacked.
      const sim = createSimulation(scenario(type, { prefetch: 10 }, 5), { seed: 1 });
      sim.advance(100);
      sim.inject({ type: 'pause-consumer', memberId: 'w-1', durationMs: 60_000 });
      sim.advance(900);
      const m0 = sim.metrics().groups.workers;
      sim.advance(1_000);
      const m = sim.metrics().groups.workers;
      const q = sim.snapshot().queues![0];
      expect(q.visible).toBe(0);
      expect(q.inFlight).toBeGreaterThan(5);
      expect(m.lagMs).toBe(oldestAgeMs(sim));
      expect(m.lagMs).toBeGreaterThanOrEqual(m0.lagMs + 1_000);
      expect(m.lagMs).toBeGreaterThan(1_000);
    },
  );

  it('a message back from its visibility timeout counts with its first enqueue time, not its return', () => {
    // One consumer frozen past the 5 s visibility timeout holding its batch; the other is busy,
    // so the returned messages wait at the back of the queue behind newer ones.
    const sim = createSimulation(
      scenario(
        'sqs-standard',
        { consumers: 2, MaxNumberOfMessages: 10, processing: { meanMs: 100, distribution: 'constant' } },
        15,
      ),
      { seed: 3 },
    );
    sim.advance(1_000);
    sim.inject({ type: 'pause-consumer', memberId: 'w-1', durationMs: 30_000 });
    sim.advance(9_000);
    const m = sim.metrics().groups.workers;
    expect((m.redeliveries ?? 0) + sim.snapshot().queues![0].visible).toBeGreaterThan(0);
    expect(m.lagMs).toBe(oldestAgeMs(sim));
  });

  it('SQS DelaySeconds: delayed messages are backlog (lag) but not visible (no age)', () => {
    const sim = createSimulation(
      {
        ...scenario('sqs-standard', { consumers: 2 }, 10),
        queues: [{ name: 'orders', type: 'sqs-standard', DelaySeconds: 5 } as never],
      },
      { seed: 1 },
    );
    sim.advance(3_000);
    const m = sim.metrics().groups.workers;
    const q = sim.snapshot().queues![0];
    expect(q.delayed).toBeGreaterThan(20);
    expect(q.visible).toBe(0);
    expect(m.lag).toBe(q.delayed + q.inFlight);
    expect(m.lagMs).toBe(0);
  });
});

describe('queue group recent latency windows', () => {
  it('roll every 10 s: "recent" covers the last 10–20 s, the run figure everything', () => {
    const sim = createSimulation(scenario('sqs-standard', { consumers: 2 }, 20), { seed: 1 });
    sim.advance(35_500);
    const m = sim.metrics().groups.workers;
    // Windows rolled at 10, 20 and 30 s: recent = [20 s, 35.5 s), ~15.5 s × 20 msg/s.
    expect(m.latency.endToEndRunMs.count).toBe(m.applied);
    expect(m.latency.endToEndMs.count).toBeGreaterThan(280);
    expect(m.latency.endToEndMs.count).toBeLessThan(340);
    expect(m.latency.queueMs.count).toBe(m.latency.endToEndMs.count);
    expect(m.latencyMs.count).toBe(m.latency.endToEndMs.count);
  });

  it('a slow spike leaves the recent figures 20 s later, and stays in the run figure', () => {
    const sim = createSimulation(scenario('sqs-standard', { consumers: 1 }, 5), { seed: 2 });
    sim.advance(2_000);
    sim.inject({ type: 'slow-consumer', memberId: 'w-1', factor: 30 });
    sim.advance(6_000);
    sim.inject({ type: 'slow-consumer', memberId: 'w-1', factor: 1 });
    sim.advance(7_000);
    const during = sim.metrics().groups.workers;
    expect(during.latency.endToEndMs.max).toBeGreaterThan(5_000);
    sim.advance(30_000);
    const after = sim.metrics().groups.workers;
    // The producer sends once a second: a message waits up to ~1 s in steady state.
    expect(after.latency.endToEndMs.max).toBeLessThan(2_000);
    expect(after.latencyMs.p99).toBeLessThan(2_000);
    expect(after.latency.endToEndRunMs.max).toBe(during.latency.endToEndRunMs.max);
  });
});

describe('queue group outOfOrder', () => {
  it('counts first applications below the highest applied id of their key, whatever path the key takes', () => {
    // Few keys, a frozen consumer past the visibility timeout (its messages come back late), a
    // hot key that reads as a sampled one ("order-7") and one that does not, a poison key.
    const sim = createSimulation(
      {
        ...scenario('sqs-standard', { consumers: 3, MaxNumberOfMessages: 5 }, 40),
        producers: [
          {
            id: 'checkout',
            queue: 'orders',
            ratePerSec: 40,
            keys: { type: 'uniform', count: 20, prefix: 'order-' },
          },
        ],
      },
      { seed: 4 },
    );
    const highest = new Map<string, number>();
    let expected = 0;
    sim.on('queue-processed', (e) => {
      if (e.appliedCount !== 1 || e.isDeduplicated || e.key === null) return;
      const h = highest.get(e.key);
      if (h !== undefined && h > e.messageId) expected += 1;
      else highest.set(e.key, e.messageId);
    });
    // Read between steps too: the per-key checks run in batches (effect.ts), and a read settles
    // the pending ones first, so every read agrees with checking each application at once.
    const outOfOrder = () => sim.metrics().groups.workers.outOfOrder;
    sim.advance(2_000);
    expect(outOfOrder()).toBe(expected);
    sim.inject({ type: 'pause-consumer', memberId: 'w-1', durationMs: 8_000 });
    sim.inject({ type: 'hot-key', key: 'order-7', share: 0.3 });
    sim.advance(6_000);
    expect(outOfOrder()).toBe(expected);
    sim.inject({ type: 'hot-key', key: 'merchant-x', share: 0.3 });
    sim.inject({ type: 'poison-message', key: 'order-3' });
    for (let i = 0; i < 12; i++) {
      sim.advance(1_000);
      expect(outOfOrder()).toBe(expected);
    }
    expect(expected).toBeGreaterThan(0);
  });
});

describe('detached queue consumers in snapshot().queues', () => {
  it.each([
    ['rabbitmq-classic', { prefetch: 10 }, 10],
    ['rabbitmq-quorum', { prefetch: 7 }, 7],
    ['sqs-standard', { MaxNumberOfMessages: 4 }, 4],
  ] as const)('%s: a crashed consumer keeps the prefetch it was attached with', (type, group, expected) => {
    const sim = createSimulation(scenario(type, { consumers: 2, ...group }, 10), { seed: 1 });
    sim.advance(2_000);
    const before = sim.snapshot().queues![0].consumers.find((c) => c.consumerId === 'w-1');
    expect(before?.prefetch).toBe(expected);
    sim.inject({ type: 'crash-consumer', memberId: 'w-1' });
    sim.advance(500);
    const after = sim.snapshot().queues![0].consumers.find((c) => c.consumerId === 'w-1');
    expect(after?.state).toBe('Crashed');
    expect(after?.inFlight).toBe(0);
    expect(after?.prefetch).toBe(expected);
  });
});
