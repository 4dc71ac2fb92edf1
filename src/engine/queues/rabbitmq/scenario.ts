// The RabbitMQ parts of the scenario document (issue 12): `exchanges: [{ name, type,
// bindings: [{ queue, key, headers? }], alternateExchange? }]`, the producer fields for
// publishing to an exchange (basic.publish's exchange, routing key, expiration, mandatory,
// headers) and the consumer-group fields for a RabbitMQ queue (basic.qos prefetch, and
// whether a failed message is nacked with requeue).

import * as v from 'valibot';

const exchangeName = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(255),
  v.check((n) => !n.startsWith('amq.'), 'exchange names starting with "amq." are reserved'),
);

export const BindingSchema = v.strictObject({
  queue: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  /** Binding key: equality for direct, a `*`/`#` pattern for topic, ignored by fanout and headers. */
  key: v.optional(v.pipe(v.string(), v.maxLength(255)), ''),
  /** Headers exchange: the binding arguments, `x-match` all (default) or any. */
  headers: v.optional(v.record(v.string(), v.string())),
});

export const ExchangeSchema = v.strictObject({
  name: exchangeName,
  type: v.picklist(['direct', 'fanout', 'topic', 'headers']),
  bindings: v.optional(v.pipe(v.array(BindingSchema), v.maxLength(64)), []),
  /** The `alternate-exchange` argument: where messages this exchange cannot route go. */
  alternateExchange: v.optional(exchangeName),
});

export type ExchangeInput = v.InferInput<typeof ExchangeSchema>;

/** Producer fields for RabbitMQ (a producer names `exchange` instead of `topic`/`queue`). */
export const RABBIT_PRODUCER_FIELDS = {
  /** basic.publish exchange; "" is the default exchange (routes to the queue named by the key). */
  exchange: v.optional(v.pipe(v.string(), v.maxLength(255))),
  /** The routing key of every message; or `routingKeys`, used in turn; absent: the message key. */
  routingKey: v.optional(v.pipe(v.string(), v.maxLength(255))),
  routingKeys: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.maxLength(255))), v.minLength(1), v.maxLength(32)),
  ),
  /** Per-message TTL, a string of milliseconds as AMQP carries it. */
  expiration: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'expiration is a string of milliseconds'))),
  /** An unroutable message is returned to the publisher instead of dropped. */
  mandatory: v.optional(v.boolean()),
  headers: v.optional(v.record(v.string(), v.string())),
};

/** Consumer-group fields for a RabbitMQ queue. */
export const RABBIT_GROUP_FIELDS = {
  /** basic.qos prefetch_count: unacked deliveries per consumer (0 = unlimited). Default 10. */
  prefetch: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65_535))),
  /** A failed message is nacked with requeue=true (default) or false (dead-lettered or dropped). */
  requeue: v.optional(v.boolean()),
};

interface TopologyShape {
  queues?: readonly { name: string; type: string; 'x-dead-letter-exchange'?: string }[];
  exchanges?: readonly ExchangeInput[];
  producers: readonly { exchange?: string }[];
}

/** Cross-references the schema cannot state; returns the first problem, or null. */
export function rabbitTopologyProblem(s: TopologyShape): { path: string; message: string } | null {
  const exchanges = s.exchanges ?? [];
  const names = new Set(exchanges.map((e) => e.name));
  if (names.size !== exchanges.length) return { path: 'exchanges', message: 'has a duplicate exchange name' };
  const rabbitQueues = new Set(
    (s.queues ?? []).filter((q) => q.type.startsWith('rabbitmq-')).map((q) => q.name),
  );
  for (const [i, ex] of exchanges.entries()) {
    for (const [j, b] of (ex.bindings ?? []).entries())
      if (!rabbitQueues.has(b.queue))
        return {
          path: `exchanges.${i}.bindings.${j}.queue`,
          message: `binds "${b.queue}", not a RabbitMQ queue`,
        };
    if (ex.alternateExchange !== undefined && !names.has(ex.alternateExchange))
      return { path: `exchanges.${i}.alternateExchange`, message: `no exchange "${ex.alternateExchange}"` };
  }
  for (const [i, p] of s.producers.entries())
    if (p.exchange !== undefined && p.exchange !== '' && !names.has(p.exchange))
      return { path: `producers.${i}.exchange`, message: `no exchange "${p.exchange}"` };
  return null;
}

/** A producer's basic.publish settings, resolved. */
export interface RabbitPublishConfig {
  exchange: string;
  /** Used in turn, one per message; empty: the message key is the routing key. */
  routingKeys: string[];
  expiration: string | null;
  isMandatory: boolean;
  headers: Record<string, string> | null;
}

export function resolveRabbitPublish(p: {
  exchange?: string;
  routingKey?: string;
  routingKeys?: string[];
  expiration?: string;
  mandatory?: boolean;
  headers?: Record<string, string>;
}): RabbitPublishConfig | null {
  if (p.exchange === undefined) return null;
  return {
    exchange: p.exchange,
    routingKeys: p.routingKeys ?? (p.routingKey !== undefined ? [p.routingKey] : []),
    expiration: p.expiration ?? null,
    isMandatory: p.mandatory ?? false,
    headers: p.headers ?? null,
  };
}
