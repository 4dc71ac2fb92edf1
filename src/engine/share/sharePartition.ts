// The share-partition leader's rules (KIP-932), over one partition's record window:
// acquire (Available records first, oldest first, then records never delivered, from SPEO,
// at most `group.share.partition.max.record.locks` in flight), acknowledge (only the
// consumer holding the current acquisition may; a late acknowledgement after the lock
// expired is refused, as the broker answers INVALID_RECORD_STATE), lock expiry, and SPSO
// moving past the acknowledged and archived prefix. Every state change goes through the
// record machine's compiled table.

import { fetchEnd, type PartitionLog, recordAt } from '../log/partitionLog';
import { compileMachineTable, pickStep } from './machineTable';
import { type ShareRecordEventType, shareRecordMachine } from './shareRecord.machine';
import type { SharePartitionRt } from './state';
import type { ShareRecordState } from './types';

export const RECORD_TABLE = compileMachineTable<ShareRecordState, ShareRecordEventType>(shareRecordMachine);

/**
 * Steps record `i` of the window with `event`; returns its new state, or null when the
 * record machine ignores the event in the record's state.
 */
export function stepRecord(
  sp: SharePartitionRt,
  i: number,
  event: ShareRecordEventType,
  deliveryCountLimit: number,
): ShareRecordState | null {
  const from = sp.state[i];
  const step = pickStep(RECORD_TABLE, from, event, () => sp.deliveryCount[i] >= deliveryCountLimit);
  if (!step) return null;
  for (const action of step.actions) if (action === 'countDelivery') sp.deliveryCount[i] += 1;
  const to = step.target;
  sp.state[i] = to;
  if (from === 'Available') sp.available -= 1;
  else if (from === 'Acquired') sp.acquired -= 1;
  if (to === 'Available') sp.available += 1;
  else if (to === 'Acquired') sp.acquired += 1;
  if (to !== 'Acquired') sp.owner[i] = -1;
  return to;
}

export interface AcquireRequest {
  max: number;
  owner: number;
  acquisitionId: number;
  lockUntilMs: number;
  /** Now: a record's first acquisition time is kept for the latency stages. */
  nowMs: number;
  deliveryCountLimit: number;
  maxRecordLocks: number;
}

/** Records retention deleted below SPSO's reach: the window starts at the log start. */
export function skipDeleted(sp: SharePartitionRt, logStartOffset: number): void {
  if (sp.spso >= logStartOffset) return;
  const n = Math.min(sp.state.length, logStartOffset - sp.spso);
  for (let i = 0; i < n; i++) {
    if (sp.state[i] === 'Available') sp.available -= 1;
    else if (sp.state[i] === 'Acquired') sp.acquired -= 1;
  }
  dropPrefix(sp, n);
  sp.spso = logStartOffset;
  if (sp.speo < sp.spso) sp.speo = sp.spso;
}

/** Acquires up to `req.max` records for one consumer; pushes their window indexes' offsets. */
export function acquire(sp: SharePartitionRt, log: PartitionLog, req: AcquireRequest, out: number[]): void {
  skipDeleted(sp, log.logStartOffset);
  if (sp.available > 0) {
    for (let i = 0; i < sp.state.length && out.length < req.max; i++) {
      if (sp.state[i] !== 'Available') continue;
      take(sp, i, req);
      out.push(sp.spso + i);
    }
  }
  const end = Math.min(fetchEnd(log), log.logEndOffset);
  while (out.length < req.max && sp.speo < end && sp.speo - sp.spso < req.maxRecordLocks) {
    const record = recordAt(log, sp.speo);
    const i = sp.state.length;
    sp.state.push('Available');
    sp.deliveryCount.push(0);
    sp.owner.push(-1);
    sp.acquisitionId.push(0);
    sp.lockUntilMs.push(0);
    sp.messageId.push(record ? record.messageId : -1);
    sp.firstAcquiredAtMs.push(-1);
    sp.speo += 1;
    if (!record) {
      // A gap (compaction removed the record): nothing to deliver, nothing to acknowledge.
      sp.state[i] = 'Acknowledged';
      continue;
    }
    sp.available += 1;
    take(sp, i, req);
    out.push(sp.spso + i);
  }
}

function take(sp: SharePartitionRt, i: number, req: AcquireRequest): void {
  stepRecord(sp, i, 'ACQUIRE', req.deliveryCountLimit);
  sp.owner[i] = req.owner;
  sp.acquisitionId[i] = req.acquisitionId;
  sp.lockUntilMs[i] = req.lockUntilMs;
  if (sp.firstAcquiredAtMs[i] < 0) sp.firstAcquiredAtMs[i] = req.nowMs;
}

/** The window index of an offset held under `acquisitionId`, or -1 (not acquired, or re-acquired since). */
export function heldIndex(sp: SharePartitionRt, offset: number, acquisitionId: number): number {
  const i = offset - sp.spso;
  if (i < 0 || i >= sp.state.length) return -1;
  if (sp.state[i] !== 'Acquired' || sp.acquisitionId[i] !== acquisitionId) return -1;
  return i;
}

/** SPSO moves past every acknowledged or archived record at the window's start. */
export function advanceStart(sp: SharePartitionRt): number {
  let n = 0;
  while (n < sp.state.length && (sp.state[n] === 'Acknowledged' || sp.state[n] === 'Archived')) n += 1;
  if (n > 0) {
    dropPrefix(sp, n);
    sp.spso += n;
  }
  return n;
}

function dropPrefix(sp: SharePartitionRt, n: number): void {
  if (n === 0) return;
  sp.state.splice(0, n);
  sp.deliveryCount.splice(0, n);
  sp.owner.splice(0, n);
  sp.acquisitionId.splice(0, n);
  sp.lockUntilMs.splice(0, n);
  sp.messageId.splice(0, n);
  sp.firstAcquiredAtMs.splice(0, n);
}
