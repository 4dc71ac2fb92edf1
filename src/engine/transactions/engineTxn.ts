// Transactions inside the engine (KIP-98, KIP-447), over the real partition logs. The
// coordinator gives each transactional.id a producer id and an epoch; initTransactions bumps
// the epoch, aborting what the previous incarnation left open, so a zombie's later writes and
// commits are refused (ProducerFencedException). Records of a transaction take offsets as
// they are written; commit or abort writes a control record (marker) into every partition the
// transaction touched, and a transform group's input offsets commit in the same step. The
// coordinator aborts a transaction open longer than transaction.timeout.ms and bumps its epoch.

import type { EngineContext } from '../engineContext';
import { partitionForKey } from '../kafka/murmur2';
import { appendRow, type PartitionLog } from '../log/partitionLog';
import type { GroupRt, MemberRt } from '../world';
import type { MarkerType, TxnIdRt, TxnRt } from './state';

const POLL = { type: 'POLL' } as const;

/** The transaction state; only called where the scenario uses transactions. */
function rt(ctx: EngineContext): TxnRt {
  return ctx.w.txn!;
}

function idRt(ctx: EngineContext, transactionalId: string, timeoutMs: number): TxnIdRt {
  const txn = rt(ctx);
  let e = txn.ids[transactionalId];
  if (!e) {
    e = {
      transactionalId,
      producerId: txn.nextProducerId++,
      epoch: -1,
      timeoutMs,
      isOngoing: false,
      startedAtMs: 0,
      sequence: 0,
      partitions: [],
      inputPartitions: [],
      records: 0,
    };
    txn.ids[transactionalId] = e;
  }
  return e;
}

/** initTransactions by `holder` (a producer or member id): a new epoch; an open transaction of the old one is aborted. */
export function initTransactions(
  ctx: EngineContext,
  holder: string,
  transactionalId: string,
  timeoutMs: number,
): TxnIdRt {
  const txn = rt(ctx);
  const e = idRt(ctx, transactionalId, timeoutMs);
  if (e.isOngoing) {
    txn.counters.abortedByInit += 1;
    finish(
      ctx,
      e,
      'ABORT',
      `initTransactions by a new instance of ${transactionalId} (epoch ${e.epoch + 1})`,
    );
  }
  e.epoch += 1;
  e.timeoutMs = timeoutMs;
  txn.handles[holder] = e.epoch;
  return e;
}

/** The holder's handle is older than the coordinator's epoch: it has been fenced. */
export function isFenced(ctx: EngineContext, holder: string, e: TxnIdRt): boolean {
  const epoch = rt(ctx).handles[holder];
  return epoch !== undefined && epoch < e.epoch;
}

export function beginTransaction(ctx: EngineContext, e: TxnIdRt): void {
  e.isOngoing = true;
  e.startedAtMs = ctx.w.nowMs;
  e.sequence += 1;
  ctx.schedule(ctx.w.nowMs + e.timeoutMs, {
    kind: 'txn-timeout',
    transactionalId: e.transactionalId,
    sequence: e.sequence,
  });
}

/** send() inside the open transaction: the record takes its offset now, like any record. */
export function appendInTransaction(
  ctx: EngineContext,
  e: TxnIdRt,
  topic: string,
  partition: number,
  messageId: number,
  key: string | null,
  producedAtMs: number,
  sizeBytes: number,
  isPoison: boolean,
): void {
  const log = ctx.w.topics[topic].logs[partition];
  const offset = appendRow(log, messageId, key, producedAtMs, sizeBytes, isPoison);
  const txn = log.txn!;
  const offsets = txn.open.get(e.producerId);
  if (offsets) offsets.push(offset);
  else txn.open.set(e.producerId, [offset]);
  const tp = `${topic}/${partition}`;
  if (!e.partitions.includes(tp)) e.partitions.push(tp);
  e.records += 1;
}

export function commitTransaction(ctx: EngineContext, e: TxnIdRt): void {
  finish(ctx, e, 'COMMIT', 'commitTransaction');
}

export function abortTransaction(ctx: EngineContext, e: TxnIdRt, reason: string): void {
  finish(ctx, e, 'ABORT', reason);
}

/** Writes the markers and closes the transaction; an abort marks its records aborted on every partition. */
function finish(ctx: EngineContext, e: TxnIdRt, type: MarkerType, reason: string): void {
  const w = ctx.w;
  const txn = rt(ctx);
  const partitions = [...e.partitions].sort();
  for (const tp of partitions) {
    const slash = tp.lastIndexOf('/');
    const topic = tp.slice(0, slash);
    const log = w.topics[topic].logs[Number(tp.slice(slash + 1))];
    writeMarker(ctx, log, e.producerId, type);
  }
  if (type === 'COMMIT') txn.counters.commits += 1;
  else txn.counters.aborts += 1;
  if (ctx.wants('transaction'))
    ctx.emit({
      type: 'transaction',
      atMs: w.nowMs,
      transactionalId: e.transactionalId,
      producerId: e.producerId,
      epoch: e.epoch,
      outcome: type === 'COMMIT' ? 'committed' : 'aborted',
      reason,
      partitions: partitions.map((tp) => {
        const slash = tp.lastIndexOf('/');
        return { topic: tp.slice(0, slash), partition: Number(tp.slice(slash + 1)) };
      }),
      records: e.records,
    });
  e.isOngoing = false;
  e.partitions = [];
  e.inputPartitions = [];
  e.records = 0;
}

function writeMarker(ctx: EngineContext, log: PartitionLog, producerId: number, type: MarkerType): void {
  const w = ctx.w;
  // A control record: it takes an offset, is never handed to the application (messageId -1).
  const markerOffset = appendRow(log, -1, null, w.nowMs, 0);
  const txn = log.txn!;
  txn.markers.set(markerOffset, type);
  const offsets = txn.open.get(producerId) ?? [];
  txn.open.delete(producerId);
  const groups: GroupRt[] = [];
  for (const id in w.groups) if (w.groups[id].config.topic === log.topic) groups.push(w.groups[id]);
  if (type === 'ABORT' && offsets.length > 0) {
    txn.aborted.push({ producerId, firstOffset: offsets[0], lastOffset: markerOffset });
    for (const o of offsets) txn.abortedOffsets.add(o);
    rt(ctx).counters.abortedRecords += offsets.length;
    for (const g of groups) {
      // An aborted record is not a message to deliver (a transform's retry writes it again).
      const start = g.startOffsets[log.partition];
      if (start >= 0) for (const o of offsets) if (o >= start) g.produced -= 1;
      // What a read_uncommitted reader already fetched of it, it has seen.
      const upTo = txn.fetchedUpTo[g.config.groupId] ?? 0;
      let seen = 0;
      for (const o of offsets) if (o < upTo) seen += 1;
      if (seen > 0) addAbortedRead(ctx, g, seen);
    }
  }
  // The last stable offset may have moved: wake the long polls waiting on this partition.
  for (const g of groups) {
    const owner = g.owner[log.partition];
    const m = owner === null ? undefined : w.members[owner];
    if (m && m.loop.state === 'Idle' && m.loop.reason === 'waiting-for-data') ctx.sendToLoop(m, POLL);
  }
}

export function addAbortedRead(ctx: EngineContext, g: GroupRt, count: number): void {
  const txn = rt(ctx);
  txn.abortedRead[g.config.groupId] = (txn.abortedRead[g.config.groupId] ?? 0) + count;
}

/** The coordinator's timer: the transaction is still the one it was set for, so abort it and fence its holder. */
export function onTransactionTimeout(ctx: EngineContext, transactionalId: string, sequence: number): void {
  const e = rt(ctx).ids[transactionalId];
  if (!e?.isOngoing || e.sequence !== sequence) return;
  rt(ctx).counters.timedOut += 1;
  finish(ctx, e, 'ABORT', `transaction.timeout.ms (${e.timeoutMs} ms) expired`);
  e.epoch += 1;
}

export function emitFenced(ctx: EngineContext, holder: string, e: TxnIdRt): void {
  rt(ctx).counters.fenced += 1;
  if (ctx.wants('producer-fenced'))
    ctx.emit({
      type: 'producer-fenced',
      atMs: ctx.w.nowMs,
      transactionalId: e.transactionalId,
      holder,
      epoch: rt(ctx).handles[holder] ?? -1,
      currentEpoch: e.epoch,
    });
}

// ---- a transactional producer: each linger.ms batch is one transaction -----------------

/** The producer's transaction for this batch, begun (initTransactions on its first batch). */
export function producerTransaction(ctx: EngineContext, producerId: string): TxnIdRt | null {
  const cfg = ctx.w.producers.find((p) => p.config.id === producerId)?.config.transaction;
  if (!cfg) return null;
  let e = rt(ctx).ids[cfg.transactionalId];
  if (!e || rt(ctx).handles[producerId] === undefined)
    e = initTransactions(ctx, producerId, cfg.transactionalId, cfg.timeoutMs);
  if (!e.isOngoing) beginTransaction(ctx, e);
  return e;
}

// ---- consume-transform-produce ---------------------------------------------------------

export function transformId(g: GroupRt, memberId: string): string {
  return `${g.config.transform!.transactionalIdPrefix}-${memberId}`;
}

/** The member's transactional producer, created on first use (initTransactions). */
function memberTxn(ctx: EngineContext, g: GroupRt, m: MemberRt): TxnIdRt {
  const id = transformId(g, m.memberId);
  const e = rt(ctx).ids[id];
  if (e && rt(ctx).handles[m.memberId] !== undefined) return e;
  return initTransactions(ctx, m.memberId, id, g.config.transform!.timeoutMs);
}

/** A restarted member calls initTransactions with its transactional.id: its old self is fenced. */
export function onTransformRestart(ctx: EngineContext, g: GroupRt, m: MemberRt): void {
  initTransactions(ctx, m.memberId, transformId(g, m.memberId), g.config.transform!.timeoutMs);
}

/** The processed record goes to the output topic inside the member's transaction (same message id). */
export function writeOutput(
  ctx: EngineContext,
  g: GroupRt,
  m: MemberRt,
  partition: number,
  messageId: number,
  key: string | null,
  sizeBytes: number,
): void {
  const e = memberTxn(ctx, g, m);
  if (isFenced(ctx, m.memberId, e)) {
    // send() fails with ProducerFencedException: nothing is written; the commit will fail too.
    return;
  }
  if (!e.isOngoing) beginTransaction(ctx, e);
  const out = ctx.w.topics[g.config.transform!.topic].logs;
  const p = key === null ? partition % out.length : partitionForKey(key, out.length);
  appendInTransaction(ctx, e, out[p].topic, p, messageId, key, ctx.w.nowMs, sizeBytes, false);
  if (!e.inputPartitions.includes(partition)) e.inputPartitions.push(partition);
  for (const id in ctx.w.groups) {
    const reader = ctx.w.groups[id];
    if (reader.config.topic !== out[p].topic) continue;
    if (reader.startOffsets[p] >= 0) reader.produced += 1;
    const owner = reader.owner[p];
    const r = owner === null ? undefined : ctx.w.members[owner];
    if (r && r.loop.state === 'Idle' && r.loop.reason === 'waiting-for-data') ctx.sendToLoop(r, POLL);
  }
  if (ctx.wants('produced'))
    ctx.emit({
      type: 'produced',
      atMs: ctx.w.nowMs,
      producerId: e.transactionalId,
      topic: out[p].topic,
      partition: p,
      baseOffset: out[p].logEndOffset - 1,
      count: 1,
    });
}

/**
 * sendOffsetsToTransaction + commitTransaction, when the offset commit reached the coordinator
 * with a valid member and generation. False when the transaction cannot commit (the producer
 * was fenced, an input partition changed hands, or the commit was lost): it is aborted and the
 * caller moves the member's positions back to the committed offsets, so the batch is read again.
 */
export function commitTransform(ctx: EngineContext, g: GroupRt, m: MemberRt): boolean {
  const e = memberTxn(ctx, g, m);
  if (isFenced(ctx, m.memberId, e)) {
    emitFenced(ctx, m.memberId, e);
    // ProducerFencedException is fatal for this producer: a new one calls initTransactions.
    initTransactions(ctx, m.memberId, e.transactionalId, g.config.transform!.timeoutMs);
    return false;
  }
  const isOwner = e.inputPartitions.every((p) => g.owner[p] === m.memberId);
  if (m.isNextCommitLost || !isOwner) {
    // commitTransaction times out (or the partition moved on): the application aborts and re-reads.
    m.isNextCommitLost = false;
    if (e.isOngoing)
      abortTransaction(
        ctx,
        e,
        isOwner ? 'the commit was lost in transit' : 'an input partition changed owner',
      );
    return false;
  }
  if (e.isOngoing) commitTransaction(ctx, e);
  return true;
}

/** The offset commit was refused (rebalance, unknown member, old generation) or the partitions were revoked: abort. */
export function abortTransform(ctx: EngineContext, g: GroupRt, m: MemberRt, reason: string): void {
  const e = memberTxn(ctx, g, m);
  if (e.isOngoing && !isFenced(ctx, m.memberId, e)) abortTransaction(ctx, e, reason);
}

/** A poll begins while the member's transaction is open (its batch was abandoned): abort it first; true if it did. */
export function beforeTransformFetch(ctx: EngineContext, g: GroupRt, m: MemberRt): boolean {
  const e = rt(ctx).ids[transformId(g, m.memberId)];
  if (!e?.isOngoing || isFenced(ctx, m.memberId, e)) return false;
  abortTransaction(ctx, e, 'the batch was abandoned before its commit');
  return true;
}
