// The queue broker: every queue and exchange of a scenario, and what crosses queues —
// publishing (to a queue, or through an exchange), dead-lettering to the target a queue names
// (SQS RedrivePolicy, RabbitMQ DLX), and DLQ redrive as SQS's StartMessageMoveTask runs it:
// oldest messages first, at MaxNumberOfMessagesPerSecond, back to each message's source queue
// when no destination is given, one active task per source queue.

import type { Rng } from '../core/rng';
import { ScenarioError } from '../scenario/schema';
import type {
  DeadLetterReason,
  DeadLetterTarget,
  Delivery,
  EnqueueOutcome,
  QueueBrokerState,
  QueueEnv,
  QueueEvent,
  QueueEventType,
  QueueMessage,
  QueueStateBase,
} from './backend';
import { backendOf, EXCHANGE_ROUTER, QUEUE_BACKENDS } from './registry';
import { type ExchangeType, isSqs, type QueueSnapshot, type QueueType } from './types';

export interface QueueSpec {
  name: string;
  type: QueueType;
  [setting: string]: unknown;
}

/** What the runtime gives the broker: the clock, the rng, and where output goes. */
export interface QueueHost {
  nowMs(): number;
  rng(): Rng;
  deliver(consumerId: string, batch: Delivery[]): void;
  wants(type: QueueEventType): boolean;
  emit(event: QueueEvent): void;
}

export interface ExchangeSpec {
  name: string;
  type: ExchangeType;
  [setting: string]: unknown;
}

export function createBroker(
  specs: readonly QueueSpec[],
  exchangeSpecs: readonly ExchangeSpec[] = [],
): QueueBrokerState {
  const queues: Record<string, QueueStateBase> = {};
  for (const spec of specs) {
    const backend = QUEUE_BACKENDS[spec.type];
    if (!backend)
      throw new ScenarioError(`queues: type ${spec.type} is not available`, `queues.${spec.name}`);
    if (queues[spec.name]) throw new ScenarioError(`queues: duplicate queue name ${spec.name}`, 'queues');
    const { name, type, ...settings } = spec;
    queues[name] = backend.create(name, type, settings);
  }
  for (const q of Object.values(queues)) {
    const target = backendOf(q).deadLetterTarget(q);
    if (target?.kind !== 'queue') continue;
    const dlq = queues[target.queue];
    if (!dlq)
      throw new ScenarioError(
        `queue ${q.name}: dead-letter queue ${target.queue} does not exist`,
        `queues.${q.name}`,
      );
    // "The dead-letter queue of a FIFO queue must also be a FIFO queue" (and standard ↔ standard).
    if (isSqs(q.type) && dlq.type !== q.type)
      throw new ScenarioError(
        `queue ${q.name}: its dead-letter queue ${dlq.name} must be the same type (${q.type})`,
        `queues.${q.name}`,
      );
  }
  const exchanges: QueueBrokerState['exchanges'] = {};
  for (const spec of exchangeSpecs) {
    const router = EXCHANGE_ROUTER.current;
    if (!router) throw new ScenarioError('exchanges: no exchange router is available', 'exchanges');
    const { name, type, ...settings } = spec;
    exchanges[name] = router.create(name, type, settings);
  }
  return { queues, exchanges, moveTasks: [], nextReceipt: 1 };
}

/** The environment every backend call of this broker runs in. */
export function createQueueEnv(getBroker: () => QueueBrokerState, host: QueueHost): QueueEnv {
  const env: QueueEnv = {
    get nowMs() {
      return host.nowMs();
    },
    get rng() {
      return host.rng();
    },
    deliver: (consumerId, batch) => host.deliver(consumerId, batch),
    deadLetter: (from, message, reason, target) =>
      deadLetter(getBroker(), from, message, reason, target, env),
    nextReceipt: () => getBroker().nextReceipt++,
    wants: (type) => host.wants(type),
    emit: (event) => host.emit(event),
  };
  return env;
}

export function publishToQueue(
  b: QueueBrokerState,
  queueName: string,
  message: QueueMessage,
  env: QueueEnv,
): EnqueueOutcome {
  const q = b.queues[queueName];
  if (!q) {
    if (env.wants('queue-dropped'))
      env.emit({
        type: 'queue-dropped',
        queue: queueName,
        messageId: message.messageId,
        reason: 'unroutable',
      });
    return 'dropped';
  }
  return backendOf(q).enqueue(q, message, env);
}

/**
 * Routes through an exchange: the default exchange ("") to the queue named by the routing key,
 * others by RabbitMQ's router; an unroutable message goes to the alternate exchange, is returned
 * (`mandatory`) or dropped. Returns the queues it reached.
 */
export function publishToExchange(
  b: QueueBrokerState,
  exchangeName: string,
  routingKey: string,
  message: QueueMessage,
  isMandatory: boolean,
  env: QueueEnv,
): string[] {
  // RabbitMQ's x-death records the exchange a message was published to.
  message.exchange = exchangeName;
  const queues = routeExchange(b, exchangeName, routingKey, message.headers, new Set());
  // Fan-out: every queue holds its own copy (the same message id: the sink counts per group),
  // each taken from the message as published, before the first queue changes it.
  const template = queues.length > 1 ? { ...message } : message;
  queues.forEach((name, i) => {
    const copy = i === 0 ? message : { ...template, xDeath: template.xDeath?.map((x) => ({ ...x })) ?? null };
    publishToQueue(b, name, copy, env);
  });
  if (queues.length === 0) {
    const ex = b.exchanges[exchangeName];
    if (ex) {
      if (isMandatory) ex.unroutable.returned += 1;
      else ex.unroutable.dropped += 1;
    }
    if (env.wants('queue-dropped'))
      env.emit({
        type: 'queue-dropped',
        queue: exchangeName,
        messageId: message.messageId,
        reason: 'unroutable',
      });
  }
  return queues;
}

function routeExchange(
  b: QueueBrokerState,
  exchangeName: string,
  routingKey: string,
  headers: Record<string, string> | null,
  seen: Set<string>,
): string[] {
  if (exchangeName === '') return b.queues[routingKey] ? [routingKey] : [];
  const ex = b.exchanges[exchangeName];
  const router = EXCHANGE_ROUTER.current;
  if (!ex || !router || seen.has(exchangeName)) return [];
  seen.add(exchangeName);
  const queues = router.route(ex, routingKey, headers);
  if (queues.length > 0 || ex.alternateExchange === null) return queues;
  const viaAlternate = routeExchange(b, ex.alternateExchange, routingKey, headers, seen);
  if (viaAlternate.length > 0) ex.unroutable.alternate += 1;
  return viaAlternate;
}

/** Moves a message its queue gave up on to the queue's dead-letter target. */
export function deadLetter(
  b: QueueBrokerState,
  from: string,
  message: QueueMessage,
  reason: DeadLetterReason,
  target: DeadLetterTarget,
  env: QueueEnv,
): void {
  message.deadLetterSourceQueue = from;
  message.deadLetteredAtMs = env.nowMs;
  message.queue = from;
  let reached: string | null = null;
  if (target.kind === 'queue') {
    if (b.queues[target.queue]) {
      reached = target.queue;
      publishToQueue(b, target.queue, message, env);
    }
  } else {
    const keys = target.routingKey ?? message.routingKey ?? '';
    if (target.exchange === '' || b.exchanges[target.exchange]) {
      reached = target.exchange;
      publishToExchange(b, target.exchange, keys, message, false, env);
    }
  }
  if (env.wants('queue-dead-lettered'))
    env.emit({
      type: 'queue-dead-lettered',
      queue: from,
      messageId: message.messageId,
      reason,
      target: reached,
    });
  if (reached === null && env.wants('queue-dropped'))
    env.emit({ type: 'queue-dropped', queue: from, messageId: message.messageId, reason: 'rejected' });
}

// ---- StartMessageMoveTask ------------------------------------------------------------------

/**
 * Starts a DLQ redrive. Returns false when a task is already active for this source ("only one
 * active message movement task is supported per queue") or the queue does not exist.
 */
export function startMessageMoveTask(
  b: QueueBrokerState,
  sourceQueue: string,
  destinationQueue: string | null,
  maxNumberOfMessagesPerSecond: number,
  nowMs: number,
): boolean {
  if (!b.queues[sourceQueue] || b.moveTasks.some((t) => t.sourceQueue === sourceQueue)) return false;
  if (destinationQueue !== null && !b.queues[destinationQueue]) return false;
  const source = b.queues[sourceQueue];
  b.moveTasks.push({
    approximateNumberOfMessagesToMove: backendOf(source).counts(source).visible,
    sourceQueue,
    destinationQueue,
    maxNumberOfMessagesPerSecond: Math.max(0.1, maxNumberOfMessagesPerSecond),
    nextMoveAtMs: nowMs,
    moved: 0,
  });
  return true;
}

function runMoveTasks(b: QueueBrokerState, env: QueueEnv): void {
  const nowMs = env.nowMs;
  for (const task of b.moveTasks) {
    const source = b.queues[task.sourceQueue];
    while (task.nextMoveAtMs <= nowMs) {
      const m =
        task.moved < task.approximateNumberOfMessagesToMove
          ? backendOf(source).takeOldest(source, env)
          : null;
      if (m === null) {
        task.nextMoveAtMs = Number.POSITIVE_INFINITY;
        break;
      }
      const to = task.destinationQueue ?? m.deadLetterSourceQueue ?? task.sourceQueue;
      m.queue = source.name;
      m.deadLetterSourceQueue = null;
      m.redriveCount += 1;
      // A redriven message starts over: its receive count restarts, else it would go straight
      // back to the DLQ on its first receive.
      m.receiveCount = 0;
      m.availableAtMs = -1;
      task.moved += 1;
      task.nextMoveAtMs =
        task.moved >= task.approximateNumberOfMessagesToMove
          ? Number.POSITIVE_INFINITY
          : task.nextMoveAtMs + 1000 / task.maxNumberOfMessagesPerSecond;
      if (env.wants('queue-moved'))
        env.emit({ type: 'queue-moved', from: source.name, to, messageId: m.messageId });
      publishToQueue(b, to, m, env);
    }
  }
  b.moveTasks = b.moveTasks.filter((t) => t.nextMoveAtMs !== Number.POSITIVE_INFINITY);
}

// ---- time and views ----------------------------------------------------------------------

export function brokerNextDueMs(b: QueueBrokerState): number {
  let due = Number.POSITIVE_INFINITY;
  for (const t of b.moveTasks) if (t.nextMoveAtMs < due) due = t.nextMoveAtMs;
  for (const name in b.queues) {
    const q = b.queues[name];
    const at = backendOf(q).nextDueMs(q);
    if (at < due) due = at;
  }
  return due;
}

/** Runs every queue's due work and the move tasks, at env.nowMs. */
export function advanceBroker(b: QueueBrokerState, env: QueueEnv): void {
  const nowMs = env.nowMs;
  for (const name in b.queues) {
    const q = b.queues[name];
    const backend = backendOf(q);
    if (backend.nextDueMs(q) <= nowMs) backend.advance(q, env);
  }
  if (b.moveTasks.length > 0) runMoveTasks(b, env);
}

/** Does `source` dead-letter into `queue` (its DLQ, or a queue its DLX binds)? */
export function deadLettersInto(b: QueueBrokerState, source: string, queue: string): boolean {
  const q = b.queues[source];
  const target = q ? backendOf(q).deadLetterTarget(q) : null;
  if (target?.kind === 'queue') return target.queue === queue;
  if (target?.kind === 'exchange')
    return (b.exchanges[target.exchange]?.bindings ?? []).some((x) => x.queue === queue);
  return false;
}

/**
 * Dead-letter roles from the topology. An edge S → Q when S's dead letters land in Q (its
 * RedrivePolicy queue, or a queue its DLX binds), S ≠ Q.
 * - Q is a **retry queue** when it is not consumed, some consumed S dead-letters into it, and
 *   Q's dead letters lead back to S (a path Q → … → S): messages wait there (TTL) and return
 *   to be processed again, as in a TTL retry loop.
 * - Q is a **dead-letter queue** when some S dead-letters into it and Q's dead letters do not
 *   lead back to S (no retry loop): messages park there for inspection or a redrive. The
 *   consumed work queue of a retry loop is therefore not a DLQ, though the retry queue
 *   dead-letters into it.
 * `consumed`: the queues a group reads (by configuration, so a crash does not change roles);
 * without it, the queues with a consumer attached.
 */
export function deadLetterRoles(
  b: QueueBrokerState,
  consumed?: ReadonlySet<string>,
): { deadLetterQueues: Set<string>; retryQueues: Set<string> } {
  const edges = new Map<string, Set<string>>();
  for (const q of Object.values(b.queues)) {
    const target = backendOf(q).deadLetterTarget(q);
    const to = new Set<string>();
    if (target?.kind === 'queue') to.add(target.queue);
    else if (target?.kind === 'exchange')
      for (const binding of b.exchanges[target.exchange]?.bindings ?? []) to.add(binding.queue);
    to.delete(q.name);
    edges.set(q.name, to);
  }
  const reaches = (from: string, goal: string): boolean => {
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) {
      for (const next of edges.get(stack.pop()!) ?? []) {
        if (next === goal) return true;
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return false;
  };
  const isConsumed = (name: string) =>
    consumed ? consumed.has(name) : (b.queues[name]?.consumers.length ?? 0) > 0;
  const deadLetterQueues = new Set<string>();
  const retryQueues = new Set<string>();
  for (const [source, targets] of edges)
    for (const q of targets) {
      if (!b.queues[q]) continue;
      if (!reaches(q, source)) deadLetterQueues.add(q);
      else if (isConsumed(source) && !isConsumed(q)) retryQueues.add(q);
    }
  return { deadLetterQueues, retryQueues };
}

export function queueSnapshots(
  b: QueueBrokerState,
  nowMs: number,
  consumed?: ReadonlySet<string>,
): QueueSnapshot[] {
  const { deadLetterQueues, retryQueues } = deadLetterRoles(b, consumed);
  return Object.values(b.queues).map((q) => ({
    ...backendOf(q).view(q, nowMs),
    isDeadLetterQueue: deadLetterQueues.has(q.name),
    isRetryQueue: retryQueues.has(q.name),
  }));
}
