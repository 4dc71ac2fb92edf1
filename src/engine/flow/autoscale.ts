// Consumer autoscaling on lag, as KEDA's Kafka scaler does it: every pollingInterval the
// desired consumer count is ceil(total lag / lagThreshold), kept within minReplicaCount and
// maxReplicaCount and, unless allowIdleConsumers, within the partition count (a partition
// has one owner per group: more consumers would sit idle). Scale-out and scale-in each wait
// for their cooldown since the last change. Scale-in removes the newest consumer, which
// leaves the group cleanly (LeaveGroup), so the group rebalances at once.

import type { EngineContext } from '../engineContext';
import type { AutoscaleMetrics } from '../flowTypes';
import { addMember } from '../kafka/membership';
import { dropBuffer, revokePartitions } from '../kafka/partitions';
import type { GroupRt, MemberRt } from '../world';
import { watchedLag } from './producerFlow';

export function startAutoscalers(ctx: EngineContext): void {
  for (const id in ctx.w.groups) {
    const a = ctx.w.groups[id].autoscale;
    if (a) ctx.schedule(ctx.w.nowMs + a.config.pollingIntervalMs, { kind: 'autoscale', groupId: id });
  }
}

function liveMembers(ctx: EngineContext, g: GroupRt): MemberRt[] {
  return g.memberIds
    .map((id) => ctx.w.members[id])
    .filter((m) => m.state !== 'Left' && m.state !== 'Crashed');
}

export function onAutoscale(ctx: EngineContext, groupId: string): void {
  const w = ctx.w;
  const g = w.groups[groupId];
  const a = g?.autoscale;
  if (!a) return;
  const cfg = a.config;
  const partitions = w.topics[g.config.topic].logs.length;
  const lag = watchedLag(w, g.config.topic, groupId);
  let desired = Math.ceil(lag / cfg.lagThreshold);
  a.note = `lag ${lag} / ${cfg.lagThreshold} per consumer`;
  if (desired > cfg.maxReplicaCount) {
    desired = cfg.maxReplicaCount;
    a.note = `capped at maxReplicaCount ${cfg.maxReplicaCount}`;
  }
  if (!cfg.allowIdleConsumers && desired > partitions) {
    desired = partitions;
    a.note = `capped at ${partitions} partitions: more consumers would sit idle`;
  }
  desired = Math.max(desired, cfg.minReplicaCount);
  a.desired = desired;
  const live = liveMembers(ctx, g);
  const now = w.nowMs;
  const lastChange = Math.max(a.lastScaleOutMs, a.lastScaleInMs);
  if (desired > live.length && now - lastChange >= cfg.scaleOutCooldownMs) {
    for (let i = live.length; i < desired && g.memberIds.length < 64; i++) addMember(ctx, groupId);
    a.lastScaleOutMs = now;
    a.scaleOuts += 1;
  } else if (desired < live.length && now - lastChange >= cfg.scaleInCooldownMs) {
    const m = live[live.length - 1];
    revokePartitions(ctx, m, [...m.assigned], 'revoked');
    dropBuffer(ctx, m);
    ctx.sendToMember(m.memberId, { type: 'LEAVE' });
    a.lastScaleInMs = now;
    a.scaleIns += 1;
  }
  ctx.schedule(now + cfg.pollingIntervalMs, { kind: 'autoscale', groupId });
}

export function autoscaleMetrics(ctx: EngineContext, g: GroupRt): AutoscaleMetrics | undefined {
  const a = g.autoscale;
  if (!a) return undefined;
  const live = liveMembers(ctx, g);
  return {
    desired: a.desired,
    live: live.length,
    idle: live.filter((m) => m.state === 'Stable' && m.assigned.length === 0).length,
    scaleOuts: a.scaleOuts,
    scaleIns: a.scaleIns,
    note: a.note,
  };
}
