// The scenario's flow-control parts, beside schema.ts: producer backpressure (Kafka's
// buffer.memory / max.block.ms, the broker's producer_byte_rate quota, a token-bucket rate
// limiter, load shedding by priority), consumer autoscaling on lag (KEDA's Kafka scaler
// names), the world without a queue (`sync`: direct calls through a bounded connection
// pool) and services that write to a database and publish an event (dual write vs outbox).
// Every part is optional: a scenario without them runs exactly as before.

import * as v from 'valibot';

const ms = (max = 86_400_000) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));
const positiveInt = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));
const rate = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000));
const share = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const name = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"'),
);

/** Producer fields (merged into ProducerSchema). */
export const producerFlowFields = {
  /** Kafka's producer buffer (default 33554432 bytes); it fills only when sends outpace the broker. */
  'buffer.memory': v.optional(positiveInt(1_073_741_824)),
  /** How long send() blocks on a full buffer before TimeoutException (Kafka default 60000). */
  'max.block.ms': v.optional(ms(600_000)),
  /** The broker's client quota for this producer, bytes/s: the buffer drains no faster. */
  producer_byte_rate: v.optional(positiveInt(1_000_000_000)),
  /** An application-side token bucket: sends past it are rejected (counted rate-limited). */
  rateLimit: v.optional(v.strictObject({ ratePerSec: rate, burst: v.optional(positiveInt(1_000_000)) })),
  /** Load shedding: this share of records is low priority, dropped while the lag passes the threshold. */
  shedding: v.optional(
    v.strictObject({
      lowPriorityShare: share,
      lagThreshold: positiveInt(100_000_000),
      groupId: v.optional(name),
    }),
  ),
};

/** Consumer autoscaling on lag, with KEDA's Kafka scaler names (lagThreshold = target lag per consumer). */
export const AutoscaleSchema = v.strictObject({
  lagThreshold: positiveInt(100_000_000),
  minReplicaCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(64))),
  maxReplicaCount: positiveInt(64),
  pollingIntervalMs: v.optional(positiveInt(600_000)),
  scaleOutCooldownMs: v.optional(ms(3_600_000)),
  scaleInCooldownMs: v.optional(ms(3_600_000)),
  /** KEDA's allowIdleConsumers: scale past the partition count (the extra consumers sit idle). */
  allowIdleConsumers: v.optional(v.boolean()),
});

/** The world without a queue: clients call the dependency directly through a connection pool. */
export const SyncSchema = v.strictObject({
  id: v.optional(name),
  ratePerSec: rate,
  pattern: v.optional(v.picklist(['steady', 'bursty'])),
  burst: v.optional(
    v.strictObject({ onMs: ms(), offMs: ms(), factor: v.pipe(v.number(), v.minValue(1), v.maxValue(100)) }),
  ),
  startMs: v.optional(ms()),
  /** Stop sending at this time (e.g. the end of the flash sale). */
  stopMs: v.optional(ms()),
  /** Concurrent connections the dependency accepts (HikariCP's maximumPoolSize). */
  maximumPoolSize: positiveInt(100_000),
  /** How long a call waits for a free connection before it is rejected (HikariCP's connectionTimeout). */
  connectionTimeoutMs: v.optional(ms(600_000)),
  /** The client gives up on a call after this long (the call may still complete: work done twice). */
  requestTimeoutMs: v.optional(positiveInt(600_000)),
  /** Mean service time of one call at the dependency. */
  serviceMeanMs: v.pipe(v.number(), v.finite(), v.minValue(0.1), v.maxValue(600_000)),
  /** Client retries after a rejection or a timeout (users pressing "Buy" again). */
  maxRetries: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100))),
  retryBackoffMs: v.optional(ms(600_000)),
});

export const ServiceSchema = v.strictObject({
  id: name,
  /** The topic the service publishes its events to. */
  topic: name,
  ratePerSec: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(10_000)),
  /**
   * dual-write-commit-first: commit, then publish. dual-write-publish-first: publish, then
   * commit. outbox: the event row is written in the same transaction; a relay publishes it.
   */
  writePath: v.picklist(['dual-write-commit-first', 'dual-write-publish-first', 'outbox']),
  /** How often the outbox relay polls the outbox table (Debezium-style CDC tails the log instead). */
  relayIntervalMs: v.optional(positiveInt(60_000)),
  keys: v.optional(positiveInt(1_000_000)),
  startMs: v.optional(ms()),
  stopMs: v.optional(ms()),
});

export const ServiceCrashPointSchema = v.picklist([
  'now',
  'after-commit-before-publish',
  'after-publish-before-commit',
  'after-publish-before-mark',
]);

export const crashServiceFault = v.strictObject({
  type: v.literal('crash-service'),
  serviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  point: v.optional(ServiceCrashPointSchema),
  restartAfterMs: v.optional(ms()),
});
