// Reads the queue runtime into the public shapes: `snapshot().queues` (the contract in
// queues/types.ts) and `metrics().groups[groupId]` for groups reading a queue, with the same
// sink-based counters as Kafka groups. Lag reads as SQS's ApproximateNumberOfMessagesVisible
// + …NotVisible + …Delayed (every message not deleted yet), lagMs as ApproximateAgeOfOldestMessage
// (every non-deleted message, visible or in flight; RabbitMQ: the oldest ready or unacked); a queue has one "partition". Latency figures cover the recent window (10–20 s).

import { countOf } from '../../delivery/idCounter';
import type { EngineContext } from '../../engineContext';
import { createHistogram, merge, percentile } from '../../metrics/histogram';
import { ratePerSec } from '../../metrics/rateMeter';
import { summarizeStages } from '../../metrics/stages';
import type { GroupMetrics } from '../../types';
import { queueSnapshots } from '../broker';
import type { RabbitQueueState } from '../rabbitmq/state';
import { rabbitOverflow } from '../rabbitmq/view';
import { backendOf } from '../registry';
import { isSqs, type QueueSnapshot } from '../types';
import { settleOrderChecks } from './effect';
import type { QueueGroupRt } from './state';

export function buildQueueSnapshots(ctx: EngineContext): QueueSnapshot[] {
  const qw = ctx.w.queues!;
  const consumed = new Set(Object.values(qw.groups).map((g) => g.config.queue));
  const snaps = queueSnapshots(qw.broker, ctx.w.nowMs, consumed);
  for (const snap of snaps) {
    for (const entry of snap.consumers) {
      const c = qw.consumers[entry.consumerId];
      if (!c) continue;
      entry.state = c.loop;
      entry.stateSinceMs = c.stateSinceMs;
      entry.current = c.current
        ? {
            messageId: c.current.message.messageId,
            startedAtMs: c.currentStartedAtMs,
            endsAtMs: c.currentEndsAtMs,
          }
        : null;
      entry.processingFactor = c.processingFactor;
      entry.pausedUntilMs = c.pauseUntilMs > ctx.w.nowMs ? c.pauseUntilMs : null;
    }
    // Consumers that crashed or left are detached from the queue; list them so they can be restarted.
    for (const c of Object.values(qw.consumers)) {
      if (c.queue !== snap.name || snap.consumers.some((x) => x.consumerId === c.consumerId)) continue;
      snap.consumers.push({
        consumerId: c.consumerId,
        groupId: c.groupId,
        // As attached (runtime.ts): basic.qos prefetch for push queues, the batch size for SQS.
        prefetch:
          backendOf(qw.broker.queues[c.queue]).mode === 'push'
            ? qw.groups[c.groupId].config.prefetch
            : qw.groups[c.groupId].config.maxNumberOfMessages,
        inFlight: 0,
        state: c.isRemoved ? 'Stopped' : c.loop,
        stateSinceMs: c.stateSinceMs,
        current: null,
        processingFactor: c.processingFactor,
        pausedUntilMs: null,
      });
    }
  }
  return snaps;
}

function inHand(ctx: EngineContext, g: QueueGroupRt): number {
  const ids = new Set<number>();
  for (const id of g.consumerIds) {
    const c = ctx.w.queues!.consumers[id];
    for (let i = c.batchIndex; i < c.batch.length; i++) ids.add(c.batch[i].message.messageId);
  }
  let n = 0;
  for (const id of ids)
    if (countOf(g.sink, id) === 0 && !g.lost.has(id) && !g.deadLetteredIds.has(id)) n += 1;
  return n;
}

/** The group's out-of-order count with its pending checks run first. */
function orderedOutOfOrder(g: QueueGroupRt): number {
  settleOrderChecks(g);
  return g.outOfOrder;
}

export function queueGroupMetrics(ctx: EngineContext, g: QueueGroupRt): GroupMetrics {
  const w = ctx.w;
  const q = w.queues!.broker.queues[g.config.queue];
  const backend = backendOf(q);
  const counts = backend.counts(q);
  // As a Kafka group's lag counts every record not committed yet (fetched and in process
  // included): every message still in the queue, visible, in flight or delayed.
  const lag = counts.visible + counts.inFlight + counts.delayed;
  // SQS ApproximateAgeOfOldestMessage: how long the oldest message not yet deleted has waited,
  // visible or in flight (RabbitMQ: ready or unacked). Delayed messages are not counted.
  const oldest =
    counts.visible + counts.inFlight > 0 ? backend.oldestEnqueuedAtMs(q) : Number.POSITIVE_INFINITY;
  const lagMs = oldest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, w.nowMs - oldest);
  const recent = createHistogram();
  merge(recent, g.latencyPrevious);
  merge(recent, g.latency);
  const applied = g.sink.distinct;
  const deadLettered = g.deadLetteredIds.size;
  const lost = g.lost.size;
  const inFlight = inHand(ctx, g);
  const overflow = isSqs(q.type) ? undefined : rabbitOverflow(q as RabbitQueueState);
  return {
    groupId: g.config.groupId,
    lag,
    lagMs,
    lagByPartition: [lag],
    // One queue: the ratio of max to median over one entry, undefined without lag.
    skew: lag > 0 ? 1 : null,
    hotPartitions: [],
    isSkewed: false,
    outOfOrder: orderedOutOfOrder(g),
    latency: summarizeStages(g.stages),
    consumedPerSec: ratePerSec(g.consumed, w.nowMs),
    latencyMs: {
      p50: percentile(recent, 50),
      p99: percentile(recent, 99),
      max: recent.max,
      count: recent.count,
    },
    rebalances: 0,
    rebalanceTotalMs: 0,
    rebalanceLastMs: 0,
    delivered: g.delivered,
    applied,
    duplicates: g.sink.repeated,
    extraApplications: g.sink.total - g.sink.distinct,
    lost,
    deadLettered,
    compacted: 0,
    inFlight,
    notYetConsumed: Math.max(0, g.produced - applied - deadLettered - lost - inFlight),
    produced: g.produced,
    failedAttempts: g.failedAttempts,
    attemptsPerSec: ratePerSec(g.attempts, w.nowMs),
    deduplicated: g.deduplicated,
    lostToRetention: g.lostToRetention,
    queue: g.config.queue,
    redeliveries: g.redeliveries,
    queueInFlight: counts.inFlight,
    queueVisible: counts.visible,
    queueDelayed: counts.delayed,
    ...(overflow && { overflow }),
  };
}
