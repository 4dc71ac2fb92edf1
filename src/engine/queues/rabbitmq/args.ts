// Resolves a RabbitMQ queue's scenario settings into its arguments, with RabbitMQ's defaults
// and the rules the schema alone cannot state (quorum-only and classic-only arguments).

import * as v from 'valibot';
import { ScenarioError } from '../../scenario/schema';
import {
  DEFAULT_CONSUMER_TIMEOUT_MS,
  DEFAULT_DELIVERY_LIMIT,
  type RabbitQueueArgs,
  type RabbitQueueKind,
  RabbitQueueSettingsSchema,
} from './settings';

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
