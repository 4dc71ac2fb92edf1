// The queue runtime: consumer groups reading queues, on the engine clock. Each consumer runs
// the queue consumer machine (compiled to a table): ReceiveMessage (or wait for a push within
// prefetch) → process each message → DeleteMessage / ack → receive again. Delivery modes place
// the delete before (at-most-once) or after (at-least-once, effectively-once) the side effect;
// the side effect goes to the group's sink, as Kafka groups' do. The broker's time-driven work
// (visibility timeouts, delays, TTL, retention, long polls, DLQ redrives) runs through one
// scheduler entry at the broker's next due time.

import type { EngineContext } from '../../engineContext';
import type { QueueConsumerEvent, QueueConsumerHook } from '../../machines/queueConsumer.machine';
import { stepQueueConsumer } from '../../machines/queueConsumerTable';
import { reset } from '../../metrics/histogram';
import { mark } from '../../metrics/rateMeter';
import { rollStages } from '../../metrics/stages';
import type { EngineConfig } from '../../scenario/config';
import type { Delivery, QueueEnv, QueueEvent, QueueEventType, Settlement } from '../backend';
import {
  advanceBroker,
  brokerNextDueMs,
  createBroker,
  createQueueEnv,
  type ExchangeSpec,
  type QueueSpec,
} from '../broker';
import { backendOf } from '../registry';
import { applyQueueEffect, failureOf, onQueueAccounting } from './effect';
import { createQueueGroupRt, type QueueConsumerRt, type QueueEngineEvent, type QueueWorld } from './state';

/** Queue events the runtime always needs (accounting), whether or not anybody listens. */
const ACCOUNTED: ReadonlySet<QueueEventType> = new Set([
  'queue-dead-lettered',
  'queue-dropped',
  'queue-moved',
]);

export function createQueueWorld(config: EngineConfig): QueueWorld | null {
  if (config.queues.length === 0) return null;
  const groups: QueueWorld['groups'] = {};
  for (const g of config.queueGroups) groups[g.groupId] = createQueueGroupRt(g);
  return {
    broker: createBroker(config.queues as QueueSpec[], config.exchanges as ExchangeSpec[]),
    groups,
    consumers: {},
    dueAtMs: Number.POSITIVE_INFINITY,
  };
}

// ---- the environment the backends run in -------------------------------------------------

const ENVS = new WeakMap<EngineContext, QueueEnv>();
let lastCtx: EngineContext | null = null;
let lastEnv: QueueEnv | null = null;

export function queueEnv(ctx: EngineContext): QueueEnv {
  if (ctx === lastCtx) return lastEnv!;
  let env = ENVS.get(ctx);
  if (!env) {
    env = createQueueEnv(() => ctx.w.queues!.broker, {
      nowMs: () => ctx.w.nowMs,
      rng: () => ctx.rng,
      deliver: (consumerId, batch) => onDeliver(ctx, consumerId, batch),
      wants: (type) => ACCOUNTED.has(type) || ctx.wants(type),
      emit: (event) => onQueueEvent(ctx, event),
    });
    ENVS.set(ctx, env);
  }
  lastCtx = ctx;
  lastEnv = env;
  return env;
}

function onQueueEvent(ctx: EngineContext, event: QueueEvent): void {
  if (ACCOUNTED.has(event.type)) onQueueAccounting(ctx, event);
  if (ctx.wants(event.type)) ctx.emit({ ...event, atMs: ctx.w.nowMs });
}

/** Keeps one `queue-due` event at the broker's next due time. Call after touching the broker. */
export function armQueueTimer(ctx: EngineContext): void {
  const qw = ctx.w.queues!;
  const due = brokerNextDueMs(qw.broker);
  if (due === Number.POSITIVE_INFINITY || due >= qw.dueAtMs) return;
  qw.dueAtMs = due;
  ctx.schedule(Math.max(due, ctx.w.nowMs), { kind: 'queue-due' });
}

// ---- boot and dispatch -------------------------------------------------------------------

export function startQueues(ctx: EngineContext): void {
  const qw = ctx.w.queues;
  if (!qw) return;
  for (const g of Object.values(qw.groups)) {
    if (g.config.startMs === 0)
      for (let i = 0; i < g.config.consumers; i++) addQueueConsumer(ctx, g.config.groupId);
    else ctx.schedule(g.config.startMs, { kind: 'queue-group-start', groupId: g.config.groupId });
  }
  if (Object.keys(qw.groups).length > 0)
    ctx.schedule(ctx.w.config.broker.retentionCheckIntervalMs, { kind: 'queue-tick' });
  armQueueTimer(ctx);
}

/** The recent latency window, as Kafka groups roll theirs (log/retention.ts): 10 s, checked each tick. */
export const QUEUE_LATENCY_WINDOW_MS = 10_000;

function onQueueTick(ctx: EngineContext): void {
  const w = ctx.w;
  for (const g of Object.values(w.queues!.groups)) {
    if (w.nowMs - g.latencyWindowStartMs < QUEUE_LATENCY_WINDOW_MS) continue;
    const previous = g.latencyPrevious;
    g.latencyPrevious = g.latency;
    reset(previous);
    g.latency = previous;
    rollStages(g.stages);
    g.latencyWindowStartMs = w.nowMs;
  }
  ctx.schedule(w.nowMs + w.config.broker.retentionCheckIntervalMs, { kind: 'queue-tick' });
}

export function dispatchQueueEvent(ctx: EngineContext, e: QueueEngineEvent): void {
  const qw = ctx.w.queues;
  if (!qw) return;
  switch (e.kind) {
    case 'queue-tick':
      // Touches only the groups' histograms: the broker's timer needs no re-arming.
      onQueueTick(ctx);
      return;
    case 'queue-due':
      if (ctx.w.nowMs >= qw.dueAtMs) {
        qw.dueAtMs = Number.POSITIVE_INFINITY;
        advanceBroker(qw.broker, queueEnv(ctx));
      }
      break;
    case 'queue-step': {
      const c = qw.consumers[e.consumerId];
      if (!c || c.incarnation !== e.incarnation) return;
      // A frozen process does nothing until its pause ends (its heartbeat neither).
      if (ctx.w.nowMs < c.pauseUntilMs) {
        ctx.schedule(c.pauseUntilMs, e);
        return;
      }
      if (e.step === 'batch') onBatch(ctx, c);
      else if (e.step === 'receive') send(ctx, c, { type: 'RECEIVE' });
      else if (e.step === 'done') onDone(ctx, c);
      else onHeartbeat(ctx, c);
      break;
    }
    case 'queue-restart': {
      const c = qw.consumers[e.consumerId];
      if (c?.loop === 'Crashed' && !c.isRemoved) restartQueueConsumer(ctx, c);
      break;
    }
    case 'queue-group-start': {
      const g = qw.groups[e.groupId];
      if (g) for (let i = 0; i < g.config.consumers; i++) addQueueConsumer(ctx, g.config.groupId);
      break;
    }
  }
  armQueueTimer(ctx);
}

// ---- consumers ---------------------------------------------------------------------------

/** Consumer ids read like the Kafka members': the group's first letter and a number ("w-1"). */
export function addQueueConsumer(ctx: EngineContext, groupId: string): string {
  const qw = ctx.w.queues!;
  const g = qw.groups[groupId];
  const prefix = groupId.slice(0, 1).toLowerCase() || 'c';
  const taken = (id: string) => qw.consumers[id] !== undefined || ctx.w.members[id] !== undefined;
  // When another group has the letter ("alerts" took a-1), the whole group name keeps the
  // number: audit's first consumer is audit-1, not audit-2.
  let consumerId = `${prefix}-${g.nextConsumerNumber}`;
  if (taken(consumerId)) consumerId = `${groupId}-${g.nextConsumerNumber}`;
  g.nextConsumerNumber++;
  while (taken(consumerId)) consumerId = `${groupId}-${g.nextConsumerNumber++}`;
  const c: QueueConsumerRt = {
    consumerId,
    groupId,
    queue: g.config.queue,
    incarnation: 0,
    loop: 'Stopped',
    stateSinceMs: ctx.w.nowMs,
    batch: [],
    batchIndex: 0,
    current: null,
    receiveRequestedAtMs: -1,
    processingFactor: 1,
    pauseUntilMs: -1,
    armedCrash: null,
    restartAfterMs: null,
    processedCount: 0,
    isRemoved: false,
  };
  qw.consumers[consumerId] = c;
  g.consumerIds.push(consumerId);
  attach(ctx, c);
  send(ctx, c, { type: 'START' });
  return consumerId;
}

function attach(ctx: EngineContext, c: QueueConsumerRt): void {
  const q = ctx.w.queues!.broker.queues[c.queue];
  const g = ctx.w.queues!.groups[c.groupId];
  const backend = backendOf(q);
  // Push (RabbitMQ): basic.qos prefetch; pull (SQS): the batch size it asks for.
  const prefetch = backend.mode === 'push' ? g.config.prefetch : g.config.maxNumberOfMessages;
  backend.attach(q, { consumerId: c.consumerId, groupId: c.groupId, prefetch }, queueEnv(ctx));
}

function detach(ctx: EngineContext, c: QueueConsumerRt): void {
  const q = ctx.w.queues!.broker.queues[c.queue];
  backendOf(q).detach(q, c.consumerId, queueEnv(ctx));
}

const HOOKS: Record<QueueConsumerHook, (c: QueueConsumerRt, ctx: EngineContext) => void> = {
  requestReceive: (c, ctx) => requestReceive(ctx, c),
  scheduleReceive: (c, ctx) => {
    const g = ctx.w.queues!.groups[c.groupId];
    // After a long poll that waited, receive again at once; after a short poll (or OverLimit), pause.
    const hasWaited = ctx.w.nowMs > c.receiveRequestedAtMs;
    const delayMs = hasWaited ? 0 : Math.max(1, g.config.pollIntervalMs);
    ctx.schedule(ctx.w.nowMs + delayMs, {
      kind: 'queue-step',
      consumerId: c.consumerId,
      incarnation: c.incarnation,
      step: 'receive',
    });
  },
  disarmCrash: (c) => {
    c.armedCrash = null;
  },
};

/** The hooks bound to one context, built once per context (the table runner calls them per step). */
const BOUND = new WeakMap<EngineContext, Record<QueueConsumerHook, (c: QueueConsumerRt) => void>>();

function send(ctx: EngineContext, c: QueueConsumerRt, event: QueueConsumerEvent): void {
  let hooks = BOUND.get(ctx);
  if (!hooks) {
    hooks = {
      requestReceive: (x) => HOOKS.requestReceive(x, ctx),
      scheduleReceive: (x) => HOOKS.scheduleReceive(x, ctx),
      disarmCrash: (x) => HOOKS.disarmCrash(x, ctx),
    };
    BOUND.set(ctx, hooks);
  }
  const before = c.loop;
  stepQueueConsumer(c, event, hooks);
  if (c.loop !== before) c.stateSinceMs = ctx.w.nowMs;
}

function requestReceive(ctx: EngineContext, c: QueueConsumerRt): void {
  const qw = ctx.w.queues!;
  const q = qw.broker.queues[c.queue];
  const backend = backendOf(q);
  c.receiveRequestedAtMs = ctx.w.nowMs;
  if (c.batchIndex < c.batch.length) {
    // Push deliveries arrived while the last one was processed: go on with them.
    scheduleStep(ctx, c, 'batch', ctx.w.nowMs);
    return;
  }
  c.batch = [];
  c.batchIndex = 0;
  if (backend.mode !== 'pull' || !backend.receive) return; // push: the queue delivers within prefetch
  const g = qw.groups[c.groupId];
  const queueWait = q.settings.ReceiveMessageWaitTimeSeconds;
  backend.receive(
    q,
    {
      consumerId: c.consumerId,
      maxNumberOfMessages: g.config.maxNumberOfMessages,
      waitTimeSeconds: g.config.waitTimeSeconds ?? (typeof queueWait === 'number' ? queueWait : 0),
      visibilityTimeoutSeconds: g.config.visibilityTimeoutSeconds,
    },
    queueEnv(ctx),
  );
}

function scheduleStep(
  ctx: EngineContext,
  c: QueueConsumerRt,
  step: 'batch' | 'done' | 'heartbeat',
  atMs: number,
) {
  ctx.schedule(atMs, { kind: 'queue-step', consumerId: c.consumerId, incarnation: c.incarnation, step });
}

/** A backend handed messages (or an empty ReceiveMessage answer) to a consumer. */
function onDeliver(ctx: EngineContext, consumerId: string, batch: Delivery[]): void {
  const qw = ctx.w.queues!;
  const c = qw.consumers[consumerId];
  if (!c) return;
  const g = qw.groups[c.groupId];
  for (const d of batch) {
    g.delivered += 1;
    if (d.receiveCount > 1 || d.redelivered) g.redeliveries += 1;
    c.batch.push(d);
    if (g.duplicateRemaining > 0) {
      // The duplicate-delivery fault: the same receipt handed over twice (a client retry).
      g.duplicateRemaining -= 1;
      g.delivered += 1;
      c.batch.push(d);
    }
  }
  if (c.loop === 'Receiving') scheduleStep(ctx, c, 'batch', ctx.w.nowMs);
}

function onBatch(ctx: EngineContext, c: QueueConsumerRt): void {
  if (c.loop !== 'Receiving') return;
  if (c.batchIndex >= c.batch.length) {
    send(ctx, c, { type: 'EMPTY' });
    return;
  }
  send(ctx, c, { type: 'BATCH' });
  processNext(ctx, c);
}

const ACK: Settlement = { kind: 'ack' };
const DELETE: Settlement = { kind: 'delete' };
const NACK_REQUEUE: Settlement = { kind: 'nack', requeue: true };
const NACK_DISCARD: Settlement = { kind: 'nack', requeue: false };
const RELEASE: Settlement = { kind: 'change-visibility', visibilityTimeoutSeconds: 0 };

function settle(
  ctx: EngineContext,
  c: QueueConsumerRt,
  d: Delivery,
  kind: 'delete' | 'release' | 'reject' | number,
): void {
  const q = ctx.w.queues!.broker.queues[c.queue];
  const backend = backendOf(q);
  const isPush = backend.mode === 'push';
  const settlement: Settlement =
    kind === 'delete'
      ? isPush
        ? ACK
        : DELETE
      : kind === 'reject'
        ? NACK_DISCARD
        : kind === 'release'
          ? isPush
            ? NACK_REQUEUE
            : RELEASE
          : { kind: 'change-visibility', visibilityTimeoutSeconds: kind };
  const outcome = backend.settle(q, c.consumerId, d.receipt, settlement, queueEnv(ctx));
  // RabbitMQ closed this consumer's channel (consumer_timeout): its late ack fails and the
  // client opens a new channel and consumes again.
  if (outcome === 'unknown' && isPush && !q.consumers.some((x) => x.consumerId === c.consumerId))
    attach(ctx, c);
}

function processNext(ctx: EngineContext, c: QueueConsumerRt): void {
  const g = ctx.w.queues!.groups[c.groupId];
  if (c.batchIndex >= c.batch.length) {
    c.batch = [];
    c.batchIndex = 0;
    send(ctx, c, { type: 'RECEIVE' });
    return;
  }
  if (c.armedCrash === 'before-process') {
    crashQueueConsumer(ctx, c, 'CRASH_BEFORE_PROCESS');
    return;
  }
  const d = c.batch[c.batchIndex];
  if (g.config.deleteWhen === 'before-processing') {
    settle(ctx, c, d, 'delete');
    g.deletedUnapplied.add(d.message.messageId);
    if (c.armedCrash === 'after-commit-before-process-completes') {
      crashQueueConsumer(ctx, c, 'CRASH_AFTER_DELETE');
      return;
    }
  }
  const duration = sampleProcessingMs(ctx, g.config.processing) * c.processingFactor;
  send(ctx, c, { type: 'NEXT' });
  c.current = { delivery: d, startedAtMs: ctx.w.nowMs, endsAtMs: ctx.w.nowMs + duration };
  scheduleStep(ctx, c, 'done', c.current.endsAtMs);
  const heartbeat = g.config.heartbeat;
  if (heartbeat && heartbeat.intervalMs < duration)
    scheduleStep(ctx, c, 'heartbeat', ctx.w.nowMs + heartbeat.intervalMs);
}

function sampleProcessingMs(ctx: EngineContext, p: { meanMs: number; distribution: string }): number {
  if (p.meanMs === 0) return 0;
  if (p.distribution === 'constant') return p.meanMs;
  if (p.distribution === 'uniform') return ctx.rng.float() * 2 * p.meanMs;
  return ctx.rng.exponential(p.meanMs);
}

function onDone(ctx: EngineContext, c: QueueConsumerRt): void {
  const current = c.current;
  if (!current || c.loop !== 'Processing') return;
  const g = ctx.w.queues!.groups[c.groupId];
  const d = current.delivery;
  const id = d.message.messageId;
  mark(g.attempts, ctx.w.nowMs);
  const failure = failureOf(ctx, g, d);
  if (failure === null) {
    applyQueueEffect(ctx, g, c, d, current.startedAtMs);
    if (g.config.deleteWhen === 'after-processing') {
      if (c.armedCrash === 'after-process-before-commit') {
        crashQueueConsumer(ctx, c, 'CRASH_AFTER_PROCESS');
        return;
      }
      settle(ctx, c, d, 'delete');
    }
  } else {
    g.failedAttempts += 1;
    if (ctx.wants('queue-process-failed'))
      ctx.emit({
        type: 'queue-process-failed',
        atMs: ctx.w.nowMs,
        groupId: g.config.groupId,
        consumerId: c.consumerId,
        queue: c.queue,
        messageId: id,
        receiveCount: d.receiveCount,
        error: failure,
      });
    const groupId = d.message.messageGroupId;
    if (ctx.w.queues!.broker.queues[c.queue].type === 'sqs-fifo' && groupId !== null) {
      // FIFO order: the rest of this group's messages in the batch are not processed before
      // this one; left undeleted, they come back after it when their visibility runs out.
      c.batch = c.batch.filter((x, i) => i <= c.batchIndex || x.message.messageGroupId !== groupId);
    }
    const isPush = backendOf(ctx.w.queues!.broker.queues[c.queue]).mode === 'push';
    if (g.config.deleteWhen === 'before-processing')
      loseDeleted(ctx, g.config.groupId, id, 'deleted before processing, which then failed');
    // RabbitMQ: basic.nack, requeue as the group says (true: back to the queue; false: DLX or dropped).
    else if (isPush) settle(ctx, c, d, g.config.requeue ? 'release' : 'reject');
    else if (g.config.onFailure === 'release') settle(ctx, c, d, 'release');
    else if (g.config.onFailure === 'backoff') {
      const b = g.config.backoff;
      const ms = Math.min(b.maxBackoffMs, b.backoffMs * b.multiplier ** Math.max(0, d.receiveCount - 1));
      settle(ctx, c, d, Math.max(0, Math.round(ms / 1000)));
    }
  }
  c.current = null;
  c.batchIndex += 1;
  processNext(ctx, c);
}

/** ChangeMessageVisibility while the message is processed, every `intervalMs`. */
function onHeartbeat(ctx: EngineContext, c: QueueConsumerRt): void {
  const heartbeat = ctx.w.queues!.groups[c.groupId].config.heartbeat;
  if (!c.current || c.loop !== 'Processing' || !heartbeat) return;
  settle(ctx, c, c.current.delivery, heartbeat.visibilityTimeoutSeconds);
  if (ctx.w.nowMs + heartbeat.intervalMs < c.current.endsAtMs)
    scheduleStep(ctx, c, 'heartbeat', ctx.w.nowMs + heartbeat.intervalMs);
}

function loseDeleted(ctx: EngineContext, groupId: string, id: number, reason: string): void {
  const g = ctx.w.queues!.groups[groupId];
  if (!g.deletedUnapplied.delete(id)) return;
  if (g.lost.has(id)) return;
  g.lost.add(id);
  if (ctx.wants('lost')) ctx.emit({ type: 'lost', atMs: ctx.w.nowMs, groupId, messageId: id, reason });
}

/**
 * The process dies. SQS: what it received stays in flight until the visibility timeout brings it
 * back; RabbitMQ: the channel closes and its unacked messages are requeued. What it had deleted
 * (acked) before processing and not finished is lost.
 */
export function crashQueueConsumer(
  ctx: EngineContext,
  c: QueueConsumerRt,
  at: 'CRASH' | 'CRASH_BEFORE_PROCESS' | 'CRASH_AFTER_PROCESS' | 'CRASH_AFTER_DELETE' = 'CRASH',
): void {
  send(ctx, c, { type: at });
  c.incarnation += 1;
  c.pauseUntilMs = -1;
  for (let i = c.batchIndex; i < c.batch.length; i++)
    loseDeleted(
      ctx,
      c.groupId,
      c.batch[i].message.messageId,
      'deleted before processing; the consumer crashed',
    );
  c.batch = [];
  c.batchIndex = 0;
  c.current = null;
  detach(ctx, c);
  if (c.restartAfterMs !== null) {
    ctx.schedule(ctx.w.nowMs + c.restartAfterMs, { kind: 'queue-restart', consumerId: c.consumerId });
    c.restartAfterMs = null;
  }
}

export function restartQueueConsumer(ctx: EngineContext, c: QueueConsumerRt): void {
  c.incarnation += 1;
  c.processingFactor = 1;
  attach(ctx, c);
  send(ctx, c, { type: 'RESTART' });
}

export function removeQueueConsumer(ctx: EngineContext, c: QueueConsumerRt): void {
  if (c.loop !== 'Crashed') {
    for (let i = c.batchIndex; i < c.batch.length; i++)
      loseDeleted(
        ctx,
        c.groupId,
        c.batch[i].message.messageId,
        'deleted before processing; the consumer left',
      );
    detach(ctx, c);
  }
  c.isRemoved = true;
  c.incarnation += 1;
  c.batch = [];
  c.batchIndex = 0;
  c.current = null;
  send(ctx, c, { type: 'STOP' });
}
