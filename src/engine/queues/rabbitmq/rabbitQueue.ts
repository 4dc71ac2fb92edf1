// RabbitMQ classic and quorum queues as a queue backend (../backend.ts): push delivery
// round-robin within each consumer's basic.qos prefetch, basic.ack / basic.nack / basic.reject
// (requeue, multiple), the `redelivered` flag, dead-lettering through x-dead-letter-exchange
// with x-death, TTL (x-message-ttl and per-message expiration, the lower wins), x-max-length
// with x-overflow, the quorum x-delivery-limit, consumer_timeout and single active consumer
// (rabbitmq-website docs; domain.md §8, §11, §12). Each message steps through the lifecycle
// machine (machines/rabbitMessage.machine.ts) by table.

import type {
  DeadLetterTarget,
  EnqueueOutcome,
  QueueBackend,
  QueueConsumer,
  QueueEnv,
  QueueMessage,
  Settlement,
  SettleOutcome,
} from '../backend';
import type { QueueType } from '../types';
import { describeRabbitArgs, resolveRabbitArgs } from './args';
import { type DeathReason, isDeadLetterCycle, recordDeath } from './deadLetter';
import {
  createRabbitQueue,
  expiryOf,
  isReady,
  peekExpiry,
  peekHead,
  pushArrival,
  pushReturn,
  RECENT_TAGS,
  removeExpiry,
  removeHead,
  STEP,
  step,
} from './queue';
import { createRing, ringAt, ringPush, ringShift, ringTagAt } from './ring';
import type { RabbitChannel, RabbitMessage, RabbitQueueState } from './state';
import { oldestEnqueuedAtMs, oldestReadyEnqueuedAtMs, rabbitQueueView } from './view';

// ---- arrival ------------------------------------------------------------------------------

/** Readies a message for this queue: a fresh copy here (counts restart, TTL from now). */
function admit(q: RabbitQueueState, message: QueueMessage, nowMs: number): RabbitMessage {
  const m = message as RabbitMessage;
  const isNew = m.lifecycle === undefined;
  m.queue = q.name;
  m.lifecycle = 'Ready';
  m.state = 'ready';
  m.placement = -1;
  m.enqueuedAtMs = nowMs;
  const exp = m.expirationMs;
  if (exp !== null && !(exp >= 0)) m.expirationMs = null; // not a string of ms: no TTL
  m.expiresAtMs = expiryOf(q.args, m.expirationMs, nowMs);
  m.receiveCount = 0;
  m.deliveryCount = 0;
  m.deliveredAtMs = -1;
  m.redelivered = false;
  m.consumerId = null;
  m.receipt = -1;
  m.visibleAtMs = -1;
  if (isNew) {
    m.sequenceNumber = -1;
    m.exchange ??= '';
    m.firstDeath = null;
    m.lastDeath = null;
  }
  return m;
}

function emitSent(q: RabbitQueueState, messageId: number, outcome: EnqueueOutcome, env: QueueEnv): void {
  if (env.wants('queue-sent')) env.emit({ type: 'queue-sent', queue: q.name, messageId, outcome });
}

function enqueue(q: RabbitQueueState, message: QueueMessage, env: QueueEnv): EnqueueOutcome {
  const nowMs = env.nowMs;
  const incoming = message as RabbitMessage;
  // A dead-lettered message routed back to a queue it already died in, with no rejection in
  // the cycle, is dropped (rabbit_dead_letter: cycle detection).
  if (incoming.state === 'dead-lettered' && incoming.xDeath !== null) {
    const reason = incoming.xDeath[0].reason;
    if (isDeadLetterCycle(incoming.xDeath, reason, q.name)) {
      q.counters.cycleDropped++;
      if (env.wants('queue-dropped'))
        env.emit({ type: 'queue-dropped', queue: q.name, messageId: incoming.messageId, reason });
      emitSent(q, incoming.messageId, 'dropped', env);
      return 'dropped';
    }
  }
  const m = admit(q, message, nowMs);
  const { maxLength, overflow } = q.args;
  if (maxLength !== null && overflow !== 'drop-head' && q.ready >= maxLength) {
    // maxlength.md: only ready messages count. reject-publish nacks the publisher;
    // reject-publish-dlx also dead-letters the refused message.
    q.counters.publishRejected++;
    if (overflow === 'reject-publish-dlx' && q.args.deadLetterExchange !== null) {
      emitSent(q, m.messageId, 'dead-lettered', env);
      leave(q, m, 'maxlen', env);
      return 'dead-lettered';
    }
    step(m, STEP.DROP);
    emitSent(q, m.messageId, 'rejected', env);
    // The publisher gets basic.nack; the engine's publishers do not resend, so the message is
    // gone for the groups reading this queue (counted as lost, beside the overflow counters).
    if (env.wants('queue-dropped'))
      env.emit({ type: 'queue-dropped', queue: q.name, messageId: m.messageId, reason: 'maxlen' });
    return 'rejected';
  }
  q.counters.published++;
  pushArrival(q, m);
  emitSent(q, m.messageId, 'enqueued', env);
  if (maxLength !== null && overflow === 'drop-head') {
    // The oldest ready messages go (dead-lettered with reason maxlen, or dropped).
    while (q.ready > maxLength) {
      const head = peekHead(q)!;
      removeHead(q);
      q.counters.overflowHead++;
      leave(q, head, 'maxlen', env);
    }
  }
  dispatch(q, env, nowMs);
  const lifecycle = m.lifecycle as RabbitMessage['lifecycle'];
  if (lifecycle === 'DeadLettered') return 'dead-lettered';
  if (lifecycle === 'Expired' || lifecycle === 'Dropped') return 'dropped';
  return 'enqueued';
}

// ---- leaving without an ack ---------------------------------------------------------------

/**
 * The message leaves `q` for `reason` (it is already out of the ready structures or unacked
 * bookkeeping): dead-lettered through the DLX with an x-death entry, or, without a DLX,
 * expired / dropped.
 */
function leave(q: RabbitQueueState, m: RabbitMessage, reason: DeathReason, env: QueueEnv): void {
  const dlx = q.args.deadLetterExchange;
  if (reason === 'expired') q.counters.expired++;
  m.consumerId = null;
  m.receipt = -1;
  m.visibleAtMs = -1;
  if (dlx === null) {
    step(m, reason === 'expired' ? STEP.EXPIRE : STEP.DROP);
    if (reason !== 'expired') q.counters.dropped++;
    if (env.wants('queue-dropped'))
      env.emit({ type: 'queue-dropped', queue: q.name, messageId: m.messageId, reason });
    return;
  }
  step(m, STEP.DEAD_LETTER);
  q.counters.deadLettered++;
  const routingKey = m.routingKey ?? '';
  const history = recordDeath(m, q.name, reason, m.exchange, [routingKey], env.nowMs);
  m.xDeath = history.xDeath;
  m.firstDeath = history.firstDeath;
  m.lastDeath = history.lastDeath;
  // dlx.md: the message's TTL is removed; x-dead-letter-routing-key replaces its routing key.
  m.expirationMs = null;
  const dlKey = q.args.deadLetterRoutingKey;
  if (dlKey !== null) m.routingKey = dlKey;
  m.exchange = dlx;
  const target: DeadLetterTarget = { kind: 'exchange', exchange: dlx, routingKey: dlKey };
  env.deadLetter(q.name, m, reason, target);
}

// ---- push delivery ------------------------------------------------------------------------

function hasRoom(q: RabbitQueueState, i: number): boolean {
  const prefetch = q.consumers[i].prefetch;
  return prefetch === 0 || q.channels[i].unackedCount < prefetch;
}

/** The index of the next consumer to push to: round-robin among those with prefetch room. */
function pickConsumer(q: RabbitQueueState): number {
  const n = q.consumers.length;
  if (n === 0) return -1;
  // Single active consumer: only the first subscriber receives; the others wait their turn.
  if (q.args.isSingleActiveConsumer) return hasRoom(q, 0) ? 0 : -1;
  for (let k = 0; k < n; k++) {
    const i = (q.cursor + k) % n;
    if (hasRoom(q, i)) {
      q.cursor = (i + 1) % n;
      return i;
    }
  }
  return -1;
}

/**
 * Pushes ready messages to consumers with prefetch room, then expires what is due. With
 * nothing ready there is nothing to push, and nothing ready can be due.
 */
function dispatch(q: RabbitQueueState, env: QueueEnv, nowMs: number): void {
  if (q.isDispatching || q.ready === 0) return;
  q.isDispatching = true;
  try {
    for (;;) {
      const m = peekHead(q);
      if (m === undefined) break;
      // ttl.md: expired messages are never delivered. A message whose TTL ends this instant
      // still goes out: TTL 0 expires a message "unless it can be delivered immediately".
      if (m.expiresAtMs < nowMs) {
        removeHead(q);
        leave(q, m, 'expired', env);
        continue;
      }
      const i = pickConsumer(q);
      if (i < 0) break;
      removeHead(q);
      deliver(q, i, m, env, nowMs);
    }
  } finally {
    q.isDispatching = false;
  }
  expireDue(q, env, nowMs);
}

function deliver(q: RabbitQueueState, i: number, m: RabbitMessage, env: QueueEnv, nowMs: number): void {
  const consumerId = q.consumers[i].consumerId;
  const ch = q.channels[i];
  const isRedelivery = m.lifecycle === 'Requeued';
  step(m, STEP.DELIVER);
  if (isRedelivery) {
    m.redelivered = true;
    q.counters.redelivered++;
  }
  m.receiveCount++;
  m.consumerId = consumerId;
  m.receipt = env.nextReceipt();
  m.deliveredAtMs = nowMs;
  // The first delivery ever (kept through requeues and dead-letter hops), as SQS keeps
  // ApproximateFirstReceiveTimestamp: the latency stages start the redelivery wait here.
  if (m.firstReceivedAtMs < 0) m.firstReceivedAtMs = nowMs;
  m.visibleAtMs = nowMs + q.args.consumerTimeoutMs;
  ringPush(ch.unacked, m, m.receipt);
  const slot = m.receipt & RECENT_TAG_MASK;
  q.recentTags[slot] = m.receipt;
  q.recentTagChannels[slot] = i;
  // No unacked delivery is older than one made now: it is the oldest only when none was known.
  if (q.oldestUnacked === null) {
    q.oldestUnacked = m;
    q.oldestUnackedReceipt = m.receipt;
  }
  ch.unackedCount++;
  q.unacked++;
  q.counters.delivered++;
  if (env.wants('queue-received'))
    env.emit({
      type: 'queue-received',
      queue: q.name,
      consumerId,
      messageId: m.messageId,
      receiveCount: m.receiveCount,
      redelivered: m.redelivered,
    });
  env.deliver(consumerId, [
    {
      queue: q.name,
      consumerId,
      receipt: m.receipt,
      message: m,
      receiveCount: m.receiveCount,
      redelivered: m.redelivered,
      receivedAtMs: nowMs,
    },
  ]);
}

/** Expires what is due: classic only at the head, quorum wherever it sits. */
function expireDue(q: RabbitQueueState, env: QueueEnv, nowMs: number): void {
  if (q.args.kind === 'classic') {
    for (let m = peekHead(q); m !== undefined && m.expiresAtMs <= nowMs; m = peekHead(q)) {
      removeHead(q);
      leave(q, m, 'expired', env);
    }
  } else {
    for (let m = peekExpiry(q); m !== undefined && m.expiresAtMs <= nowMs; m = peekExpiry(q)) {
      removeExpiry(q);
      leave(q, m, 'expired', env);
    }
  }
}

// ---- consumers and settlement ---------------------------------------------------------------

function isUnackedBy(q: RabbitQueueState, ch: RabbitChannel, m: RabbitMessage, receipt: number): boolean {
  return (
    m.lifecycle === 'Unacked' && m.receipt === receipt && m.consumerId === ch.consumerId && m.queue === q.name
  );
}

function trimUnacked(q: RabbitQueueState, ch: RabbitChannel): void {
  const r = ch.unacked;
  while (r.size > 0 && !isUnackedBy(q, ch, ringAt(r, 0), ringTagAt(r, 0))) ringShift(r);
}

/** Size - 1 of the recent delivery tags cache (state.ts `recentTags`), a power of two. */
export const RECENT_TAG_MASK = RECENT_TAGS - 1;

function channelIndex(q: RabbitQueueState, consumerId: string): number {
  for (let i = 0; i < q.channels.length; i++) if (q.channels[i].consumerId === consumerId) return i;
  return -1;
}

type ReturnReason = 'requeue' | 'consumer-closed' | 'consumer_timeout';

/** Back to the queue (nack/reject requeue=true, or the channel closed with it unacked). */
function requeue(
  q: RabbitQueueState,
  ch: RabbitChannel,
  m: RabbitMessage,
  why: ReturnReason,
  env: QueueEnv,
): void {
  ch.unackedCount--;
  q.unacked--;
  m.consumerId = null;
  m.receipt = -1;
  m.visibleAtMs = -1;
  step(m, STEP.REQUEUE);
  q.counters.requeued++;
  if (env.wants('queue-returned'))
    env.emit({ type: 'queue-returned', queue: q.name, messageId: m.messageId, reason: why });
  if (q.args.kind === 'quorum') {
    // x-delivery-count counts returns; before 4.3 every return counted, channel closures
    // included. Past the limit the message is dead-lettered (or dropped) instead.
    m.deliveryCount++;
    const limit = q.args.deliveryLimit;
    if (limit >= 0 && m.deliveryCount > limit) {
      leave(q, m, 'delivery_limit', env);
      return;
    }
  }
  pushReturn(q, m);
}

function rejectOne(
  q: RabbitQueueState,
  ch: RabbitChannel,
  m: RabbitMessage,
  isRequeue: boolean,
  env: QueueEnv,
): void {
  if (isRequeue) {
    requeue(q, ch, m, 'requeue', env);
    return;
  }
  ch.unackedCount--;
  q.unacked--;
  leave(q, m, 'rejected', env);
}

function settle(
  q: RabbitQueueState,
  consumerId: string,
  receipt: number,
  settlement: Settlement,
  env: QueueEnv,
): SettleOutcome {
  // The channel this tag was delivered on, from the recent-tags cache when it still holds the
  // tag (checked: a closed channel shifts the indices), else by consumer id.
  const slot = receipt & RECENT_TAG_MASK;
  const hint = q.recentTags[slot] === receipt ? q.recentTagChannels[slot] : -1;
  const i = hint >= 0 && q.channels[hint]?.consumerId === consumerId ? hint : channelIndex(q, consumerId);
  const ch = i < 0 ? undefined : q.channels[i];
  let m: RabbitMessage | undefined;
  if (ch) {
    const r = ch.unacked;
    for (let k = 0; k < r.size; k++) {
      if (ringTagAt(r, k) === receipt) {
        const x = ringAt(r, k);
        if (isUnackedBy(q, ch, x, receipt)) m = x;
        break;
      }
    }
  }
  const isKnown =
    ch !== undefined && m !== undefined && (settlement.kind === 'ack' || settlement.kind === 'nack');
  if (env.wants('queue-settled'))
    env.emit({
      type: 'queue-settled',
      queue: q.name,
      consumerId,
      messageId: m?.messageId ?? -1,
      settlement: settlement.kind,
      ...(settlement.kind === 'nack' ? { requeue: settlement.requeue } : {}),
      outcome: isKnown ? 'ok' : 'unknown',
    });
  // An unknown delivery tag: RabbitMQ closes the channel (PRECONDITION_FAILED); the runtime records it.
  if (!isKnown || !ch || !m) return 'unknown';
  if (settlement.kind === 'ack') {
    ch.unackedCount--;
    q.unacked--;
    m.consumerId = null;
    m.receipt = -1;
    m.visibleAtMs = -1;
    step(m, STEP.ACK);
    q.counters.acked++;
  } else if (settlement.kind === 'nack') {
    if (settlement.isMultiple) {
      // basic.nack multiple: every unacked delivery of this channel up to and including the tag.
      const batch: RabbitMessage[] = [];
      const r = ch.unacked;
      for (let k = 0; k < r.size && ringTagAt(r, k) <= receipt; k++) {
        const x = ringAt(r, k);
        if (isUnackedBy(q, ch, x, ringTagAt(r, k))) batch.push(x);
      }
      for (const x of batch) rejectOne(q, ch, x, settlement.requeue, env);
    } else rejectOne(q, ch, m, settlement.requeue, env);
  }
  trimUnacked(q, ch);
  if (q.ready > 0) dispatch(q, env, env.nowMs);
  return 'ok';
}

function attach(q: RabbitQueueState, consumer: QueueConsumer, env: QueueEnv): void {
  if (channelIndex(q, consumer.consumerId) >= 0)
    throw new Error(`consumer ${consumer.consumerId} is attached twice to ${q.name}`);
  q.consumers.push({ ...consumer });
  q.channels.push({ consumerId: consumer.consumerId, unacked: createRing<RabbitMessage>(), unackedCount: 0 });
  dispatch(q, env, env.nowMs);
}

/** Closes a consumer's channel: its unacked deliveries return in delivery-tag order. */
function closeChannel(q: RabbitQueueState, i: number, why: ReturnReason, env: QueueEnv): void {
  const ch = q.channels[i];
  q.consumers.splice(i, 1);
  q.channels.splice(i, 1);
  if (q.cursor > i) q.cursor--;
  if (q.cursor >= q.consumers.length) q.cursor = 0;
  const r = ch.unacked;
  while (r.size > 0) {
    const receipt = ringTagAt(r, 0);
    const m = ringShift(r)!;
    if (isUnackedBy(q, ch, m, receipt)) requeue(q, ch, m, why, env);
  }
}

function detach(q: RabbitQueueState, consumerId: string, env: QueueEnv): void {
  const i = channelIndex(q, consumerId);
  if (i < 0) return;
  closeChannel(q, i, 'consumer-closed', env);
  // Single active consumer: the next subscriber in line becomes active here.
  dispatch(q, env, env.nowMs);
}

// ---- time -----------------------------------------------------------------------------------

function oldestDeliveryMs(q: RabbitQueueState, ch: RabbitChannel): number {
  trimUnacked(q, ch);
  return ch.unacked.size > 0 ? ringAt(ch.unacked, 0).deliveredAtMs : Number.POSITIVE_INFINITY;
}

/** The oldest unacked delivery of the whole queue (the earliest consumer_timeout), or null. */
function oldestUnacked(q: RabbitQueueState): RabbitMessage | null {
  const cached = q.oldestUnacked;
  if (cached !== null && cached.lifecycle === 'Unacked' && cached.receipt === q.oldestUnackedReceipt)
    if (cached.queue === q.name) return cached;
  let oldest: RabbitMessage | null = null;
  for (const ch of q.channels) {
    trimUnacked(q, ch);
    if (ch.unacked.size === 0) continue;
    const m = ringAt(ch.unacked, 0);
    if (oldest === null || m.deliveredAtMs < oldest.deliveredAtMs) oldest = m;
  }
  q.oldestUnacked = oldest;
  q.oldestUnackedReceipt = oldest === null ? -1 : oldest.receipt;
  return oldest;
}

function nextDueMs(q: RabbitQueueState): number {
  let due = Number.POSITIVE_INFINITY;
  const m = q.args.kind === 'classic' ? peekHead(q) : peekExpiry(q);
  if (m !== undefined) due = m.expiresAtMs;
  const oldest = oldestUnacked(q);
  if (oldest !== null) {
    const at = oldest.deliveredAtMs + q.args.consumerTimeoutMs;
    if (at < due) due = at;
  }
  return due;
}

/**
 * consumer_timeout: a channel holding a delivery unacked longer than the timeout is closed
 * and its unacked messages requeued (consumers.md); then TTL expiry and delivery.
 */
function advance(q: RabbitQueueState, env: QueueEnv): void {
  const nowMs = env.nowMs;
  for (let i = q.channels.length - 1; i >= 0; i--) {
    if (oldestDeliveryMs(q, q.channels[i]) + q.args.consumerTimeoutMs <= nowMs) {
      q.counters.consumerTimeouts++;
      closeChannel(q, i, 'consumer_timeout', env);
    }
  }
  expireDue(q, env, nowMs);
  dispatch(q, env, nowMs);
}

function takeOldest(q: RabbitQueueState, _env: QueueEnv): QueueMessage | null {
  const m = peekHead(q);
  if (m === undefined) return null;
  removeHead(q);
  step(m, STEP.DROP);
  return m;
}

export const rabbitmqBackend: QueueBackend<RabbitQueueState> = {
  types: ['rabbitmq-classic', 'rabbitmq-quorum'] satisfies QueueType[],
  mode: 'push',
  create(name, type, settings) {
    const kind = type === 'rabbitmq-quorum' ? 'quorum' : 'classic';
    const args = resolveRabbitArgs(name, kind, settings);
    return createRabbitQueue(name, args, describeRabbitArgs(args));
  },
  deadLetterTarget: (q) =>
    q.args.deadLetterExchange === null
      ? null
      : { kind: 'exchange', exchange: q.args.deadLetterExchange, routingKey: q.args.deadLetterRoutingKey },
  enqueue,
  attach,
  detach,
  settle,
  nextDueMs,
  advance,
  takeOldest,
  counts: (q) => ({ visible: q.ready, inFlight: q.unacked, delayed: 0 }),
  oldestVisibleEnqueuedAtMs: (q) => oldestReadyEnqueuedAtMs(q),
  oldestEnqueuedAtMs: (q) => oldestEnqueuedAtMs(q),
  view: (q, nowMs) => rabbitQueueView(q, nowMs),
};

export { isReady };
