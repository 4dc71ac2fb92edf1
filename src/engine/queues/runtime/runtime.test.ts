import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../scenario/schema';
import { createSimulation } from '../../simulation';

const sqsScenario = (
  group: Record<string, unknown> = {},
  queue: Record<string, unknown> = {},
  ratePerSec = 20,
): Scenario => ({
  topics: [],
  queues: [
    {
      name: 'orders',
      type: 'sqs-standard',
      VisibilityTimeout: 5,
      ReceiveMessageWaitTimeSeconds: 20,
      ...queue,
    } as never,
  ],
  producers: [{ id: 'checkout', queue: 'orders', ratePerSec }],
  groups: [{ groupId: 'workers', queue: 'orders', consumers: 2, processing: { meanMs: 30 }, ...group }],
});

describe('queue runtime: consumer groups on an SQS queue', () => {
  it('at-least-once with no faults applies every message once and deletes it', () => {
    const sim = createSimulation(sqsScenario({ MaxNumberOfMessages: 10 }));
    sim.advance(30_000);
    const g = sim.metrics().groups.workers;
    expect(g.produced).toBe(600);
    expect(g.applied + g.inFlight).toBe(600);
    expect(g.duplicates).toBe(0);
    expect(g.lost).toBe(0);
    expect(g.redeliveries).toBe(0);
    const q = sim.snapshot().queues![0];
    expect(q.visible).toBe(0);
    expect(q.consumers.map((c) => c.consumerId)).toEqual(['w-1', 'w-2']);
  });

  it.each([
    {
      delivery: 'at-least-once',
      point: 'after-process-before-commit',
      expect: { duplicates: 1, lost: 0 },
    },
    {
      delivery: 'at-most-once',
      point: 'after-commit-before-process-completes',
      expect: { duplicates: 0, lost: 1 },
    },
    {
      delivery: 'effectively-once',
      point: 'after-process-before-commit',
      expect: { duplicates: 0, lost: 0 },
    },
  ] as const)('$delivery, crash $point: $expect.duplicates duplicate(s), $expect.lost lost', (row) => {
    const sim = createSimulation(sqsScenario({ delivery: row.delivery, consumers: 1 }));
    sim.advance(2_000);
    sim.inject({ type: 'crash-consumer', memberId: 'w-1', point: row.point, restartAfterMs: 1_000 });
    sim.advance(20_000);
    const g = sim.metrics().groups.workers;
    expect({ duplicates: g.duplicates, lost: g.lost }).toEqual(row.expect);
    if (row.delivery === 'effectively-once') expect(g.deduplicated).toBe(1);
  });

  it('a paused consumer keeps its message past the visibility timeout: another consumer gets it too', () => {
    const sim = createSimulation(
      sqsScenario({ processing: { meanMs: 1000, distribution: 'constant' } }, {}, 1),
    );
    sim.advance(1_500);
    sim.inject({ type: 'pause-consumer', memberId: 'w-1', durationMs: 8_000 });
    sim.advance(20_000);
    const g = sim.metrics().groups.workers;
    expect(g.redeliveries).toBeGreaterThan(0);
    expect(g.duplicates).toBeGreaterThan(0);
    expect(g.lost).toBe(0);
  });

  it('the visibility heartbeat keeps a slow message invisible: no redelivery', () => {
    const slow = { processing: { meanMs: 12_000, distribution: 'constant' }, consumers: 3 };
    const without = createSimulation(sqsScenario(slow, { VisibilityTimeout: 5 }, 0.2));
    const withHeartbeat = createSimulation(
      sqsScenario(
        { ...slow, visibilityHeartbeat: { intervalMs: 3000, VisibilityTimeout: 5 } },
        { VisibilityTimeout: 5 },
        0.2,
      ),
    );
    without.advance(40_000);
    withHeartbeat.advance(40_000);
    expect(without.metrics().groups.workers.duplicates).toBeGreaterThan(0);
    expect(withHeartbeat.metrics().groups.workers.duplicates).toBe(0);
    expect(withHeartbeat.metrics().groups.workers.redeliveries).toBe(0);
  });

  it('queue faults: crash-consumer is rejected twice, lose-commit is refused for queue consumers', () => {
    const sim = createSimulation(sqsScenario());
    sim.advance(1_000);
    sim.inject({ type: 'crash-consumer', memberId: 'w-1' });
    expect(() => sim.inject({ type: 'crash-consumer', memberId: 'w-1' })).toThrow(/already Crashed/);
    expect(() => sim.inject({ type: 'lose-commit', memberId: 'w-2' })).toThrow(/no offsets/);
    expect(sim.snapshot().queues![0].consumers.find((c) => c.consumerId === 'w-1')?.state).toBe('Crashed');
    sim.inject({ type: 'restart-consumer', memberId: 'w-1' });
    sim.advance(1_000);
    expect(sim.snapshot().queues![0].consumers.find((c) => c.consumerId === 'w-1')?.state).not.toBe(
      'Crashed',
    );
  });

  it('a checkpoint restored replays the same event stream', () => {
    const sim = createSimulation('sqs-redrive', { seed: 7 });
    sim.advance(10_000);
    const cp = sim.checkpoint();
    const first: string[] = [];
    const off = sim.on('*', (e) => first.push(JSON.stringify(e)));
    sim.advance(30_000);
    off();
    const metrics = JSON.stringify(sim.metrics());
    sim.restore(cp);
    const second: string[] = [];
    sim.on('*', (e) => second.push(JSON.stringify(e)));
    sim.advance(30_000);
    expect(second).toEqual(first);
    expect(JSON.stringify(sim.metrics())).toBe(metrics);
  });

  it('a RabbitMQ checkpoint restored replays the same event stream (push deliveries pending included)', () => {
    const sim = createSimulation('rabbitmq-nack-requeue', { seed: 2 });
    sim.advance(7_345.5);
    const cp = sim.checkpoint();
    const first: string[] = [];
    const off = sim.on('*', (e) => first.push(JSON.stringify(e)));
    sim.advance(20_000);
    off();
    sim.restore(cp);
    const second: string[] = [];
    sim.on('*', (e) => second.push(JSON.stringify(e)));
    sim.advance(20_000);
    expect(second.length).toBeGreaterThan(100);
    expect(second).toEqual(first);
  });

  it('two simulations stepped in turn run as each would alone (nothing of one leaks into the other)', () => {
    const streamOf = (sim: ReturnType<typeof createSimulation>) => {
      const out: string[] = [];
      sim.on('*', (e) => out.push(JSON.stringify(e)));
      return out;
    };
    const alone = createSimulation('compare-brokers', { seed: 3 });
    const aloneEvents = streamOf(alone);
    alone.advance(8_000);
    const a = createSimulation('compare-brokers', { seed: 3 });
    const b = createSimulation('compare-brokers', { seed: 4 });
    const aEvents = streamOf(a);
    streamOf(b);
    for (let t = 0; t < 8_000; t += 250) {
      a.advance(250);
      b.advance(250);
    }
    expect(aEvents.length).toBeGreaterThan(100);
    expect(aEvents).toEqual(aloneEvents);
  });

  it('a Kafka scenario has no queues in its snapshot', () => {
    const sim = createSimulation('default');
    sim.advance(1_000);
    expect('queues' in sim.snapshot()).toBe(false);
  });
});

describe('SQS presets', () => {
  it('sqs-visibility-timeout: duplicates without the heartbeat, none with it', () => {
    const sim = createSimulation('sqs-visibility-timeout');
    sim.advance(120_000);
    const m = sim.metrics().groups;
    expect(m.workers.duplicates).toBeGreaterThan(0);
    expect(m['heartbeat-workers'].duplicates).toBe(0);
    expect(m.workers.lost + m['heartbeat-workers'].lost).toBe(0);
  });

  it('sqs-redrive: the outage fills the DLQ, the redrive empties it except the poison message', () => {
    const sim = createSimulation('sqs-redrive');
    const deadLettered: number[] = [];
    sim.on('queue-dead-lettered', (e) => deadLettered.push(e.messageId));
    sim.advance(34_000);
    const before = sim.metrics().groups.payments;
    expect(before.deadLettered).toBeGreaterThan(5);
    expect(sim.snapshot().queues!.find((q) => q.name === 'orders-dlq')!.isDeadLetterQueue).toBe(true);
    sim.advance(60_000);
    const after = sim.metrics().groups.payments;
    expect(after.deadLettered).toBe(1);
    expect(after.lost).toBe(0);
    expect(sim.snapshot().queues!.find((q) => q.name === 'orders-dlq')!.visible).toBe(1);
  });

  it('sqs-fifo: other groups keep flowing while customer-7 is stuck; every group is applied in order', () => {
    const sim = createSimulation('sqs-fifo');
    const order: Record<string, number[]> = {};
    const processedAt: { key: string; atMs: number }[] = [];
    sim.on('queue-processed', (e) => {
      const key = e.key ?? '';
      order[key] = [...(order[key] ?? []), e.messageId];
      processedAt.push({ key, atMs: e.atMs });
    });
    sim.advance(90_000);
    for (const ids of Object.values(order)) expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const stuck = processedAt.filter((p) => p.atMs > 6_000 && p.atMs < 40_000);
    expect(stuck.some((p) => p.key === 'customer-7')).toBe(false);
    expect(new Set(stuck.map((p) => p.key)).size).toBe(11);
    expect(processedAt.some((p) => p.key === 'customer-7' && p.atMs > 50_000)).toBe(true);
    expect(sim.metrics().groups.fulfillment.deadLettered).toBe(1);
  });
});

describe('queue consumer ids', () => {
  it('read like Kafka members (w-1, w-2); a group whose letter is taken numbers its own from 1', () => {
    const sim = createSimulation('rabbitmq-routing', { seed: 1 });
    sim.advance(100);
    const ids = (sim.snapshot().queues ?? []).flatMap((q) => q.consumers.map((c) => c.consumerId));
    expect(ids).toContain('a-1');
    expect(ids).toContain('audit-1');
    expect(ids).not.toContain('audit-2');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('queue producers: keys and routing keys', () => {
  it('a RabbitMQ queue producer publishes through the default exchange, routing key = queue name (x-death shows it)', () => {
    const sim = createSimulation({
      topics: [],
      queues: [
        {
          name: 'work',
          type: 'rabbitmq-classic',
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': 'dead',
        },
        { name: 'dead', type: 'rabbitmq-classic' },
      ] as never,
      producers: [
        { id: 'app', queue: 'work', ratePerSec: 10, keys: { type: 'uniform', count: 50, prefix: 'order-' } },
      ],
      groups: [
        { groupId: 'workers', queue: 'work', consumers: 1, requeue: false, processing: { meanMs: 5 } },
      ],
    } as Scenario);
    sim.advance(1_000);
    sim.inject({ type: 'poison-message' });
    sim.advance(5_000);
    const dead = sim.snapshot().queues!.find((q) => q.name === 'dead')!;
    const [entry] = dead.messages[0].xDeath!;
    expect(entry).toMatchObject({ queue: 'work', reason: 'rejected', exchange: '', routingKeys: ['work'] });
  });

  it.each(['sqs-standard', 'sqs-fifo', 'rabbitmq-classic'] as const)(
    '%s: the key a producer left unbuilt reads the same in events and views',
    (type) => {
      const name = type === 'sqs-fifo' ? 'orders.fifo' : 'orders';
      const sim = createSimulation({
        topics: [],
        queues: [{ name, type } as never],
        producers: [
          { id: 'app', queue: name, ratePerSec: 50, keys: { type: 'uniform', count: 20, prefix: 'order-' } },
        ],
        groups: [{ groupId: 'workers', queue: name, consumers: 1, processing: { meanMs: 500 } }],
      } as Scenario);
      const keys: (string | null)[] = [];
      sim.on('queue-processed', (e) => keys.push(e.key));
      sim.advance(3_000);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key).toMatch(/^order-\d+$/);
      const views = sim.snapshot().queues![0].messages;
      expect(views.length).toBeGreaterThan(0);
      for (const m of views) {
        expect(m.key).toMatch(/^order-\d+$/);
        if (type === 'sqs-fifo') expect(m.messageGroupId).toBe(m.key);
      }
    },
  );
});
