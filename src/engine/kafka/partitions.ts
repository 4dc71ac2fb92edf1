// What happens to a member's partitions and its in-hand batch when ownership changes:
// where a newly owned partition starts, revocation (with the cooperative mid-batch commit),
// loss (fencing), dropping the buffer, and the lost-record accounting all of them share.
// Both the consumer loop and membership use these; neither imports the other for them.

import { countOf } from '../delivery/idCounter';
import type { EngineContext } from '../engineContext';
import { indexAtOrAfter, isRetryDuplicateAt, latestOffset } from '../log/partitionLog';
import { abortTransform } from '../transactions/engineTxn';
import { isNotAMessage } from '../transactions/state';
import type { BatchEntry, GroupRt, MemberRt } from '../world';

/** Where a newly owned partition starts: the committed offset, else auto.offset.reset. */
export function positionFor(ctx: EngineContext, g: GroupRt, partition: number): number {
  const log = ctx.w.topics[g.config.topic].logs[partition];
  const committed = g.committed[partition];
  let position: number;
  if (committed >= 0 && committed >= log.logStartOffset) position = committed;
  else if (committed >= 0) {
    // Committed offset fell below the log start (retention): OFFSET_OUT_OF_RANGE → reset.
    position = g.config.autoOffsetReset === 'earliest' ? log.logStartOffset : latestOffset(log);
    emitOffsetsReset(ctx, g, partition, position, 'committed offset out of range (retention)');
    markSkipped(ctx, g, partition, committed, position, 'skipped by auto.offset.reset=latest');
  } else position = g.config.autoOffsetReset === 'earliest' ? log.logStartOffset : latestOffset(log);
  if (g.startOffsets[partition] < 0) {
    g.startOffsets[partition] = position;
    const rows = log.records;
    for (let i = indexAtOrAfter(log, position); i < rows.length; i++) {
      // Transaction markers and aborted records are not messages to deliver.
      if (
        rows.redriveCounts[i] === 0 &&
        !isRetryDuplicateAt(log, i) &&
        !isNotAMessage(log.txn, rows.offsets[i], rows.messageIds[i])
      )
        g.produced += 1;
    }
  }
  return position;
}

/** Records a reset jumped over that were never applied can never be: they are lost. */
export function markSkipped(
  ctx: EngineContext,
  g: GroupRt,
  partition: number,
  from: number,
  to: number,
  reason: string,
): void {
  if (to <= from || g.startOffsets[partition] < 0) return;
  const log = ctx.w.topics[g.config.topic].logs[partition];
  for (
    let i = indexAtOrAfter(log, Math.max(from, g.startOffsets[partition]));
    i < log.records.length && log.records.offsets[i] < to;
    i++
  ) {
    const id = log.records.messageIds[i];
    if (isNotAMessage(log.txn, log.records.offsets[i], id)) continue;
    if (countOf(g.sink, id) > 0 || g.lost.has(id) || g.deadLetteredIds.has(id)) continue;
    g.lost.add(id);
    if (ctx.wants('lost'))
      ctx.emit({ type: 'lost', atMs: ctx.w.nowMs, groupId: g.config.groupId, messageId: id, reason });
  }
}

export function emitCommitRejected(ctx: EngineContext, m: MemberRt, reason: string): void {
  if (!ctx.wants('commit-rejected')) return;
  ctx.emit({ type: 'commit-rejected', atMs: ctx.w.nowMs, groupId: m.groupId, memberId: m.memberId, reason });
}

export function emitOffsetsReset(
  ctx: EngineContext,
  g: GroupRt,
  partition: number,
  offset: number,
  reason: string,
): void {
  if (!ctx.wants('offsets-reset')) return;
  ctx.emit({
    type: 'offsets-reset',
    atMs: ctx.w.nowMs,
    groupId: g.config.groupId,
    topic: g.config.topic,
    partition,
    offset,
    reason,
  });
}

/**
 * Drops the in-hand batch (crash, fence, pause ending in a removal). Records whose offset
 * was already committed and whose effect was never applied are lost: nobody will read them
 * again. The rest return to the log for the next owner.
 */
export function dropBuffer(ctx: EngineContext, m: MemberRt): void {
  const g = ctx.w.groups[m.groupId];
  markDroppedLost(
    ctx,
    g,
    m.batch.slice(m.batchIndex),
    'offset committed before processing, then the consumer crashed',
  );
  m.batch = [];
  m.batchIndex = 0;
  m.current = null;
  m.incarnation += 1;
  ctx.sendToLoop(m, { type: 'STOP' });
}

/** Dropped records whose offsets are already committed and whose effects never happened are lost. */
function markDroppedLost(ctx: EngineContext, g: GroupRt, entries: BatchEntry[], reason: string): void {
  for (const entry of entries) {
    if (entry.isRedelivery) continue;
    const id = entry.record.messageId;
    if (
      entry.record.offset >= g.committed[entry.partition] ||
      isApplied(g, id) ||
      g.deadLetteredIds.has(id) ||
      g.lost.has(id)
    )
      continue;
    g.lost.add(id);
    if (ctx.wants('lost'))
      ctx.emit({ type: 'lost', atMs: ctx.w.nowMs, groupId: g.config.groupId, messageId: id, reason });
  }
}

function isApplied(g: GroupRt, id: number): boolean {
  return countOf(g.sink, id) > 0;
}

/** Gives partitions up: the owner forgets them; `lost` marks a revocation without commit. */
export function revokePartitions(
  ctx: EngineContext,
  m: MemberRt,
  partitions: number[],
  how: 'revoked' | 'lost' | 'abandoned',
): void {
  if (partitions.length === 0) return;
  const g = ctx.w.groups[m.groupId];
  if (how === 'revoked' && m.batch.length > 0) commitAndDropRevoked(ctx, g, m, partitions);
  for (const p of partitions) {
    if (g.owner[p] === m.memberId) g.owner[p] = null;
    m.positions[p] = -1;
  }
  m.assigned = m.assigned.filter((p) => !partitions.includes(p));
  m.revoked = [...new Set([...m.revoked, ...partitions])].sort((a, b) => a - b);
  if (how === 'lost') dropBuffer(ctx, m);
  if (ctx.wants('revoked')) {
    ctx.emit({
      type: 'revoked',
      atMs: ctx.w.nowMs,
      groupId: m.groupId,
      memberId: m.memberId,
      partitions: partitions.map((partition) => ({ topic: g.config.topic, partition })),
    });
  }
}

/** After a transaction aborts the application seeks back to the committed offsets (Kafka Streams re-initialises the task). */
export function rereadFromCommitted(ctx: EngineContext, g: GroupRt, m: MemberRt): void {
  for (const p of m.assigned) m.positions[p] = positionFor(ctx, g, p);
}

/** Puts the unprocessed rest of the batch back: positions return to its first records. */
export function rewindBatch(m: MemberRt): void {
  for (let i = m.batch.length - 1; i >= m.batchIndex; i--) {
    const entry = m.batch[i];
    if (m.positions[entry.partition] > entry.record.offset)
      m.positions[entry.partition] = entry.record.offset;
  }
  m.batch = [];
  m.batchIndex = 0;
  m.current = null;
}

/**
 * onPartitionsRevoked mid-batch (cooperative): commit what was processed of the revoked
 * partitions and hand the unprocessed rest to the next owner. The record in hand finishes.
 */
function commitAndDropRevoked(ctx: EngineContext, g: GroupRt, m: MemberRt, partitions: number[]): void {
  const keepUntil = m.current ? m.batchIndex + 1 : m.batchIndex;
  const next = new Map<number, number>();
  const kept: BatchEntry[] = m.batch.slice(0, keepUntil);
  // The commit stops before the first record not yet done (the one in hand included).
  for (let i = m.batchIndex; i < m.batch.length; i++) {
    const entry = m.batch[i];
    if (partitions.includes(entry.partition) && !next.has(entry.partition))
      next.set(entry.partition, entry.record.offset);
    if (i >= keepUntil && !partitions.includes(entry.partition)) kept.push(entry);
  }
  const dropped = m.batch.filter((entry, i) => i >= keepUntil && partitions.includes(entry.partition));
  if (g.config.transform !== null) {
    // The processed records' outputs are in the open transaction: it aborts, the next owners re-read.
    abortTransform(ctx, g, m, 'partitions revoked before the commit');
    m.batch = m.batch.slice(0, keepUntil);
    return;
  }
  m.batch = kept;
  if (g.config.commit === 'before-processing') {
    // Their offsets were committed before processing: nobody reads them again.
    markDroppedLost(ctx, g, dropped, 'offset committed before processing, then the partition was revoked');
    return;
  }
  for (const p of partitions) {
    const offset = next.get(p) ?? m.positions[p];
    if (offset > g.committed[p] && g.owner[p] === m.memberId) g.committed[p] = offset;
  }
}

/** The member learns it was removed (zombie): it drops its work and rejoins. */
export function fenceMember(ctx: EngineContext, m: MemberRt, reason: string): void {
  if (reason.startsWith('commit')) emitCommitRejected(ctx, m, reason);
  m.loop.isZombie = false;
  revokePartitions(ctx, m, [...m.assigned], 'lost');
  ctx.sendToMember(m.memberId, { type: 'FENCED' });
}
