// The queue half of the flow diagram's view model (issue 12): SQS and RabbitMQ queues,
// RabbitMQ exchanges, the producers that send to them and the consumers that read them,
// derived purely from a snapshot (contract: engine/queues/types.ts). Queues come in rows:
// each source queue, then the dead-letter queues it feeds, so a DLQ sits under its source.

import type { MemberState, ProducerSnapshot, Snapshot } from '../engine';
import {
  type ExchangeSnapshot,
  isSqs,
  type QueueMessageView,
  type QueueSnapshot,
  type QueueType,
} from '../engine/queues/types';

export interface QueueConsumerModel {
  consumerId: string;
  groupId: string;
  /** RabbitMQ `prefetch` (basic.qos); SQS `MaxNumberOfMessages` (the receive batch). */
  prefetch: number;
  inFlight: number;
  /**
   * The queue consumer machine's state (Stopped, Receiving, Processing, Backoff, Crashed),
   * `Paused` while a pause fault holds it, else the member's state when a group lists it.
   */
  state: string | null;
  /** 1 normally; 10 after "slow down ×10". */
  processingFactor: number;
  /** Crashed, paused, slowed, or a fault armed on it (the snapshot's faults in progress). */
  hasFault: boolean;
}

/** The optional fields the queue runtime adds to a consumer (QueueConsumerView). */
export interface ConsumerExtras {
  state?: string;
  processingFactor?: number;
  pausedUntilMs?: number | null;
}

/** What a queue consumer is doing now, in one word. */
export function queueConsumerState(
  c: ConsumerExtras,
  memberState: MemberState | undefined,
  nowMs: number,
): string | null {
  if (c.pausedUntilMs !== null && c.pausedUntilMs !== undefined && c.pausedUntilMs > nowMs) return 'Paused';
  return c.state ?? memberState ?? null;
}

export interface QueueRowModel {
  name: string;
  queue: QueueSnapshot;
  /** Received and not yet deleted / acked, soonest timeout first. */
  inFlight: QueueMessageView[];
  /** Under `DelaySeconds`, soonest available first. */
  delayed: QueueMessageView[];
  /** Visible / ready, oldest first (the one a consumer gets next). */
  ready: QueueMessageView[];
  consumers: QueueConsumerModel[];
  /** The DLQs this queue dead-letters to (through a dead-letter exchange on RabbitMQ). */
  deadLetterQueues: string[];
  /** RabbitMQ: the dead-letter exchange in between; SQS: null. */
  deadLetterExchange: string | null;
  /** How long a received message stays invisible (SQS VisibilityTimeout) or may stay unacked (RabbitMQ consumer_timeout), ms. */
  timeoutMs: number | null;
  /** SQS `maxReceiveCount`, RabbitMQ quorum `x-delivery-limit`: the receive that dead-letters. */
  receiveLimit: number | null;
  /** Bindings that route into this queue, for the routing-key labels on its edges. */
  bindingsIn: { exchange: string; key: string }[];
}

export interface QueueSectionModel {
  rows: QueueRowModel[];
  exchanges: ExchangeSnapshot[];
  /** Producers that publish to a queue or an exchange (the Kafka ones stay in `producers`). */
  producers: ProducerSnapshot[];
}

/**
 * Where a producer sends: its queue (SQS SendMessage, RabbitMQ's default exchange), an
 * exchange (RabbitMQ basic.publish, when the snapshot names one), else its Kafka topic.
 */
export function producerTarget(p: ProducerSnapshot): string {
  return p.queue ?? p.exchange ?? p.topic;
}

export const QUEUE_TYPE_NAMES: Record<QueueType, string> = {
  'sqs-standard': 'SQS standard',
  'sqs-fifo': 'SQS FIFO',
  'rabbitmq-classic': 'RabbitMQ classic',
  'rabbitmq-quorum': 'RabbitMQ quorum',
};

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The visibility window in ms. SQS states `VisibilityTimeout` in seconds (default 30 s);
 * RabbitMQ's `consumer_timeout` is in ms (default 30 min, rabbitmq.conf).
 */
export function queueTimeoutMs(q: QueueSnapshot): number | null {
  const s = q.settings;
  if (isSqs(q.type)) {
    const seconds = num(s.VisibilityTimeout);
    return seconds !== null ? seconds * 1000 : (num(s.visibilityTimeoutMs) ?? 30_000);
  }
  return num(s.consumer_timeout) ?? num(s.consumerTimeoutMs);
}

/** SQS `RedrivePolicy.maxReceiveCount`; RabbitMQ quorum `x-delivery-limit` (default 20 since 4.0). */
export function receiveLimit(q: QueueSnapshot): number | null {
  const s = q.settings;
  if (isSqs(q.type)) return num(s.maxReceiveCount) ?? num(s['RedrivePolicy.maxReceiveCount']);
  if (q.type === 'rabbitmq-quorum') return num(s['x-delivery-limit']) ?? 20;
  return null;
}

export function buildQueueSection(snap: Snapshot): QueueSectionModel | null {
  const queues = snap.queues ?? [];
  if (queues.length === 0) return null;
  const exchanges = snap.exchanges ?? [];
  const queueNames = new Set(queues.map((q) => q.name));
  const exchangeByName = new Map(exchanges.map((e) => [e.name, e]));
  const members = new Map(snap.groups.flatMap((g) => g.members.map((m) => [m.memberId, m] as const)));
  // A fault in progress on a consumer is labelled "<member id>: …" (a crash armed at a point).
  const faulted = new Set((snap.faults ?? []).map((f) => f.label.split(': ')[0]));
  const rowOf = (q: QueueSnapshot): QueueRowModel => {
    const target = q.deadLetterTarget;
    const dlx = target !== null && !queueNames.has(target) ? (exchangeByName.get(target) ?? null) : null;
    const deadLetterQueues =
      target === null
        ? []
        : queueNames.has(target)
          ? [target]
          : [...new Set((dlx?.bindings ?? []).map((b) => b.queue).filter((n) => queueNames.has(n)))];
    const byState = (...states: QueueMessageView['state'][]) =>
      q.messages.filter((m) => states.includes(m.state));
    return {
      name: q.name,
      queue: q,
      inFlight: byState('in-flight', 'unacked').sort(
        (a, b) => (a.visibleAtMs ?? Infinity) - (b.visibleAtMs ?? Infinity) || a.messageId - b.messageId,
      ),
      delayed: byState('delayed').sort(
        (a, b) => (a.availableAtMs ?? 0) - (b.availableAtMs ?? 0) || a.messageId - b.messageId,
      ),
      ready: byState('available', 'ready').sort(
        (a, b) => a.sentAtMs - b.sentAtMs || a.messageId - b.messageId,
      ),
      consumers: q.consumers.map((c) => {
        const extra = c as ConsumerExtras;
        const m = members.get(c.consumerId);
        const state = queueConsumerState(extra, m?.state, snap.nowMs);
        const processingFactor = extra.processingFactor ?? m?.processingFactor ?? 1;
        return {
          consumerId: c.consumerId,
          groupId: c.groupId,
          prefetch: c.prefetch,
          inFlight: c.inFlight,
          state,
          processingFactor,
          hasFault:
            state === 'Crashed' || state === 'Paused' || processingFactor > 1 || faulted.has(c.consumerId),
        };
      }),
      deadLetterQueues,
      deadLetterExchange: dlx?.name ?? null,
      timeoutMs: queueTimeoutMs(q),
      receiveLimit: receiveLimit(q),
      bindingsIn: exchanges.flatMap((e) =>
        e.bindings.filter((b) => b.queue === q.name).map((b) => ({ exchange: e.name, key: b.key })),
      ),
    };
  };
  // Each source queue, then its dead-letter queues (not yet placed), then the rest.
  const byName = new Map(queues.map((q) => [q.name, q]));
  const placed = new Set<string>();
  const rows: QueueRowModel[] = [];
  const place = (q: QueueSnapshot) => {
    if (placed.has(q.name)) return;
    placed.add(q.name);
    const row = rowOf(q);
    rows.push(row);
    for (const d of row.deadLetterQueues) {
      const dq = byName.get(d);
      if (dq) place(dq);
    }
  };
  for (const q of queues) if (!q.isDeadLetterQueue && !q.isRetryQueue) place(q);
  for (const q of queues) place(q);
  const targets = new Set([...queueNames, ...exchangeByName.keys()]);
  // A producer of a Kafka topic stays with the stream even when a queue has the same name.
  const topics = new Set(snap.topics.map((t) => t.name));
  return {
    rows,
    exchanges,
    producers: snap.producers.filter((p) => targets.has(producerTarget(p)) && !topics.has(producerTarget(p))),
  };
}
