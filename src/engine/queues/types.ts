/**
 * The queue half of the engine (issue 12): Amazon SQS (standard, FIFO) and RabbitMQ
 * (classic, quorum) queues, RabbitMQ exchanges, as the snapshot shows them.
 *
 * This file is the contract between the queue engine (`src/engine/queues/`) and the
 * queue layer of the diagram (`src/viz/flow/queues.ts`): both build against it. Names
 * follow the real systems (domain.md §7, §8, §12).
 */

export type QueueType = 'sqs-standard' | 'sqs-fifo' | 'rabbitmq-classic' | 'rabbitmq-quorum';

export type ExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';

export function isSqs(type: QueueType): boolean {
  return type === 'sqs-standard' || type === 'sqs-fifo';
}

export function isRabbitMq(type: QueueType): boolean {
  return type === 'rabbitmq-classic' || type === 'rabbitmq-quorum';
}

/**
 * One message's place in its queue's lifecycle.
 * SQS: available → in-flight → deleted, back to available when the visibility timeout
 * expires, → dead-lettered after `maxReceiveCount` receives; `delayed` under `DelaySeconds`.
 * RabbitMQ: ready → unacked → acked | requeued (ready again) | dead-lettered | expired.
 */
export type QueueMessageState =
  | 'delayed'
  | 'available'
  | 'in-flight'
  | 'deleted'
  | 'dead-lettered'
  | 'expired'
  | 'ready'
  | 'unacked'
  | 'acked'
  | 'dropped';

/** One `x-death` entry (RabbitMQ), most recent first, compressed per `{queue, reason}`. */
export interface XDeathEntry {
  queue: string;
  reason: 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';
  count: number;
  /** Virtual ms of the first dead-lettering with this `{queue, reason}`. */
  timeMs: number;
  exchange: string;
  routingKeys: string[];
}

/** A message as the diagram and the DLQ inspector show it. Plain data. */
export interface QueueMessageView {
  /** Engine-wide message id (the same id space as Kafka records; the sink counts by it). */
  messageId: number;
  key: string | null;
  state: QueueMessageState;
  /** SQS `ApproximateReceiveCount`; RabbitMQ `x-delivery-count` (quorum) or deliveries. */
  receiveCount: number;
  /** SQS FIFO `MessageGroupId`. */
  messageGroupId?: string;
  /** Who holds it while in flight / unacked. */
  consumerId?: string;
  /** In flight: when the visibility timeout (SQS) or `consumer_timeout` (RabbitMQ) runs out. */
  visibleAtMs?: number;
  /** Delayed (`DelaySeconds`): when it becomes available. */
  availableAtMs?: number;
  /** RabbitMQ: set once the message was requeued and delivered again. */
  redelivered?: boolean;
  /** RabbitMQ dead-letter history. */
  xDeath?: XDeathEntry[];
  /** Set on a message in a dead-letter queue: the queue it was dead-lettered from (SQS redrive sends it back there). */
  deadLetterSourceQueue?: string;
  /** With `deadLetterSourceQueue`: when it was dead-lettered (virtual ms). */
  deadLetteredAtMs?: number;
  sentAtMs: number;
}

export interface QueueSnapshot {
  name: string;
  type: QueueType;
  /** SQS: visible (available) messages. RabbitMQ: the same figure, named `ready`. */
  visible: number;
  /** SQS: in flight (received, not deleted). RabbitMQ: the same figure, named `unacked`. */
  inFlight: number;
  /** SQS `DelaySeconds` not yet elapsed (always 0 for RabbitMQ). */
  delayed: number;
  /** RabbitMQ names for `visible` and `inFlight` (present for RabbitMQ queues only). */
  ready?: number;
  unacked?: number;
  /** SQS: the queue named by `RedrivePolicy.deadLetterTargetArn`; RabbitMQ: the DLX name. */
  deadLetterTarget: string | null;
  /**
   * True when another queue dead-letters into this one and this queue's own dead letters do
   * not lead back to it: a parking queue, not part of a retry loop (`deadLetterRoles` in broker.ts).
   */
  isDeadLetterQueue: boolean;
  /**
   * True for the unconsumed queue of a retry loop: a consumed queue dead-letters into it and
   * its dead letters (TTL expiry) lead back there. Not a DLQ: its messages will be retried.
   */
  isRetryQueue?: boolean;
  /**
   * The messages the diagram draws: every in-flight/unacked and delayed message, then the
   * oldest visible/ready ones, at most `QUEUE_VIEW_LIMIT` in all (the counts above are exact).
   */
  messages: QueueMessageView[];
  /** Consumers attached to this queue (member ids), with RabbitMQ prefetch or SQS batch size. */
  consumers: QueueConsumerView[];
  /** The settings under their real names, as the scenario resolved them (for the inspector). */
  settings: Record<string, number | string | boolean | null>;
}

/**
 * A consumer attached to a queue. The fields after `inFlight` were added with the runtime (the
 * queue consumer machine's state, the message in hand, the faults on it) for the diagram and
 * its fault menu; crashed and stopped consumers are listed too, with `inFlight` 0.
 */
export interface QueueConsumerView {
  consumerId: string;
  groupId: string;
  prefetch: number;
  inFlight: number;
  /** The queue consumer machine's state: Stopped, Receiving, Processing, Backoff, Crashed. */
  state?: string;
  stateSinceMs?: number;
  /** The message being processed, with when processing started and will end. */
  current?: { messageId: number; startedAtMs: number; endsAtMs: number } | null;
  processingFactor?: number;
  /** Set while a pause-consumer fault freezes it. */
  pausedUntilMs?: number | null;
}

export interface ExchangeSnapshot {
  name: string;
  type: ExchangeType;
  bindings: { queue: string; key: string; headers?: Record<string, string> }[];
  alternateExchange: string | null;
  /** Messages routed to no queue: dropped, returned (`mandatory`) or sent to the alternate exchange. */
  unroutable: { dropped: number; returned: number; alternate: number };
}

/** How many messages one queue lists in `QueueSnapshot.messages`. */
export const QUEUE_VIEW_LIMIT = 200;
