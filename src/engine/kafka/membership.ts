// Group membership on the engine clock: JoinGroup/SyncGroup round trips, heartbeats and
// what a member does when the coordinator's answers arrive. Follows the classic protocol:
// the coordinator answers heartbeats with REBALANCE_IN_PROGRESS, members rejoin at their
// next poll(), the leader's assignment comes back in SyncGroup. Simplification: the
// coordinator runs the assignor itself instead of the elected leader.

import { createIdCounter } from '../delivery/idCounter';
import { createOrderTracker } from '../delivery/ordering';
import type { EngineContext } from '../engineContext';
import { createAutoscaleRt } from '../flow/state';
import type { MemberEvent, MemberHook } from '../machines/consumerMember.machine';
import type { CoordinatorHook } from '../machines/groupCoordinator.machine';
import type { Hooks } from '../machines/host';
import { createHistogram } from '../metrics/histogram';
import { createRateMeter } from '../metrics/rateMeter';
import { createStageLatency } from '../metrics/stages';
import type { GroupConfig } from '../scenario/config';
import type { GroupState, MemberState } from '../types';
import type { GroupRt, MemberRt } from '../world';
import { type Assignment, assign, isCooperative } from './assignors';
import { dropBuffer, fenceMember, positionFor, revokePartitions } from './partitions';

const HISTORY_LIMIT = 40;
const POLL = { type: 'POLL' } as const;

export function createGroupRt(config: GroupConfig, partitions: number, nowMs: number): GroupRt {
  return {
    config,
    state: 'Empty',
    stateSinceMs: nowMs,
    history: [{ atMs: nowMs, state: 'Empty' }],
    generationId: 0,
    leaderId: null,
    memberIds: [],
    nextMemberNumber: 1,
    committed: new Array(partitions).fill(-1),
    startOffsets: new Array(partitions).fill(-1),
    owner: new Array(partitions).fill(null),
    lastAssignment: {},
    rebalance: null,
    rebalances: 0,
    rebalanceTotalMs: 0,
    rebalanceLastMs: 0,
    sink: createIdCounter(),
    idempotencyStore: createIdCounter(),
    order: createOrderTracker(partitions),
    lost: new Set(),
    compacted: new Set(),
    deadLetteredIds: new Set(),
    produced: 0,
    delivered: 0,
    deduplicated: 0,
    failedAttempts: 0,
    latency: createHistogram(),
    latencyRecent: createHistogram(),
    latencyPrevious: createHistogram(),
    latencyWindowStartMs: nowMs,
    stages: createStageLatency(),
    consumed: createRateMeter(),
    attempts: createRateMeter(),
    failureRate: config.failureRate,
    outageUntilMs: -1,
    duplicateRemaining: 0,
    retryQueue: [],
    retryTimerAtMs: -1,
    lostToRetention: 0,
    autoscale: config.autoscale ? createAutoscaleRt(config.autoscale) : null,
    parked: {},
    parkedCount: 0,
  };
}

/** Member ids read like client ids: the group's first letter and a number ("p-1"). */
export function addMember(ctx: EngineContext, groupId: string): string {
  const g = ctx.w.groups[groupId];
  const prefix = groupId.slice(0, 1).toLowerCase() || 'c';
  let memberId = `${prefix}-${g.nextMemberNumber++}`;
  while (ctx.w.members[memberId]) memberId = `${groupId}-${g.nextMemberNumber++}`;
  const partitions = ctx.w.topics[g.config.topic].logs.length;
  const m: MemberRt = {
    memberId,
    groupId,
    incarnation: 0,
    heartbeatLoop: 0,
    state: 'Unjoined',
    stateSinceMs: ctx.w.nowMs,
    history: [{ atMs: ctx.w.nowMs, state: 'Unjoined' }],
    loop: {
      state: 'Stopped',
      reason: null,
      isRejoinRequested: false,
      isPollDeadlineArmed: false,
      isAutoCommitWakeArmed: false,
      armedCrash: null,
      isZombie: false,
    },
    assigned: [],
    revoked: [],
    positions: new Array(partitions).fill(-1),
    batch: [],
    batchIndex: 0,
    current: null,
    pausedAtMs: -1,
    pauseUntilMs: -1,
    deferred: [],
    processingFactor: 1,
    restartAfterMs: null,
    isNextCommitLost: false,
    lastPollAtMs: ctx.w.nowMs,
    lastAutoCommitAtMs: ctx.w.nowMs,
    processedCount: 0,
    generationId: -1,
    fetchCursor: 0,
  };
  ctx.w.members[memberId] = m;
  g.memberIds.push(memberId);
  ctx.memberMachines.start(memberId, { memberId, groupId });
  ctx.sendToMember(memberId, { type: 'JOIN' });
  return memberId;
}

export function recordMemberState(ctx: EngineContext, m: MemberRt, to: MemberState): void {
  if (m.state === to) return;
  const from = m.state;
  m.state = to;
  m.stateSinceMs = ctx.w.nowMs;
  m.history.push({ atMs: ctx.w.nowMs, state: to });
  if (m.history.length > HISTORY_LIMIT) m.history.shift();
  if (ctx.wants('member-state'))
    ctx.emit({ type: 'member-state', atMs: ctx.w.nowMs, groupId: m.groupId, memberId: m.memberId, from, to });
}

/**
 * The one place a group's state is written: copied from its coordinator machine's snapshot
 * (the host stores the new snapshot before it runs the transition's actions, so an action
 * can call this at the point where the change should appear in the event stream).
 */
export function syncGroupState(ctx: EngineContext, groupId: string): void {
  const g = ctx.w.groups[groupId];
  const snap = ctx.coordinators.get(groupId);
  if (!snap || !g) return;
  const to = (typeof snap.value === 'string' ? snap.value : Object.keys(snap.value)[0]) as GroupState;
  const generationId = snap.context.generationId;
  g.generationId = generationId;
  g.leaderId = snap.context.leaderId;
  if (g.state === to) return;
  const from = g.state;
  g.state = to;
  g.stateSinceMs = ctx.w.nowMs;
  g.history.push({ atMs: ctx.w.nowMs, state: to });
  if (g.history.length > HISTORY_LIMIT) g.history.shift();
  if (ctx.wants('group-state'))
    ctx.emit({ type: 'group-state', atMs: ctx.w.nowMs, groupId: g.config.groupId, from, to, generationId });
}

const latency = (ctx: EngineContext) => ctx.w.config.broker.networkLatencyMs;

/** Heartbeats run on their own thread in the Java client: every heartbeat.interval.ms. */
export function startHeartbeats(ctx: EngineContext, m: MemberRt): void {
  m.heartbeatLoop += 1;
  const g = ctx.w.groups[m.groupId];
  ctx.schedule(ctx.w.nowMs + g.config.heartbeatIntervalMs, {
    kind: 'heartbeat',
    memberId: m.memberId,
    loop: m.heartbeatLoop,
  });
}

const HEARTBEATING: ReadonlySet<MemberState> = new Set(['Joining', 'AwaitingAssignment', 'Stable']);

export function onHeartbeat(ctx: EngineContext, memberId: string, loop: number): void {
  const m = ctx.w.members[memberId];
  if (!m || m.heartbeatLoop !== loop) return;
  const g = ctx.w.groups[m.groupId];
  ctx.schedule(ctx.w.nowMs + g.config.heartbeatIntervalMs, { kind: 'heartbeat', memberId, loop });
  if (!HEARTBEATING.has(m.state)) return;
  const coordinator = ctx.coordinators.get(m.groupId)!;
  const members = coordinator.context.members;
  if (!members.includes(memberId)) {
    // UNKNOWN_MEMBER_ID: the coordinator already removed this member.
    if (m.state === 'Stable' || m.state === 'AwaitingAssignment')
      fenceMember(ctx, m, 'heartbeat rejected: UNKNOWN_MEMBER_ID');
    return;
  }
  ctx.schedule(ctx.w.nowMs + latency(ctx), {
    kind: 'to-coordinator',
    groupId: m.groupId,
    event: { type: 'HEARTBEAT', memberId },
  });
  const isRebalancing = g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance';
  if (isRebalancing && m.state === 'Stable' && !coordinator.context.joined.includes(memberId)) {
    requestRejoin(ctx, m);
  }
}

/** A frozen (paused) process receives nothing until the pause ends: the event waits. */
function deliverToMember(ctx: EngineContext, m: MemberRt, event: MemberEvent): void {
  if (m.state === 'Paused') m.deferred.push({ kind: 'to-member', memberId: m.memberId, event });
  else ctx.sendToMember(m.memberId, event);
}

/** REBALANCE_IN_PROGRESS reached the member; it rejoins inside its next poll(). */
export function requestRejoin(ctx: EngineContext, m: MemberRt): void {
  if (m.loop.isRejoinRequested) return;
  m.loop.isRejoinRequested = true;
  if (m.loop.state === 'Idle') ctx.sendToLoop(m, POLL);
}

// ---- Machine hooks -----------------------------------------------------------------------

/** The engine's side of the member machine's actions. */
export function memberHooks(ctx: EngineContext): Hooks<MemberHook> {
  const memberOf = (memberId: string) => ctx.w.members[memberId] as MemberRt | undefined;
  return {
    sendJoinGroup: (memberId) => {
      const m = memberOf(memberId);
      if (!m) return;
      m.loop.isRejoinRequested = false;
      ctx.schedule(ctx.w.nowMs + latency(ctx), {
        kind: 'to-coordinator',
        groupId: m.groupId,
        event: { type: 'JOIN_GROUP', memberId },
      });
      if (m.state === 'Unjoined' || m.state === 'Stale' || m.heartbeatLoop === 0) startHeartbeats(ctx, m);
    },
    sendLeaveGroup: (memberId) => {
      const m = memberOf(memberId);
      if (!m) return;
      ctx.schedule(ctx.w.nowMs + latency(ctx), {
        kind: 'to-coordinator',
        groupId: m.groupId,
        event: { type: 'LEAVE_GROUP', memberId },
      });
    },
    startFetching: (memberId) => {
      const m = memberOf(memberId);
      // Mid-batch (a cooperative member kept processing while it rejoined) the loop polls
      // by itself when the batch is done; polling now would overwrite the batch.
      if (
        m &&
        m.batchIndex >= m.batch.length &&
        m.current === null &&
        m.loop.state !== 'Committing' &&
        m.loop.state !== 'Polling'
      )
        ctx.sendToLoop(m, POLL);
    },
    stopProcessing: (memberId) => {
      const m = memberOf(memberId);
      if (m) dropBuffer(ctx, m);
    },
    resumed: (memberId) => {
      const m = memberOf(memberId);
      if (m) resumeAfterPause(ctx, m);
    },
  };
}

function resumeAfterPause(ctx: EngineContext, m: MemberRt): void {
  // The frozen process continues exactly where it was: what reached it during the pause
  // (responses, its own timers) is handled now, and the record in hand gets the rest of its
  // processing time. Then the loop polls, and may find it was fenced meanwhile.
  const pausedMs = m.pausedAtMs >= 0 ? ctx.w.nowMs - m.pausedAtMs : 0;
  m.pausedAtMs = -1;
  const deferred = m.deferred;
  m.deferred = [];
  for (const event of deferred) {
    if (event.kind === 'record-done' && m.current) {
      m.current.endsAtMs += pausedMs;
      ctx.schedule(Math.max(ctx.w.nowMs, m.current.endsAtMs), event);
    } else ctx.schedule(ctx.w.nowMs, event);
  }
}

/** The engine's side of the coordinator machine's actions. */
export function coordinatorHooks(ctx: EngineContext): Hooks<CoordinatorHook> {
  return {
    announceRebalance: (groupId) => {
      const g = ctx.w.groups[groupId];
      const snap = ctx.coordinators.get(groupId)!;
      if (!g.rebalance) {
        g.rebalance = { startedAtMs: ctx.w.nowMs, reason: snap.context.lastRebalanceReason, round: 1 };
        g.rebalances += 1;
      } else {
        g.rebalance.round += 1;
      }
      if (ctx.wants('rebalance-started')) {
        ctx.emit({
          type: 'rebalance-started',
          atMs: ctx.w.nowMs,
          groupId,
          reason: snap.context.lastRebalanceReason || 'rebalance',
          protocol: g.config.strategy,
        });
      }
    },
    computeAssignment: (groupId) => computeAssignment(ctx, ctx.w.groups[groupId]),
    groupStable: (groupId) => deliverAssignment(ctx, ctx.w.groups[groupId]),
    memberRemoved: (groupId, event) => {
      const g = ctx.w.groups[groupId];
      const memberId = (event as { memberId?: string }).memberId ?? '';
      const m = ctx.w.members[memberId];
      for (let p = 0; p < g.owner.length; p++) if (g.owner[p] === memberId) g.owner[p] = null;
      if (event.type === 'SESSION_EXPIRED' && ctx.wants('evicted')) {
        ctx.emit({ type: 'evicted', atMs: ctx.w.nowMs, groupId, memberId, reason: 'session.timeout.ms' });
      }
      // A member that is still running but was removed is a zombie until it finds out.
      if (m && (m.state === 'Stable' || m.state === 'Paused' || m.state === 'AwaitingAssignment'))
        m.loop.isZombie = true;
    },
  };
}

function computeAssignment(ctx: EngineContext, g: GroupRt): void {
  const snap = ctx.coordinators.get(g.config.groupId)!;
  const joined = snap.context.joined;
  const topic = g.config.topic;
  const partitions = ctx.w.topics[topic].logs.length;
  const members = joined.map((memberId) => ({ memberId, topics: [topic] }));
  // Ownership the members report in JoinGroup (sticky userData / ownedPartitions).
  const previous: Assignment = {};
  for (const memberId of joined) {
    const m = ctx.w.members[memberId];
    previous[memberId] = (
      isCooperative(g.config.strategy)
        ? m.assigned
        : (g.lastAssignment[memberId] ?? []).map((tp) => tp.partition)
    ).map((partition) => ({ topic, partition }));
  }
  const result = assign(g.config.strategy, members, { [topic]: partitions }, previous);
  g.lastAssignment = result;
  syncGroupState(ctx, g.config.groupId);
  for (const memberId of joined) {
    ctx.schedule(ctx.w.nowMs + latency(ctx), {
      kind: 'to-member',
      memberId,
      event: { type: 'JOINED', generationId: snap.context.generationId },
    });
  }
  ctx.schedule(ctx.w.nowMs + 2 * latency(ctx), {
    kind: 'sync',
    groupId: g.config.groupId,
    generationId: snap.context.generationId,
  });
}

function deliverAssignment(ctx: EngineContext, g: GroupRt): void {
  const snap = ctx.coordinators.get(g.config.groupId)!;
  const generationId = snap.context.generationId;
  let mustRejoin = false;
  for (const memberId of snap.context.members) {
    const m = ctx.w.members[memberId];
    if (!m) continue;
    const target = (g.lastAssignment[memberId] ?? []).map((tp) => tp.partition);
    const toRevoke = m.assigned.filter((p) => !target.includes(p));
    if (toRevoke.length > 0) {
      revokePartitions(ctx, m, toRevoke, 'revoked');
      mustRejoin = true;
    }
    const added = target.filter((p) => !m.assigned.includes(p));
    for (const p of added) {
      g.owner[p] = memberId;
      m.positions[p] = positionFor(ctx, g, p);
    }
    // A kept partition may have lost its owner on the coordinator side meanwhile (the member
    // was removed while it rejoined): the assignment names the owner again.
    for (const p of target) {
      if (g.owner[p] !== memberId) g.owner[p] = memberId;
      if (m.positions[p] < 0) m.positions[p] = positionFor(ctx, g, p);
    }
    m.assigned = [...m.assigned.filter((p) => target.includes(p)), ...added].sort((a, b) => a - b);
    m.revoked = m.revoked.filter((p) => !m.assigned.includes(p));
    m.generationId = generationId;
    if (added.length > 0 && ctx.wants('assigned')) {
      ctx.emit({
        type: 'assigned',
        atMs: ctx.w.nowMs,
        groupId: g.config.groupId,
        memberId,
        partitions: added.map((partition) => ({ topic: g.config.topic, partition })),
      });
    }
    deliverToMember(ctx, m, { type: 'ASSIGNED', generationId });
    // Cooperative: a member that gave partitions up rejoins for the follow-up round.
    if (toRevoke.length > 0 && isCooperative(g.config.strategy)) deliverToMember(ctx, m, { type: 'REJOIN' });
  }
  syncGroupState(ctx, g.config.groupId);
  const unowned = g.owner.some((o) => o === null) && snap.context.members.length > 0;
  if (g.rebalance && !(mustRejoin && isCooperative(g.config.strategy) && unowned)) {
    const durationMs = ctx.w.nowMs - g.rebalance.startedAtMs;
    g.rebalanceLastMs = durationMs;
    g.rebalanceTotalMs += durationMs;
    g.rebalance = null;
    if (ctx.wants('rebalance-completed')) {
      ctx.emit({
        type: 'rebalance-completed',
        atMs: ctx.w.nowMs,
        groupId: g.config.groupId,
        generationId,
        durationMs,
      });
    }
  }
}
