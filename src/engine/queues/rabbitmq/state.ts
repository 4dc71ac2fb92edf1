// A RabbitMQ queue's state as plain data. Checkpoints structuredClone the world that holds
// it, so nothing here holds a function, class instance or Map; one message object may sit in
// the queue and in a channel's unacked ring at once, and structuredClone keeps that sharing.

import type { RabbitMessageState } from '../../machines/rabbitMessage.machine';
import type { QueueMessage, QueueStateBase } from '../backend';
import type { DeathMark } from './deadLetter';
import type { Heap, Ring } from './ring';
import type { RabbitQueueArgs } from './settings';

/** What a RabbitMQ queue adds to the shared message record while it holds it. */
export interface RabbitFields {
  /** The queue that holds it now. */
  queue: string;
  /** Enqueue order in this queue: the "original position" a classic requeue restores. */
  sequenceNumber: number;
  /** The lifecycle machine's state (rabbitMessage.machine.ts); `state` is its contract name. */
  lifecycle: RabbitMessageState;
  /**
   * Unique per placement into this queue's ready structures (arrival or return). Index
   * entries record it, so an entry left behind by a message that moved on is recognised.
   */
  placement: number;
  /** enqueuedAtMs + the lower of x-message-ttl and expiration; Infinity without a TTL. */
  expiresAtMs: number;
  /** Quorum `x-delivery-count`: returns to this queue so far. */
  deliveryCount: number;
  deliveredAtMs: number;
  /** The exchange it was last published through ('' = the default exchange or unknown). */
  exchange: string;
  firstDeath: DeathMark | null;
  lastDeath: DeathMark | null;
}

export type RabbitMessage = QueueMessage & RabbitFields;

export interface RabbitQueueCounters {
  published: number;
  delivered: number;
  redelivered: number;
  acked: number;
  requeued: number;
  deadLettered: number;
  expired: number;
  dropped: number;
  /** Publishes refused by `x-overflow` reject-publish / reject-publish-dlx. */
  publishRejected: number;
  /** `x-overflow` drop-head: oldest ready messages removed for a new one (dead-lettered with reason maxlen, or dropped). */
  overflowHead: number;
  /** Dead-lettered arrivals dropped because they closed a cycle with no rejection in it. */
  cycleDropped: number;
  /** Channels closed by consumer_timeout. */
  consumerTimeouts: number;
}

/** One consumer's channel: its unacked deliveries in delivery order (`tags` lane = receipts). */
export interface RabbitChannel {
  consumerId: string;
  unacked: Ring<RabbitMessage>;
  unackedCount: number;
}

export interface RabbitQueueState extends QueueStateBase {
  args: RabbitQueueArgs;
  /** Returned messages served before `body`: by sequenceNumber (classic) or return order (quorum). */
  front: Heap<RabbitMessage>;
  /** Messages in arrival order (`tags` lane: placement); stale entries are skipped lazily. */
  body: Ring<RabbitMessage>;
  /** Quorum: ready messages with a TTL, by expiresAtMs (stale entries skipped lazily). */
  expiries: Heap<RabbitMessage>;
  ready: number;
  unacked: number;
  nextSequenceNumber: number;
  nextReturn: number;
  nextPlacement: number;
  /** Aligned with `consumers` (same index). */
  channels: RabbitChannel[];
  /**
   * A direct-mapped cache of recent deliveries: slot `tag & 255` holds the delivery tag and
   * the index of the channel it went to, so an ack finds its channel without comparing the
   * consumer id with every channel's. A hint: settle checks it and falls back to a scan.
   */
  recentTags: number[];
  recentTagChannels: number[];
  /**
   * The unacked delivery with the earliest deliveredAtMs, while it stays unacked (its delivery
   * tag in `oldestUnackedReceipt`); null when none is known. New deliveries are never older,
   * so it stays the oldest until it is settled or returned; then `nextDueMs` scans the channels.
   */
  oldestUnacked: RabbitMessage | null;
  oldestUnackedReceipt: number;
  /** Round-robin cursor into `consumers`. */
  cursor: number;
  /** Set while a dispatch loop runs, so a settle from inside a delivery does not nest one. */
  isDispatching: boolean;
  counters: RabbitQueueCounters;
}
