// The scenario document: a human-writable JSON description of a topology, its workload,
// its consumer groups and a timeline of scripted actions. Config keys use Kafka's own
// dotted names (session.timeout.ms, max.poll.records, …) so they read like a real config.
// Validated with valibot; every error names the field path and the problem.

import * as v from 'valibot';
import { QUEUE_GROUP_FIELDS, QueueSchema } from '../queues/runtime/schema';
import {
  AutoscaleSchema,
  crashServiceFault,
  producerFlowFields,
  ServiceSchema,
  SyncSchema,
} from './flowSchema';

const ms = (max = 86_400_000) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));
const positiveInt = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));
const offset = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const share = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
export const name = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"'),
);

export const KeysSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('uniform'),
    count: positiveInt(1_000_000),
    prefix: v.optional(v.string()),
  }),
  v.strictObject({
    type: v.literal('zipf'),
    count: positiveInt(100_000),
    exponent: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(5))),
    prefix: v.optional(v.string()),
  }),
  v.strictObject({
    type: v.literal('hot'),
    count: positiveInt(1_000_000),
    hotKey: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
    share,
    prefix: v.optional(v.string()),
  }),
  v.strictObject({ type: v.literal('null') }),
]);

export const TopicSchema = v.strictObject({
  name,
  partitions: positiveInt(256),
  'retention.ms': v.optional(v.union([v.literal(-1), ms(30 * 86_400_000)])),
  'retention.bytes': v.optional(v.union([v.literal(-1), v.pipe(v.number(), v.integer(), v.minValue(1))])),
  'cleanup.policy': v.optional(v.picklist(['delete', 'compact'])),
  /**
   * Log-end offset of each partition at time 0, as `kafka-consumer-groups.sh --describe` shows it (the
   * importer fills it). Only records some group still has to read are created; offsets below the lowest
   * committed offset behave as already deleted.
   */
  initialLogEndOffsets: v.optional(v.array(offset)),
  /** Replicas per partition (at most `brokers`); only with a `brokers` count. */
  'replication.factor': v.optional(positiveInt(16)),
  'min.insync.replicas': v.optional(positiveInt(16)),
  'unclean.leader.election.enable': v.optional(v.boolean()),
});

export const ProducerSchema = v.strictObject({
  id: name,
  /** Exactly one of `topic` (Kafka) and `queue` (SQS, RabbitMQ's default exchange). */
  topic: v.optional(name),
  queue: v.optional(name),
  /** SQS per-message DelaySeconds (standard queues). */
  DelaySeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(900))),
  ratePerSec: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000)),
  pattern: v.optional(v.picklist(['steady', 'bursty'])),
  /** For bursty: seconds on, seconds off, and the multiplier while on. */
  burst: v.optional(
    v.strictObject({ onMs: ms(), offMs: ms(), factor: v.pipe(v.number(), v.minValue(1), v.maxValue(100)) }),
  ),
  keys: v.optional(KeysSchema),
  'linger.ms': v.optional(ms(60_000)),
  'batch.size': v.optional(positiveInt(10_000_000)),
  'enable.idempotence': v.optional(v.boolean()),
  /** Kafka's acks: 0, 1 or all (-1); default all (Kafka 3.0+). Matters with `brokers`. */
  acks: v.optional(v.picklist([0, 1, -1, '0', '1', '-1', 'all'])),
  'delivery.timeout.ms': v.optional(positiveInt(3_600_000)),
  messageBytes: v.optional(positiveInt(10_000_000)),
  startMs: v.optional(ms()),
  ...producerFlowFields,
});

export const ProcessingSchema = v.strictObject({
  meanMs: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(600_000)),
  distribution: v.optional(v.picklist(['constant', 'exponential', 'uniform'])),
});

export const RetrySchema = v.strictObject({
  /** Blocking retries in place, or Spring Kafka style non-blocking retry topics. */
  mode: v.picklist(['none', 'blocking', 'retry-topics']),
  maxAttempts: v.optional(positiveInt(1000)),
  backoffMs: v.optional(ms(3_600_000)),
  multiplier: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(10))),
  maxBackoffMs: v.optional(ms(3_600_000)),
  jitter: v.optional(v.picklist(['none', 'full', 'equal'])),
});

export const GroupSchema = v.strictObject({
  groupId: name,
  /** Exactly one of `topic` (a Kafka consumer group) and `queue` (queue consumers). */
  topic: v.optional(name),
  queue: v.optional(name),
  ...QUEUE_GROUP_FIELDS,
  consumers: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(64)),
  delivery: v.optional(v.picklist(['at-most-once', 'at-least-once', 'effectively-once'])),
  'enable.auto.commit': v.optional(v.boolean()),
  'auto.commit.interval.ms': v.optional(positiveInt(3_600_000)),
  'auto.offset.reset': v.optional(v.picklist(['earliest', 'latest'])),
  'partition.assignment.strategy': v.optional(
    v.picklist(['range', 'roundrobin', 'sticky', 'cooperative-sticky']),
  ),
  'session.timeout.ms': v.optional(v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(1_800_000))),
  'heartbeat.interval.ms': v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(600_000))),
  'max.poll.interval.ms': v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(3_600_000)),
  ),
  'max.poll.records': v.optional(positiveInt(100_000)),
  processing: v.optional(ProcessingSchema),
  /** Share of processing attempts that fail transiently (e.g. a payment API timeout). */
  failureRate: v.optional(share),
  retry: v.optional(RetrySchema),
  dlq: v.optional(v.strictObject({ enabled: v.boolean(), alertDepth: v.optional(positiveInt(1_000_000)) })),
  startMs: v.optional(ms()),
  /** Committed offset of each partition of `topic` at time 0; -1 for none (auto.offset.reset decides). */
  initialCommittedOffsets: v.optional(v.array(v.union([v.literal(-1), offset]))),
  /**
   * Partitions each consumer owns at time 0, in the order the consumers are created: the ownership they
   * report when they first join, which the sticky assignor keeps (range and roundrobin ignore it, as in Kafka).
   */
  initialAssignment: v.optional(v.array(v.array(v.pipe(v.number(), v.integer(), v.minValue(0))))),
  autoscale: v.optional(AutoscaleSchema),
});

const CrashPointSchema = v.picklist([
  'now',
  'before-process',
  'after-process-before-commit',
  'after-commit-before-process-completes',
]);
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
const count = positiveInt(100_000);
const brokerId = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(15));

export const FaultSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('crash-consumer'),
    memberId: id,
    point: v.optional(CrashPointSchema),
    restartAfterMs: v.optional(ms()),
  }),
  v.strictObject({ type: v.literal('restart-consumer'), memberId: id }),
  v.strictObject({ type: v.literal('add-consumer'), groupId: id }),
  v.strictObject({ type: v.literal('remove-consumer'), memberId: id }),
  v.strictObject({ type: v.literal('duplicate-delivery'), groupId: v.optional(id), count }),
  v.strictObject({ type: v.literal('lose-commit'), memberId: id }),
  v.strictObject({ type: v.literal('producer-retry'), producerId: v.optional(id), count }),
  v.strictObject({
    type: v.literal('hot-key'),
    key: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
    share,
    producerId: v.optional(id),
  }),
  v.strictObject({
    type: v.literal('poison-message'),
    key: v.optional(v.pipe(v.string(), v.maxLength(256))),
    producerId: v.optional(id),
  }),
  v.strictObject({ type: v.literal('failure-rate'), rate: share, groupId: v.optional(id) }),
  v.strictObject({ type: v.literal('outage'), durationMs: positiveInt(86_400_000), groupId: v.optional(id) }),
  v.strictObject({
    type: v.literal('slow-consumer'),
    memberId: id,
    factor: v.pipe(v.number(), v.finite(), v.minValue(0.01), v.maxValue(1000)),
  }),
  v.strictObject({ type: v.literal('pause-consumer'), memberId: id, durationMs: positiveInt(3_600_000) }),
  v.strictObject({
    type: v.literal('reset-offsets'),
    groupId: id,
    to: v.union([
      v.picklist(['earliest', 'latest']),
      v.pipe(v.number(), v.integer(), v.minValue(0)),
      v.strictObject({ timestampMs: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
    ]),
    partition: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  v.strictObject({
    type: v.literal('set-rate'),
    ratePerSec: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000)),
    producerId: v.optional(id),
  }),
  v.strictObject({
    type: v.literal('set-config'),
    groupId: id,
    'max.poll.records': v.optional(positiveInt(100_000)),
    processingMeanMs: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(600_000))),
  }),
  v.strictObject({
    type: v.literal('redrive'),
    messageId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    ratePerSec: v.optional(v.pipe(v.number(), v.minValue(0.1), v.maxValue(100_000))),
    /** A queue DLQ: SQS StartMessageMoveTask from it (SourceArn), back to each message's source. */
    queue: v.optional(id),
  }),
  v.strictObject({ type: v.literal('purge-dlq'), queue: v.optional(id) }),
  crashServiceFault,
  v.strictObject({ type: v.literal('crash-broker'), brokerId: brokerId }),
  v.strictObject({ type: v.literal('restart-broker'), brokerId: brokerId }),
  v.strictObject({
    type: v.literal('isolate-broker'),
    brokerId: brokerId,
    durationMs: positiveInt(3_600_000),
  }),
  v.strictObject({
    type: v.literal('slow-follower'),
    brokerId: brokerId,
    factor: v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(10_000)),
  }),
]);

/** One scripted step: a fault, a caption, or both (one object, so errors keep their path). */
export const TimelineEntrySchema = v.pipe(
  v.strictObject({
    at: ms(),
    fault: v.optional(FaultSchema),
    caption: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(500))),
  }),
  v.check(
    (e) => e.fault !== undefined || e.caption !== undefined,
    'a timeline entry needs a fault, a caption or both',
  ),
);

/** The engine creates every record a group still has to read at time 0; this bounds that memory. */
export const MAX_INITIAL_RECORDS = 500_000;

interface OffsetsShape {
  topics: { name: string; partitions: number; initialLogEndOffsets?: number[] }[];
  groups: { topic?: string; initialCommittedOffsets?: number[] }[];
}

const checkInitialOffsetsMessage =
  'initialCommittedOffsets needs one offset per partition of the topic, none above its initialLogEndOffsets';

function initialAssignmentFits(
  s: OffsetsShape,
  g: { topic?: string; consumers: number; initialAssignment?: number[][] },
): boolean {
  const owned = g.initialAssignment;
  if (owned === undefined) return true;
  const partitions = s.topics.find((t) => t.name === g.topic)?.partitions ?? 0;
  const all = owned.flat();
  return owned.length <= g.consumers && all.every((p) => p < partitions) && new Set(all).size === all.length;
}

function initialOffsetsFit(s: OffsetsShape, g: OffsetsShape['groups'][number]): boolean {
  const committed = g.initialCommittedOffsets;
  if (committed === undefined) return true;
  const topic = s.topics.find((t) => t.name === g.topic);
  if (!topic || committed.length !== topic.partitions) return false;
  const ends = topic.initialLogEndOffsets;
  return committed.every((c, p) => c <= (ends?.[p] ?? 0));
}

/**
 * The first offset of each partition that the engine materialises: the lowest committed offset of the
 * groups reading the topic, or the log end when no group has one there.
 */
export function initialLogStartOffsets(s: OffsetsShape, topicName: string): number[] {
  const topic = s.topics.find((t) => t.name === topicName)!;
  const ends = topic.initialLogEndOffsets ?? new Array<number>(topic.partitions).fill(0);
  return ends.map((end, p) => {
    let start = end;
    for (const g of s.groups) {
      const c = g.topic === topicName ? (g.initialCommittedOffsets?.[p] ?? -1) : -1;
      if (c >= 0 && c < start) start = c;
    }
    return start;
  });
}

function initialBacklog(s: OffsetsShape): number {
  let total = 0;
  for (const t of s.topics) {
    if (t.initialLogEndOffsets === undefined || t.initialLogEndOffsets.length !== t.partitions) continue;
    const starts = initialLogStartOffsets(s, t.name);
    t.initialLogEndOffsets.forEach((end, p) => {
      total += end - starts[p];
    });
  }
  return total;
}

export const ScenarioSchema = v.pipe(
  v.strictObject({
    id: v.optional(name),
    title: v.optional(v.pipe(v.string(), v.maxLength(200))),
    description: v.optional(v.pipe(v.string(), v.maxLength(2000))),
    topics: v.pipe(v.array(TopicSchema), v.maxLength(8)),
    /** Amazon SQS and RabbitMQ queues (issue 12), settings under their real names. */
    queues: v.optional(v.pipe(v.array(QueueSchema), v.maxLength(16))),
    producers: v.pipe(v.array(ProducerSchema), v.maxLength(8)),
    groups: v.pipe(v.array(GroupSchema), v.maxLength(8)),
    /** Broker count. Absent: one broker that never fails, and no replication is modelled. */
    brokers: v.optional(positiveInt(16)),
    broker: v.optional(
      v.strictObject({
        'replica.lag.time.max.ms': v.optional(positiveInt(3_600_000)),
        'group.initial.rebalance.delay.ms': v.optional(ms(300_000)),
        'log.retention.check.interval.ms': v.optional(positiveInt(3_600_000)),
        networkLatencyMs: v.optional(ms(10_000)),
      }),
    ),
    timeline: v.optional(v.pipe(v.array(TimelineEntrySchema), v.maxLength(1000))),
    durationMs: v.optional(positiveInt(86_400_000)),
    sync: v.optional(SyncSchema),
    services: v.optional(v.pipe(v.array(ServiceSchema), v.maxLength(8))),
  }),
  v.forward(
    v.check((s) => s.topics.length > 0 || (s.queues ?? []).length > 0, 'a scenario needs a topic or a queue'),
    ['topics'],
  ),
  v.forward(
    v.check(
      (s) => s.producers.every((p) => (p.topic === undefined) !== (p.queue === undefined)),
      'a producer names exactly one of topic and queue',
    ),
    ['producers'],
  ),
  v.forward(
    v.check(
      (s) =>
        s.producers.every((p) =>
          p.topic !== undefined ? s.topics.some((t) => t.name === p.topic) : hasQueue(s.queues, p.queue),
        ),
      'names a topic that is not in topics (or a queue not in queues)',
    ),
    ['producers'],
  ),
  v.forward(
    v.check(
      (s) => (s.services ?? []).every((x) => s.topics.some((t) => t.name === x.topic)),
      'names a topic that is not in topics',
    ),
    ['services'],
  ),
  v.forward(
    v.check(
      (s) => s.groups.every((g) => (g.topic === undefined) !== (g.queue === undefined)),
      'a group names exactly one of topic and queue',
    ),
    ['groups'],
  ),
  v.forward(
    v.check(
      (s) =>
        s.groups.every((g) =>
          g.topic !== undefined ? s.topics.some((t) => t.name === g.topic) : hasQueue(s.queues, g.queue),
        ),
      'names a topic that is not in topics (or a queue not in queues)',
    ),
    ['groups'],
  ),
  v.forward(
    v.check(
      (s) => new Set((s.queues ?? []).map((q) => q.name)).size === (s.queues ?? []).length,
      'has a duplicate queue name',
    ),
    ['queues'],
  ),
  v.forward(
    v.check(
      (s) => new Set(s.groups.map((g) => g.groupId)).size === s.groups.length,
      'has a duplicate groupId',
    ),
    ['groups'],
  ),
  v.forward(
    v.check(
      (s) => new Set(s.topics.map((t) => t.name)).size === s.topics.length,
      'has a duplicate topic name',
    ),
    ['topics'],
  ),
  v.forward(
    v.check(
      (s) =>
        s.topics.every(
          (t) => t.initialLogEndOffsets === undefined || t.initialLogEndOffsets.length === t.partitions,
        ),
      'initialLogEndOffsets needs one offset per partition',
    ),
    ['topics'],
  ),
  v.forward(
    v.check((s) => s.groups.every((g) => initialOffsetsFit(s, g)), checkInitialOffsetsMessage),
    ['groups'],
  ),
  v.forward(
    v.check(
      (s) => s.groups.every((g) => initialAssignmentFits(s, g)),
      'initialAssignment needs at most one list per consumer, partitions of the topic, each owned once',
    ),
    ['groups'],
  ),
  v.forward(
    v.check(
      (s) => initialBacklog(s) <= MAX_INITIAL_RECORDS,
      `the initial offsets leave more than ${MAX_INITIAL_RECORDS.toLocaleString('en-US')} records to read`,
    ),
    ['topics'],
  ),
  v.forward(
    v.check(
      (s) => s.topics.every((t) => (t['replication.factor'] ?? 1) <= (s.brokers ?? 1)),
      'replication.factor must not exceed brokers',
    ),
    ['topics'],
  ),
  v.forward(
    v.check(
      (s) => s.topics.every((t) => (t['min.insync.replicas'] ?? 1) <= (t['replication.factor'] ?? 1)),
      'min.insync.replicas must not exceed replication.factor',
    ),
    ['topics'],
  ),
  v.forward(
    v.check(
      (s) => s.groups.every((g) => (g['heartbeat.interval.ms'] ?? 3000) < (g['session.timeout.ms'] ?? 45000)),
      'heartbeat.interval.ms must be lower than session.timeout.ms',
    ),
    ['groups'],
  ),
);

function hasQueue(queues: readonly { name: string }[] | undefined, queue: string | undefined): boolean {
  return queue !== undefined && (queues ?? []).some((q) => q.name === queue);
}

export type Scenario = v.InferInput<typeof ScenarioSchema>;

export type FaultInput = v.InferInput<typeof FaultSchema>;

/** Thrown for any invalid scenario, fault or parameter; `path` names the bad field. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(
    message: string,
    readonly path: string,
    readonly issues: string[] = [message],
  ) {
    super(message);
  }
}

function describeIssues(issues: v.BaseIssue<unknown>[], root: string): ScenarioError {
  const lines = issues.map((issue) => {
    const path = v.getDotPath(issue);
    return `${path ? `${root}.${path}` : root}: ${issue.message}`;
  });
  const first = issues[0];
  const firstPath = v.getDotPath(first);
  return new ScenarioError(lines.slice(0, 5).join('; '), firstPath ? `${root}.${firstPath}` : root, lines);
}

export function parseScenario(input: unknown): Scenario {
  const result = v.safeParse(ScenarioSchema, input);
  if (!result.success) throw describeIssues(result.issues, 'scenario');
  return result.output;
}

export function parseFault(input: unknown): FaultInput {
  const result = v.safeParse(FaultSchema, input);
  if (!result.success) throw describeIssues(result.issues, 'fault');
  return result.output;
}
