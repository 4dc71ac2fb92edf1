import { describe, expect, it } from 'vitest';
import { RabbitHarness } from '../../../../test/support/rabbitHarness';
import { rabbitmqBackend } from './rabbitQueue';
import type { RabbitMessage } from './state';

const msgOf = (h: RabbitHarness, i: number) => h.deliveries[i].message as RabbitMessage;

describe('push delivery within basic.qos prefetch', () => {
  it('pushes round-robin among consumers, each up to its prefetch, and refills on ack', () => {
    const h = new RabbitHarness([{ name: 'q' }]);
    h.consume('q', 'c1', 2);
    h.consume('q', 'c2', 2);
    h.fill('q', 6);
    expect(h.deliveredIds('c1')).toEqual([1, 3]);
    expect(h.deliveredIds('c2')).toEqual([2, 4]);
    expect(h.queues.q.ready).toBe(2);
    expect(h.queues.q.unacked).toBe(4);
    expect(h.ack(h.unacked('c1')[0])).toBe('ok');
    expect(h.deliveredIds('c1')).toEqual([1, 3, 5]);
    expect(h.queues.q.ready).toBe(1);
  });

  it('acks reach the right channel after another channel closed (indices shift) and past the recent-tags cache', () => {
    const h = new RabbitHarness([{ name: 'q' }]);
    h.consume('q', 'a', 1);
    h.consume('q', 'b', 1);
    h.consume('q', 'c', 1);
    h.fill('q', 3);
    const [b, c] = [h.unacked('b')[0], h.unacked('c')[0]];
    h.detach('q', 'a'); // b moves to index 0, c to 1; a's message is requeued
    h.fill('q', 2);
    expect(h.ack(c)).toBe('ok');
    expect(h.ack(b)).toBe('ok');
    expect(h.settle(b, { kind: 'ack' })).toBe('unknown');
    // Each ack freed its own consumer's prefetch: both take the waiting messages.
    expect(h.deliveredIds('c')).toEqual([3, 1]); // acked first: the requeued message at the head
    expect(h.deliveredIds('b')).toEqual([2, 4]);
    expect(h.queues.q.unacked).toBe(2);

    const big = new RabbitHarness([{ name: 'q' }]);
    big.consume('q', 'x', 0);
    big.consume('q', 'y', 0);
    big.fill('q', 600); // more tags than the cache holds: the early ones were overwritten
    const first = big.unacked('y')[0];
    expect(big.ack(first)).toBe('ok');
    expect(big.ack(big.unacked('x')[0])).toBe('ok');
    expect(big.queues.q.unacked).toBe(598);
    expect(big.queues.q.channels.map((ch) => ch.unackedCount)).toEqual([299, 299]);
  });

  it('prefetch 0 means no limit', () => {
    const h = new RabbitHarness([{ name: 'q' }]);
    h.fill('q', 50);
    h.consume('q', 'c1', 0);
    expect(h.unacked('c1')).toHaveLength(50);
  });

  it('an ack for a delivery that is no longer unacked is unknown', () => {
    const h = new RabbitHarness([{ name: 'q' }]);
    h.consume('q', 'c1', 1);
    h.fill('q', 1);
    const d = h.deliveries[0];
    expect(h.ack(d)).toBe('ok');
    expect(h.ack(d)).toBe('unknown');
    expect(h.settle(d, { kind: 'delete' })).toBe('unknown');
  });
});

describe('nack and reject with requeue', () => {
  it('classic: messages returned by a closed channel go back to their original positions', () => {
    const h = new RabbitHarness([{ name: 'q' }]);
    h.fill('q', 5);
    h.consume('q', 'c1', 3);
    h.detach('q', 'c1');
    expect(h.readyIds('q')).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    ['rabbitmq-classic', {}, [3, 1], [1, 3, 4, 5]],
    ['rabbitmq-quorum', { 'x-delivery-limit': -1 }, [3, 1], [4, 5, 3, 1]],
    ['rabbitmq-quorum', {}, [3, 1], [3, 1, 4, 5]],
    ['rabbitmq-quorum', { 'x-delivery-limit': 5 }, [1, 3], [1, 3, 4, 5]],
  ] as const)('%s %j: nack requeue of %j leaves ready %j', (type, args, order, ready) => {
    const h = new RabbitHarness([{ name: 'q', type, ...args }]);
    h.fill('q', 5);
    h.consume('q', 'c1', 3);
    const d = new Map(h.unacked('c1').map((x) => [x.message.messageId, x]));
    h.queues.q.consumers[0].prefetch = 1; // c1 is over its prefetch: nothing is redelivered yet
    for (const id of order) expect(h.nack(d.get(id)!, true)).toBe('ok');
    expect(h.readyIds('q')).toEqual(ready);
  });

  it('a redelivered message carries redelivered=true; a first delivery does not', () => {
    const h = new RabbitHarness([{ name: 'q' }]);
    h.consume('q', 'c1', 1);
    h.fill('q', 2);
    expect(h.deliveries[0].redelivered).toBe(false);
    h.nack(h.deliveries[0], true);
    expect(h.deliveries[1].message.messageId).toBe(1);
    expect(h.deliveries[1].redelivered).toBe(true);
    expect(h.deliveries[1].receiveCount).toBe(2);
    expect(h.eventsOf('queue-returned')).toEqual([
      { type: 'queue-returned', queue: 'q', messageId: 1, reason: 'requeue' },
    ]);
  });

  it('nack multiple settles every unacked delivery up to and including the tag', () => {
    const h = new RabbitHarness(
      [{ name: 'q', 'x-dead-letter-exchange': 'dlx' }, { name: 'dlq' }],
      [{ name: 'dlx', type: 'fanout', bindings: [{ queue: 'dlq', key: '' }] }],
    );
    h.fill('q', 5);
    h.consume('q', 'c1', 4);
    const [, second, third] = h.unacked('c1');
    expect(h.ack(second)).toBe('ok');
    expect(h.nack(third, false, true)).toBe('ok');
    // 1 and 3 dead-lettered (2 was acked); 4 stays unacked; 5 is delivered into the room.
    expect(h.readyIds('dlq')).toEqual([1, 3]);
    expect(h.unacked('c1').map((x) => x.message.messageId)).toEqual([4, 5]);
  });

  it('reject without requeue drops the message when the queue has no dead-letter exchange', () => {
    const h = new RabbitHarness([{ name: 'q' }]);
    h.consume('q', 'c1', 1);
    h.fill('q', 1);
    h.nack(h.deliveries[0], false);
    expect(msgOf(h, 0).state).toBe('dropped');
    expect(h.eventsOf('queue-dropped')).toEqual([
      { type: 'queue-dropped', queue: 'q', messageId: 1, reason: 'rejected' },
    ]);
    expect(h.queues.q.ready + h.queues.q.unacked).toBe(0);
  });
});

describe('TTL: x-message-ttl and per-message expiration', () => {
  it.each([
    [null, null, Number.POSITIVE_INFINITY],
    [1000, null, 1000],
    [null, '500', 500],
    [1000, '500', 500],
    [300, '500', 300],
    [0, '500', 0],
  ] as const)(
    'queue TTL %j, expiration %j: the lower wins, expiry at %j ms',
    (ttl, expiration, expiresAt) => {
      const h = new RabbitHarness([{ name: 'q', ...(ttl === null ? {} : { 'x-message-ttl': ttl }) }]);
      h.publish('', 'q', expiration === null ? {} : { expiration });
      expect((h.queues.q.body.items[0] as RabbitMessage | null)?.expiresAtMs ?? 0).toBe(expiresAt);
    },
  );

  it('classic queues expire a message only at the head; quorum queues at its expiry', () => {
    for (const [type, readyAt200] of [
      ['rabbitmq-classic', [1, 2]],
      ['rabbitmq-quorum', [1]],
    ] as const) {
      const h = new RabbitHarness([{ name: 'q', type }]);
      h.publish('', 'q'); // no TTL, stays at the head
      h.publish('', 'q', { expiration: '100' });
      h.advanceTo(200);
      expect(h.readyIds('q')).toEqual(readyAt200);
      // Either way it is never delivered.
      h.consume('q', 'c1', 0);
      expect(h.deliveredIds()).toEqual([1]);
      expect(h.queues.q.counters.expired).toBe(1);
    }
  });

  it('TTL 0 expires a message unless a consumer can take it at once', () => {
    const h = new RabbitHarness([{ name: 'q', 'x-message-ttl': 0 }]);
    h.publish('', 'q');
    expect(h.queues.q.ready).toBe(0);
    expect(h.queues.q.counters.expired).toBe(1);
    h.consume('q', 'c1', 1);
    h.publish('', 'q');
    expect(h.deliveredIds()).toEqual([2]);
    h.publish('', 'q'); // c1 is full
    expect(h.queues.q.counters.expired).toBe(2);
  });

  it('a requeued message keeps its original expiry', () => {
    const h = new RabbitHarness([{ name: 'q', 'x-message-ttl': 1000 }]);
    h.consume('q', 'c1', 1);
    h.publish('', 'q');
    h.advanceTo(1500);
    h.detach('q', 'c1');
    // Returned at 1500, past its expiry at 1000: expired at once, never delivered again.
    expect(h.queues.q.ready).toBe(0);
    expect(h.queues.q.counters.expired).toBe(1);
  });
});

describe('x-max-length and x-overflow', () => {
  it.each([
    ['drop-head', [2, 3], [1], 'maxlen'],
    ['reject-publish', [1, 2], [], null],
    ['reject-publish-dlx', [1, 2], [3], 'maxlen'],
  ] as const)('%s: ready %j, dead-lettered %j', (overflow, ready, deadLettered, reason) => {
    const h = new RabbitHarness(
      [
        { name: 'q', 'x-max-length': 2, 'x-overflow': overflow, 'x-dead-letter-exchange': 'dlx' },
        { name: 'dlq' },
      ],
      [{ name: 'dlx', type: 'fanout', bindings: [{ queue: 'dlq', key: '' }] }],
    );
    h.fill('q', 3);
    expect(h.readyIds('q')).toEqual(ready);
    expect(h.readyIds('dlq')).toEqual(deadLettered);
    const dlq = h.queues.dlq.body.items.filter((m): m is RabbitMessage => m !== null);
    if (reason) expect(dlq[0].xDeath?.[0].reason).toBe(reason);
    const sent = h
      .eventsOf('queue-sent')
      .filter((e) => e.queue === 'q')
      .map((e) => e.outcome);
    expect(sent).toEqual(
      overflow === 'drop-head'
        ? ['enqueued', 'enqueued', 'enqueued']
        : overflow === 'reject-publish'
          ? ['enqueued', 'enqueued', 'rejected']
          : ['enqueued', 'enqueued', 'dead-lettered'],
    );
  });

  it('only ready messages count towards the limit', () => {
    const h = new RabbitHarness([{ name: 'q', 'x-max-length': 1, 'x-overflow': 'reject-publish' }]);
    h.consume('q', 'c1', 2);
    h.fill('q', 3);
    expect(h.queues.q.unacked).toBe(2);
    expect(h.queues.q.ready).toBe(1);
    expect(h.queues.q.counters.publishRejected).toBe(0);
  });

  it('quorum queues refuse reject-publish-dlx, classic queues refuse x-delivery-limit', () => {
    expect(
      () => new RabbitHarness([{ name: 'q', type: 'rabbitmq-quorum', 'x-overflow': 'reject-publish-dlx' }]),
    ).toThrow(/reject-publish-dlx/);
    expect(() => new RabbitHarness([{ name: 'q', 'x-delivery-limit': 3 }])).toThrow(/quorum queues only/);
    expect(() => new RabbitHarness([{ name: 'q', 'x-message-ttl': -1 }])).toThrow(/x-message-ttl/);
  });
});

/** work → (reject) → dlx-retry → retry (TTL 1000) → (expired) → dlx-work → work. */
function retryTopology(workType: 'rabbitmq-classic' | 'rabbitmq-quorum' = 'rabbitmq-classic') {
  return new RabbitHarness(
    [
      { name: 'work', type: workType, 'x-dead-letter-exchange': 'retry-x' },
      { name: 'retry', 'x-message-ttl': 1000, 'x-dead-letter-exchange': 'work-x' },
    ],
    [
      { name: 'retry-x', type: 'fanout', bindings: [{ queue: 'retry', key: '' }] },
      { name: 'work-x', type: 'direct', bindings: [{ queue: 'work', key: 'order' }] },
      { name: 'orders', type: 'direct', bindings: [{ queue: 'work', key: 'order' }] },
    ],
  );
}

describe('dead-lettering and x-death', () => {
  it('compresses x-death per {queue, reason}, most recent first, counting each dead-lettering', () => {
    const h = retryTopology();
    h.consume('work', 'c1', 1);
    h.publish('orders', 'order');
    const m = h.deliveries[0].message as RabbitMessage;
    for (let round = 1; round <= 3; round++) {
      h.nack(h.deliveries[h.deliveries.length - 1], false);
      expect(m.xDeath?.map((d) => [d.queue, d.reason, d.count])).toEqual(
        round === 1
          ? [['work', 'rejected', 1]]
          : [
              ['work', 'rejected', round],
              ['retry', 'expired', round - 1],
            ],
      );
      h.advanceTo(h.nowMs + 1000);
      expect(m.xDeath?.map((d) => [d.queue, d.reason, d.count])).toEqual([
        ['retry', 'expired', round],
        ['work', 'rejected', round],
      ]);
    }
    expect(h.deliveries).toHaveLength(4);
    const [retry, work] = m.xDeath!;
    expect(work).toMatchObject({ timeMs: 0, exchange: 'orders', routingKeys: ['order'] });
    expect(retry).toMatchObject({ timeMs: 1000, exchange: 'retry-x', routingKeys: ['order'] });
    expect(m.firstDeath).toEqual({ queue: 'work', reason: 'rejected', exchange: 'orders' });
    expect(m.lastDeath).toEqual({ queue: 'retry', reason: 'expired', exchange: 'retry-x' });
    // The retry delay is the TTL: each redelivery 1000 ms after the reject.
    expect(h.eventsOf('queue-received').length).toBe(4);
  });

  it('x-dead-letter-routing-key replaces the routing key; without it the original key is kept', () => {
    const h = new RabbitHarness(
      [
        { name: 'a', 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'parked' },
        { name: 'b', 'x-dead-letter-exchange': 'dlx' },
        { name: 'parked' },
        { name: 'by-key' },
      ],
      [
        {
          name: 'dlx',
          type: 'direct',
          bindings: [
            { queue: 'parked', key: 'parked' },
            { queue: 'by-key', key: 'b' },
          ],
        },
      ],
    );
    h.consume('a', 'ca', 1);
    h.consume('b', 'cb', 1);
    h.publish('', 'a');
    h.publish('', 'b');
    h.nack(h.deliveries[0], false);
    h.nack(h.deliveries[1], false);
    expect(h.readyIds('parked')).toEqual([1]);
    expect(h.readyIds('by-key')).toEqual([2]);
  });

  it('drops a message whose dead-lettering cycle has no rejection in it', () => {
    // A TTL queue that dead-letters back to itself: expired → same queue → dropped.
    const h = new RabbitHarness(
      [{ name: 'loop', 'x-message-ttl': 100, 'x-dead-letter-exchange': 'back' }],
      [{ name: 'back', type: 'fanout', bindings: [{ queue: 'loop', key: '' }] }],
    );
    h.publish('', 'loop');
    h.advanceTo(1000);
    expect(h.queues.loop.counters.cycleDropped).toBe(1);
    expect(h.queues.loop.ready).toBe(0);
  });

  it('a missing dead-letter exchange silently drops', () => {
    const h = new RabbitHarness([{ name: 'q', 'x-dead-letter-exchange': 'nowhere' }]);
    h.consume('q', 'c1', 1);
    h.publish('', 'q');
    h.nack(h.deliveries[0], false);
    expect(h.unroutedDeadLetters.map((m) => m.messageId)).toEqual([1]);
  });

  it('the TTL of the message is removed when it is dead-lettered', () => {
    const h = new RabbitHarness(
      [{ name: 'q', 'x-dead-letter-exchange': 'dlx' }, { name: 'dlq' }],
      [{ name: 'dlx', type: 'fanout', bindings: [{ queue: 'dlq', key: '' }] }],
    );
    h.publish('', 'q', { expiration: '100' });
    h.advanceTo(100);
    h.advanceTo(1_000_000);
    expect(h.readyIds('dlq')).toEqual([1]);
  });
});

describe('quorum x-delivery-limit', () => {
  it.each([
    [0, 1],
    [1, 2],
    [3, 4],
    [undefined, 21], // the 4.0 default is 20
  ])(
    'with x-delivery-limit %j a poison message is delivered %j times, then dead-lettered',
    (limit, deliveries) => {
      const h = new RabbitHarness(
        [
          {
            name: 'q',
            type: 'rabbitmq-quorum',
            'x-dead-letter-exchange': 'dlx',
            ...(limit === undefined ? {} : { 'x-delivery-limit': limit }),
          },
          { name: 'dlq' },
        ],
        [{ name: 'dlx', type: 'fanout', bindings: [{ queue: 'dlq', key: '' }] }],
      );
      h.consume('q', 'c1', 1);
      h.publish('', 'q');
      for (let i = 0; i < 100 && h.unacked('c1').length > 0; i++) h.nack(h.unacked('c1')[0], true);
      expect(h.deliveries).toHaveLength(deliveries);
      const m = h.deliveries[0].message as RabbitMessage;
      expect(m.xDeath?.[0]).toMatchObject({ queue: 'q', reason: 'delivery_limit', count: 1 });
      expect(h.readyIds('dlq')).toEqual([1]);
    },
  );

  it('x-delivery-limit -1 disables it: requeued forever, as on a classic queue', () => {
    for (const q of [
      { name: 'q', type: 'rabbitmq-quorum' as const, 'x-delivery-limit': -1 },
      { name: 'q' },
    ]) {
      const h = new RabbitHarness([q]);
      h.consume('q', 'c1', 1);
      h.publish('', 'q');
      for (let i = 0; i < 100; i++) h.nack(h.unacked('c1')[0], true);
      expect(h.deliveries).toHaveLength(101);
    }
  });

  it('counts returns in x-delivery-count; channel closures count too', () => {
    const h = new RabbitHarness([{ name: 'q', type: 'rabbitmq-quorum', 'x-delivery-limit': 2 }]);
    h.publish('', 'q');
    h.consume('q', 'c1', 1);
    h.detach('q', 'c1');
    h.consume('q', 'c2', 1);
    h.nack(h.unacked('c2')[0], true);
    const m = h.deliveries[0].message as RabbitMessage;
    expect(m.deliveryCount).toBe(2);
    expect(h.unacked('c2')).toHaveLength(1);
    h.nack(h.unacked('c2')[0], true);
    expect(m.state).toBe('dropped');
    expect(h.eventsOf('queue-dropped').at(-1)).toMatchObject({ reason: 'delivery_limit' });
  });
});

describe('consumer_timeout and single active consumer', () => {
  it('closes the channel of a consumer that holds a delivery too long and requeues its unacked', () => {
    const h = new RabbitHarness([{ name: 'q', consumer_timeout: 60_000 }]);
    h.consume('q', 'slow', 2);
    h.fill('q', 2);
    h.advanceTo(30_000);
    h.consume('q', 'fast', 2);
    expect(h.unacked('fast')).toHaveLength(0);
    const view = rabbitmqBackend.view(h.queues.q, h.nowMs);
    expect(view.messages.filter((m) => m.state === 'unacked').map((m) => m.visibleAtMs)).toEqual([
      60_000, 60_000,
    ]);
    h.advanceTo(60_000);
    expect(h.queues.q.consumers.map((c) => c.consumerId)).toEqual(['fast']);
    expect(h.unacked('fast').map((d) => [d.message.messageId, d.redelivered])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(h.eventsOf('queue-returned').map((e) => e.reason)).toEqual([
      'consumer_timeout',
      'consumer_timeout',
    ]);
    expect(h.ack(h.deliveries[0])).toBe('unknown'); // the slow consumer's late ack
  });

  it('the next due time follows the oldest unacked delivery of any channel as deliveries settle', () => {
    const h = new RabbitHarness([{ name: 'q', type: 'rabbitmq-quorum', consumer_timeout: 60_000 }]);
    const q = h.queues.q;
    expect(rabbitmqBackend.nextDueMs(q)).toBe(Number.POSITIVE_INFINITY);
    h.consume('q', 'a', 2);
    h.consume('q', 'b', 2);
    h.fill('q', 1); // a at 0
    h.nowMs = 1_000;
    h.fill('q', 1); // b at 1 000
    h.nowMs = 2_000;
    h.fill('q', 2); // a at 2 000, b at 2 000
    expect(rabbitmqBackend.nextDueMs(q)).toBe(60_000);
    h.ack(h.unacked('a')[0]);
    expect(rabbitmqBackend.nextDueMs(q)).toBe(61_000);
    h.nowMs = 2_500;
    h.nack(h.unacked('b')[0], true); // returned, and pushed to a at once (a has room)
    expect(h.unacked('a').map((d) => d.receivedAtMs)).toEqual([2_000, 2_500]);
    expect(rabbitmqBackend.nextDueMs(q)).toBe(62_000);
    h.nowMs = 3_000;
    h.ack(h.unacked('a')[0]);
    expect(rabbitmqBackend.nextDueMs(q)).toBe(62_000); // b's, delivered at 2 000
    h.ack(h.unacked('b')[0]);
    expect(rabbitmqBackend.nextDueMs(q)).toBe(62_500); // the redelivery to a
    h.ack(h.unacked('a')[0]);
    expect(rabbitmqBackend.nextDueMs(q)).toBe(Number.POSITIVE_INFINITY);
    h.nowMs = 4_000;
    h.fill('q', 1);
    expect(rabbitmqBackend.nextDueMs(q)).toBe(64_000);
  });

  it('single active consumer: only the first subscriber receives until it goes away', () => {
    const h = new RabbitHarness([{ name: 'q', 'x-single-active-consumer': true }]);
    h.consume('q', 'a', 2);
    h.consume('q', 'b', 2);
    h.fill('q', 4);
    expect(h.deliveredIds('a')).toEqual([1, 2]);
    expect(h.deliveredIds('b')).toEqual([]);
    h.detach('q', 'a');
    expect(h.deliveredIds('b')).toEqual([1, 2]);
  });
});

describe('plain data', () => {
  it('a structuredClone of the queues continues exactly as the original', () => {
    const build = () => retryTopology('rabbitmq-quorum');
    const script = (h: RabbitHarness, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        h.publish('orders', 'order', i % 3 === 0 ? { expiration: '700' } : {});
        const pending = h.unacked('c1');
        if (pending.length > 0) h.nack(pending[0], i % 2 === 0);
        h.advanceTo(h.nowMs + 400);
      }
    };
    const a = build();
    a.consume('work', 'c1', 2);
    script(a, 0, 20);
    const b = build();
    Object.assign(b.queues, structuredClone(a.queues));
    b.nowMs = a.nowMs;
    b.receipt = a.receipt;
    const before = a.deliveries.length;
    script(a, 20, 40);
    script(b, 20, 40);
    const tail = (h: RabbitHarness, from: number) =>
      h.deliveries.slice(from).map((d) => [d.message.messageId, d.receiveCount, d.redelivered]);
    expect(tail(b, 0)).toEqual(tail(a, before));
    expect(b.deliveries.length).toBeGreaterThan(10);
  });
});
