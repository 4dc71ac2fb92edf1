// The queue half's menus on fixture snapshots: what a queue consumer, a queue, a DLQ and an
// exchange offer, the faults they apply, and what inspecting a DLQ shows (x-death entries on
// RabbitMQ, ApproximateReceiveCount on SQS).

import { describe, expect, it } from 'vitest';
import { createSimulation, type SimEvent, type Snapshot } from '../engine';
import { queueFixtureFrame } from '../viz/queueFixture';
import { menuFor } from './diagramMenu';
import { inspectQueue, queueMenu, routingKeyFor } from './queueMenu';

const snap = (): Snapshot => queueFixtureFrame('all').snapshot;
const names = (m: { items: { name: string }[] } | null) => m?.items.map((i) => i.name);

function withConsumer(s: Snapshot, queue: string, consumerId: string, extra: object): Snapshot {
  return {
    ...s,
    queues: s.queues?.map((q) =>
      q.name === queue
        ? { ...q, consumers: q.consumers.map((c) => (c.consumerId === consumerId ? { ...c, ...extra } : c)) }
        : q,
    ),
  };
}

describe('queue menus', () => {
  it('offers an SQS consumer the crash points in SQS words, slow down and a pause past the visibility timeout', () => {
    const menu = menuFor({ kind: 'queue-consumer', queue: 'jobs', consumerId: 'worker-1' }, snap(), null);
    expect(menu?.title).toBe('Actions for queue consumer worker-1');
    expect(names(menu)).toEqual([
      'Crash worker-1 now',
      'Crash worker-1 before process',
      'Crash worker-1 after process, before DeleteMessage',
      'Crash worker-1 after DeleteMessage, before process completes',
      'Slow down worker-1 ×10',
      'Pause worker-1 past the visibility timeout',
    ]);
    // VisibilityTimeout 30 s in the fixture, plus 5 s: the messages it holds come back.
    expect(menu?.items[5].action).toEqual({
      kind: 'fault',
      fault: { type: 'pause-consumer', memberId: 'worker-1', durationMs: 35_000 },
    });
    expect(menu?.items[2].action).toEqual({
      kind: 'fault',
      fault: { type: 'crash-consumer', memberId: 'worker-1', point: 'after-process-before-commit' },
    });
  });

  it('offers a RabbitMQ consumer a pause past consumer_timeout, and a crashed one a restart', () => {
    const menu = menuFor({ kind: 'queue-consumer', queue: 'eu-orders', consumerId: 'eu-1' }, snap(), null);
    expect(names(menu)).toContain('Crash eu-1 after process, before ack');
    expect(menu?.items.find((i) => i.name === 'Pause eu-1 past the consumer_timeout')?.action).toEqual({
      kind: 'fault',
      fault: { type: 'pause-consumer', memberId: 'eu-1', durationMs: 65_000 },
    });
    const crashed = withConsumer(snap(), 'eu-orders', 'eu-1', { state: 'Crashed' });
    expect(
      names(menuFor({ kind: 'queue-consumer', queue: 'eu-orders', consumerId: 'eu-1' }, crashed, null)),
    ).toEqual(['Restart eu-1']);
    const slow = withConsumer(snap(), 'eu-orders', 'eu-1', { processingFactor: 10, pausedUntilMs: 90_000 });
    const slowMenu = menuFor({ kind: 'queue-consumer', queue: 'eu-orders', consumerId: 'eu-1' }, slow, null);
    expect(names(slowMenu)).toContain('Restore eu-1 to normal speed');
    expect(slowMenu?.items.find((i) => i.name.startsWith('Pause'))?.isDisabled).toBe(true);
  });

  it('offers a queue a poison message through the producer that reaches it, purge and inspect', () => {
    const direct = menuFor({ kind: 'queue', queue: 'jobs' }, snap(), null);
    expect(names(direct)).toEqual(['Send a poison message to jobs', 'Purge jobs', 'Inspect jobs']);
    expect(direct?.items[0].action).toEqual({
      kind: 'fault',
      fault: { type: 'poison-message', key: 'poison', producerId: 'web' },
    });
    expect(direct?.items[1].action).toEqual({ kind: 'fault', fault: { type: 'purge-dlq', queue: 'jobs' } });
    // Through the topic exchange, with a routing key its binding matches.
    const routed = menuFor({ kind: 'queue', queue: 'eu-orders' }, snap(), null);
    expect(routed?.items[0].action).toEqual({
      kind: 'fault',
      fault: { type: 'poison-message', key: 'order.eu.poison', producerId: 'shop' },
    });
  });

  it('offers an SQS DLQ inspect, redrive (StartMessageMoveTask) to its source and purge', () => {
    const sqs = menuFor({ kind: 'queue', queue: 'jobs-dlq' }, snap(), null);
    expect(sqs?.title).toBe('Actions for dead-letter queue jobs-dlq');
    expect(names(sqs)).toEqual(['Inspect jobs-dlq', 'Redrive jobs-dlq to jobs', 'Purge jobs-dlq']);
    expect(sqs?.items[1].action).toEqual({ kind: 'fault', fault: { type: 'redrive', queue: 'jobs-dlq' } });
  });

  it('offers a RabbitMQ DLQ a shovel back to its source, never a redrive (RabbitMQ has none)', () => {
    // The source reaches its DLQ through the dead-letter exchange.
    const rabbit = menuFor({ kind: 'queue', queue: 'orders-dead' }, snap(), null);
    expect(names(rabbit)).toEqual([
      'Inspect orders-dead',
      'Shovel orders-dead back to eu-orders',
      'Purge orders-dead',
    ]);
    expect(names(rabbit)?.some((n) => /redrive/i.test(n))).toBe(false);
  });

  it('the shovel moves the dead-lettered poison order from orders-dlq back into orders-quorum', () => {
    const sim = createSimulation('rabbitmq-nack-requeue', { seed: 1 });
    const events: SimEvent[] = [];
    sim.on('*', (e) => events.push(e));
    sim.advance(15_000);
    const before = sim.snapshot();
    const dlq = before.queues?.find((q) => q.name === 'orders-dlq');
    expect(dlq?.visible).toBe(1);
    const item = queueMenu(before, 'orders-dlq')?.items[1];
    expect(item?.name).toBe('Shovel orders-dlq back to orders-quorum');
    expect(item?.isDisabled).toBe(false);
    if (item?.action.kind !== 'fault') throw new Error('the shovel is a fault');
    // The confirmation names the RabbitMQ way, not SQS's StartMessageMoveTask.
    expect(sim.inject(item.action.fault)).toBe(
      'shovel: moving 1 message(s) from orders-dlq back to their source',
    );
    sim.advance(1_000);
    const moved = events.filter((e) => e.type === 'queue-moved');
    expect(moved.map((e) => e.type === 'queue-moved' && [e.from, e.to])).toEqual([
      ['orders-dlq', 'orders-quorum'],
    ]);
    expect(sim.snapshot().queues?.find((q) => q.name === 'orders-dlq')?.visible).toBe(0);
    // With nothing left to move, the item is offered but disabled.
    expect(queueMenu(sim.snapshot(), 'orders-dlq')?.items[1].isDisabled).toBe(true);
  });

  it('offers an exchange a poison message with a key its first binding matches', () => {
    expect(names(menuFor({ kind: 'exchange', exchange: 'orders-x' }, snap(), null))).toEqual([
      'Publish a poison message to orders-x with key order.eu.poison',
    ]);
    expect(menuFor({ kind: 'exchange', exchange: 'dlx' }, snap(), null)?.items[0].isDisabled).toBe(true);
  });

  it('turns binding keys into routing keys they match (AMQP topic rules)', () => {
    expect(routingKeyFor('order.eu.*')).toBe('order.eu.poison');
    expect(routingKeyFor('#')).toBe('poison');
    expect(routingKeyFor('audit.#')).toBe('audit.poison');
    expect(routingKeyFor('')).toBe('poison');
  });
});

describe('inspecting a queue', () => {
  it('shows a RabbitMQ DLQ message’s x-death entries', () => {
    const found = inspectQueue(snap(), 'orders-dead');
    expect(found?.title).toBe('Dead-letter queue orders-dead (RabbitMQ classic)');
    expect(found?.summary).toBe('5 ready, 0 unacked');
    expect(found?.messages).toHaveLength(5);
    expect(found?.messages[0].xDeath).toEqual([
      'x-death: queue eu-orders, reason delivery_limit, count 1, exchange orders-x, routing-keys order.eu.created, time 56.0 s',
    ]);
  });

  it('shows an SQS DLQ message’s ApproximateReceiveCount', () => {
    const found = inspectQueue(snap(), 'jobs-dlq');
    expect(found?.summary).toBe('3 visible, 0 in flight, 0 delayed');
    // maxReceiveCount 3 on the source: dead-lettered on the 4th receive.
    expect(found?.messages.map((m) => m.receives)).toEqual(Array(3).fill('ApproximateReceiveCount 4'));
    expect(found?.messages[0].xDeath).toEqual([]);
  });

  it('lists the oldest messages and counts the rest exactly', () => {
    const dense = queueFixtureFrame('dense').snapshot;
    const found = inspectQueue(dense, 'bulk', 50);
    expect(found?.messages).toHaveLength(50);
    expect(found?.notListed).toBe(17_000 - 50);
  });
});
