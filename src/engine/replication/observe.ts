// What snapshot() and metrics() show of replication (only when the scenario has `brokers`).

import type { EngineContext } from '../engineContext';
import type { BrokerSnapshot, PartitionSnapshot, ReplicationMetrics } from '../types';
import { isrBrokers, isrCount } from './state';

export function brokerSnapshots(ctx: EngineContext): BrokerSnapshot[] | undefined {
  return ctx.w.replication?.brokers.map((b) => ({ id: b.id, state: b.state, slowFactor: b.slowFactor }));
}

/** Adds leader, replicas, ISR, HW and per-replica log ends to a partition's snapshot. */
export function addReplicaFields(ctx: EngineContext, snap: PartitionSnapshot): void {
  const rep = ctx.w.replication;
  if (!rep) return;
  const s = rep.sets[snap.topic][snap.partition];
  snap.leader = s.leader >= 0 ? s.replicas[s.leader] : -1;
  snap.leaderEpoch = s.leaderEpoch;
  snap.replicas = [...s.replicas];
  snap.isr = isrBrokers(s);
  snap.highWatermark = s.highWatermark;
  snap.replicaLogEndOffsets = s.replicas.map((_, i) => (i === s.leader ? snap.logEndOffset : s.leo[i]));
}

export function replicationMetrics(ctx: EngineContext): ReplicationMetrics | undefined {
  const rep = ctx.w.replication;
  if (!rep) return undefined;
  let offline = 0;
  let under = 0;
  let underMin = 0;
  let unavailableMs = 0;
  for (const topic in rep.sets)
    for (const s of rep.sets[topic]) {
      const n = isrCount(s);
      if (s.leader < 0) {
        offline += 1;
        unavailableMs += s.unavailableMs + (ctx.w.nowMs - s.offlineSinceMs);
      } else unavailableMs += s.unavailableMs;
      if (n < s.replicas.length) under += 1;
      if (n < s.minIsr || s.leader < 0) underMin += 1;
    }
  let pending = 0;
  for (const topic in rep.pending) pending += rep.pending[topic].length;
  return {
    acknowledgedLost: rep.acknowledgedLost,
    resent: rep.resent,
    notEnoughReplicas: rep.notEnoughReplicas,
    expired: rep.expired,
    pending,
    offlinePartitions: offline,
    underReplicated: under,
    underMinIsr: underMin,
    unavailableMs,
    leaderElections: rep.leaderElections,
    uncleanElections: rep.uncleanElections,
  };
}
