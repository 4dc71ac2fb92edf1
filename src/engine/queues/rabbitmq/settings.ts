// RabbitMQ queue arguments under their real names, with RabbitMQ's defaults and ranges
// (rabbitmq-website docs/ttl.md, dlx.md, maxlength.md, quorum-queues/index.md,
// consumers.md; domain.md §8, §11): x-message-ttl (ms, non-negative), x-dead-letter-exchange,
// x-dead-letter-routing-key, x-max-length, x-overflow (drop-head default; quorum queues
// support drop-head and reject-publish only), quorum x-delivery-limit (default 20 since 4.0,
// -1 disables), x-single-active-consumer, and consumer_timeout (server default 30 min; per
// queue as x-consumer-timeout since 3.12).

import * as v from 'valibot';

const nonNegativeInt = v.pipe(v.number(), v.integer(), v.minValue(0));

const OverflowSchema = v.picklist(['drop-head', 'reject-publish', 'reject-publish-dlx']);

const ARGS = {
  'x-message-ttl': v.optional(nonNegativeInt),
  'x-dead-letter-exchange': v.optional(v.string()),
  'x-dead-letter-routing-key': v.optional(v.string()),
  'x-max-length': v.optional(nonNegativeInt),
  'x-overflow': v.optional(OverflowSchema),
  'x-single-active-consumer': v.optional(v.boolean()),
  /** Milliseconds; the server setting `consumer_timeout`, or the queue argument below. */
  consumer_timeout: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  'x-consumer-timeout': v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
};

const DELIVERY_LIMIT = { 'x-delivery-limit': v.optional(v.pipe(v.number(), v.integer(), v.minValue(-1))) };

export const RabbitQueueSettingsSchema = v.strictObject({ ...ARGS, ...DELIVERY_LIMIT });

/** Queue names: AMQP allows up to 255 bytes; `amq.` is reserved for the server. */
const rabbitName = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(255),
  v.check((n) => !n.startsWith('amq.'), 'queue names starting with "amq." are reserved'),
);

/** Scenario `queues[]` entries of the two RabbitMQ types (classic queues take no delivery limit). */
export const RabbitClassicSchema = v.strictObject({
  name: rabbitName,
  type: v.literal('rabbitmq-classic'),
  ...ARGS,
});
export const RabbitQuorumSchema = v.strictObject({
  name: rabbitName,
  type: v.literal('rabbitmq-quorum'),
  ...ARGS,
  ...DELIVERY_LIMIT,
});

export type RabbitQueueSettingsInput = v.InferInput<typeof RabbitQueueSettingsSchema>;
export type RabbitQueueKind = 'classic' | 'quorum';
export type Overflow = v.InferOutput<typeof OverflowSchema>;

/** RabbitMQ 4.0's default quorum `x-delivery-limit` (release-notes/4.0.1.md). */
export const DEFAULT_DELIVERY_LIMIT = 20;

/** The server's `consumer_timeout` default: 30 minutes. */
export const DEFAULT_CONSUMER_TIMEOUT_MS = 1_800_000;

export interface RabbitQueueArgs {
  kind: RabbitQueueKind;
  messageTtlMs: number | null;
  deadLetterExchange: string | null;
  deadLetterRoutingKey: string | null;
  maxLength: number | null;
  overflow: Overflow;
  /** Quorum: returns before the message is dead-lettered or dropped; -1 = no limit (classic: -1). */
  deliveryLimit: number;
  isSingleActiveConsumer: boolean;
  consumerTimeoutMs: number;
}
