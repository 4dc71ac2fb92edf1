// The side effect of one queue message, applied to the group's sink (through the idempotency
// store for effectively-once groups), and the accounting the broker's events drive: a message
// dead-lettered, dropped by retention or TTL, or redriven back, counted from the same sink.

import { countOf, increment } from '../../delivery/idCounter';
import type { EngineContext } from '../../engineContext';
import { bucketOf, recordInBucket } from '../../metrics/histogram';
import { mark } from '../../metrics/rateMeter';
import { type DeliveryTimes, recordDeliveredApplication } from '../../metrics/stages';
import { type Delivery, keyOf, type QueueEvent } from '../backend';
import { deadLettersInto } from '../broker';
import { isSqs } from '../types';
import { ORDER_BATCH, type QueueConsumerRt, type QueueGroupRt } from './state';

export type QueueFailure = 'poison' | 'outage' | 'transient';

const ERRORS: Record<QueueFailure, string> = {
  poison: 'deserialization failed: the message does not match the schema',
  outage: 'dependency unavailable (outage)',
  transient: 'timeout calling the dependency',
};

export function failureOf(ctx: EngineContext, g: QueueGroupRt, d: Delivery): string | null {
  if (d.message.isPoison) return ERRORS.poison;
  if (ctx.w.nowMs < g.outageUntilMs) return ERRORS.outage;
  if (g.failureRate > 0 && ctx.rng.float() < g.failureRate) return ERRORS.transient;
  return null;
}

/** Reused for every application (read at once, never kept): no allocation per message. */
const STAGE_TIMES: DeliveryTimes = { messageId: 0, sentAtMs: 0, firstReceivedAtMs: -1, receivedAtMs: 0 };

export function applyQueueEffect(
  ctx: EngineContext,
  g: QueueGroupRt,
  c: QueueConsumerRt,
  d: Delivery,
  startedAtMs: number,
): void {
  const id = d.message.messageId;
  let isDeduplicated = false;
  if (g.config.isIdempotent) {
    // Check-and-write of the idempotency key, atomic with the effect (one transaction).
    if (countOf(g.idempotencyStore, id) > 0) isDeduplicated = true;
    else increment(g.idempotencyStore, id);
  }
  let appliedCount: number;
  if (isDeduplicated) {
    g.deduplicated += 1;
    appliedCount = countOf(g.sink, id);
  } else appliedCount = increment(g.sink, id);
  if (g.deletedUnapplied.size > 0) g.deletedUnapplied.delete(id);
  if (g.lost.size > 0) g.lost.delete(id);
  if (g.deadLetteredIds.size > 0) g.deadLetteredIds.delete(id);
  const nowMs = ctx.w.nowMs;
  const endToEndMs = nowMs - d.message.sentAtMs;
  // One bucket for both histograms of this value (the stages' end-to-end one below).
  const endToEndBucket = bucketOf(endToEndMs);
  recordInBucket(g.latency, endToEndBucket, endToEndMs);
  if (appliedCount === 1 && !isDeduplicated) {
    // Waiting in the queue until first received, the redelivery wait, the receive that succeeded.
    const m = d.message;
    STAGE_TIMES.messageId = id;
    STAGE_TIMES.sentAtMs = m.sentAtMs;
    STAGE_TIMES.firstReceivedAtMs = m.firstReceivedAtMs;
    STAGE_TIMES.receivedAtMs = d.receivedAtMs;
    recordDeliveredApplication(g.stages, STAGE_TIMES, nowMs, endToEndBucket);
    if (m.keyIndex >= 0) {
      // The same rule as below, with the key read as (space, index): an array slot, no hashing.
      // Checked in batches (settleOrderChecks): one key's slot is a random read in a large
      // array, and a tight loop over many overlaps those reads where one per message stalls.
      const pending = g.orderPending;
      if (m.keySpace !== pending.keySpace) {
        settleOrderChecks(g);
        pending.keySpace = m.keySpace;
      }
      pending.ids[pending.count] = id;
      pending.keyIndexes[pending.count] = m.keyIndex;
      pending.count += 1;
      if (pending.count >= ORDER_BATCH) settleOrderChecks(g);
    } else if (m.key !== null) {
      // A string key (no keySpace, so `key` is built): checked at once, so pending indexed
      // checks go first to keep the order.
      if (g.orderPending.count > 0) settleOrderChecks(g);
      const highest = g.lastAppliedIdByKey.get(m.key);
      if (highest !== undefined && highest > id) g.outOfOrder += 1;
      else g.lastAppliedIdByKey.set(m.key, id);
    }
  }
  mark(g.consumed, nowMs);
  c.processedCount += 1;
  if (ctx.wants('queue-processed'))
    ctx.emit({
      type: 'queue-processed',
      atMs: nowMs,
      groupId: g.config.groupId,
      consumerId: c.consumerId,
      queue: c.queue,
      messageId: id,
      key: keyOf(d.message),
      receiveCount: d.receiveCount,
      startedAtMs,
      appliedCount,
      isDeduplicated,
    });
}

/**
 * Runs the pending per-key order checks, in the order the messages were applied: afterwards
 * `g.outOfOrder` and the highest-applied ids are what checking each at once would have made
 * them. Anything that reads them calls this first.
 */
export function settleOrderChecks(g: QueueGroupRt): void {
  const pending = g.orderPending;
  const n = pending.count;
  if (n === 0) return;
  const ids = pending.ids;
  const keyIndexes = pending.keyIndexes;
  let maxIndex = 0;
  for (let i = 0; i < n; i++) if (keyIndexes[i] > maxIndex) maxIndex = keyIndexes[i];
  const highest = highestAppliedSlot(g, pending.keySpace!, maxIndex);
  let outOfOrder = 0;
  for (let i = 0; i < n; i++) {
    const k = keyIndexes[i];
    const id = ids[i];
    if (highest[k] > id) outOfOrder += 1;
    else highest[k] = id;
  }
  g.outOfOrder += outOfOrder;
  pending.count = 0;
}

/** The group's highest-applied ids for one key space, grown to cover `index` (-1: none yet). */
function highestAppliedSlot(g: QueueGroupRt, keySpace: string, index: number): Float64Array {
  let ids = g.lastAppliedIdByKeyIndex.get(keySpace);
  if (ids === undefined || index >= ids.length) {
    const grown = new Float64Array(Math.max(1024, 2 ** Math.ceil(Math.log2(index + 1)))).fill(-1);
    if (ids) grown.set(ids);
    ids = grown;
    g.lastAppliedIdByKeyIndex.set(keySpace, ids);
  }
  return ids;
}

function groupsOn(ctx: EngineContext, queue: string): QueueGroupRt[] {
  const out: QueueGroupRt[] = [];
  const groups = ctx.w.queues!.groups;
  for (const id in groups) if (groups[id].config.queue === queue) out.push(groups[id]);
  return out;
}

/** Counts what the broker did to messages the groups are responsible for. */
export function onQueueAccounting(ctx: EngineContext, e: QueueEvent): void {
  switch (e.type) {
    case 'queue-dead-lettered':
      for (const g of groupsOn(ctx, e.queue))
        if (countOf(g.sink, e.messageId) === 0) {
          g.deadLetteredIds.add(e.messageId);
          g.lost.delete(e.messageId);
        }
      // SQS moves it to a DLQ queue: produced there. (A RabbitMQ DLX target is an exchange; the
      // queues it routes to count the arrival as the broker enqueues it, see produce.ts.)
      if (e.target !== null && isSqs(ctx.w.queues!.broker.queues[e.queue]?.type ?? 'rabbitmq-classic'))
        for (const g of groupsOn(ctx, e.target)) g.produced += 1;
      return;
    case 'queue-moved':
      for (const g of groupsOn(ctx, e.to)) g.deadLetteredIds.delete(e.messageId);
      for (const g of groupsOn(ctx, e.from)) g.produced -= 1;
      return;
    case 'queue-dropped': {
      // A dead letter purged from its DLQ is lost for the group it was dead-lettered from (not a
      // fan-out copy with the same id dropped from another group's queue).
      const qw = ctx.w.queues!;
      const groups = Object.values(qw.groups).filter(
        (g) =>
          g.config.queue === e.queue ||
          (g.deadLetteredIds.has(e.messageId) && deadLettersInto(qw.broker, g.config.queue, e.queue)),
      );
      for (const g of groups) {
        g.deadLetteredIds.delete(e.messageId);
        if (countOf(g.sink, e.messageId) > 0 || g.lost.has(e.messageId)) continue;
        g.lost.add(e.messageId);
        if (e.reason === 'MessageRetentionPeriod') g.lostToRetention += 1;
        if (ctx.wants('lost'))
          ctx.emit({
            type: 'lost',
            atMs: ctx.w.nowMs,
            groupId: g.config.groupId,
            messageId: e.messageId,
            reason: `${e.queue}: ${e.reason}`,
          });
      }
      return;
    }
    default:
      return;
  }
}
