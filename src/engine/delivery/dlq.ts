// The dead-letter queue's operations: redrive (move messages back to their source topic,
// oldest first, at a rate limit, as SQS's StartMessageMoveTask does) and purge. A loop
// guard parks a message redriven more than `redriveLoopLimit` times instead of looping it.

import type { EngineContext } from '../engineContext';
import { partitionForKey } from '../kafka/murmur2';
import { afterAppend } from '../kafka/producer';
import { appendRow, readRecord } from '../log/partitionLog';
import { recordDlqWait } from '../metrics/stages';
import type { GroupRt } from '../world';

export function startRedrive(ctx: EngineContext, messageId: number | undefined, ratePerSec: number): number {
  const w = ctx.w;
  const candidates = w.deadLetters
    .filter((d) => !d.isParked && (messageId === undefined || d.messageId === messageId))
    .sort((a, b) => a.deadLetteredAtMs - b.deadLetteredAtMs)
    .map((d) => d.messageId)
    .filter((id) => !w.redriveQueue.includes(id));
  const isIdle = w.redriveQueue.length === 0;
  w.redriveQueue.push(...candidates);
  w.redriveRatePerSec = ratePerSec;
  if (isIdle && candidates.length > 0) ctx.schedule(w.nowMs, { kind: 'redrive-tick' });
  return candidates.length;
}

export function onRedriveTick(ctx: EngineContext): void {
  const w = ctx.w;
  const messageId = w.redriveQueue.shift();
  if (messageId === undefined) return;
  const index = w.deadLetters.findIndex((d) => d.messageId === messageId && !d.isParked);
  if (index >= 0) {
    const dead = w.deadLetters[index];
    if (dead.redriveCount >= w.redriveLoopLimit) {
      dead.isParked = true;
    } else {
      w.deadLetters.splice(index, 1);
      const owner: GroupRt | undefined = w.groups[dead.groupId];
      if (owner) recordDlqWait(owner.stages, w.nowMs - dead.deadLetteredAtMs);
      const log =
        w.topics[dead.source.topic].logs[
          dead.key === null
            ? dead.source.partition
            : partitionForKey(dead.key, w.topics[dead.source.topic].logs.length)
        ];
      const source = w.topics[dead.source.topic].logs[dead.source.partition];
      const record = readRecord(
        source,
        source.records.messageIds.subarray(0, source.records.length).indexOf(messageId),
      );
      const baseOffset = log.logEndOffset;
      appendRow(
        log,
        messageId,
        dead.key,
        w.nowMs,
        record?.sizeBytes ?? 1024,
        record?.isPoison ?? false,
        dead.redriveCount + 1,
      );
      for (const g of Object.values(w.groups)) g.deadLetteredIds.delete(messageId);
      if (ctx.wants('redriven'))
        ctx.emit({
          type: 'redriven',
          atMs: w.nowMs,
          messageId,
          topic: log.topic,
          partition: log.partition,
          offset: baseOffset,
        });
      const groups = Object.values(w.groups).filter((g) => g.config.topic === log.topic);
      afterAppend(
        ctx,
        { id: 'dlq-redrive', topic: log.topic },
        [log.partition],
        Object.assign([], { [log.partition]: baseOffset }),
        groups,
      );
    }
  }
  if (w.redriveQueue.length > 0) ctx.schedule(w.nowMs + 1000 / w.redriveRatePerSec, { kind: 'redrive-tick' });
}

/** Purging drops the messages for good: each becomes a loss for its group. */
export function purgeDeadLetters(ctx: EngineContext): number {
  const w = ctx.w;
  const purged = w.deadLetters.length;
  for (const dead of w.deadLetters) {
    const g: GroupRt | undefined = w.groups[dead.groupId];
    if (!g) continue;
    g.deadLetteredIds.delete(dead.messageId);
    g.stages.originMs.delete(dead.messageId);
    if (!g.lost.has(dead.messageId)) {
      g.lost.add(dead.messageId);
      if (ctx.wants('lost'))
        ctx.emit({
          type: 'lost',
          atMs: w.nowMs,
          groupId: g.config.groupId,
          messageId: dead.messageId,
          reason: 'purged from the dead-letter queue',
        });
    }
  }
  w.deadLetters = [];
  w.redriveQueue = [];
  return purged;
}
