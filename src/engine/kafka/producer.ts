// A producer workload: records at a steady or bursty rate, sent every linger.ms as one
// batch. Keyed records go to toPositive(murmur2(key)) % partitions (Kafka's built-in
// partitioner); null keys stick to one partition until batch.size bytes were sent to it,
// then switch (KIP-794's uniform sticky partitioner; Queuescope picks the next partition
// uniformly and does not model adaptive partitioning).

import type { EngineContext } from '../engineContext';
import { admitSends, watchedLag } from '../flow/producerFlow';
import { createProducerFlowRt, type SendRun } from '../flow/state';
import { appendRow } from '../log/partitionLog';
import { mark } from '../metrics/rateMeter';
import { afterLeaderAppend } from '../replication/replication';
import { emitProduceFailed, hold, refusal } from '../replication/resend';
import type { ProducerConfig } from '../scenario/config';
import { wakeShareConsumers } from '../share/consumer';
import { appendInTransaction, commitTransaction, producerTransaction } from '../transactions/engineTxn';
import type { GroupRt, ProducerRt } from '../world';
import { createKeySampler, keyString, partitionOfIndex, sampleKeyIndex } from './keys';
import { partitionForKey } from './murmur2';

const POLL = { type: 'POLL' } as const;

export function createProducerRt(config: ProducerConfig, partitions: number): ProducerRt {
  return {
    config,
    sampler: createKeySampler(config.keys, partitions),
    carry: 0,
    sent: 0,
    stickyPartition: 0,
    stickyBytes: 0,
    duplicateNext: 0,
    poisonNext: [],
    flow: config.flow ? createProducerFlowRt(config.flow) : null,
  };
}

export function currentRatePerSec(config: ProducerConfig, nowMs: number): number {
  if (config.pattern !== 'bursty') return config.ratePerSec;
  const { onMs, offMs, factor } = config.burst;
  const phase = (nowMs - config.startMs) % (onMs + offMs);
  return phase < onMs ? config.ratePerSec * factor : config.ratePerSec;
}

export function onProduce(ctx: EngineContext, index: number): void {
  const w = ctx.w;
  const p = w.producers[index];
  const cfg = p.config;
  const logs = w.topics[cfg.topic].logs;
  const partitions = logs.length;
  // A scenario with a durationMs stops producing there (consumers keep draining).
  const isOver = w.config.durationMs !== null && w.nowMs >= w.config.durationMs;
  const expected = isOver ? 0 : (currentRatePerSec(cfg, w.nowMs) * cfg.lingerMs) / 1000 + p.carry;
  let n = Math.floor(expected);
  p.carry = expected - n;
  // Backpressure (flow/producerFlow.ts): shedding, rate limit, buffer.memory, the quota.
  let runs: SendRun[] | null = null;
  if (p.flow) {
    const shedding = p.flow.config.shedding;
    runs = admitSends(p.flow, n, w.nowMs, cfg.messageBytes, () =>
      watchedLag(w, cfg.topic, shedding?.groupId ?? null),
    );
    n = 0;
    for (const run of runs) n += run.count;
  }
  const groups: GroupRt[] = [];
  for (const id in w.groups) if (w.groups[id].config.topic === cfg.topic) groups.push(w.groups[id]);
  const firstOffset: number[] = [];
  const touched: number[] = [];
  const nowMs = w.nowMs;
  let runIndex = 0;
  let runLeft = runs && runs.length > 0 ? runs[0].count : 0;
  const isReplicated = w.replication !== null;
  const refused: number[] = [];
  // A transactional producer sends each batch in one transaction (initTransactions first).
  const txn = cfg.transaction !== null && n > 0 ? producerTransaction(ctx, cfg.id) : null;
  for (let i = 0; i < n; i++) {
    let producedAtMs = nowMs;
    if (runs) {
      while (runLeft === 0) runLeft = runs[++runIndex].count;
      producedAtMs = runs[runIndex].atMs;
      runLeft -= 1;
    }
    let key: string | null;
    let partition: number;
    let isPoison = false;
    const poison = p.poisonNext.length > 0 ? p.poisonNext.shift() : undefined;
    if (poison && poison.key !== null) {
      key = poison.key;
      partition = partitionForKey(key, partitions);
      isPoison = true;
    } else {
      const keyIndex = sampleKeyIndex(p.sampler, ctx.rng);
      key = keyString(p.sampler, keyIndex);
      if (key === null) partition = stickyPartition(ctx, p, partitions);
      else partition = partitionOfIndex(p.sampler, keyIndex);
      isPoison = poison !== undefined;
    }
    const log = logs[partition];
    if (isReplicated) {
      const error = refusal(ctx, cfg.topic, partition, cfg.acks);
      if (error !== null) {
        hold(ctx, cfg.topic, {
          producerId: cfg.id,
          partition,
          messageId: w.nextMessageId++,
          key,
          producedAtMs: nowMs,
          sizeBytes: cfg.messageBytes,
          isPoison,
          acks: cfg.acks,
          deadlineMs: nowMs + cfg.deliveryTimeoutMs,
        });
        if (refused[partition] === undefined) refused[partition] = 0;
        refused[partition] += 1;
        continue;
      }
    }
    if (firstOffset[partition] === undefined) {
      firstOffset[partition] = log.logEndOffset;
      touched.push(partition);
    }
    const messageId = w.nextMessageId++;
    if (txn !== null)
      appendInTransaction(
        ctx,
        txn,
        cfg.topic,
        partition,
        messageId,
        key,
        producedAtMs,
        cfg.messageBytes,
        isPoison,
      );
    else appendRow(log, messageId, key, producedAtMs, cfg.messageBytes, isPoison, 0, false, cfg.acks);
    for (let k = 0; k < groups.length; k++)
      if (groups[k].startOffsets[partition] >= 0) groups[k].produced += 1;
    if (p.duplicateNext > 0) {
      p.duplicateNext -= 1;
      // The ack was lost and the producer retried. With enable.idempotence the broker
      // drops the retry by its sequence number; without it the log holds two copies.
      if (!cfg.isIdempotent)
        appendRow(log, messageId, key, producedAtMs, cfg.messageBytes, isPoison, 0, true, cfg.acks);
    }
  }
  p.sent += n;
  if (n > 0) mark(w.produced, nowMs, n);
  if (isReplicated) {
    if (touched.length > 0) afterLeaderAppend(ctx, cfg.topic, touched);
    refused.forEach((count, partition) => {
      const error =
        ctx.w.replication!.sets[cfg.topic][partition].leader < 0
          ? 'NOT_LEADER_OR_FOLLOWER'
          : 'NOT_ENOUGH_REPLICAS';
      emitProduceFailed(ctx, cfg.id, cfg.topic, partition, error, count);
    });
  }
  if (touched.length > 0) afterAppend(ctx, cfg, touched, firstOffset, groups);
  if (txn?.isOngoing) commitTransaction(ctx, txn);
  ctx.schedule(nowMs + Math.max(1, cfg.lingerMs), { kind: 'produce', producer: index });
}

function stickyPartition(ctx: EngineContext, p: ProducerRt, partitions: number): number {
  if (p.stickyBytes >= p.config.batchSizeBytes) {
    p.stickyBytes = 0;
    if (partitions > 1)
      p.stickyPartition = (p.stickyPartition + 1 + ctx.rng.int(partitions - 1)) % partitions;
  }
  p.stickyBytes += p.config.messageBytes;
  return p.stickyPartition % partitions;
}

/** Emits `produced` and wakes members whose long poll waits on a touched partition. */
export function afterAppend(
  ctx: EngineContext,
  cfg: { id: string; topic: string },
  touched: number[],
  firstOffset: number[],
  groups: GroupRt[],
): void {
  const w = ctx.w;
  const logs = w.topics[cfg.topic].logs;
  if (ctx.wants('produced')) {
    for (const partition of touched) {
      const baseOffset = firstOffset[partition];
      ctx.emit({
        type: 'produced',
        atMs: w.nowMs,
        producerId: cfg.id,
        topic: cfg.topic,
        partition,
        baseOffset,
        count: logs[partition].logEndOffset - baseOffset,
      });
    }
  }
  for (const g of groups) {
    if (g.share) {
      wakeShareConsumers(ctx, g);
      continue;
    }
    for (const partition of touched) {
      const owner = g.owner[partition];
      if (owner === null) continue;
      const m = w.members[owner];
      if (m && m.loop.state === 'Idle' && m.loop.reason === 'waiting-for-data') ctx.sendToLoop(m, POLL);
    }
  }
}
