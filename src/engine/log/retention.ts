// The broker's retention check, every log.retention.check.interval.ms: retention and
// compaction delete records, and what a group had not consumed yet is counted lost (or
// compacted). The same tick prunes the delivery counters below the oldest live message,
// rolls the recent-latency window and samples the dead-letter queue's depth.

import { countOf, pruneBelow } from '../delivery/idCounter';
import { parkedEntries } from '../delivery/parking';
import type { EngineContext } from '../engineContext';
import { createHistogram } from '../metrics/histogram';
import { rollStages } from '../metrics/stages';
import { isNotAMessage } from '../transactions/state';
import type { World } from '../world';
import { applyRetention, compact } from './partitionLog';

const LATENCY_WINDOW_MS = 10_000;
const DLQ_HISTORY_LIMIT = 600;

export function runRetention(ctx: EngineContext): void {
  const w = ctx.w;
  let minLiveId = w.nextMessageId;
  for (const t of Object.values(w.topics)) {
    const groups = Object.values(w.groups).filter((g) => g.config.topic === t.config.name);
    for (const log of t.logs) {
      const deleted = applyRetention(log, w.nowMs, t.config.retentionMs, t.config.retentionBytes);
      if (t.config.cleanupPolicy === 'compact') {
        const superseded = compact(log, 100);
        if (superseded.length > 0)
          for (const g of groups) markDeletedUnconsumed(ctx, g, log.partition, superseded, 'compacted');
      }
      if (deleted.length > 0) {
        for (const g of groups) markDeletedUnconsumed(ctx, g, log.partition, deleted);
        if (ctx.wants('retention'))
          ctx.emit({
            type: 'retention',
            atMs: w.nowMs,
            topic: log.topic,
            partition: log.partition,
            logStartOffset: log.logStartOffset,
          });
      }
      if (log.head < log.records.length) {
        const headId = log.records.messageIds[log.head];
        if (headId >= 0) minLiveId = Math.min(minLiveId, headId);
      }
    }
  }
  for (const m of Object.values(w.members))
    for (let i = m.batchIndex; i < m.batch.length; i++)
      minLiveId = Math.min(minLiveId, m.batch[i].record.messageId);
  for (const g of Object.values(w.groups)) {
    for (const r of g.retryQueue) minLiveId = Math.min(minLiveId, r.entry.record.messageId);
    if (g.parkedCount > 0)
      for (const e of parkedEntries(g)) minLiveId = Math.min(minLiveId, e.record.messageId);
    pruneBelow(g.sink, minLiveId);
    pruneBelow(g.idempotencyStore, minLiveId);
    if (w.nowMs - g.latencyWindowStartMs >= LATENCY_WINDOW_MS) {
      g.latencyPrevious = g.latencyRecent;
      g.latencyRecent = createHistogram();
      rollStages(g.stages);
      g.latencyWindowStartMs = w.nowMs;
    }
  }
  w.dlqDepthHistory.push({ atMs: w.nowMs, depth: w.deadLetters.length });
  if (w.dlqDepthHistory.length > DLQ_HISTORY_LIMIT)
    w.dlqDepthHistory.splice(0, w.dlqDepthHistory.length - DLQ_HISTORY_LIMIT);
  ctx.schedule(w.nowMs + w.config.broker.retentionCheckIntervalMs, { kind: 'retention' });
}

/** Retention deleted records this group had not consumed yet: their effects never happen. */
function markDeletedUnconsumed(
  ctx: EngineContext,
  g: World['groups'][string],
  partition: number,
  deleted: { offset: number; messageId: number }[],
  how: 'retention' | 'compacted' = 'retention',
): void {
  const from = Math.max(g.committed[partition], g.startOffsets[partition]);
  if (g.startOffsets[partition] < 0) return;
  const txn = ctx.w.topics[g.config.topic].logs[partition].txn;
  for (const r of deleted) {
    if (r.offset < from) continue;
    // A transaction marker or an aborted record was never a message to deliver.
    if (isNotAMessage(txn, r.offset, r.messageId)) continue;
    if (countOf(g.sink, r.messageId) > 0 || g.lost.has(r.messageId) || g.deadLetteredIds.has(r.messageId))
      continue;
    const owner = g.owner[partition];
    const m = owner ? ctx.w.members[owner] : undefined;
    if (
      m &&
      m.positions[partition] > r.offset &&
      m.batch.some((b, i) => i >= m.batchIndex && b.record.messageId === r.messageId)
    )
      continue;
    if (how === 'compacted') {
      // A newer record with the same key is still there: superseded, not lost.
      g.compacted.add(r.messageId);
      continue;
    }
    g.lost.add(r.messageId);
    g.lostToRetention += 1;
    if (ctx.wants('lost'))
      ctx.emit({
        type: 'lost',
        atMs: ctx.w.nowMs,
        groupId: g.config.groupId,
        messageId: r.messageId,
        reason: 'deleted by retention before it was consumed',
      });
  }
}
