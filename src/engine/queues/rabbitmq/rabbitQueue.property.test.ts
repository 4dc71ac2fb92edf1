// Invariants of the RabbitMQ backend under random schedules (1,000 each): publishes, consumers
// subscribing and crashing, acks after processing, nacks with and without requeue (single and
// multiple), consumer_timeout and TTL as virtual time passes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type QueueDecl, RabbitHarness } from '../../../../test/support/rabbitHarness';
import { deathCount } from './deadLetter';
import type { RabbitMessage } from './state';
import { readyInOrder, unackedInOrder } from './view';

type Action = 'ack' | 'requeue' | 'reject' | 'requeue-multiple' | 'reject-multiple' | 'process-then-crash';

type Op =
  | { kind: 'publish'; n: number; expiration: string | null }
  | { kind: 'attach'; prefetch: number }
  | { kind: 'detach'; which: number }
  | { kind: 'settle'; which: number; action: Action }
  | { kind: 'advance'; ms: number };

const opArb = (actions: readonly Action[]): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('publish' as const),
      n: fc.integer({ min: 1, max: 3 }),
      expiration: fc.option(fc.constantFrom('0', '500', '3000'), { nil: null }),
    }),
    fc.record({ kind: fc.constant('attach' as const), prefetch: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('detach' as const), which: fc.nat() }),
    fc.record({ kind: fc.constant('settle' as const), which: fc.nat(), action: fc.constantFrom(...actions) }),
    fc.record({ kind: fc.constant('settle' as const), which: fc.nat(), action: fc.constant('ack' as const) }),
    fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4000 }) }),
  );

/** Runs a schedule against `queue` (consumers attach there); returns ids applied by a consumer. */
function run(h: RabbitHarness, queue: string, ops: Op[]) {
  const applied = new Set<number>();
  const acked = new Set<number>();
  let nextConsumer = 1;
  const consumers = () => h.queues[queue].consumers.map((c) => c.consumerId);
  const unacked = () => consumers().flatMap((c) => h.unacked(c));
  for (const op of ops) {
    if (op.kind === 'publish') {
      for (let i = 0; i < op.n; i++)
        h.publish('', queue, op.expiration === null ? {} : { expiration: op.expiration });
    } else if (op.kind === 'attach') h.consume(queue, `c${nextConsumer++}`, op.prefetch);
    else if (op.kind === 'detach') {
      const list = consumers();
      if (list.length > 0) h.detach(queue, list[op.which % list.length]);
    } else if (op.kind === 'advance') h.advanceTo(h.nowMs + op.ms);
    else {
      const list = unacked();
      if (list.length === 0) continue;
      const d = list[op.which % list.length];
      const id = d.message.messageId;
      if (op.action === 'ack') {
        applied.add(id); // ack after processing: the effect first
        expect(h.ack(d)).toBe('ok');
        acked.add(id);
      } else if (op.action === 'process-then-crash') {
        applied.add(id);
        h.detach(queue, d.consumerId);
      } else {
        const isRequeue = op.action.startsWith('requeue');
        expect(h.nack(d, isRequeue, op.action.endsWith('multiple'))).toBe('ok');
      }
    }
  }
  return { applied, acked };
}

const RUNS = { numRuns: 1000 };

describe('RabbitMQ backend properties (1,000 random schedules each)', () => {
  it('with ack after processing nothing is lost: every message is applied, still queued, or in the DLQ', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('rabbitmq-classic', 'rabbitmq-quorum'),
        fc.integer({ min: -1, max: 4 }),
        fc.array(
          opArb(['ack', 'requeue', 'reject', 'requeue-multiple', 'reject-multiple', 'process-then-crash']),
          {
            maxLength: 60,
          },
        ),
        (type, limit, ops) => {
          const work: QueueDecl = {
            name: 'work',
            type,
            'x-dead-letter-exchange': 'dlx',
            consumer_timeout: 5000,
          };
          if (type === 'rabbitmq-quorum') work['x-delivery-limit'] = limit;
          const h = new RabbitHarness(
            [work, { name: 'dlq' }],
            [{ name: 'dlx', type: 'fanout', bindings: [{ queue: 'dlq', key: '' }] }],
          );
          const { applied, acked } = run(h, 'work', ops);
          const present = new Set<number>();
          for (const q of ['work', 'dlq']) {
            for (const m of readyInOrder(h.queues[q], Number.POSITIVE_INFINITY)) present.add(m.messageId);
            for (const m of unackedInOrder(h.queues[q], Number.POSITIVE_INFINITY)) present.add(m.messageId);
          }
          for (const e of h.eventsOf('queue-sent')) {
            if (e.queue !== 'work') continue;
            // Acked only once applied; every other way out of `work` leads to the DLQ.
            if (acked.has(e.messageId)) expect(applied.has(e.messageId)).toBe(true);
            expect(applied.has(e.messageId) || present.has(e.messageId)).toBe(true);
          }
          // Exact counts: ready + unacked match the messages the queues hold.
          for (const q of ['work', 'dlq']) {
            const state = h.queues[q];
            expect(state.ready).toBeGreaterThanOrEqual(0);
            expect(state.unacked).toBe(state.channels.reduce((n, ch) => n + ch.unackedCount, 0));
          }
        },
      ),
      RUNS,
    );
  });

  it('x-death counts equal the number of dead-letterings of each message', () => {
    fc.assert(
      fc.property(
        fc.array(opArb(['ack', 'requeue', 'reject', 'reject-multiple', 'process-then-crash']), {
          maxLength: 60,
        }),
        (ops) => {
          const h = new RabbitHarness(
            [
              { name: 'work', 'x-dead-letter-exchange': 'retry-x', consumer_timeout: 5000 },
              { name: 'retry', 'x-message-ttl': 1000, 'x-dead-letter-exchange': 'work-x' },
            ],
            [
              { name: 'retry-x', type: 'fanout', bindings: [{ queue: 'retry', key: '' }] },
              { name: 'work-x', type: 'fanout', bindings: [{ queue: 'work', key: '' }] },
            ],
          );
          const deaths = new Map<number, number>();
          const env = h.env;
          const inner = env.deadLetter;
          env.deadLetter = (from, m, reason, target) => {
            deaths.set(m.messageId, (deaths.get(m.messageId) ?? 0) + 1);
            inner(from, m, reason, target);
          };
          run(h, 'work', ops);
          const messages = new Map<number, RabbitMessage>();
          for (const d of h.deliveries) messages.set(d.message.messageId, d.message as RabbitMessage);
          for (const [id, m] of messages) expect(deathCount(m.xDeath)).toBe(deaths.get(id) ?? 0);
        },
      ),
      RUNS,
    );
  });

  it('a quorum message is delivered at most x-delivery-limit + 1 times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(opArb(['requeue', 'requeue-multiple', 'process-then-crash', 'ack']), { maxLength: 80 }),
        (limit, ops) => {
          const h = new RabbitHarness(
            [
              {
                name: 'work',
                type: 'rabbitmq-quorum',
                'x-delivery-limit': limit,
                'x-dead-letter-exchange': 'dlx',
                consumer_timeout: 3000,
              },
              { name: 'dlq' },
            ],
            [{ name: 'dlx', type: 'fanout', bindings: [{ queue: 'dlq', key: '' }] }],
          );
          run(h, 'work', ops);
          const deliveries = new Map<number, number>();
          for (const d of h.deliveries)
            deliveries.set(d.message.messageId, (deliveries.get(d.message.messageId) ?? 0) + 1);
          for (const n of deliveries.values()) expect(n).toBeLessThanOrEqual(limit + 1);
          for (const d of h.deliveries) {
            const m = d.message as RabbitMessage;
            // Dead-lettered for the delivery limit: exactly limit + 1 deliveries first.
            if (m.queue === 'dlq' && m.xDeath?.[0].reason === 'delivery_limit')
              expect(deliveries.get(m.messageId)).toBe(limit + 1);
          }
        },
      ),
      RUNS,
    );
  });
});
