// The RabbitMQ backend inside the engine's queue broker (../broker.ts): routing through
// exchanges with the registered router, alternate exchanges, mandatory returns, fan-out
// copies, and dead-lettering through a DLX with x-death, as the runtime will drive it.

import { describe, expect, it } from 'vitest';
import { newQueueMessage } from '../backend';
import { publishToExchange } from '../broker';
import { backendOf as backend, EXCHANGE_ROUTER } from '../registry';
import { createHarness } from '../testHarness';
import type { ExchangeType } from '../types';
import type { RabbitMessage } from './state';

type Ex = {
  name: string;
  type: ExchangeType;
  bindings: { queue: string; key: string }[];
  alternateExchange?: string;
};

function setup(queues: Parameters<typeof createHarness>[0], exchanges: Ex[]) {
  const h = createHarness(queues);
  for (const ex of exchanges)
    h.broker.exchanges[ex.name] = EXCHANGE_ROUTER.current!.create(ex.name, ex.type, { ...ex });
  let id = 0;
  const publish = (exchange: string, routingKey: string, isMandatory = false) => {
    const m = newQueueMessage(
      { messageId: id++, key: null, sizeBytes: 1, isPoison: false, sentAtMs: h.nowMs, routingKey },
      h.nowMs,
    );
    (m as RabbitMessage).exchange = exchange;
    return publishToExchange(h.broker, exchange, routingKey, m, isMandatory, h.env);
  };
  const attach = (queue: string, consumerId: string, prefetch: number) => {
    const q = h.queue(queue);
    return backend(q).attach(q, { consumerId, groupId: 'g', prefetch }, h.env);
  };
  return { h, publish, attach };
}

describe('RabbitMQ in the queue broker', () => {
  it('routes through a topic exchange, falls back to the alternate exchange, counts drops and returns', () => {
    const { h, publish } = setup(
      [
        { name: 'eu', type: 'rabbitmq-classic' },
        { name: 'unrouted', type: 'rabbitmq-quorum' },
        { name: 'audit', type: 'rabbitmq-classic' },
      ],
      [
        {
          name: 'events',
          type: 'topic',
          bindings: [
            { queue: 'eu', key: '*.eu' },
            { queue: 'audit', key: '#' },
          ],
        },
        { name: 'guarded', type: 'direct', bindings: [{ queue: 'eu', key: 'eu' }], alternateExchange: 'ae' },
        { name: 'ae', type: 'fanout', bindings: [{ queue: 'unrouted', key: '' }] },
        { name: 'plain', type: 'direct', bindings: [] },
      ],
    );
    expect(publish('events', 'order.eu')).toEqual(['eu', 'audit']);
    expect(publish('guarded', 'us')).toEqual(['unrouted']);
    expect(publish('plain', 'x')).toEqual([]);
    expect(publish('plain', 'x', true)).toEqual([]);
    expect(h.broker.exchanges.guarded.unroutable).toEqual({ dropped: 0, returned: 0, alternate: 1 });
    expect(h.broker.exchanges.plain.unroutable).toEqual({ dropped: 1, returned: 1, alternate: 0 });
    expect(h.counts('eu').visible).toBe(1);
    expect(h.counts('audit').visible).toBe(1);
    expect(h.counts('unrouted').visible).toBe(1);
  });

  it('dead-letters with a delay through TTL and a DLX, recording x-death across both queues', () => {
    const { h, publish, attach } = setup(
      [
        { name: 'work', type: 'rabbitmq-quorum', 'x-dead-letter-exchange': 'retry-x' },
        {
          name: 'retry',
          type: 'rabbitmq-classic',
          'x-message-ttl': 2000,
          'x-dead-letter-exchange': 'work-x',
        },
      ],
      [
        { name: 'orders', type: 'direct', bindings: [{ queue: 'work', key: 'order' }] },
        { name: 'retry-x', type: 'fanout', bindings: [{ queue: 'retry', key: '' }] },
        { name: 'work-x', type: 'direct', bindings: [{ queue: 'work', key: 'order' }] },
      ],
    );
    attach('work', 'c1', 1);
    publish('orders', 'order');
    const first = h.batches[0].batch[0];
    backend(h.queue('work')).settle(
      h.queue('work'),
      'c1',
      first.receipt,
      { kind: 'nack', requeue: false },
      h.env,
    );
    expect(h.counts('retry').visible).toBe(1);
    h.runUntil(1999);
    expect(h.batches).toHaveLength(1);
    h.runUntil(2000);
    expect(h.batches).toHaveLength(2);
    expect(h.batches[1].atMs).toBe(2000);
    const m = h.batches[1].batch[0].message as RabbitMessage;
    expect(m.xDeath?.map((d) => [d.queue, d.reason, d.count, d.exchange])).toEqual([
      ['retry', 'expired', 1, 'retry-x'],
      ['work', 'rejected', 1, 'orders'],
    ]);
    expect(h.events.filter((e) => e.type === 'queue-dead-lettered').map((e) => [e.queue, e.reason])).toEqual([
      ['work', 'rejected'],
      ['retry', 'expired'],
    ]);
  });

  it('fan-out copies are independent, and a dead-lettering cycle with no rejection is cut in every copy', () => {
    const { h, publish } = setup(
      [
        { name: 'a', type: 'rabbitmq-classic', 'x-message-ttl': 10, 'x-dead-letter-exchange': 'loop' },
        { name: 'b', type: 'rabbitmq-classic', 'x-message-ttl': 10, 'x-dead-letter-exchange': 'loop' },
      ],
      [
        {
          name: 'loop',
          type: 'fanout',
          bindings: [
            { queue: 'a', key: '' },
            { queue: 'b', key: '' },
          ],
        },
      ],
    );
    publish('loop', '');
    expect([h.counts('a').visible, h.counts('b').visible]).toEqual([1, 1]);
    h.runUntil(10);
    // At 10 each copy expires: back to its own queue is a cycle (dropped), the other queue is
    // new to it (kept). At 20 those expire too, and both targets are now cycles: 2 + 4 dropped.
    h.runUntil(1000);
    expect([h.counts('a').visible, h.counts('b').visible]).toEqual([0, 0]);
    const qa = h.queue('a') as unknown as { counters: { cycleDropped: number } };
    const qb = h.queue('b') as unknown as { counters: { cycleDropped: number } };
    expect(qa.counters.cycleDropped + qb.counters.cycleDropped).toBe(6);
  });
});
