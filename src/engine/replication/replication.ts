// Followers fetching from leaders on the virtual clock, the ISR and the high watermark,
// leader election when a broker fails or returns (clean from the ISR, unclean when the
// topic allows it) and truncation to the new leader's log. Counts what a truncation
// removed: records the producer had been told were written are acknowledgedLost; the
// rest the producer still holds and sends again within delivery.timeout.ms.

import { countOf } from '../delivery/idCounter';
import type { EngineContext } from '../engineContext';
import { type LogRecord, type PartitionLog, truncateTo } from '../log/partitionLog';
import type { BrokerState } from '../types';
import type { GroupRt } from '../world';
import {
  FETCH_MAX_RECORDS,
  FETCH_ROUND_MS,
  isrBrokers,
  isrCount,
  type ReplicaSetRt,
  type ReplicationRt,
} from './state';

const POLL = { type: 'POLL' } as const;

function logOf(ctx: EngineContext, s: ReplicaSetRt): PartitionLog {
  return ctx.w.topics[s.topic].logs[s.partition];
}

function isUp(rep: ReplicationRt, brokerId: number): boolean {
  return rep.brokers[brokerId].state === 'up';
}

/** Marks every partition log as replicated and schedules the first fetch round. */
export function startReplication(ctx: EngineContext): void {
  const rep = ctx.w.replication;
  if (!rep) return;
  for (const topic in rep.sets)
    for (const s of rep.sets[topic]) {
      const log = logOf(ctx, s);
      log.isReplicated = true;
      s.leo.fill(log.logEndOffset);
      s.highWatermark = log.logEndOffset;
      s.ackedUpTo = log.logEndOffset;
      log.highWatermark = log.logEndOffset;
    }
  ctx.schedule(ctx.w.nowMs + FETCH_ROUND_MS, { kind: 'replica-fetch' });
}

/** One fetch round of every follower, then ISR changes and HW moves. */
export function fetchFollowers(ctx: EngineContext): void {
  const rep = ctx.w.replication;
  if (!rep) return;
  const nowMs = ctx.w.nowMs;
  for (const topic in rep.sets) {
    for (const s of rep.sets[topic]) {
      if (s.leader < 0) continue;
      const log = logOf(ctx, s);
      const leaderLeo = log.logEndOffset;
      s.leo[s.leader] = leaderLeo;
      s.lastCaughtUpMs[s.leader] = nowMs;
      let isrChanged = false;
      for (let i = 0; i < s.replicas.length; i++) {
        if (i === s.leader) continue;
        const broker = rep.brokers[s.replicas[i]];
        if (broker.state !== 'up') continue;
        const budget = Math.max(1, Math.floor(FETCH_MAX_RECORDS / broker.slowFactor));
        s.leo[i] = Math.min(leaderLeo, s.leo[i] + budget);
        if (s.leo[i] >= leaderLeo) s.lastCaughtUpMs[i] = nowMs;
        if (!s.inIsr[i] && s.leo[i] >= leaderLeo) {
          s.inIsr[i] = true;
          isrChanged = true;
        } else if (s.inIsr[i] && nowMs - s.lastCaughtUpMs[i] > rep.lagTimeMaxMs) {
          s.inIsr[i] = false;
          isrChanged = true;
        }
      }
      if (isrChanged) emitIsr(ctx, s);
      updateHighWatermark(ctx, s, log);
    }
  }
}

/** After the leader appended: with the leader alone in the ISR the HW follows its log end at once. */
export function afterLeaderAppend(ctx: EngineContext, topic: string, touched: number[]): void {
  const sets = ctx.w.replication!.sets[topic];
  for (const p of touched) {
    const s = sets[p];
    const log = ctx.w.topics[topic].logs[p];
    s.leo[s.leader] = log.logEndOffset;
    if (isrCount(s) === 1) updateHighWatermark(ctx, s, log);
  }
}

/** HW = the lowest log end among ISR members; acks=all records below it are acknowledged. */
function updateHighWatermark(ctx: EngineContext, s: ReplicaSetRt, log: PartitionLog): void {
  if (s.leader < 0) return;
  s.leo[s.leader] = log.logEndOffset;
  let hw = log.logEndOffset;
  for (let i = 0; i < s.replicas.length; i++) if (s.inIsr[i] && s.leo[i] < hw) hw = s.leo[i];
  if (hw > s.highWatermark) {
    s.highWatermark = hw;
    log.highWatermark = hw;
    wakeReaders(ctx, s);
  }
  // With the ISR below min.insync.replicas the broker answers NOT_ENOUGH_REPLICAS_AFTER_APPEND:
  // those acks=all records stay unacknowledged until the ISR grows back.
  if (isrCount(s) >= s.minIsr && s.highWatermark > s.ackedUpTo) s.ackedUpTo = s.highWatermark;
}

function wakeReaders(ctx: EngineContext, s: ReplicaSetRt): void {
  const w = ctx.w;
  for (const id in w.groups) {
    const g = w.groups[id];
    if (g.config.topic !== s.topic) continue;
    const owner = g.owner[s.partition];
    const m = owner === null ? undefined : w.members[owner];
    if (m && m.loop.state === 'Idle' && m.loop.reason === 'waiting-for-data') ctx.sendToLoop(m, POLL);
  }
}

function emitIsr(ctx: EngineContext, s: ReplicaSetRt): void {
  if (ctx.wants('isr-changed'))
    ctx.emit({
      type: 'isr-changed',
      atMs: ctx.w.nowMs,
      topic: s.topic,
      partition: s.partition,
      isr: isrBrokers(s),
    });
}

function setBrokerState(ctx: EngineContext, rep: ReplicationRt, brokerId: number, to: BrokerState): void {
  const b = rep.brokers[brokerId];
  const from = b.state;
  b.state = to;
  if (from !== to && ctx.wants('broker-state'))
    ctx.emit({ type: 'broker-state', atMs: ctx.w.nowMs, brokerId, from, to });
}

/** crash-broker and isolate-broker: the controller fences it, shrinks ISRs and moves its leaderships. */
export function brokerDown(ctx: EngineContext, brokerId: number, to: 'crashed' | 'isolated'): void {
  const rep = ctx.w.replication!;
  setBrokerState(ctx, rep, brokerId, to);
  for (const topic in rep.sets) {
    for (const s of rep.sets[topic]) {
      const i = s.replicas.indexOf(brokerId);
      if (i < 0) continue;
      // The last ISR member stays in the ISR (Kafka keeps it so it can come back cleanly).
      if (s.inIsr[i] && isrCount(s) > 1) {
        s.inIsr[i] = false;
        emitIsr(ctx, s);
      }
      if (s.leader === i) elect(ctx, rep, s);
      else updateHighWatermark(ctx, s, logOf(ctx, s));
    }
  }
}

/** restart-broker and the end of an isolation: offline partitions may elect it; it truncates, then follows. */
export function brokerUp(ctx: EngineContext, brokerId: number): void {
  const rep = ctx.w.replication!;
  const b = rep.brokers[brokerId];
  b.isolatedUntilMs = -1;
  setBrokerState(ctx, rep, brokerId, 'up');
  for (const topic in rep.sets) {
    for (const s of rep.sets[topic]) {
      const i = s.replicas.indexOf(brokerId);
      if (i < 0) continue;
      if (s.leader < 0) {
        elect(ctx, rep, s);
        continue;
      }
      // KIP-101: the returning replica truncates to where its log and the leader's agree.
      const end = Math.min(logOf(ctx, s).logEndOffset, s.divergedAt[i] >= 0 ? s.divergedAt[i] : s.leo[i]);
      s.divergedAt[i] = -1;
      if (s.leo[i] > end) truncateReplica(ctx, s, i, end);
    }
  }
}

function truncateReplica(ctx: EngineContext, s: ReplicaSetRt, i: number, to: number): void {
  const from = s.leo[i];
  s.leo[i] = to;
  if (ctx.wants('truncated'))
    ctx.emit({
      type: 'truncated',
      atMs: ctx.w.nowMs,
      topic: s.topic,
      partition: s.partition,
      brokerId: s.replicas[i],
      fromOffset: from,
      toOffset: to,
    });
}

/** Picks a leader: the first live ISR member, else (unclean) the first live replica, else offline. */
function elect(ctx: EngineContext, rep: ReplicationRt, s: ReplicaSetRt): void {
  const previous = s.leader >= 0 ? s.replicas[s.leader] : -1;
  let next = -1;
  for (let i = 0; i < s.replicas.length && next < 0; i++)
    if (s.inIsr[i] && isUp(rep, s.replicas[i])) next = i;
  let isUnclean = false;
  if (next < 0 && s.isUncleanAllowed) {
    for (let i = 0; i < s.replicas.length && next < 0; i++) if (isUp(rep, s.replicas[i])) next = i;
    isUnclean = next >= 0;
  }
  const log = logOf(ctx, s);
  if (next < 0) {
    if (s.leader >= 0 || s.offlineSinceMs < 0) {
      s.leader = -1;
      s.offlineSinceMs = ctx.w.nowMs;
      log.isOffline = true;
      if (ctx.wants('partition-offline'))
        ctx.emit({ type: 'partition-offline', atMs: ctx.w.nowMs, topic: s.topic, partition: s.partition });
    }
    return;
  }
  if (s.offlineSinceMs >= 0) {
    s.unavailableMs += ctx.w.nowMs - s.offlineSinceMs;
    s.offlineSinceMs = -1;
  }
  log.isOffline = false;
  s.leader = next;
  s.leaderEpoch += 1;
  rep.leaderElections += 1;
  if (isUnclean) {
    rep.uncleanElections += 1;
    s.inIsr.fill(false);
  }
  s.inIsr[next] = true;
  for (let i = 0; i < s.replicas.length; i++)
    if (!isUp(rep, s.replicas[i]) && isrCount(s) > 1) s.inIsr[i] = false;
  const newEnd = s.leo[next];
  if (newEnd < log.logEndOffset) truncateShared(ctx, rep, s, log, newEnd);
  for (let i = 0; i < s.replicas.length; i++) {
    if (i === next || s.leo[i] <= newEnd) continue;
    if (isUp(rep, s.replicas[i])) truncateReplica(ctx, s, i, newEnd);
    // A replica that is down truncates when it returns (brokerUp), from its old log end.
    else if (s.divergedAt[i] < 0 || s.divergedAt[i] > newEnd) s.divergedAt[i] = newEnd;
  }
  s.divergedAt[next] = -1;
  if (s.highWatermark > newEnd) s.highWatermark = newEnd;
  if (s.ackedUpTo > newEnd) s.ackedUpTo = newEnd;
  log.highWatermark = s.highWatermark;
  if (ctx.wants('leader-elected'))
    ctx.emit({
      type: 'leader-elected',
      atMs: ctx.w.nowMs,
      topic: s.topic,
      partition: s.partition,
      leader: s.replicas[next],
      previous,
      leaderEpoch: s.leaderEpoch,
      isUnclean,
    });
  emitIsr(ctx, s);
  updateHighWatermark(ctx, s, log);
}

/** The new leader's log is shorter: records above it are gone from the partition. */
function truncateShared(
  ctx: EngineContext,
  rep: ReplicationRt,
  s: ReplicaSetRt,
  log: PartitionLog,
  newEnd: number,
): void {
  const removed = truncateTo(log, newEnd);
  const groups: GroupRt[] = [];
  for (const id in ctx.w.groups) if (ctx.w.groups[id].config.topic === s.topic) groups.push(ctx.w.groups[id]);
  const pending = rep.pending[s.topic];
  const resent: LogRecord[] = [];
  for (const r of removed) {
    const isAcknowledged = r.acks !== -1 || r.offset < s.ackedUpTo;
    if (!isAcknowledged && r.redriveCount === 0) {
      resent.push(r);
      continue;
    }
    if (isAcknowledged) rep.acknowledgedLost += 1;
    for (const g of groups) markLost(ctx, g, s.partition, r);
  }
  // Unacknowledged acks=all records: the producer never got its ack and sends them again.
  for (const r of resent) {
    rep.resent += 1;
    for (const g of groups)
      if (g.startOffsets[s.partition] >= 0 && r.offset >= g.startOffsets[s.partition]) g.produced -= 1;
    const producer = producerOf(ctx, s.topic);
    pending.push({
      producerId: producer.id,
      partition: s.partition,
      messageId: r.messageId,
      key: r.key,
      producedAtMs: r.producedAtMs,
      sizeBytes: r.sizeBytes,
      isPoison: r.isPoison,
      acks: r.acks,
      deadlineMs: r.producedAtMs + producer.deliveryTimeoutMs,
    });
  }
  // Consumers that read past the new end go back to it (KIP-320 detects the truncation).
  for (const g of groups) {
    if (g.committed[s.partition] > newEnd) g.committed[s.partition] = newEnd;
    const owner = g.owner[s.partition];
    const m = owner === null ? undefined : ctx.w.members[owner];
    if (m && m.positions[s.partition] > newEnd) m.positions[s.partition] = newEnd;
  }
}

function markLost(ctx: EngineContext, g: GroupRt, partition: number, r: LogRecord): void {
  if (g.startOffsets[partition] < 0 || r.offset < g.startOffsets[partition]) return;
  const id = r.messageId;
  if (countOf(g.sink, id) > 0 || g.lost.has(id) || g.deadLetteredIds.has(id)) return;
  g.lost.add(id);
  if (ctx.wants('lost'))
    ctx.emit({
      type: 'lost',
      atMs: ctx.w.nowMs,
      groupId: g.config.groupId,
      messageId: id,
      reason: 'truncated by a leader election',
    });
}

function producerOf(ctx: EngineContext, topic: string): { id: string; deliveryTimeoutMs: number } {
  const p = ctx.w.producers.find((x) => x.config.topic === topic);
  return p ? p.config : { id: '', deliveryTimeoutMs: 120_000 };
}
