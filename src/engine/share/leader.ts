// The share-partition leader's side of acknowledgements and locks (KIP-932): it applies the
// ACCEPT / RELEASE / REJECT a ShareFetch carries, refusing one whose acquisition is no
// longer current (INVALID_RECORD_STATE: the lock expired and the record moved on), expires
// locks, moves SPSO, and counts what ends: an archived record that was never applied is
// counted as dead-lettered (no DLQ of its own); one accepted unapplied (implicit mode after
// a failure) is lost.

import { countOf } from '../delivery/idCounter';
import type { EngineContext } from '../engineContext';
import type { GroupRt } from '../world';
import { advanceStart, heldIndex, stepRecord } from './sharePartition';
import type { ShareAck, SharePartitionRt, ShareRt } from './state';
import type { AcknowledgeType, ShareRecordState } from './types';

const RECENT_ARCHIVED_LIMIT = 50;

type ShareGroup = GroupRt & { share: ShareRt };

/** Applies one consumer's acknowledgements; true when a record became available again. */
export function applyAcknowledgements(
  ctx: EngineContext,
  g: ShareGroup,
  acks: ShareAck[],
  memberId: string,
): boolean {
  const share = g.share;
  let isAnyReleased = false;
  for (const ack of acks) {
    const sp = share.partitions[ack.partition];
    const i = heldIndex(sp, ack.offset, ack.acquisitionId);
    // The lock expired first: the broker refuses it (INVALID_RECORD_STATE); the record
    // went back to Available and may be processed again by another consumer.
    if (i < 0) continue;
    if (transitionRecord(ctx, g, sp, i, ack.type, memberId) === 'Available') isAnyReleased = true;
  }
  for (const sp of share.partitions) moveStart(g, sp);
  return isAnyReleased;
}

/** One ShareFetch's locks ran out; true when a record became available again. */
export function expireLocks(
  ctx: EngineContext,
  g: ShareGroup,
  acquisitionId: number,
  entries: number[],
): boolean {
  const share = g.share;
  let isAnyReleased = false;
  for (let k = 0; k < entries.length; k += 2) {
    const sp = share.partitions[entries[k]];
    const i = heldIndex(sp, entries[k + 1], acquisitionId);
    if (i < 0) continue;
    const holder = share.consumers[sp.owner[i]]?.memberId ?? '';
    if (transitionRecord(ctx, g, sp, i, 'LOCK_EXPIRED', holder) === 'Available') isAnyReleased = true;
  }
  for (const sp of share.partitions) moveStart(g, sp);
  return isAnyReleased;
}

function moveStart(g: ShareGroup, sp: SharePartitionRt): void {
  if (advanceStart(sp) > 0) g.committed[sp.partition] = sp.spso;
}

function transitionRecord(
  ctx: EngineContext,
  g: ShareGroup,
  sp: SharePartitionRt,
  i: number,
  event: AcknowledgeType | 'LOCK_EXPIRED',
  memberId: string,
): ShareRecordState | null {
  const to = stepRecord(sp, i, event, g.share.config.deliveryCountLimit);
  if (to === null) return null;
  const id = sp.messageId[i];
  const offset = sp.spso + i;
  if (to === 'Archived') {
    sp.archivedTotal += 1;
    sp.recentArchived.push({ offset, messageId: id, state: 'Archived', deliveryCount: sp.deliveryCount[i] });
    if (sp.recentArchived.length > RECENT_ARCHIVED_LIMIT) sp.recentArchived.shift();
    // No DLQ of its own: an archived record that was never applied is counted, not kept.
    if (countOf(g.sink, id) === 0) g.deadLetteredIds.add(id);
  } else if (to === 'Acknowledged' && countOf(g.sink, id) === 0 && !g.lost.has(id)) {
    // Implicit mode accepted a record whose processing failed: the effect never happens.
    g.lost.add(id);
    if (ctx.wants('lost'))
      ctx.emit({
        type: 'lost',
        atMs: ctx.w.nowMs,
        groupId: g.config.groupId,
        messageId: id,
        reason: 'processing failed and share.acknowledgement.mode=implicit accepted it at the next poll',
      });
  }
  if (ctx.wants('acknowledged'))
    ctx.emit({
      type: 'acknowledged',
      atMs: ctx.w.nowMs,
      groupId: g.config.groupId,
      memberId,
      topic: g.config.topic,
      partition: sp.partition,
      offset,
      messageId: id,
      ack: event,
      to,
      deliveryCount: sp.deliveryCount[i],
    });
  return to;
}
