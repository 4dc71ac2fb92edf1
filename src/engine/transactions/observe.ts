// Reads the transaction state into the public snapshot and metrics: per partition the last
// stable offset, the open transactions, the aborted ranges and what the last offsets hold;
// the coordinator's counters and what each group read of aborted records.

import type { EngineContext } from '../engineContext';
import type { PartitionLog } from '../log/partitionLog';
import type { PartitionSnapshot } from '../types';
import { lastStableOffsetOf } from './state';
import type { TransactionMetrics, TxnMarkKind } from './types';

const MARK_WINDOW = 256;
const RANGES_SHOWN = 16;

export function addTxnFields(ctx: EngineContext, snap: PartitionSnapshot, log: PartitionLog): void {
  const txn = log.txn;
  if (txn === null) return;
  const ids = Object.values(ctx.w.txn?.ids ?? {});
  snap.lastStableOffset = lastStableOffsetOf(txn, log.logEndOffset);
  snap.openTransactions = [...txn.open.entries()]
    .map(([producerId, offsets]) => {
      const e = ids.find((x) => x.producerId === producerId);
      return {
        transactionalId: e?.transactionalId ?? '',
        producerId,
        epoch: e?.epoch ?? 0,
        firstOffset: offsets[0],
        records: offsets.length,
        startedAtMs: e?.startedAtMs ?? 0,
      };
    })
    .sort((a, b) => a.firstOffset - b.firstOffset);
  snap.abortedRecords = txn.abortedOffsets.size;
  snap.abortedRanges = txn.aborted.slice(-RANGES_SHOWN).map((a) => ({ ...a }));
  const open = new Set<number>();
  for (const offsets of txn.open.values()) for (const o of offsets) open.add(o);
  const marks: { offset: number; kind: TxnMarkKind }[] = [];
  for (let o = Math.max(log.logStartOffset, log.logEndOffset - MARK_WINDOW); o < log.logEndOffset; o++) {
    const marker = txn.markers.get(o);
    if (marker !== undefined)
      marks.push({ offset: o, kind: marker === 'COMMIT' ? 'commit-marker' : 'abort-marker' });
    else if (txn.abortedOffsets.has(o)) marks.push({ offset: o, kind: 'aborted' });
    else if (open.has(o)) marks.push({ offset: o, kind: 'open' });
  }
  snap.txnMarks = marks;
}

export function transactionMetrics(ctx: EngineContext): TransactionMetrics | undefined {
  const txn = ctx.w.txn;
  if (txn === null) return undefined;
  const c = txn.counters;
  const abortedRead: Record<string, number> = {};
  for (const id in ctx.w.groups) abortedRead[id] = txn.abortedRead[id] ?? 0;
  return {
    commits: c.commits,
    aborts: c.aborts,
    timedOut: c.timedOut,
    abortedByInit: c.abortedByInit,
    fenced: c.fenced,
    abortedRecords: c.abortedRecords,
    open: Object.values(txn.ids).filter((e) => e.isOngoing).length,
    abortedRead,
  };
}
