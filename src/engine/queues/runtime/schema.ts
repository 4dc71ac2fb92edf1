// The queue parts of the scenario document: `queues: [{ name, type, …settings }]` with each
// type's settings under their real names, and the fields a consumer group reading a queue
// takes (ReceiveMessage's MaxNumberOfMessages, WaitTimeSeconds and VisibilityTimeout, the
// ChangeMessageVisibility heartbeat, what to do with a failed message). RabbitMQ adds its
// queue types to the variant and its consumer fields (prefetch, …) beside these.

import * as v from 'valibot';
import { SqsFifoSchema, SqsStandardSchema } from '../sqs/settings';

export const QueueSchema = v.variant('type', [SqsStandardSchema, SqsFifoSchema]);

export type QueueInput = v.InferInput<typeof QueueSchema>;

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/** Consumer-group fields for groups with `queue` (Kafka groups ignore them). */
export const QUEUE_GROUP_FIELDS = {
  /** ReceiveMessage `MaxNumberOfMessages` (1–10; default 1, as the API). */
  MaxNumberOfMessages: v.optional(int(1, 10)),
  /** ReceiveMessage `WaitTimeSeconds` (0–20); default: the queue's ReceiveMessageWaitTimeSeconds. */
  WaitTimeSeconds: v.optional(int(0, 20)),
  /** ReceiveMessage `VisibilityTimeout` override in seconds; default: the queue's. */
  VisibilityTimeout: v.optional(int(0, 43_200)),
  /**
   * The visibility heartbeat: while a message is processed, call ChangeMessageVisibility every
   * `intervalMs` with `VisibilityTimeout` seconds (the fix for processing longer than the timeout).
   */
  visibilityHeartbeat: v.optional(
    v.strictObject({ intervalMs: int(100, 3_600_000), VisibilityTimeout: int(1, 43_200) }),
  ),
  /**
   * A failed message: `wait` leaves it in flight until its visibility timeout runs out (the
   * default), `release` makes it visible at once (ChangeMessageVisibility 0), `backoff` sets its
   * visibility to the retry backoff for its receive count (`retry.backoffMs` × multiplier^n).
   */
  onFailure: v.optional(v.picklist(['wait', 'release', 'backoff'])),
  /** Pause after a ReceiveMessage that returned nothing (short polling), ms; default 1000. */
  pollIntervalMs: v.optional(int(0, 60_000)),
};
