// One RabbitMQ queue's ready messages, and where a returned message goes back
// (rabbitmq-website docs/nack.md, quorum-queues/index.md; domain.md §8):
// - classic: a requeued message returns "to its original position": it waits in `front`, a
//   heap ordered by sequenceNumber, ahead of `body` (every message still in `body` arrived
//   after every message delivered from it, so the original position is always ahead of it);
// - quorum with a delivery limit: returned messages go near the head, in return order;
// - quorum without one (x-delivery-limit -1): returned messages go to the back.
// Quorum queues also index ready messages with a TTL by expiry: they dead-letter them
// "shortly after" expiry wherever they sit (modelled: at expiry). Classic queues expire a
// message only once it reaches the head.

import {
  compileMessageTable,
  type MessageTable,
  type RabbitMessageEventType,
  type RabbitMessageState,
  VIEW_STATE_OF,
} from '../../machines/rabbitMessage.machine';
import type { QueueMessageState } from '../types';
import { createHeap, createRing, heapPop, heapPush, ringAt, ringPush, ringShift, ringTagAt } from './ring';
import type { RabbitQueueArgs } from './settings';
import type { RabbitMessage, RabbitQueueState } from './state';

/** Slots in a queue's recent delivery tags cache (state.ts `recentTags`). */
export const RECENT_TAGS = 256;

const TABLE: MessageTable = compileMessageTable();

/**
 * One event's transitions from the machine's table as parallel lanes (from → to, and the
 * contract state of `to`). `step` scans `from` by identity: the lifecycle names are the
 * table's own strings, so this is a few pointer compares instead of two keyed lookups.
 */
export interface LifecycleStep {
  event: RabbitMessageEventType;
  from: RabbitMessageState[];
  to: RabbitMessageState[];
  view: QueueMessageState[];
}

function compileStep(event: RabbitMessageEventType): LifecycleStep {
  const t: LifecycleStep = { event, from: [], to: [], view: [] };
  for (const from of Object.keys(TABLE) as RabbitMessageState[]) {
    const to = TABLE[from][event];
    if (to === undefined) continue;
    t.from.push(from);
    t.to.push(to);
    t.view.push(VIEW_STATE_OF[to]);
  }
  return t;
}

/** The lifecycle events, compiled once: `step(m, STEP.DELIVER)`. */
export const STEP: Record<RabbitMessageEventType, LifecycleStep> = {
  DELIVER: compileStep('DELIVER'),
  ACK: compileStep('ACK'),
  REQUEUE: compileStep('REQUEUE'),
  DEAD_LETTER: compileStep('DEAD_LETTER'),
  EXPIRE: compileStep('EXPIRE'),
  DROP: compileStep('DROP'),
};

/** Steps a message through the lifecycle machine's table; an illegal step is an engine bug. */
export function step(m: RabbitMessage, t: LifecycleStep): void {
  const from = m.lifecycle;
  const froms = t.from;
  for (let i = 0; i < froms.length; i++) {
    if (froms[i] === from) {
      m.lifecycle = t.to[i];
      m.state = t.view[i];
      return;
    }
  }
  throw new Error(`rabbitmq message ${m.messageId} in ${m.queue}: ${t.event} from ${from}`);
}

export function isReady(m: RabbitMessage): boolean {
  return m.lifecycle === 'Ready' || m.lifecycle === 'Requeued';
}

export function createRabbitQueue(
  name: string,
  args: RabbitQueueArgs,
  settings: RabbitQueueState['settings'],
): RabbitQueueState {
  return {
    name,
    type: args.kind === 'classic' ? 'rabbitmq-classic' : 'rabbitmq-quorum',
    settings,
    consumers: [],
    args,
    front: createHeap<RabbitMessage>(),
    body: createRing<RabbitMessage>(),
    expiries: createHeap<RabbitMessage>(),
    ready: 0,
    unacked: 0,
    nextSequenceNumber: 0,
    nextReturn: 0,
    nextPlacement: 0,
    channels: [],
    recentTags: new Array<number>(RECENT_TAGS).fill(-1),
    recentTagChannels: new Array<number>(RECENT_TAGS).fill(-1),
    oldestUnacked: null,
    oldestUnackedReceipt: -1,
    cursor: 0,
    isDispatching: false,
    counters: {
      published: 0,
      delivered: 0,
      redelivered: 0,
      acked: 0,
      requeued: 0,
      deadLettered: 0,
      expired: 0,
      dropped: 0,
      publishRejected: 0,
      overflowHead: 0,
      cycleDropped: 0,
      consumerTimeouts: 0,
    },
  };
}

/** The per-message `expiration` property: a string of non-negative integer ms (ttl.md). */
export function parseExpiration(expiration: string | null | undefined): number | null {
  if (expiration === null || expiration === undefined) return null;
  if (!/^\d+$/.test(expiration))
    throw new Error(`expiration must be a string of milliseconds, got "${expiration}"`);
  return Number(expiration);
}

/** When a message enqueued at `nowMs` expires: the lower of the queue's and the message's TTL. */
export function expiryOf(args: RabbitQueueArgs, expirationMs: number | null, nowMs: number): number {
  const queueTtl = args.messageTtlMs;
  const ttl =
    queueTtl === null ? expirationMs : expirationMs === null ? queueTtl : Math.min(queueTtl, expirationMs);
  return ttl === null ? Number.POSITIVE_INFINITY : nowMs + ttl;
}

function indexExpiry(q: RabbitQueueState, m: RabbitMessage): void {
  if (q.args.kind === 'quorum' && m.expiresAtMs !== Number.POSITIVE_INFINITY)
    heapPush(q.expiries, m, m.expiresAtMs, m.placement, m.placement);
}

/** Appends a newly arrived message (lifecycle Ready) to the back of the queue. */
export function pushArrival(q: RabbitQueueState, m: RabbitMessage): void {
  m.sequenceNumber = q.nextSequenceNumber++;
  m.placement = q.nextPlacement++;
  ringPush(q.body, m, m.placement);
  q.ready++;
  indexExpiry(q, m);
}

/** Puts a returned message (lifecycle Requeued) back where RabbitMQ would. */
export function pushReturn(q: RabbitQueueState, m: RabbitMessage): void {
  m.placement = q.nextPlacement++;
  if (q.args.kind === 'classic') heapPush(q.front, m, m.sequenceNumber, 0, m.placement);
  else if (q.args.deliveryLimit >= 0) heapPush(q.front, m, q.nextReturn++, 0, m.placement);
  else ringPush(q.body, m, m.placement);
  q.ready++;
  indexExpiry(q, m);
}

function isLive(q: RabbitQueueState, m: RabbitMessage, placement: number): boolean {
  return m.placement === placement && m.queue === q.name && isReady(m);
}

/** The message at the head (the next to deliver), dropping stale entries on the way. */
export function peekHead(q: RabbitQueueState): RabbitMessage | undefined {
  const front = q.front;
  while (front.items.length > 0 && !isLive(q, front.items[0], front.tokens[0])) heapPop(front);
  if (front.items.length > 0) return front.items[0];
  const body = q.body;
  while (body.size > 0 && !isLive(q, ringAt(body, 0), ringTagAt(body, 0))) ringShift(body);
  return body.size > 0 ? ringAt(body, 0) : undefined;
}

/** Removes the head (right after `peekHead` returned it); the caller steps its lifecycle. */
export function removeHead(q: RabbitQueueState): void {
  if (q.front.items.length > 0) heapPop(q.front);
  else ringShift(q.body);
  q.ready--;
}

/** Quorum: the earliest-expiring ready message, dropping stale index entries. */
export function peekExpiry(q: RabbitQueueState): RabbitMessage | undefined {
  const heap = q.expiries;
  while (heap.items.length > 0 && !isLive(q, heap.items[0], heap.tokens[0])) heapPop(heap);
  return heap.items[0];
}

/**
 * Quorum: takes the message `peekExpiry` returned out of the queue. Its entry in `front` or
 * `body` goes stale with the lifecycle step the caller makes next.
 */
export function removeExpiry(q: RabbitQueueState): void {
  heapPop(q.expiries);
  q.ready--;
}
