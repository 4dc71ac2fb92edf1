/**
 * What a queue implementation provides to the engine's queue runtime (issue 12).
 *
 * A backend is a set of pure functions over plain-data state: Amazon SQS (`sqs/`, pull:
 * `ReceiveMessage` with `MaxNumberOfMessages` and `WaitTimeSeconds`) and RabbitMQ
 * (`rabbitmq/`, push: `basic.consume` within `basic.qos` prefetch). The runtime owns the
 * consumers (the queue consumer machine), the sink and the engine clock; the backend owns
 * the messages and every rule about them (visibility, requeue, delays, TTL, retention,
 * receive counts, FIFO groups, dead-letter triggers).
 *
 * The ground rules, the same as for the rest of the engine:
 * - State is plain data (objects, arrays, numbers, strings, Maps and Sets; no classes, no
 *   closures): checkpoints `structuredClone` the world, which holds the broker. Backend objects
 *   themselves hold no state.
 * - Time is virtual: `env.nowMs` is the only clock. Anything that happens later (a visibility
 *   timeout running out, `DelaySeconds` elapsing, a TTL, `MessageRetentionPeriod`, a long
 *   poll's `WaitTimeSeconds`, `consumer_timeout`) is reported by `nextDueMs(q)`; the runtime
 *   keeps one scheduler entry per queue at that time and calls `advance(q, env)` then.
 *   After every call into a backend the runtime reads `nextDueMs` again.
 * - Randomness only from `env.rng` (seeded; e.g. the SQS standard duplicate-delivery rate,
 *   best-effort ordering).
 * - Output goes through `env`: batches handed to consumers (`deliver`), dead-letterings (to the
 *   broker, which owns every queue and exchange and moves the message), and events for the
 *   event stream (`emit`, built only when `wants(type)`).
 */

import type { Rng } from '../core/rng';
import type { ExchangeType, QueueMessageState, QueueSnapshot, QueueType, XDeathEntry } from './types';

// ---- messages ---------------------------------------------------------------------------

/**
 * One message, as every queue type stores it. Backends read and write the fields that apply
 * to them; the broker moves the same object between queues (dead-lettering, redrive), so a
 * message keeps its `messageId` (SQS: "with its original message ID").
 */
export interface QueueMessage {
  /** Engine-wide id, the same id space as Kafka records: the sink counts by it. */
  messageId: number;
  /** The queue that holds it now ('' until first enqueued). Backends skip stale references by it. */
  queue: string;
  /**
   * Assigned by the holding queue on every enqueue, increasing (SQS FIFO's `SequenceNumber`;
   * RabbitMQ: the position a requeued message returns to). -1 before.
   */
  sequenceNumber: number;
  /**
   * The workload's key (order key for comparisons); not interpreted by SQS. Read it with
   * `keyOf`: with `keySpace` set it may be null until first read (a producer sending to SQS
   * leaves it unbuilt: making the string was the largest single cost of a send).
   */
  key: string | null;
  /**
   * The key as `${keySpace}${keyIndex}` when it reads so canonically (see `canonicalKey`): the
   * runtime's per-key order check indexes an array by it instead of hashing the string. Null
   * and -1 otherwise (then `key` is the key).
   */
  keySpace: string | null;
  keyIndex: number;
  /** RabbitMQ routing key the message was published with (the exchange routes on it). */
  routingKey: string | null;
  /** RabbitMQ: the exchange it was last published through (x-death's `exchange`); unset for SQS. */
  exchange?: string;
  /** RabbitMQ message headers (`headers` exchanges match on them). */
  headers: Record<string, string> | null;
  /**
   * SQS FIFO `MessageGroupId` as sent; null: the message's key (`messageGroupIdOf`), as a
   * FIFO queue takes it when the producer names none.
   */
  messageGroupId: string | null;
  /**
   * SQS FIFO: its message group's handle in the holding queue (`FifoGroups.pool`) while it is
   * visible or in flight there, so a delete finds the group without looking its id up; -1
   * otherwise. A number, not the group: messages stay plain data without cycles.
   */
  fifoGroupHandle: number;
  /**
   * SQS FIFO `MessageDeduplicationId` (explicit, or the content hash with content-based dedup).
   * A number is the id its decimal string is: producers send their message number, and the
   * deduplication window files it without making the string.
   */
  deduplicationId: string | number | null;
  /** RabbitMQ per-message `expiration` in ms (the AMQP property is a string; parsed on publish). */
  expirationMs: number | null;
  sizeBytes: number;
  /** A poison message fails every processing attempt (the runtime's fault, not the broker's). */
  isPoison: boolean;
  /** When the producer sent it (end-to-end latency is measured from here). */
  sentAtMs: number;
  /**
   * When it entered its current queue. SQS standard keeps the original enqueue timestamp across
   * a move to the DLQ (retention counts from it); SQS FIFO and RabbitMQ reset it.
   */
  enqueuedAtMs: number;
  state: QueueMessageState;
  /** SQS `ApproximateReceiveCount`; RabbitMQ deliveries (quorum: `x-delivery-count` + 1). */
  receiveCount: number;
  /** SQS `ApproximateFirstReceiveTimestamp`; RabbitMQ: its first delivery (-1 until then). */
  firstReceivedAtMs: number;
  /**
   * Delayed: when it becomes available (`DelaySeconds`); -1 otherwise. A publish with a
   * per-message `DelaySeconds` sets it before `enqueue`; the queue's own delay applies otherwise.
   */
  availableAtMs: number;
  /** In flight / unacked: when the visibility timeout (or `consumer_timeout`) runs out; -1 otherwise. */
  visibleAtMs: number;
  /** Holder while in flight / unacked. */
  consumerId: string | null;
  /** The receipt handle of the current receipt (SQS) or delivery tag (RabbitMQ); -1 when none. */
  receipt: number;
  /** RabbitMQ `redelivered` flag. */
  redelivered: boolean;
  /** RabbitMQ dead-letter history, most recent first; null until first dead-lettered. */
  xDeath: XDeathEntry[] | null;
  /** The queue it was dead-lettered from (SQS redrive sends it back there); null otherwise. */
  deadLetterSourceQueue: string | null;
  /** When it was last dead-lettered (virtual ms; -1 until then). */
  deadLetteredAtMs: number;
  /** How many times a DLQ redrive moved it back. */
  redriveCount: number;
}

/** What a producer (or the broker, re-publishing) asks to send. */
export interface PublishInput {
  messageId: number;
  key: string | null;
  sizeBytes: number;
  isPoison: boolean;
  sentAtMs: number;
  /** `key` split as `canonicalKey` does, when the producer knows it (its sampler's prefix and index). */
  keySpace?: string | null;
  keyIndex?: number;
  /** RabbitMQ routing key (defaults to `key` when publishing to an exchange). */
  routingKey?: string | null;
  headers?: Record<string, string> | null;
  /** SQS FIFO, required on FIFO queues. */
  messageGroupId?: string | null;
  /** SQS FIFO; omitted with `ContentBasedDeduplication` on, the backend derives it. */
  messageDeduplicationId?: string | null;
  /** RabbitMQ `expiration` property, a string of ms as AMQP carries it. */
  expiration?: string | null;
  /** SQS per-message `DelaySeconds` (0–900), overriding the queue's; not on FIFO queues. */
  delaySeconds?: number | null;
  /** RabbitMQ `mandatory`: an unroutable message is returned instead of dropped. */
  isMandatory?: boolean;
}

/** Builds the stored message from a publish request (fields the backend sets start neutral). */
export function newQueueMessage(input: PublishInput, nowMs: number): QueueMessage {
  const expiration = input.expiration ?? null;
  let keySpace = input.keySpace ?? null;
  let keyIndex = keySpace === null ? -1 : (input.keyIndex ?? -1);
  if (keyIndex < 0 && input.key !== null) {
    const canonical = canonicalKey(input.key);
    if (canonical !== null) [keySpace, keyIndex] = canonical;
  }
  return createQueueMessage(
    input.messageId,
    input.key,
    keySpace,
    keyIndex,
    input.routingKey ?? input.key,
    input.headers ?? null,
    input.messageGroupId ?? null,
    input.messageDeduplicationId ?? null,
    expiration === null ? null : Number(expiration),
    input.sizeBytes,
    input.isPoison,
    input.sentAtMs,
    nowMs,
    input.delaySeconds ? nowMs + input.delaySeconds * 1000 : -1,
  );
}

/**
 * The stored message, field by field: what `newQueueMessage` builds, without a request object
 * (producers call it once per message). `keySpace`/`keyIndex` must already be canonical.
 */
export function createQueueMessage(
  messageId: number,
  key: string | null,
  keySpace: string | null,
  keyIndex: number,
  routingKey: string | null,
  headers: Record<string, string> | null,
  messageGroupId: string | null,
  deduplicationId: string | number | null,
  expirationMs: number | null,
  sizeBytes: number,
  isPoison: boolean,
  sentAtMs: number,
  nowMs: number,
  availableAtMs: number,
): QueueMessage {
  return {
    messageId,
    queue: '',
    sequenceNumber: -1,
    key,
    keySpace,
    keyIndex,
    routingKey,
    // Present from the start (RabbitMQ sets it on publish), so every message has one shape.
    exchange: undefined,
    headers,
    messageGroupId,
    fifoGroupHandle: -1,
    deduplicationId,
    expirationMs,
    sizeBytes,
    isPoison,
    sentAtMs,
    enqueuedAtMs: nowMs,
    state: 'available',
    receiveCount: 0,
    firstReceivedAtMs: -1,
    availableAtMs,
    visibleAtMs: -1,
    consumerId: null,
    receipt: -1,
    redelivered: false,
    xDeath: null,
    deadLetterSourceQueue: null,
    deadLetteredAtMs: -1,
    redriveCount: 0,
  };
}

/** The message's key; builds and keeps the string when only its (keySpace, keyIndex) is set. */
export function keyOf(m: QueueMessage): string | null {
  if (m.key === null && m.keySpace !== null) m.key = `${m.keySpace}${m.keyIndex}`;
  return m.key;
}

/** SQS FIFO: the message's MessageGroupId, its key when none was sent ('' without a key). */
export function messageGroupIdOf(m: QueueMessage): string {
  return m.messageGroupId ?? keyOf(m) ?? '';
}

/** Index bound of `canonicalKey` (the per-key arrays grow to the highest index seen). */
export const KEY_INDEX_LIMIT = 1 << 22;

/**
 * Splits a key into (prefix, index) when it ends in a canonical decimal ("order-42" →
 * ["order-", 42]; not "order-042", not past KEY_INDEX_LIMIT): a function of the string alone,
 * so two keys map to the same pair exactly when they are the same string.
 */
export function canonicalKey(key: string): [string, number] | null {
  let start = key.length;
  while (start > 0) {
    const code = key.charCodeAt(start - 1);
    if (code < 48 || code > 57) break;
    start -= 1;
  }
  const digits = key.length - start;
  if (digits === 0 || digits > 7 || (digits > 1 && key.charCodeAt(start) === 48)) return null;
  const index = Number(key.slice(start));
  return index < KEY_INDEX_LIMIT ? [key.slice(0, start), index] : null;
}

/** The key space of a producer's sampled keys `${prefix}${index}`, or null when they need `canonicalKey`. */
export function keySpaceOfPrefix(prefix: string): string | null {
  if (prefix.length === 0) return prefix;
  const code = prefix.charCodeAt(prefix.length - 1);
  return code >= 48 && code <= 57 ? null : prefix;
}

// ---- outcomes ---------------------------------------------------------------------------

/**
 * What became of a message given to a queue. `deduplicated`: SQS FIFO saw the same
 * deduplication id within 5 minutes (accepted, not stored). `rejected`: RabbitMQ
 * `x-overflow: reject-publish` (the publisher gets a nack). `dead-lettered`:
 * `reject-publish-dlx`, or TTL 0 with no consumer ready and a DLX configured.
 */
export type EnqueueOutcome =
  | 'enqueued'
  | 'delayed'
  | 'deduplicated'
  | 'rejected'
  | 'dead-lettered'
  | 'dropped';

/** A message handed to a consumer. `message` is the stored object: read it, never write it. */
export interface Delivery {
  queue: string;
  consumerId: string;
  receipt: number;
  message: QueueMessage;
  /** The count after this receive (SQS `ApproximateReceiveCount`). */
  receiveCount: number;
  redelivered: boolean;
  /** When this receive (push: delivery) happened; the latency stages split a message's time at it. */
  receivedAtMs: number;
}

/**
 * What a consumer does with a delivery.
 * - `delete`: SQS `DeleteMessage`. `ack`: AMQP `basic.ack`. Both remove the message.
 * - `nack`: AMQP `basic.nack` / `basic.reject` with `requeue` (and `multiple` for nack); on SQS
 *   the runtime expresses "give it back now" as `change-visibility` with 0 instead.
 * - `change-visibility`: SQS `ChangeMessageVisibility`; the timer restarts from now and
 *   applies to this receipt only (the consumer heartbeat uses it to extend while it works).
 */
export type Settlement =
  | { kind: 'delete' }
  | { kind: 'ack' }
  | { kind: 'nack'; requeue: boolean; isMultiple?: boolean }
  | { kind: 'change-visibility'; visibilityTimeoutSeconds: number };

/**
 * `ok`; `stale-receipt`: the receipt is no longer the message's current one (it became
 * visible and was received again: SQS leaves the message in the queue); `unknown`: no such
 * message (already deleted, moved or expired; RabbitMQ closes the channel on an unknown tag,
 * the runtime treats it as a no-op and records it).
 */
export type SettleOutcome = 'ok' | 'stale-receipt' | 'unknown';

/** Why a message leaves its queue for a dead-letter target. RabbitMQ's four reasons plus SQS's. */
export type DeadLetterReason = XDeathEntry['reason'] | 'maxReceiveCount';

/**
 * Where a dead-lettered message goes: SQS `RedrivePolicy.deadLetterTargetArn` names a queue;
 * RabbitMQ `x-dead-letter-exchange` (+ optional `x-dead-letter-routing-key`; null keeps the
 * message's own routing keys) names an exchange. The broker resolves and enqueues.
 */
export type DeadLetterTarget =
  | { kind: 'queue'; queue: string }
  | { kind: 'exchange'; exchange: string; routingKey: string | null };

/** A `ReceiveMessage` call (pull backends). */
export interface ReceiveRequest {
  consumerId: string;
  /** `MaxNumberOfMessages`, 1–10. */
  maxNumberOfMessages: number;
  /** `WaitTimeSeconds` 0–20: 0 is short polling; otherwise the call waits for messages. */
  waitTimeSeconds: number;
  /** Per-call `VisibilityTimeout` override; null uses the queue's. */
  visibilityTimeoutSeconds: number | null;
}

/** A consumer attached to a queue (`basic.consume` + `basic.qos`, or an SQS poller). */
export interface QueueConsumer {
  consumerId: string;
  groupId: string;
  /** RabbitMQ prefetch count (0 = unlimited); SQS: the `MaxNumberOfMessages` it asks for. */
  prefetch: number;
}

// ---- events -----------------------------------------------------------------------------

/** Events a backend or the broker records; the runtime adds `atMs` and emits them as SimEvents. */
export type QueueEvent =
  | { type: 'queue-sent'; queue: string; messageId: number; outcome: EnqueueOutcome }
  | {
      type: 'queue-received';
      queue: string;
      consumerId: string;
      messageId: number;
      receiveCount: number;
      redelivered: boolean;
    }
  | {
      type: 'queue-settled';
      queue: string;
      consumerId: string;
      messageId: number;
      settlement: Settlement['kind'];
      requeue?: boolean;
      outcome: SettleOutcome;
    }
  /** Visible / ready again without being settled by its holder. */
  | {
      type: 'queue-returned';
      queue: string;
      messageId: number;
      reason: 'visibility-timeout' | 'requeue' | 'consumer-closed' | 'consumer_timeout';
    }
  | {
      type: 'queue-dead-lettered';
      queue: string;
      messageId: number;
      reason: DeadLetterReason;
      /** The queue (SQS) or exchange (RabbitMQ) it went to; null when dropped for lack of one. */
      target: string | null;
    }
  /** Gone for good, not dead-lettered: retention, TTL without DLX, overflow drop, no DLX. */
  | {
      type: 'queue-dropped';
      queue: string;
      messageId: number;
      reason:
        | 'MessageRetentionPeriod'
        | 'PurgeQueue'
        | 'expired'
        | 'maxlen'
        | 'rejected'
        | 'delivery_limit'
        | 'unroutable';
    }
  /** A DLQ redrive (StartMessageMoveTask) moved one message. */
  | { type: 'queue-moved'; from: string; to: string; messageId: number };

export type QueueEventType = QueueEvent['type'];

// ---- the environment a backend runs in ---------------------------------------------------

export interface QueueEnv {
  readonly nowMs: number;
  readonly rng: Rng;
  /**
   * Hands a batch to one consumer: the runtime starts processing it. An empty batch is an SQS
   * `ReceiveMessage` that returned nothing (short poll, or a long poll whose wait ran out).
   * Push backends deliver batches of one. The array is the consumer's from then on: the
   * backend builds a new one for every call and keeps no reference to it.
   */
  deliver(consumerId: string, batch: Delivery[]): void;
  /**
   * The message leaves `from` for its dead-letter target; the backend has already removed it
   * and (RabbitMQ) updated `x-death`. The broker enqueues it at the target, or drops it when
   * the target is missing (RabbitMQ: "silently dropped"); it emits `queue-dead-lettered`.
   */
  deadLetter(from: string, message: QueueMessage, reason: DeadLetterReason, target: DeadLetterTarget): void;
  /** A fresh receipt handle / delivery tag, unique across the broker. */
  nextReceipt(): number;
  wants(type: QueueEventType): boolean;
  emit(event: QueueEvent): void;
}

// ---- the backend ------------------------------------------------------------------------

/** Scenario settings under their real names, validated by the backend's own schema. */
export type QueueSettings = Record<string, number | string | boolean | null>;

/** Every queue's state starts with these fields; a backend adds its own. */
export interface QueueStateBase {
  name: string;
  type: QueueType;
  /** The settings as resolved (defaults filled in), shown by the inspector. */
  settings: QueueSettings;
  consumers: QueueConsumer[];
}

export interface QueueBackend<S extends QueueStateBase = QueueStateBase> {
  readonly types: readonly QueueType[];
  /** `pull`: consumers call `receive` (SQS). `push`: the queue delivers within prefetch (RabbitMQ). */
  readonly mode: 'pull' | 'push';
  /** Validates the scenario's settings (throws a typed ScenarioError naming the path) and builds the state. */
  create(name: string, type: QueueType, settings: Record<string, unknown>): S;
  /** Where dead-lettered messages go, or null (for the snapshot and the broker's checks). */
  deadLetterTarget(q: S): DeadLetterTarget | null;

  /**
   * Takes a message routed to this queue. It may be stored, delayed, deduplicated, rejected or
   * dead-lettered at once. A push backend delivers to a waiting consumer inside this call.
   */
  enqueue(q: S, message: QueueMessage, env: QueueEnv): EnqueueOutcome;

  attach(q: S, consumer: QueueConsumer, env: QueueEnv): void;
  /**
   * The consumer is gone (crash, shutdown, `consumer_timeout`). RabbitMQ requeues its unacked
   * deliveries (`redelivered` set); SQS leaves its in-flight messages to their visibility timeout
   * and cancels its pending long poll.
   */
  detach(q: S, consumerId: string, env: QueueEnv): void;

  /**
   * Pull backends: `ReceiveMessage`. The request is valid during the call only (the runtime
   * reuses the object): a request parked for a long poll copies what it needs. Delivers at once (a batch, possibly empty on a short poll)
   * or parks the request until messages arrive or `WaitTimeSeconds` runs out (then an empty
   * batch). One pending request per consumer. Push backends leave this undefined.
   */
  receive?(q: S, request: ReceiveRequest, env: QueueEnv): void;

  /** Settles one receipt; push backends deliver the next message within prefetch afterwards. */
  settle(q: S, consumerId: string, receipt: number, settlement: Settlement, env: QueueEnv): SettleOutcome;

  /** The next virtual time this queue has work to do (Infinity when none). */
  nextDueMs(q: S): number;
  /** Runs everything due at or before `env.nowMs`: expiries, delays, TTL, retention, long polls. */
  advance(q: S, env: QueueEnv): void;

  /**
   * Removes and returns the oldest available message (DLQ redrive, `StartMessageMoveTask`:
   * "oldest messages first"), or null. Purge calls it until null.
   */
  takeOldest(q: S, env: QueueEnv): QueueMessage | null;

  /** Cheap exact counts (metrics, every frame). */
  counts(q: S): { visible: number; inFlight: number; delayed: number };
  /**
   * When the oldest visible (ready) message entered this queue (`enqueuedAtMs`), or Infinity
   * when none is visible: SQS's ApproximateAgeOfOldestMessage is now minus this. A scan of the
   * visible messages, for metrics (not the hot path).
   */
  oldestVisibleEnqueuedAtMs(q: S): number;
  /**
   * When the oldest message not yet deleted/acked entered this queue, visible (ready) or in
   * flight (unacked), or Infinity when there is none: SQS's ApproximateAgeOfOldestMessage
   * covers every non-deleted message, so a queue whose messages are all in flight is not
   * "caught up". A scan, for metrics (not the hot path).
   */
  oldestEnqueuedAtMs(q: S): number;
  /**
   * The snapshot per the contract in types.ts. `isDeadLetterQueue` is filled in by the
   * broker (it needs every queue); the backend sets it false.
   */
  view(q: S, nowMs: number): QueueSnapshot;
}

// ---- the broker's plain data --------------------------------------------------------------

/** A RabbitMQ exchange as plain data; routing rules live in `rabbitmq/`. */
export interface ExchangeState {
  name: string;
  type: ExchangeType;
  bindings: { queue: string; key: string; headers?: Record<string, string> }[];
  alternateExchange: string | null;
  unroutable: { dropped: number; returned: number; alternate: number };
}

/** A DLQ redrive in progress (`StartMessageMoveTask`; one active task per source queue). */
export interface MessageMoveTask {
  sourceQueue: string;
  /** Null: each message back to its own source queue (`DestinationArn` omitted). */
  destinationQueue: string | null;
  maxNumberOfMessagesPerSecond: number;
  nextMoveAtMs: number;
  /** `ApproximateNumberOfMessagesMoved` / `…ToMove` (ListMessageMoveTasks): the visible count at start. */
  moved: number;
  approximateNumberOfMessagesToMove: number;
}

/**
 * Every queue and exchange (the broker owns them: dead-lettering and redrive cross queues).
 * `queues` holds each backend's own state type; look the backend up by `type`.
 */
export interface QueueBrokerState {
  queues: Record<string, QueueStateBase>;
  exchanges: Record<string, ExchangeState>;
  moveTasks: MessageMoveTask[];
  nextReceipt: number;
}

/**
 * RabbitMQ routing, provided by `rabbitmq/` (AMQP 0-9-1: `direct`, `fanout`, `topic` with `*`
 * and `#`, `headers` with `x-match`). The broker calls it for publishes to an exchange and for
 * dead-lettering through a DLX; it handles `alternate-exchange`, `mandatory` returns and drops
 * itself when the list comes back empty. The default exchange (`""`) is the broker's: it routes
 * to the queue named by the routing key.
 */
export interface ExchangeRouter {
  create(name: string, type: ExchangeType, spec: Record<string, unknown>): ExchangeState;
  route(exchange: ExchangeState, routingKey: string, headers: Record<string, string> | null): string[];
}
