// A RabbitMQ queue as the snapshot shows it (../types.ts): ready and unacked counts under both
// names, the unacked messages with their consumer_timeout deadline, then the oldest ready ones
// in delivery order. Not on the hot path: called once per published frame.

import type { QueueOverflowMetrics } from '../../types';
import { keyOf } from '../backend';
import { QUEUE_VIEW_LIMIT, type QueueMessageView, type QueueSnapshot } from '../types';
import { isReady } from './queue';
import { ringAt, ringTagAt } from './ring';
import type { RabbitMessage, RabbitQueueState } from './state';

export function rabbitMessageView(m: RabbitMessage): QueueMessageView {
  const v: QueueMessageView = {
    messageId: m.messageId,
    key: keyOf(m),
    state: m.state,
    // Quorum queues count returns in x-delivery-count; deliveries = returns + 1 while unacked.
    receiveCount: m.receiveCount,
    sentAtMs: m.sentAtMs,
  };
  if (m.lifecycle === 'Unacked' && m.consumerId !== null) {
    v.consumerId = m.consumerId;
    v.visibleAtMs = m.visibleAtMs;
  }
  if (m.redelivered || m.lifecycle === 'Requeued') v.redelivered = true;
  if (m.deadLetterSourceQueue !== null) {
    v.deadLetterSourceQueue = m.deadLetterSourceQueue;
    v.deadLetteredAtMs = m.deadLetteredAtMs;
  }
  if (m.xDeath !== null) v.xDeath = m.xDeath.map((d) => ({ ...d, routingKeys: [...d.routingKeys] }));
  return v;
}

/** Ready messages in delivery order (returned ones first), at most `limit`. */
export function readyInOrder(q: RabbitQueueState, limit: number): RabbitMessage[] {
  const front: { m: RabbitMessage; key: number }[] = [];
  for (let i = 0; i < q.front.items.length; i++) {
    const m = q.front.items[i];
    if (m.placement === q.front.tokens[i] && m.queue === q.name && isReady(m))
      front.push({ m, key: q.front.keys[i] });
  }
  front.sort((a, b) => a.key - b.key);
  const out = front.slice(0, limit).map((x) => x.m);
  for (let i = 0; i < q.body.size && out.length < limit; i++) {
    const m = ringAt(q.body, i);
    if (m.placement === ringTagAt(q.body, i) && m.queue === q.name && isReady(m)) out.push(m);
  }
  return out;
}

/** When the oldest ready message entered the queue; Infinity when none is ready. */
export function oldestReadyEnqueuedAtMs(q: RabbitQueueState): number {
  let oldest = Number.POSITIVE_INFINITY;
  if (q.ready === 0) return oldest;
  for (let i = 0; i < q.front.items.length; i++) {
    const m = q.front.items[i];
    if (m.enqueuedAtMs < oldest && m.placement === q.front.tokens[i] && m.queue === q.name && isReady(m))
      oldest = m.enqueuedAtMs;
  }
  for (let i = 0; i < q.body.size; i++) {
    const m = ringAt(q.body, i);
    if (m.enqueuedAtMs < oldest && m.placement === ringTagAt(q.body, i) && m.queue === q.name && isReady(m))
      oldest = m.enqueuedAtMs;
  }
  return oldest;
}

/** When the oldest ready or unacked message entered the queue; Infinity when there is none. */
export function oldestEnqueuedAtMs(q: RabbitQueueState): number {
  let oldest = oldestReadyEnqueuedAtMs(q);
  for (const ch of q.channels)
    for (let i = 0; i < ch.unacked.size; i++) {
      const m = ringAt(ch.unacked, i);
      if (
        m.enqueuedAtMs < oldest &&
        m.lifecycle === 'Unacked' &&
        m.consumerId === ch.consumerId &&
        m.receipt === ringTagAt(ch.unacked, i)
      )
        oldest = m.enqueuedAtMs;
    }
  return oldest;
}

export function unackedInOrder(q: RabbitQueueState, limit: number): RabbitMessage[] {
  const out: RabbitMessage[] = [];
  for (const ch of q.channels) {
    for (let i = 0; i < ch.unacked.size && out.length < limit; i++) {
      const m = ringAt(ch.unacked, i);
      if (
        m.lifecycle === 'Unacked' &&
        m.consumerId === ch.consumerId &&
        m.receipt === ringTagAt(ch.unacked, i)
      )
        out.push(m);
    }
  }
  return out;
}

export function rabbitQueueView(q: RabbitQueueState, _nowMs: number): QueueSnapshot {
  const shown = unackedInOrder(q, QUEUE_VIEW_LIMIT);
  shown.push(...readyInOrder(q, QUEUE_VIEW_LIMIT - shown.length));
  return {
    name: q.name,
    type: q.type,
    visible: q.ready,
    inFlight: q.unacked,
    delayed: 0,
    ready: q.ready,
    unacked: q.unacked,
    deadLetterTarget: q.args.deadLetterExchange,
    isDeadLetterQueue: false,
    messages: shown.map(rabbitMessageView),
    consumers: q.consumers.map((c, i) => ({
      consumerId: c.consumerId,
      groupId: c.groupId,
      prefetch: c.prefetch,
      inFlight: q.channels[i].unackedCount,
    })),
    settings: { ...q.settings },
  };
}

/** The `x-max-length` / `x-overflow` counters, for queues with a length limit (else undefined). */
export function rabbitOverflow(q: RabbitQueueState): QueueOverflowMetrics | undefined {
  const { maxLength, overflow, deadLetterExchange } = q.args;
  if (maxLength === null) return undefined;
  return {
    'x-max-length': maxLength,
    'x-overflow': overflow,
    droppedHead: q.counters.overflowHead,
    rejectedAtPublish: q.counters.publishRejected,
    // reject-publish never dead-letters; drop-head and reject-publish-dlx do when a DLX is set.
    isDeadLettered: deadLetterExchange !== null && overflow !== 'reject-publish',
  };
}
