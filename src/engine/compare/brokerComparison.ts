// "Kafka or RabbitMQ or SQS?" answered with the run's own numbers: one row per consumer group,
// filled from the group's metrics (the sink counts duplicates and losses), the partitions'
// log ranges (what a replay could still read), the scenario's settings under their real names
// (the rules) and the crash observations folded from the event stream (observe.ts).
// Pure: the same inputs give the same rows, in Node as in the browser.

import { resolveRabbitArgs } from '../queues/rabbitmq/args';
import { topicMatches } from '../queues/rabbitmq/routing';
import { resolveSqsSettings } from '../queues/sqs/settings';
import type { EngineConfig } from '../scenario/config';
import type { GroupMetrics, PartitionSnapshot } from '../types';
import type { ComparisonObservations } from './observe';
import { isComparison, systemKinds } from './systems';

export { isComparison, systemKinds };

import type { BrokerComparisonRow, ComparedSystem, CrashRedelivery } from './types';

export type { BrokerComparisonRow, ComparedSystem, OrderGuarantee } from './types';

export const SYSTEM_LABELS: Record<ComparedSystem, string> = {
  'kafka-consumer-group': 'Kafka consumer group',
  'kafka-share-group': 'Kafka share group',
  'sqs-standard': 'SQS standard',
  'sqs-fifo': 'SQS FIFO',
  'rabbitmq-classic': 'RabbitMQ classic',
  'rabbitmq-quorum': 'RabbitMQ quorum',
};

export interface BrokerComparisonInput {
  /** The resolved scenario (`Simulation.config`): settings with their defaults. */
  config: Pick<EngineConfig, 'topics' | 'groups' | 'queues' | 'exchanges' | 'queueGroups' | 'producers'>;
  /** `metrics().groups`. */
  groups: Record<string, GroupMetrics>;
  /** `snapshot().partitions` (log start and end offsets are read). */
  partitions: readonly Pick<PartitionSnapshot, 'topic' | 'logStartOffset' | 'logEndOffset'>[];
  observed: ComparisonObservations;
}

const seconds = (ms: number) => `${ms / 1000} s`;

function durationWords(ms: number): string {
  if (ms < 0) return 'forever';
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return seconds(ms);
}

/** The kinds of system a scenario runs: Kafka, SQS, RabbitMQ. The table shows from two on. */

function firstCrash(observed: ComparisonObservations, groupId: string): CrashRedelivery | null {
  return observed.crashes.find((c) => c.groupId === groupId) ?? null;
}

function common(m: GroupMetrics | undefined, crash: CrashRedelivery | null) {
  return {
    applied: m?.applied ?? 0,
    duplicates: m?.duplicates ?? 0,
    lost: m?.lost ?? 0,
    outOfOrder: m?.outOfOrder ?? 0,
    crash,
    redeliveryDelayMs:
      crash && crash.firstRedeliveryAtMs !== null ? crash.firstRedeliveryAtMs - crash.crashedAtMs : null,
  };
}

function kafkaRows(input: BrokerComparisonInput): BrokerComparisonRow[] {
  const { config, groups, partitions, observed } = input;
  return config.groups.map((g) => {
    const topic = config.topics.find((t) => t.name === g.topic);
    const readers = config.groups.filter((x) => x.topic === g.topic).length;
    const retained = partitions
      .filter((p) => p.topic === g.topic)
      .reduce((sum, p) => sum + (p.logEndOffset - p.logStartOffset), 0);
    const m = groups[g.groupId];
    const replayRule = `the log keeps every record for retention.ms (${durationWords(topic?.retentionMs ?? -1)}), read or not`;
    const fanOutRule = 'every group reads the whole log at its own position: one more group, one more reader';
    if (g.share) {
      const s = g.share;
      return {
        groupId: g.groupId,
        system: 'kafka-share-group',
        label: SYSTEM_LABELS['kafka-share-group'],
        source: g.topic,
        order: 'none',
        orderRule: 'records are handed out one by one to any consumer: no order, even within a partition',
        isReplayable: true,
        retained,
        replayRule: `${replayRule}; resetting the share group's start offset reads them again`,
        fanOut: readers,
        fanOutRule,
        ...common(m, firstCrash(observed, g.groupId)),
        redeliveryRule: `share.record.lock.duration.ms (${seconds(s.recordLockDurationMs)}): acquired records wait out their locks; no rebalance`,
        deadLettered: m?.archived ?? 0,
        deadLetterTarget: null,
        deadLetterRule: `share.delivery.count.limit ${s.deliveryCountLimit}: the record is Archived (counted, skipped); Kafka has no DLQ`,
      } satisfies BrokerComparisonRow;
    }
    const dlt = g.dlq.enabled ? `${g.topic}.dlt` : null;
    const retriesWord =
      g.retry.mode === 'none' ? 'no retries' : `retry.maxAttempts ${g.retry.maxAttempts} (${g.retry.mode})`;
    const isOrdered = g.retry.mode !== 'retry-topics';
    return {
      groupId: g.groupId,
      system: 'kafka-consumer-group',
      label: SYSTEM_LABELS['kafka-consumer-group'],
      source: g.topic,
      order: isOrdered ? 'per key' : 'none',
      orderRule: isOrdered
        ? 'a key always goes to the same partition, and a partition has one consumer in the group'
        : 'retry topics process a failed record later, behind newer records of its key',
      isReplayable: true,
      retained,
      replayRule: `${replayRule}; resetting the group's offsets reads them again`,
      fanOut: readers,
      fanOutRule,
      ...common(m, firstCrash(observed, g.groupId)),
      redeliveryRule: `session.timeout.ms (${seconds(g.sessionTimeoutMs)}), then a rebalance: the new owner reads from the committed offset`,
      deadLettered: m?.deadLettered ?? 0,
      deadLetterTarget: dlt,
      deadLetterRule: dlt
        ? `in the application: after ${retriesWord} the consumer writes to the topic ${dlt}; Kafka has no DLQ`
        : `in the application: ${retriesWord}, no dead-letter topic`,
    } satisfies BrokerComparisonRow;
  });
}

/** Queues a message published into `queue` reaches: every queue its exchange routes the same key to. */
function rabbitFanOut(config: BrokerComparisonInput['config'], queue: string): number {
  let widest = 1;
  for (const p of config.producers) {
    if (p.publish === null) continue;
    const ex = config.exchanges.find((x) => x.name === p.publish!.exchange);
    if (!ex) continue;
    // No routing keys: each message's key routes it; a fanout or headers exchange ignores keys anyway.
    const keys = p.publish.routingKeys.length > 0 ? p.publish.routingKeys : [''];
    for (const key of keys) {
      const reached = new Set(
        (ex.bindings ?? [])
          .filter((b) =>
            ex.type === 'fanout' || ex.type === 'headers'
              ? true
              : ex.type === 'topic'
                ? topicMatches(b.key ?? '', key)
                : (b.key ?? '') === key,
          )
          .map((b) => b.queue)
          .filter((q) => config.queueGroups.some((g) => g.queue === q)),
      );
      if (reached.has(queue)) widest = Math.max(widest, reached.size);
    }
  }
  return widest;
}

function queueRows(input: BrokerComparisonInput): BrokerComparisonRow[] {
  const { config, groups, observed } = input;
  const rows: BrokerComparisonRow[] = [];
  for (const g of config.queueGroups) {
    const q = config.queues.find((x) => x.name === g.queue);
    if (!q) continue;
    const m = groups[g.groupId];
    const base = {
      groupId: g.groupId,
      system: q.type,
      label: SYSTEM_LABELS[q.type],
      source: q.name,
      ...common(m, firstCrash(observed, g.groupId)),
      deadLettered: m?.deadLettered ?? 0,
      isReplayable: false,
      retained: 0,
    };
    if (q.type === 'sqs-standard' || q.type === 'sqs-fifo') {
      const s = resolveSqsSettings(q);
      const visibilityMs =
        g.visibilityTimeoutSeconds !== null ? g.visibilityTimeoutSeconds * 1000 : s.visibilityTimeoutMs;
      rows.push({
        ...base,
        order: s.isFifo ? 'per group' : 'none',
        orderRule: s.isFifo
          ? 'within a MessageGroupId (here the key): no message of a group is returned while one is in flight'
          : 'best-effort ordering: any consumer receives any visible message',
        replayRule: 'DeleteMessage removes a processed message for good; only a DLQ can be redriven',
        fanOut: 1,
        fanOutRule: 'each message goes to one consumer; N readers need N queues (SNS → SQS fan-out)',
        redeliveryRule: `VisibilityTimeout (${seconds(visibilityMs)}): received messages stay invisible until it runs out`,
        deadLetterTarget: s.deadLetterQueue,
        deadLetterRule: s.deadLetterQueue
          ? `RedrivePolicy maxReceiveCount ${s.maxReceiveCount}: the next receive moves it to ${s.deadLetterQueue}`
          : 'no RedrivePolicy: a failing message is received until MessageRetentionPeriod deletes it',
      });
      continue;
    }
    const kind = q.type === 'rabbitmq-quorum' ? 'quorum' : 'classic';
    const { type: _type, name: _name, ...settings } = q;
    const a = resolveRabbitArgs(q.name, kind, settings);
    const isSingle = a.isSingleActiveConsumer || g.consumers === 1;
    const dlx = a.deadLetterExchange;
    const limitWords =
      a.deliveryLimit >= 0
        ? `x-delivery-limit ${a.deliveryLimit}: past it the message is ${dlx ? `dead-lettered to the exchange ${dlx}` : 'dropped'}`
        : g.requeue
          ? 'no delivery limit: a message nacked with requeue=true comes back forever'
          : `nack requeue=false: ${dlx ? `dead-lettered to the exchange ${dlx}` : 'dropped (no x-dead-letter-exchange)'}`;
    rows.push({
      ...base,
      order: isSingle ? 'per queue' : 'none',
      orderRule: isSingle
        ? 'one consumer at a time reads the queue in order (a requeued message is redelivered out of it)'
        : 'competing consumers, and a requeued message is redelivered behind newer ones',
      replayRule: 'basic.ack removes a message for good (a RabbitMQ stream, not modelled here, keeps them)',
      fanOut: rabbitFanOut(input.config, q.name),
      fanOutRule:
        'the exchange copies a message into every bound queue that matches: bind one queue per reader',
      redeliveryRule: 'the channel closes with the consumer: its unacked messages are requeued at once',
      deadLetterTarget: dlx,
      deadLetterRule: limitWords,
    });
  }
  return rows;
}

/** One row per consumer group: Kafka groups in scenario order, then the queue groups. */
export function brokerComparison(input: BrokerComparisonInput): BrokerComparisonRow[] {
  return [...kafkaRows(input), ...queueRows(input)];
}
