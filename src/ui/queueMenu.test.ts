// The queue half's menus on fixture snapshots: what a queue consumer, a queue, a DLQ and an
// exchange offer, the faults they apply, and what inspecting a DLQ shows (x-death entries on
// RabbitMQ, ApproximateReceiveCount on SQS).

import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../engine';
import { queueFixtureFrame } from '../viz/queueFixture';
import { menuFor } from './diagramMenu';
import { inspectQueue, routingKeyFor } from './queueMenu';

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

  it('offers a DLQ inspect, redrive to its source and purge', () => {
    const sqs = menuFor({ kind: 'queue', queue: 'jobs-dlq' }, snap(), null);
    expect(sqs?.title).toBe('Actions for dead-letter queue jobs-dlq');
    expect(names(sqs)).toEqual(['Inspect jobs-dlq', 'Redrive jobs-dlq to jobs', 'Purge jobs-dlq']);
    expect(sqs?.items[1].action).toEqual({ kind: 'fault', fault: { type: 'redrive', queue: 'jobs-dlq' } });
    // RabbitMQ: the source reaches its DLQ through the dead-letter exchange.
    expect(names(menuFor({ kind: 'queue', queue: 'orders-dead' }, snap(), null))).toContain(
      'Redrive orders-dead to eu-orders',
    );
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
