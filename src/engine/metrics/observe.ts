// Reads the world into the public Snapshot and Metrics shapes. Lag follows Kafka's
// consumer-groups CLI (log-end offset − committed offset) and, when nothing is committed,
// what auto.offset.reset would make of it; lag in time is the age of the oldest record
// not yet consumed, as Burrow and lag exporters report it.

import type { ComparisonObservations } from '../compare/observe';
import type { BrokerComparisonRow } from '../compare/types';
import { countOf } from '../delivery/idCounter';
import { parkedEntries } from '../delivery/parking';
import type { EngineContext } from '../engineContext';
import { describeActiveFaults } from '../faults';
import { autoscaleMetrics } from '../flow/autoscale';
import { addFlowMetrics } from '../flow/engineFlow';
import { isCooperative } from '../kafka/assignors';
import { describeKeys } from '../kafka/keys';
import { indexAtOrAfter } from '../log/partitionLog';
import { ACTIVITY_OF } from '../machines/consumerLoop.machine';
import { queueRuntime } from '../queueRuntimeSlot';
import { addReplicaFields, brokerSnapshots, replicationMetrics } from '../replication/observe';
import { shareGroupView, shareInFlightIds, shareMemberSnapshots, shareMetricFields } from '../share/observe';
import { addTxnFields, transactionMetrics } from '../transactions/observe';
import type {
  GroupMetrics,
  GroupSnapshot,
  MemberSnapshot,
  Metrics,
  PartitionSnapshot,
  Snapshot,
} from '../types';
import type { GroupRt, MemberRt } from '../world';
import { checkBudgets } from './budgets';
import { createHistogram, merge, percentile } from './histogram';
import { ratePerSec } from './rateMeter';
import { lagSkew, partitionName } from './skew';
import { summarizeStages } from './stages';

export { SKEW_THRESHOLD } from './skew';

export function partitionLag(ctx: EngineContext, g: GroupRt, p: number): number {
  const log = ctx.w.topics[g.config.topic].logs[p];
  const committed = g.committed[p];
  if (committed >= 0) return Math.max(0, log.logEndOffset - committed);
  if (g.startOffsets[p] >= 0) return Math.max(0, log.logEndOffset - g.startOffsets[p]);
  return g.config.autoOffsetReset === 'earliest' ? log.logEndOffset - log.logStartOffset : 0;
}

function partitionLagMs(ctx: EngineContext, g: GroupRt, p: number, lag: number): number {
  if (lag === 0) return 0;
  const log = ctx.w.topics[g.config.topic].logs[p];
  const from = Math.max(g.committed[p] >= 0 ? g.committed[p] : g.startOffsets[p], log.logStartOffset);
  let i = indexAtOrAfter(log, from);
  if (i >= log.records.length || log.records.offsets[i] !== from) i = log.head;
  return i < log.records.length ? Math.max(0, ctx.w.nowMs - log.records.producedAtMs[i]) : 0;
}

function memberSnapshot(ctx: EngineContext, g: GroupRt, m: MemberRt): MemberSnapshot {
  const topic = g.config.topic;
  const current = m.current;
  const partitions = ctx.w.topics[topic].logs.length;
  const liveMembers = g.memberIds.filter((id) => {
    const s = ctx.w.members[id]?.state;
    return s !== 'Left' && s !== 'Crashed';
  }).length;
  let idleReason: string | null = null;
  if (m.assigned.length === 0 && m.state === 'Stable') {
    idleReason =
      liveMembers > partitions
        ? `idle: ${liveMembers} consumers for ${partitions} partitions; a partition has one owner per group`
        : 'idle: no partition assigned';
  }
  return {
    memberId: m.memberId,
    groupId: m.groupId,
    state: m.state,
    activity: ACTIVITY_OF[m.loop.state],
    loop: { state: m.loop.state, reason: m.loop.reason },
    assigned: m.assigned.map((partition) => ({ topic, partition })),
    revoked: m.revoked.map((partition) => ({ topic, partition })),
    generationId: m.generationId,
    processingFactor: m.processingFactor,
    current: current
      ? {
          topic,
          partition: current.entry.partition,
          offset: current.entry.record.offset,
          messageId: current.entry.record.messageId,
          key: current.entry.record.key,
          attempt: current.entry.attempt,
          startedAtMs: current.startedAtMs,
          endsAtMs: current.endsAtMs,
        }
      : null,
    bufferSize: Math.max(0, m.batch.length - m.batchIndex),
    processedCount: m.processedCount,
    stateSinceMs: m.stateSinceMs,
    history: m.history.slice(),
    isZombie: m.loop.isZombie,
    idleReason,
  };
}

export function buildSnapshot(ctx: EngineContext): Snapshot {
  const w = ctx.w;
  const groups = Object.values(w.groups);
  const partitions: PartitionSnapshot[] = [];
  for (const t of Object.values(w.topics)) {
    for (const log of t.logs) {
      const p = log.partition;
      const snap: PartitionSnapshot = {
        topic: t.config.name,
        partition: p,
        logStartOffset: log.logStartOffset,
        logEndOffset: log.logEndOffset,
        committed: {},
        lag: {},
        owner: {},
        lagMs: {},
      };
      addReplicaFields(ctx, snap);
      if (log.txn !== null) addTxnFields(ctx, snap, log);
      for (const g of groups) {
        if (g.config.topic !== t.config.name) continue;
        const lag = partitionLag(ctx, g, p);
        snap.committed[g.config.groupId] = g.committed[p];
        snap.lag[g.config.groupId] = lag;
        snap.owner[g.config.groupId] = g.owner[p];
        snap.lagMs[g.config.groupId] = partitionLagMs(ctx, g, p, lag);
      }
      partitions.push(snap);
    }
  }
  return {
    nowMs: w.nowMs,
    version: w.version,
    seed: w.seed,
    scenarioId: w.config.id,
    topics: Object.values(w.topics).map((t) => ({
      name: t.config.name,
      partitions: t.logs.length,
      cleanupPolicy: t.config.cleanupPolicy,
      retentionMs: t.config.retentionMs,
      retentionBytes: t.config.retentionBytes,
    })),
    partitions,
    producers: w.producers.map((p) => ({
      producerId: p.config.id,
      topic: p.config.topic,
      ratePerSec: p.config.ratePerSec,
      keys: describeKeys(p.config.keys),
      hotKey: p.config.keys.type === 'hot' ? { key: p.config.keys.hotKey, share: p.config.keys.share } : null,
      isIdempotent: p.config.isIdempotent,
      sent: p.sent,
      stickyPartition: p.config.keys.type === 'null' ? p.stickyPartition : null,
      ...(p.config.queue ? { queue: p.config.queue } : {}),
      ...(p.config.publish ? { exchange: p.config.publish.exchange } : {}),
    })),
    groups: groups.map(
      (g): GroupSnapshot => ({
        groupId: g.config.groupId,
        topic: g.config.topic,
        state: g.state,
        generationId: g.generationId,
        protocol: g.config.strategy,
        isCooperative: isCooperative(g.config.strategy),
        delivery: g.config.delivery,
        commit: g.config.commit,
        members: g.share
          ? shareMemberSnapshots(g)
          : g.memberIds.map((id) => memberSnapshot(ctx, g, w.members[id])),
        leaderId: g.leaderId,
        rebalance: g.rebalance
          ? { phase: g.state, startedAtMs: g.rebalance.startedAtMs, round: g.rebalance.round }
          : null,
        stateSinceMs: g.stateSinceMs,
        history: g.history.slice(),
        idempotencyStoreSize: g.idempotencyStore.distinct,
        retryTopics:
          g.config.retry.mode === 'retry-topics'
            ? Array.from({ length: Math.max(0, g.config.retry.maxAttempts - 1) }, (_, i) => ({
                name: `${g.config.topic}.retry.${i + 1}`,
                level: i + 1,
                depth: g.retryQueue.filter((r) => r.level === i + 1).length,
              }))
            : [],
        deadLetterTopic: g.config.dlq.enabled ? `${g.config.topic}.dlt` : null,
        retryMode: g.config.retry.mode,
        ...(g.share ? { type: 'share' as const, share: shareGroupView(g) } : {}),
      }),
    ),
    deadLetters: w.deadLetters.map((d) => ({ ...d, source: { ...d.source } })),
    faults: describeActiveFaults(ctx),
    ...(w.replication ? { brokers: brokerSnapshots(ctx) } : {}),
    ...(w.queues ? { queues: queueRuntime().buildQueueSnapshots(ctx) } : {}),
    ...(w.queues && Object.keys(w.queues.broker.exchanges).length > 0
      ? { exchanges: Object.values(w.queues.broker.exchanges).map(queueRuntime().exchangeSnapshot) }
      : {}),
  };
}

function inFlightIds(ctx: EngineContext, g: GroupRt): Set<number> {
  const ids = new Set<number>();
  for (const memberId of g.memberIds) {
    const m = ctx.w.members[memberId];
    for (let i = m.batchIndex; i < m.batch.length; i++)
      if (!m.batch[i].isRedelivery) ids.add(m.batch[i].record.messageId);
  }
  for (const r of g.retryQueue) ids.add(r.entry.record.messageId);
  if (g.parkedCount > 0) for (const e of parkedEntries(g)) ids.add(e.record.messageId);
  return ids;
}

function groupMetrics(ctx: EngineContext, g: GroupRt): GroupMetrics {
  const w = ctx.w;
  const partitions = w.topics[g.config.topic].logs.length;
  const lagByPartition: number[] = [];
  let lag = 0;
  let lagMs = 0;
  for (let p = 0; p < partitions; p++) {
    const l = partitionLag(ctx, g, p);
    lagByPartition.push(l);
    lag += l;
    lagMs = Math.max(lagMs, partitionLagMs(ctx, g, p, l));
  }
  const skew = lagSkew(lagByPartition, ratePerSec(w.produced, w.nowMs));
  const recent = createHistogram();
  merge(recent, g.latencyPrevious);
  merge(recent, g.latencyRecent);
  let inFlight = 0;
  for (const id of g.share ? shareInFlightIds(g) : inFlightIds(ctx, g))
    if (!g.lost.has(id) && !g.deadLetteredIds.has(id) && !isApplied(g, id)) inFlight += 1;
  const applied = g.sink.distinct;
  const deadLettered = g.deadLetteredIds.size;
  const lost = g.lost.size;
  return {
    groupId: g.config.groupId,
    lag,
    lagMs,
    lagByPartition,
    skew: skew.skew,
    hotPartitions: skew.hotPartitions.map((p) => partitionName(g.config.topic, p)),
    isSkewed: skew.isSkewed,
    consumedPerSec: ratePerSec(g.consumed, w.nowMs),
    latencyMs: {
      p50: percentile(recent, 50),
      p99: percentile(recent, 99),
      max: recent.max,
      count: recent.count,
    },
    latency: summarizeStages(g.stages),
    rebalances: g.rebalances,
    rebalanceTotalMs: g.rebalanceTotalMs + (g.rebalance ? w.nowMs - g.rebalance.startedAtMs : 0),
    rebalanceLastMs: g.rebalance ? w.nowMs - g.rebalance.startedAtMs : g.rebalanceLastMs,
    delivered: g.delivered,
    applied,
    duplicates: g.sink.repeated,
    extraApplications: g.sink.total - g.sink.distinct,
    outOfOrder: g.order.outOfOrder,
    lost,
    deadLettered,
    inFlight,
    notYetConsumed: Math.max(0, g.produced - applied - deadLettered - lost - inFlight - g.compacted.size),
    compacted: g.compacted.size,
    produced: g.produced,
    failedAttempts: g.failedAttempts,
    attemptsPerSec: ratePerSec(g.attempts, w.nowMs),
    deduplicated: g.deduplicated,
    lostToRetention: g.lostToRetention,
    ...(g.autoscale ? { autoscale: autoscaleMetrics(ctx, g) } : {}),
    ...shareMetricFields(g),
  };
}

function isApplied(g: GroupRt, id: number): boolean {
  return countOf(g.sink, id) > 0;
}

export function buildMetrics(ctx: EngineContext): Metrics {
  const w = ctx.w;
  const groups: Record<string, GroupMetrics> = {};
  for (const g of Object.values(w.groups)) groups[g.config.groupId] = groupMetrics(ctx, g);
  if (w.queues) {
    const { queueGroupMetrics } = queueRuntime();
    for (const g of Object.values(w.queues.groups)) groups[g.config.groupId] = queueGroupMetrics(ctx, g);
  }
  const metrics: Metrics = {
    nowMs: w.nowMs,
    producedPerSec: ratePerSec(w.produced, w.nowMs),
    produced: w.produced.total,
    groups,
    dlqDepth: w.deadLetters.filter((d) => !d.isParked).length,
    budgets: checkBudgets(w.config.budgets, Object.values(groups)),
    ...(w.replication ? { replication: replicationMetrics(ctx) } : {}),
    ...(w.txn ? { transactions: transactionMetrics(ctx) } : {}),
  };
  addFlowMetrics(ctx, metrics);
  if (w.compare) metrics.comparison = comparisonOf(ctx, groups, w.compare);
  return metrics;
}

/** The broker comparison table, one row per group keyed by group id (compare/brokerComparison.ts). */
function comparisonOf(
  ctx: EngineContext,
  groups: Record<string, GroupMetrics>,
  observed: ComparisonObservations,
): Record<string, BrokerComparisonRow> {
  const partitions = Object.values(ctx.w.topics).flatMap((t) =>
    t.logs.map((log) => ({
      topic: t.config.name,
      logStartOffset: log.logStartOffset,
      logEndOffset: log.logEndOffset,
    })),
  );
  const rows = queueRuntime().brokerComparison({ config: ctx.w.config, groups, partitions, observed });
  return Object.fromEntries(rows.map((r) => [r.groupId, r]));
}
