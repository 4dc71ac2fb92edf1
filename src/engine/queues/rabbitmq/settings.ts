// RabbitMQ queue arguments under their real names, with RabbitMQ's defaults and ranges
// (rabbitmq-website docs/ttl.md, dlx.md, maxlength.md, quorum-queues/index.md,
// consumers.md; domain.md §8, §11): x-message-ttl (ms, non-negative), x-dead-letter-exchange,
// x-dead-letter-routing-key, x-max-length, x-overflow (drop-head default; quorum queues
// support drop-head and reject-publish only), quorum x-delivery-limit (default 20 since 4.0,
// -1 disables), x-single-active-consumer, and consumer_timeout (server default 30 min; per
// queue as x-consumer-timeout since 3.12).

import * as v from 'valibot';
import { ScenarioError } from '../../scenario/schema';

const nonNegativeInt = v.pipe(v.number(), v.integer(), v.minValue(0));

const OverflowSchema = v.picklist(['drop-head', 'reject-publish', 'reject-publish-dlx']);

export const RabbitQueueSettingsSchema = v.strictObject({
  'x-message-ttl': v.optional(nonNegativeInt),
  'x-dead-letter-exchange': v.optional(v.string()),
  'x-dead-letter-routing-key': v.optional(v.string()),
  'x-max-length': v.optional(nonNegativeInt),
  'x-overflow': v.optional(OverflowSchema),
  'x-delivery-limit': v.optional(v.pipe(v.number(), v.integer(), v.minValue(-1))),
  'x-single-active-consumer': v.optional(v.boolean()),
  /** Milliseconds; the server setting `consumer_timeout`, or the queue argument below. */
  consumer_timeout: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  'x-consumer-timeout': v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
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

export function resolveRabbitArgs(
  name: string,
  kind: RabbitQueueKind,
  settings: Readonly<Record<string, unknown>> = {},
): RabbitQueueArgs {
  const at = `queues.${name}`;
  const result = v.safeParse(RabbitQueueSettingsSchema, settings);
  if (!result.success) {
    const lines = result.issues.map((issue) => `${at}.${v.getDotPath(issue) ?? ''}: ${issue.message}`);
    throw new ScenarioError(
      lines.slice(0, 5).join('; '),
      `${at}.${v.getDotPath(result.issues[0]) ?? ''}`,
      lines,
    );
  }
  const s = result.output;
  if (kind === 'classic' && s['x-delivery-limit'] !== undefined)
    throw new ScenarioError(
      `${at}: x-delivery-limit applies to quorum queues only`,
      `${at}.x-delivery-limit`,
    );
  if (kind === 'quorum' && s['x-overflow'] === 'reject-publish-dlx')
    throw new ScenarioError(
      `${at}: quorum queues support x-overflow drop-head and reject-publish, not reject-publish-dlx`,
      `${at}.x-overflow`,
    );
  if (s['x-dead-letter-routing-key'] !== undefined && s['x-dead-letter-exchange'] === undefined)
    throw new ScenarioError(
      `${at}: x-dead-letter-routing-key needs x-dead-letter-exchange`,
      `${at}.x-dead-letter-routing-key`,
    );
  return {
    kind,
    messageTtlMs: s['x-message-ttl'] ?? null,
    deadLetterExchange: s['x-dead-letter-exchange'] ?? null,
    deadLetterRoutingKey: s['x-dead-letter-routing-key'] ?? null,
    maxLength: s['x-max-length'] ?? null,
    overflow: s['x-overflow'] ?? 'drop-head',
    deliveryLimit: kind === 'quorum' ? (s['x-delivery-limit'] ?? DEFAULT_DELIVERY_LIMIT) : -1,
    isSingleActiveConsumer: s['x-single-active-consumer'] ?? false,
    consumerTimeoutMs: s['x-consumer-timeout'] ?? s.consumer_timeout ?? DEFAULT_CONSUMER_TIMEOUT_MS,
  };
}

/** The arguments as the inspector lists them, under RabbitMQ's names. */
export function describeRabbitArgs(a: RabbitQueueArgs): Record<string, number | string | boolean | null> {
  return {
    'x-queue-type': a.kind,
    'x-message-ttl': a.messageTtlMs,
    'x-dead-letter-exchange': a.deadLetterExchange,
    'x-dead-letter-routing-key': a.deadLetterRoutingKey,
    'x-max-length': a.maxLength,
    'x-overflow': a.overflow,
    'x-delivery-limit': a.kind === 'quorum' ? a.deliveryLimit : null,
    'x-single-active-consumer': a.isSingleActiveConsumer,
    consumer_timeout: a.consumerTimeoutMs,
  };
}
