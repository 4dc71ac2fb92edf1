// The producer's side of replication: a record for a partition without a leader, or with
// acks=all and an ISR below min.insync.replicas, is held and sent again every fetch round
// (retry.backoff.ms) until the partition accepts it or delivery.timeout.ms expires.

import type { EngineContext } from '../engineContext';
import { appendRow } from '../log/partitionLog';
import type { Acks } from '../scenario/config';
import type { EngineEvent } from '../world';
import { afterLeaderAppend, brokerUp, fetchFollowers } from './replication';
import { FETCH_ROUND_MS, type PendingSend, produceError } from './state';

/** The engine events of replication: a fetch round, or an isolated broker reachable again. */
export function onReplicationEvent(
  ctx: EngineContext,
  e: Extract<EngineEvent, { kind: 'replica-fetch' | 'broker-return' }>,
): void {
  if (e.kind === 'replica-fetch') onFetchRound(ctx);
  else if (ctx.w.replication?.brokers[e.brokerId].isolatedUntilMs === e.untilMs) brokerUp(ctx, e.brokerId);
}

/** A fetch round: followers copy, then held records are retried; schedules the next round. */
function onFetchRound(ctx: EngineContext): void {
  fetchFollowers(ctx);
  retryPending(ctx);
  ctx.schedule(ctx.w.nowMs + FETCH_ROUND_MS, { kind: 'replica-fetch' });
}

/** Holds a refused record and reports the error (once per batch and partition, by the caller). */
export function hold(ctx: EngineContext, topic: string, send: PendingSend): void {
  ctx.w.replication!.pending[topic].push(send);
}

export function emitProduceFailed(
  ctx: EngineContext,
  producerId: string,
  topic: string,
  partition: number,
  error: 'NOT_ENOUGH_REPLICAS' | 'NOT_LEADER_OR_FOLLOWER' | 'DELIVERY_TIMEOUT',
  count: number,
): void {
  if (ctx.wants('produce-failed'))
    ctx.emit({ type: 'produce-failed', atMs: ctx.w.nowMs, producerId, topic, partition, error, count });
}

/** The error a first send to this partition gets now (counted), or null when the leader takes it. */
export function refusal(ctx: EngineContext, topic: string, partition: number, acks: Acks) {
  const rep = ctx.w.replication;
  if (!rep) return null;
  const error = produceError(rep.sets[topic][partition], acks);
  if (error === 'NOT_ENOUGH_REPLICAS') rep.notEnoughReplicas += 1;
  return error;
}

function retryPending(ctx: EngineContext): void {
  const rep = ctx.w.replication!;
  const nowMs = ctx.w.nowMs;
  for (const topic in rep.pending) {
    const list = rep.pending[topic];
    if (list.length === 0) continue;
    const kept: PendingSend[] = [];
    const touched: number[] = [];
    const firstOffset: number[] = [];
    const logs = ctx.w.topics[topic].logs;
    for (const send of list) {
      if (nowMs >= send.deadlineMs) {
        rep.expired += 1;
        emitProduceFailed(ctx, send.producerId, topic, send.partition, 'DELIVERY_TIMEOUT', 1);
        continue;
      }
      if (produceError(rep.sets[topic][send.partition], send.acks) !== null) {
        kept.push(send);
        continue;
      }
      const log = logs[send.partition];
      if (firstOffset[send.partition] === undefined) {
        firstOffset[send.partition] = log.logEndOffset;
        touched.push(send.partition);
      }
      appendRow(
        log,
        send.messageId,
        send.key,
        send.producedAtMs,
        send.sizeBytes,
        send.isPoison,
        0,
        false,
        send.acks,
      );
      for (const id in ctx.w.groups) {
        const g = ctx.w.groups[id];
        if (g.config.topic === topic && g.startOffsets[send.partition] >= 0) g.produced += 1;
      }
    }
    rep.pending[topic] = kept;
    if (touched.length === 0) continue;
    afterLeaderAppend(ctx, topic, touched);
    if (ctx.wants('produced'))
      for (const p of touched)
        ctx.emit({
          type: 'produced',
          atMs: nowMs,
          producerId: list[0].producerId,
          topic,
          partition: p,
          baseOffset: firstOffset[p],
          count: logs[p].logEndOffset - firstOffset[p],
        });
  }
}
