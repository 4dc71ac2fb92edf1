// The queue runtime: consumer groups reading queues, on the engine clock. Each consumer runs
// the queue consumer machine (compiled to a table): ReceiveMessage (or wait for a push within
// prefetch) → process each message → DeleteMessage / ack → receive again. Delivery modes place
// the delete before (at-most-once) or after (at-least-once, effectively-once) the side effect;
// the side effect goes to the group's sink, as Kafka groups' do. The broker's time-driven work
// (visibility timeouts, delays, TTL, retention, long polls, DLQ redrives) runs through one
// scheduler entry at the broker's next due time.

import type { Rng } from '../../core/rng';
import type { EngineContext } from '../../engineContext';
import type { QueueConsumerEvent, QueueConsumerHook } from '../../machines/queueConsumer.machine';
import { QUEUE_CONSUMER_TABLE, stepQueueConsumer } from '../../machines/queueConsumerTable';
import { reset } from '../../metrics/histogram';
import { mark } from '../../metrics/rateMeter';
import { rollStages } from '../../metrics/stages';
import type { EngineConfig } from '../../scenario/config';
import type {
  Delivery,
  QueueBackend,
  QueueEnv,
  QueueEvent,
  QueueEventType,
  QueueStateBase,
  ReceiveRequest,
  Settlement,
} from '../backend';
import { messageGroupIdOf } from '../backend';
import { advanceBroker, createBroker, deadLetter, type ExchangeSpec, type QueueSpec } from '../broker';
import { backendOf } from '../registry';
import { applyQueueEffect, failureOf, onQueueAccounting } from './effect';
import {
  createQueueGroupRt,
  type QueueConsumerRt,
  type QueueEngineEvent,
  type QueueGroupRt,
  type QueueWorld,
} from './state';

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

/**
 * The runtime's QueueEnv: `nowMs` and `rng` are plain fields that `queueEnv` sets from the
 * context on every call (every backend call gets its env from `queueEnv` right before), so a
 * backend reads them without a getter and a closure per read.
 */
interface RuntimeEnv extends QueueEnv {
  nowMs: number;
  rng: Rng;
}

const ENVS = new WeakMap<EngineContext, RuntimeEnv>();
let lastCtx: EngineContext | null = null;
let lastEnv: RuntimeEnv | null = null;

function wantsQueueEvent(ctx: EngineContext, type: QueueEventType): boolean {
  return (
    type === 'queue-dead-lettered' || type === 'queue-dropped' || type === 'queue-moved' || ctx.wants(type)
  );
}

/**
 * Set whenever `queueEnv` hands the env out, that is before any backend call: a consumer step
 * that made none left the broker as it was, and its next due time with it.
 */
let isEnvHandedOut = false;

export function queueEnv(ctx: EngineContext): QueueEnv {
  let env: RuntimeEnv | undefined;
  if (ctx === lastCtx) env = lastEnv!;
  else {
    env = ENVS.get(ctx);
    if (!env) {
      const e: RuntimeEnv = {
        nowMs: ctx.w.nowMs,
        rng: ctx.rng,
        deliver: (consumerId, batch) => onDeliver(ctx, consumerId, batch),
        deadLetter: (from, message, reason, target) =>
          deadLetter(ctx.w.queues!.broker, from, message, reason, target, e),
        nextReceipt: () => ctx.w.queues!.broker.nextReceipt++,
        wants: (type) => wantsQueueEvent(ctx, type),
        emit: (event) => onQueueEvent(ctx, event),
      };
      env = e;
      ENVS.set(ctx, env);
    }
    lastCtx = ctx;
    lastEnv = env;
  }
  env.nowMs = ctx.w.nowMs;
  env.rng = ctx.rng;
  isEnvHandedOut = true;
  return env;
}

function onQueueEvent(ctx: EngineContext, event: QueueEvent): void {
  const type = event.type;
  if (type === 'queue-dead-lettered' || type === 'queue-dropped' || type === 'queue-moved')
    onQueueAccounting(ctx, event);
  if (ctx.wants(event.type)) ctx.emit({ ...event, atMs: ctx.w.nowMs });
}

// ---- what the hot path resolves once ----------------------------------------------------

/**
 * One consumer's group, queue and backend, its reusable ReceiveMessage request and its step
 * events (for its current incarnation), resolved once instead of by name on every delivery.
 * Not world state: built lazily per QueueWorld, so a restored checkpoint gets its own.
 */
interface ConsumerLinks {
  /** The world they were resolved in. */
  qw: QueueWorld;
  c: QueueConsumerRt;
  g: QueueGroupRt;
  q: QueueStateBase;
  backend: QueueBackend;
  isPush: boolean;
  /** Handed to `backend.receive`, which reads it during the call and keeps nothing of it. */
  request: ReceiveRequest;
  /** The incarnation the step events below carry. */
  incarnation: number;
  /**
   * The incarnation a `batch` step is scheduled and has not run for yet (-1: none). A second
   * one for the same incarnation would find the consumer no longer Receiving and do nothing
   * (the first one, due no later, takes it out of Receiving; nothing brings it back before the
   * second runs), so it is not scheduled: RabbitMQ pushes several messages to an idle consumer
   * in a row, one scheduler entry instead of one each.
   */
  batchStepFor: number;
  batchStep: QueueEngineEvent;
  receiveStep: QueueEngineEvent;
  doneStep: QueueEngineEvent;
  heartbeatStep: QueueEngineEvent;
}

interface RuntimeCache {
  qw: QueueWorld;
  links: Map<string, ConsumerLinks>;
  /** Every queue with its backend (queues are fixed once the broker is built). */
  queues: { q: QueueStateBase; backend: QueueBackend }[];
}

const CACHES = new WeakMap<QueueWorld, RuntimeCache>();
let lastCache: RuntimeCache | null = null;

function cacheOf(qw: QueueWorld): RuntimeCache {
  if (lastCache !== null && lastCache.qw === qw) return lastCache;
  let cache = CACHES.get(qw);
  if (!cache) {
    const queues = Object.values(qw.broker.queues).map((q) => ({ q, backend: backendOf(q) }));
    cache = { qw, links: new Map(), queues };
    CACHES.set(qw, cache);
  }
  lastCache = cache;
  return cache;
}

/**
 * A step event's consumer links, kept on the event under a symbol: dispatch reads them there
 * instead of looking the consumer up by id. A symbol-keyed property is neither cloned
 * (structuredClone, so a checkpoint's events have none and dispatch looks them up) nor
 * serialised: the event stays plain data.
 */
const LINKS = Symbol('queue consumer links');
type StepEvent = Extract<QueueEngineEvent, { kind: 'queue-step' }> & { [LINKS]?: ConsumerLinks };

function stepEvent(L: ConsumerLinks, step: 'batch' | 'receive' | 'done' | 'heartbeat'): QueueEngineEvent {
  const c = L.c;
  const e: StepEvent = { kind: 'queue-step', consumerId: c.consumerId, incarnation: c.incarnation, step };
  e[LINKS] = L;
  return e;
}

function linksOf(qw: QueueWorld, c: QueueConsumerRt): ConsumerLinks {
  const cache = cacheOf(qw);
  let links = cache.links.get(c.consumerId);
  if (links === undefined || links.c !== c) {
    const q = qw.broker.queues[c.queue];
    const backend = backendOf(q);
    links = {
      qw,
      c,
      g: qw.groups[c.groupId],
      q,
      backend,
      isPush: backend.mode === 'push',
      request: {
        consumerId: c.consumerId,
        maxNumberOfMessages: 1,
        waitTimeSeconds: 0,
        visibilityTimeoutSeconds: null,
      },
      incarnation: c.incarnation,
      batchStepFor: -1,
      batchStep: NO_STEP,
      receiveStep: NO_STEP,
      doneStep: NO_STEP,
      heartbeatStep: NO_STEP,
    };
    makeStepEvents(links);
    cache.links.set(c.consumerId, links);
  }
  return links;
}

/** Placeholder until `makeStepEvents` fills a new ConsumerLinks. */
const NO_STEP: QueueEngineEvent = { kind: 'queue-due' };

/** The consumer's step events for its current incarnation. */
function makeStepEvents(L: ConsumerLinks): void {
  L.batchStep = stepEvent(L, 'batch');
  L.receiveStep = stepEvent(L, 'receive');
  L.doneStep = stepEvent(L, 'done');
  L.heartbeatStep = stepEvent(L, 'heartbeat');
}

/** Schedules one of the consumer's steps; its events are built once per incarnation. */
function scheduleStep(
  ctx: EngineContext,
  L: ConsumerLinks,
  step: 'batch' | 'receive' | 'done' | 'heartbeat',
  atMs: number,
): void {
  const c = L.c;
  if (L.incarnation !== c.incarnation) {
    L.incarnation = c.incarnation;
    makeStepEvents(L);
  }
  if (step === 'batch') {
    if (L.batchStepFor === c.incarnation) return;
    L.batchStepFor = c.incarnation;
  }
  ctx.schedule(
    atMs,
    step === 'done'
      ? L.doneStep
      : step === 'batch'
        ? L.batchStep
        : step === 'receive'
          ? L.receiveStep
          : L.heartbeatStep,
  );
}

/** Keeps one `queue-due` event at the broker's next due time. Call after touching the broker. */
export function armQueueTimer(ctx: EngineContext): void {
  const qw = ctx.w.queues!;
  const b = qw.broker;
  let due = Number.POSITIVE_INFINITY;
  for (let i = 0; i < b.moveTasks.length; i++)
    if (b.moveTasks[i].nextMoveAtMs < due) due = b.moveTasks[i].nextMoveAtMs;
  const queues = cacheOf(qw).queues;
  for (let i = 0; i < queues.length; i++) {
    const at = queues[i].backend.nextDueMs(queues[i].q);
    if (at < due) due = at;
  }
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
    case 'queue-step': {
      // The event's own links when it was made in this world (not restored from a checkpoint).
      let L = (e as StepEvent)[LINKS];
      if (L === undefined || L.qw !== qw) L = cacheOf(qw).links.get(e.consumerId);
      if (L === undefined) {
        const c = qw.consumers[e.consumerId];
        if (!c) return;
        L = linksOf(qw, c);
      }
      const c = L.c;
      if (c.incarnation !== e.incarnation) return;
      // A frozen process does nothing until its pause ends (its heartbeat neither).
      if (ctx.w.nowMs < c.pauseUntilMs) {
        ctx.schedule(c.pauseUntilMs, e);
        return;
      }
      const step = e.step;
      isEnvHandedOut = false;
      if (step === 'done') onDone(ctx, L);
      else if (step === 'batch') {
        L.batchStepFor = -1;
        onBatch(ctx, L);
      } else if (step === 'receive') send(ctx, L, EV_RECEIVE);
      else onHeartbeat(ctx, L);
      if (isEnvHandedOut) armQueueTimer(ctx);
      return;
    }
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
    currentStartedAtMs: -1,
    currentEndsAtMs: -1,
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
  const L = linksOf(qw, c);
  attach(ctx, L);
  send(ctx, L, EV_START);
  return consumerId;
}

function attach(ctx: EngineContext, L: ConsumerLinks): void {
  const c = L.c;
  // Push (RabbitMQ): basic.qos prefetch; pull (SQS): the batch size it asks for.
  const prefetch = L.isPush ? L.g.config.prefetch : L.g.config.maxNumberOfMessages;
  L.backend.attach(L.q, { consumerId: c.consumerId, groupId: c.groupId, prefetch }, queueEnv(ctx));
}

function detach(ctx: EngineContext, L: ConsumerLinks): void {
  L.backend.detach(L.q, L.c.consumerId, queueEnv(ctx));
}

/** The machine's events, one object each (the table reads only `type`). */
const EV_START: QueueConsumerEvent = { type: 'START' };
const EV_RECEIVE: QueueConsumerEvent = { type: 'RECEIVE' };
const EV_BATCH: QueueConsumerEvent = { type: 'BATCH' };
const EV_EMPTY: QueueConsumerEvent = { type: 'EMPTY' };
const EV_NEXT: QueueConsumerEvent = { type: 'NEXT' };
const EV_RESTART: QueueConsumerEvent = { type: 'RESTART' };
const EV_STOP: QueueConsumerEvent = { type: 'STOP' };

/** Whether the table's NEXT in Processing stays in Processing and runs nothing (it does today). */
const IS_NEXT_IN_PROCESSING_A_NO_OP =
  QUEUE_CONSUMER_TABLE.Processing.NEXT?.target === 'Processing' &&
  QUEUE_CONSUMER_TABLE.Processing.NEXT.actions.length === 0;

type BoundHooks = Record<QueueConsumerHook, (c: QueueConsumerRt, L: ConsumerLinks) => void>;

function bindHooks(ctx: EngineContext): BoundHooks {
  return {
    requestReceive: (_c, L) => requestReceive(ctx, L),
    scheduleReceive: (c, L) => {
      // After a long poll that waited, receive again at once; after a short poll (or OverLimit), pause.
      const hasWaited = ctx.w.nowMs > c.receiveRequestedAtMs;
      const delayMs = hasWaited ? 0 : Math.max(1, L.g.config.pollIntervalMs);
      scheduleStep(ctx, L, 'receive', ctx.w.nowMs + delayMs);
    },
    disarmCrash: (c) => {
      c.armedCrash = null;
    },
  };
}

/** The hooks bound to one context, built once per context (the table runner calls them per step). */
const BOUND = new WeakMap<EngineContext, BoundHooks>();
let lastHooksCtx: EngineContext | null = null;
let lastHooks: BoundHooks | null = null;

function send(ctx: EngineContext, L: ConsumerLinks, event: QueueConsumerEvent): void {
  let hooks: BoundHooks;
  if (ctx === lastHooksCtx) hooks = lastHooks!;
  else {
    let bound = BOUND.get(ctx);
    if (!bound) {
      bound = bindHooks(ctx);
      BOUND.set(ctx, bound);
    }
    lastHooksCtx = ctx;
    lastHooks = bound;
    hooks = bound;
  }
  const c = L.c;
  const before = c.loop;
  stepQueueConsumer(c, event, hooks, QUEUE_CONSUMER_TABLE, L);
  if (c.loop !== before) c.stateSinceMs = ctx.w.nowMs;
}

/** An empty batch, never written: `requestReceive` clears with it, `onDeliver` replaces it. */
const NO_BATCH: Delivery[] = [];
Object.freeze(NO_BATCH);

function requestReceive(ctx: EngineContext, L: ConsumerLinks): void {
  const c = L.c;
  c.receiveRequestedAtMs = ctx.w.nowMs;
  if (c.batchIndex < c.batch.length) {
    // Push deliveries arrived while the last one was processed: go on with them.
    scheduleStep(ctx, L, 'batch', ctx.w.nowMs);
    return;
  }
  c.batch = NO_BATCH;
  c.batchIndex = 0;
  const backend = L.backend;
  if (L.isPush || !backend.receive) return; // push: the queue delivers within prefetch
  const config = L.g.config;
  const queueWait = L.q.settings.ReceiveMessageWaitTimeSeconds;
  const request = L.request;
  request.maxNumberOfMessages = config.maxNumberOfMessages;
  request.waitTimeSeconds = config.waitTimeSeconds ?? (typeof queueWait === 'number' ? queueWait : 0);
  request.visibilityTimeoutSeconds = config.visibilityTimeoutSeconds;
  backend.receive(L.q, request, queueEnv(ctx));
}

/**
 * A backend handed messages (or an empty ReceiveMessage answer) to a consumer. The batch array
 * is the consumer's from here on (backend.ts): with nothing left of the last one, it becomes the
 * consumer's batch as it is.
 */
function onDeliver(ctx: EngineContext, consumerId: string, batch: Delivery[]): void {
  const qw = ctx.w.queues!;
  let L = cacheOf(qw).links.get(consumerId);
  if (L === undefined) {
    const c = qw.consumers[consumerId];
    if (!c) return;
    L = linksOf(qw, c);
  }
  const c = L.c;
  const g = L.g;
  const n = batch.length;
  if (g.duplicateRemaining === 0 && c.batchIndex >= c.batch.length) {
    g.delivered += n;
    for (let i = 0; i < n; i++) if (batch[i].receiveCount > 1 || batch[i].redelivered) g.redeliveries += 1;
    if (n > 0) {
      c.batch = batch;
      c.batchIndex = 0;
    }
  } else {
    if (c.batch === NO_BATCH) c.batch = [];
    for (let i = 0; i < n; i++) {
      const d = batch[i];
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
  }
  if (c.loop === 'Receiving') scheduleStep(ctx, L, 'batch', ctx.w.nowMs);
}

function onBatch(ctx: EngineContext, L: ConsumerLinks): void {
  const c = L.c;
  if (c.loop !== 'Receiving') return;
  if (c.batchIndex >= c.batch.length) {
    send(ctx, L, EV_EMPTY);
    return;
  }
  send(ctx, L, EV_BATCH);
  processNext(ctx, L);
}

const ACK: Settlement = { kind: 'ack' };
const DELETE: Settlement = { kind: 'delete' };
const NACK_REQUEUE: Settlement = { kind: 'nack', requeue: true };
const NACK_DISCARD: Settlement = { kind: 'nack', requeue: false };
const RELEASE: Settlement = { kind: 'change-visibility', visibilityTimeoutSeconds: 0 };

function settle(
  ctx: EngineContext,
  L: ConsumerLinks,
  d: Delivery,
  kind: 'delete' | 'release' | 'reject' | number,
): void {
  const isPush = L.isPush;
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
  const c = L.c;
  const outcome = L.backend.settle(L.q, c.consumerId, d.receipt, settlement, queueEnv(ctx));
  // RabbitMQ closed this consumer's channel (consumer_timeout): its late ack fails and the
  // client opens a new channel and consumes again.
  if (outcome === 'unknown' && isPush && !L.q.consumers.some((x) => x.consumerId === c.consumerId))
    attach(ctx, L);
}

function processNext(ctx: EngineContext, L: ConsumerLinks): void {
  const c = L.c;
  const g = L.g;
  if (c.batchIndex >= c.batch.length) {
    c.batch = NO_BATCH;
    c.batchIndex = 0;
    send(ctx, L, EV_RECEIVE);
    return;
  }
  if (c.armedCrash === 'before-process') {
    crashQueueConsumer(ctx, c, 'CRASH_BEFORE_PROCESS');
    return;
  }
  const d = c.batch[c.batchIndex];
  const config = g.config;
  if (config.deleteWhen === 'before-processing') {
    settle(ctx, L, d, 'delete');
    g.deletedUnapplied.add(d.message.messageId);
    if (c.armedCrash === 'after-commit-before-process-completes') {
      crashQueueConsumer(ctx, c, 'CRASH_AFTER_DELETE');
      return;
    }
  }
  const nowMs = ctx.w.nowMs;
  const duration = sampleProcessingMs(ctx, config.processing) * c.processingFactor;
  // NEXT: Processing → Processing with no actions, per the table: skipped when it is that.
  if (c.loop !== 'Processing' || !IS_NEXT_IN_PROCESSING_A_NO_OP) send(ctx, L, EV_NEXT);
  c.current = d;
  c.currentStartedAtMs = nowMs;
  c.currentEndsAtMs = nowMs + duration;
  scheduleStep(ctx, L, 'done', c.currentEndsAtMs);
  const heartbeat = config.heartbeat;
  if (heartbeat && heartbeat.intervalMs < duration)
    scheduleStep(ctx, L, 'heartbeat', nowMs + heartbeat.intervalMs);
}

function sampleProcessingMs(ctx: EngineContext, p: { meanMs: number; distribution: string }): number {
  if (p.meanMs === 0) return 0;
  if (p.distribution === 'constant') return p.meanMs;
  if (p.distribution === 'uniform') return ctx.rng.float() * 2 * p.meanMs;
  return ctx.rng.exponential(p.meanMs);
}

function onDone(ctx: EngineContext, L: ConsumerLinks): void {
  const c = L.c;
  const d = c.current;
  if (d === null || c.loop !== 'Processing') return;
  const g = L.g;
  const id = d.message.messageId;
  mark(g.attempts, ctx.w.nowMs);
  const failure = failureOf(ctx, g, d);
  if (failure === null) {
    applyQueueEffect(ctx, g, c, d, c.currentStartedAtMs);
    if (g.config.deleteWhen === 'after-processing') {
      if (c.armedCrash === 'after-process-before-commit') {
        crashQueueConsumer(ctx, c, 'CRASH_AFTER_PROCESS');
        return;
      }
      settle(ctx, L, d, 'delete');
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
    if (L.q.type === 'sqs-fifo') {
      // FIFO order: the rest of this group's messages in the batch are not processed before
      // this one; left undeleted, they come back after it when their visibility runs out.
      const groupId = messageGroupIdOf(d.message);
      c.batch = c.batch.filter((x, i) => i <= c.batchIndex || messageGroupIdOf(x.message) !== groupId);
    }
    if (g.config.deleteWhen === 'before-processing')
      loseDeleted(ctx, g.config.groupId, id, 'deleted before processing, which then failed');
    // RabbitMQ: basic.nack, requeue as the group says (true: back to the queue; false: DLX or dropped).
    else if (L.isPush) settle(ctx, L, d, g.config.requeue ? 'release' : 'reject');
    else if (g.config.onFailure === 'release') settle(ctx, L, d, 'release');
    else if (g.config.onFailure === 'backoff') {
      const b = g.config.backoff;
      const ms = Math.min(b.maxBackoffMs, b.backoffMs * b.multiplier ** Math.max(0, d.receiveCount - 1));
      settle(ctx, L, d, Math.max(0, Math.round(ms / 1000)));
    }
  }
  c.current = null;
  c.batchIndex += 1;
  processNext(ctx, L);
}

/** ChangeMessageVisibility while the message is processed, every `intervalMs`. */
function onHeartbeat(ctx: EngineContext, L: ConsumerLinks): void {
  const c = L.c;
  const heartbeat = L.g.config.heartbeat;
  if (!c.current || c.loop !== 'Processing' || !heartbeat) return;
  settle(ctx, L, c.current, heartbeat.visibilityTimeoutSeconds);
  if (ctx.w.nowMs + heartbeat.intervalMs < c.currentEndsAtMs)
    scheduleStep(ctx, L, 'heartbeat', ctx.w.nowMs + heartbeat.intervalMs);
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
  const L = linksOf(ctx.w.queues!, c);
  send(ctx, L, { type: at });
  c.incarnation += 1;
  c.pauseUntilMs = -1;
  for (let i = c.batchIndex; i < c.batch.length; i++)
    loseDeleted(
      ctx,
      c.groupId,
      c.batch[i].message.messageId,
      'deleted before processing; the consumer crashed',
    );
  c.batch = NO_BATCH;
  c.batchIndex = 0;
  c.current = null;
  detach(ctx, L);
  if (c.restartAfterMs !== null) {
    ctx.schedule(ctx.w.nowMs + c.restartAfterMs, { kind: 'queue-restart', consumerId: c.consumerId });
    c.restartAfterMs = null;
  }
}

export function restartQueueConsumer(ctx: EngineContext, c: QueueConsumerRt): void {
  const L = linksOf(ctx.w.queues!, c);
  c.incarnation += 1;
  c.processingFactor = 1;
  attach(ctx, L);
  send(ctx, L, EV_RESTART);
}

export function removeQueueConsumer(ctx: EngineContext, c: QueueConsumerRt): void {
  const L = linksOf(ctx.w.queues!, c);
  if (c.loop !== 'Crashed') {
    for (let i = c.batchIndex; i < c.batch.length; i++)
      loseDeleted(
        ctx,
        c.groupId,
        c.batch[i].message.messageId,
        'deleted before processing; the consumer left',
      );
    detach(ctx, L);
  }
  c.isRemoved = true;
  c.incarnation += 1;
  c.batch = NO_BATCH;
  c.batchIndex = 0;
  c.current = null;
  send(ctx, L, EV_STOP);
}
