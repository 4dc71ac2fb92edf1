// The application thread of a consumer: poll() → process each record → commit, as the
// Java client's loop runs it. max.poll.records caps a poll; enable.auto.commit commits
// the previous poll's position inside poll() every auto.commit.interval.ms, and an idle
// consumer's poll returns when that commit is due; manual modes commit synchronously
// after (at-least-once) or before (at-most-once) processing.

import { isKeyParked, parkBehind } from '../delivery/parking';
import { applyEffect, handleFailure, isAttemptFailing } from '../delivery/processing';
import type { EngineContext } from '../engineContext';
import { fetchEnd, fetchRecord, indexAtOrAfter, latestOffset, type PartitionLog } from '../log/partitionLog';
import type { LoopEventType } from '../machines/consumerLoop.machine';
import type { LoopHooks } from '../machines/loopTable';
import {
  abortTransform,
  addAbortedRead,
  beforeTransformFetch,
  commitTransform,
  writeOutput,
} from '../transactions/engineTxn';
import { lastStableOffsetOf } from '../transactions/state';
import type { BatchEntry, GroupRt, MemberRt } from '../world';
import { isCooperative } from './assignors';
import {
  emitCommitRejected,
  emitOffsetsReset,
  fenceMember,
  markSkipped,
  rereadFromCommitted,
  revokePartitions,
  rewindBatch,
} from './partitions';

const FETCHING: ReadonlySet<string> = new Set(['Stable', 'Joining', 'AwaitingAssignment']);

type LoopCrash = Extract<LoopEventType, `CRASH${string}`>;

const POLL = { type: 'POLL' } as const;
const PROCESS = { type: 'PROCESS' } as const;
const COMMIT = { type: 'COMMIT' } as const;
const REJOINING = { type: 'REJOINING' } as const;

/** The engine's side of the loop machine's hooks. */
export function loopHooks(ctx: EngineContext): LoopHooks<MemberRt> {
  return {
    schedulePoll: (m) =>
      ctx.schedule(ctx.w.nowMs, { kind: 'poll', memberId: m.memberId, incarnation: m.incarnation }),
    disarmCrash: (m) => {
      m.loop.armedCrash = null;
    },
    armAutoCommitWake: (m) => {
      // The long poll waits for data, but the Java client bounds the wait by the auto-commit
      // timer (ConsumerCoordinator.timeToNextPoll), so what the last polls returned is
      // committed when the interval is up even if no record ever comes again. Only a member
      // with something to commit is woken, once: an idle group costs nothing.
      const g = ctx.w.groups[m.groupId];
      if (g.config.commit !== 'auto' || m.loop.isAutoCommitWakeArmed || !hasUncommittedPosition(g, m)) return;
      m.loop.isAutoCommitWakeArmed = true;
      ctx.schedule(Math.max(ctx.w.nowMs, nextAutoCommitAtMs(g, m)), {
        kind: 'auto-commit-due',
        memberId: m.memberId,
      });
    },
  };
}

/** When poll() next auto-commits; the wake is scheduled at exactly this time, so it is due then. */
function nextAutoCommitAtMs(g: GroupRt, m: MemberRt): number {
  return m.lastAutoCommitAtMs + g.config.autoCommitIntervalMs;
}

/**
 * Whether the member owns a partition whose position is past where the group stands (its
 * committed offset, else the offset it started from): progress that lag still counts.
 */
function hasUncommittedPosition(g: GroupRt, m: MemberRt): boolean {
  for (const p of m.assigned)
    if (g.owner[p] === m.memberId && m.positions[p] > Math.max(g.committed[p], g.startOffsets[p]))
      return true;
  return false;
}

/** The auto-commit wake: a loop still waiting for data polls, and that poll auto-commits. */
export function onAutoCommitDue(ctx: EngineContext, memberId: string): void {
  const m = ctx.w.members[memberId];
  if (!m) return;
  m.loop.isAutoCommitWakeArmed = false;
  // A loop that found data meanwhile commits in its own next poll() once the interval is up.
  if (m.loop.state !== 'Idle' || m.loop.reason !== 'waiting-for-data') return;
  if (hasUncommittedPosition(ctx.w.groups[m.groupId], m)) ctx.sendToLoop(m, POLL);
}

export function onPoll(ctx: EngineContext, memberId: string, incarnation: number): void {
  const m = ctx.w.members[memberId];
  if (!m || m.incarnation !== incarnation) return;
  const g = ctx.w.groups[m.groupId];
  if (m.state === 'Stale') {
    ctx.sendToLoop(m, REJOINING);
    ctx.sendToMember(memberId, { type: 'POLL' });
    return;
  }
  if (!FETCHING.has(m.state)) {
    ctx.sendToLoop(m, { type: 'STOP' });
    return;
  }
  m.lastPollAtMs = ctx.w.nowMs;
  if (!m.loop.isPollDeadlineArmed) {
    // One timer per member, re-armed lazily: cheaper than one per poll() at high rates.
    m.loop.isPollDeadlineArmed = true;
    ctx.schedule(ctx.w.nowMs + g.config.maxPollIntervalMs, { kind: 'poll-deadline', memberId });
  }

  if (g.config.commit === 'auto' && ctx.w.nowMs >= nextAutoCommitAtMs(g, m)) {
    m.lastAutoCommitAtMs = ctx.w.nowMs;
    sendCommit(ctx, m, 'none');
  }
  if (m.loop.isRejoinRequested && m.state === 'Stable') {
    if (!isCooperative(g.config.strategy)) {
      // Eager: onPartitionsRevoked for everything (auto-commit commits first), then JoinGroup.
      if (g.config.commit === 'auto') sendCommit(ctx, m, 'none');
      revokePartitions(ctx, m, [...m.assigned], 'revoked');
    }
    if (!isCooperative(g.config.strategy)) ctx.sendToLoop(m, REJOINING);
    ctx.sendToMember(memberId, { type: 'REJOIN' });
    if (!isCooperative(g.config.strategy)) return;
  }
  if (m.state !== 'Stable' && !isCooperative(g.config.strategy)) {
    ctx.sendToLoop(m, REJOINING);
    return;
  }
  fetchBatch(ctx, m, g);
}

function fetchBatch(ctx: EngineContext, m: MemberRt, g: GroupRt): void {
  const logs = ctx.w.topics[g.config.topic].logs;
  const assigned = m.assigned;
  const batch: BatchEntry[] = [];
  const max = g.config.maxPollRecords;
  const n = assigned.length;
  if (g.config.transform !== null && beforeTransformFetch(ctx, g, m)) rereadFromCommitted(ctx, g, m);
  const isReadCommitted = g.config.isolationLevel === 'read_committed';
  // Round-robin over owned partitions so one busy partition cannot starve the others.
  for (let k = 0; k < n && batch.length < max; k++) {
    const p = assigned[(m.fetchCursor + k) % n];
    const log = logs[p];
    let position = m.positions[p];
    if (position < log.logStartOffset) position = resetOutOfRange(ctx, g, m, p);
    const from = position;
    const rows = log.records;
    const txn = log.txn;
    // read_committed stops at the last stable offset; every reader steps over markers.
    const end = txn === null ? fetchEnd(log) : transactionalFetchEnd(log, isReadCommitted);
    let abortedRead = 0;
    for (let i = indexAtOrAfter(log, position); i < rows.length && batch.length < max; i++) {
      const offset = rows.offsets[i];
      if (offset >= end) break;
      position = offset + 1;
      if (txn !== null) {
        const messageId = rows.messageIds[i];
        if (messageId < 0 || txn.abortedOffsets.has(offset)) {
          if (messageId < 0 || isReadCommitted) continue;
          abortedRead += 1;
        }
      }
      batch.push({
        partition: p,
        record: fetchRecord(rows, i),
        attempt: 1,
        firstErrorAtMs: -1,
        firstStartedAtMs: -1,
        isRedelivery: false,
      });
    }
    if (txn !== null) {
      if (abortedRead > 0) addAbortedRead(ctx, g, abortedRead);
      if (position > (txn.fetchedUpTo[g.config.groupId] ?? 0)) txn.fetchedUpTo[g.config.groupId] = position;
    }
    m.positions[p] = position;
    if (position > from && ctx.wants('fetched')) {
      ctx.emit({
        type: 'fetched',
        atMs: ctx.w.nowMs,
        groupId: g.config.groupId,
        memberId: m.memberId,
        topic: g.config.topic,
        partition: p,
        fromOffset: from,
        toOffset: position - 1,
      });
    }
  }
  m.fetchCursor = n > 0 ? (m.fetchCursor + 1) % n : 0;
  if (batch.length === 0) {
    if (
      g.config.commit !== 'auto' &&
      g.config.transform === null &&
      g.state === 'Stable' &&
      hasUncommittedPosition(g, m)
    ) {
      // The fetch moved positions without returning a record (it stepped over transaction
      // markers or aborted records, or auto.offset.reset moved it): commitSync() after the
      // poll stores them, else the group shows lag that no record will ever clear (what
      // Spring Kafka's fixTxOffsets works around). Only a Stable group: a refused commit
      // then polls into an idle loop instead of retrying.
      sendCommit(ctx, m, 'poll');
      return;
    }
    // A long poll: the fetch returns as soon as data arrives (fetch.min.bytes = 1).
    ctx.sendToLoop(m, { type: 'NO_DATA' });
    return;
  }
  g.delivered += batch.length;
  m.batch = batch;
  m.batchIndex = 0;
  if (g.config.commit === 'before-processing') {
    sendCommit(ctx, m, 'process');
    return;
  }
  processNext(ctx, m);
}

/** The last stable offset for read_committed, the log end for read_uncommitted (single broker). */
function transactionalFetchEnd(log: PartitionLog, isReadCommitted: boolean): number {
  return isReadCommitted ? lastStableOffsetOf(log.txn!, log.logEndOffset) : log.logEndOffset;
}

function resetOutOfRange(ctx: EngineContext, g: GroupRt, m: MemberRt, p: number): number {
  const log = ctx.w.topics[g.config.topic].logs[p];
  const to = g.config.autoOffsetReset === 'earliest' ? log.logStartOffset : latestOffset(log);
  emitOffsetsReset(
    ctx,
    g,
    p,
    to,
    `fetch position below log start: auto.offset.reset=${g.config.autoOffsetReset}`,
  );
  markSkipped(ctx, g, p, m.positions[p], to, 'skipped by auto.offset.reset=latest');
  m.positions[p] = to;
  return to;
}

/** Starts the next record of the batch, or ends the batch (commit, then poll). */
export function processNext(ctx: EngineContext, m: MemberRt): void {
  const g = ctx.w.groups[m.groupId];
  if (g.config.retry.mode === 'park-key') {
    // Records whose key has a record retrying wait behind it in the parking store.
    while (m.batchIndex < m.batch.length && isKeyParked(g, m.batch[m.batchIndex])) {
      const entry = m.batch[m.batchIndex];
      parkBehind(g, entry);
      if (ctx.wants('parked'))
        ctx.emit({
          type: 'parked',
          atMs: ctx.w.nowMs,
          groupId: g.config.groupId,
          memberId: m.memberId,
          topic: g.config.topic,
          partition: entry.partition,
          offset: entry.record.offset,
          messageId: entry.record.messageId,
          key: entry.record.key ?? '',
        });
      m.batchIndex += 1;
    }
  }
  if (m.batchIndex >= m.batch.length) {
    if (m.loop.armedCrash === 'after-process-before-commit' && m.batch.length > 0) {
      // The whole poll was processed and nothing of it committed yet: the widest gap for duplicates.
      crashNow(ctx, m, 'CRASH_AFTER_PROCESS');
      return;
    }
    m.batch = [];
    m.batchIndex = 0;
    m.current = null;
    if (g.config.commit === 'after-processing') sendCommit(ctx, m, 'poll');
    else ctx.sendToLoop(m, POLL);
    return;
  }
  if (m.loop.armedCrash === 'before-process') {
    crashNow(ctx, m, 'CRASH_BEFORE_PROCESS');
    return;
  }
  const entry = m.batch[m.batchIndex];
  if (entry.firstStartedAtMs < 0) entry.firstStartedAtMs = ctx.w.nowMs;
  const duration = sampleProcessingMs(ctx, g) * m.processingFactor;
  ctx.sendToLoop(m, PROCESS);
  m.current = { entry, startedAtMs: ctx.w.nowMs, endsAtMs: ctx.w.nowMs + duration, isBackoff: false };
  ctx.schedule(m.current.endsAtMs, { kind: 'record-done', memberId: m.memberId, incarnation: m.incarnation });
}

function sampleProcessingMs(ctx: EngineContext, g: GroupRt): number {
  const { meanMs, distribution } = g.config.processing;
  if (meanMs === 0) return 0;
  if (distribution === 'constant') return meanMs;
  if (distribution === 'uniform') return ctx.rng.float() * 2 * meanMs;
  return ctx.rng.exponential(meanMs);
}

export function onRecordDone(ctx: EngineContext, memberId: string, incarnation: number): void {
  const m = ctx.w.members[memberId];
  if (!m || m.incarnation !== incarnation) return;
  const current = m.current;
  if (!current) {
    processNext(ctx, m);
    return;
  }
  if (current.isBackoff) {
    // The backoff elapsed: attempt the same record again.
    m.current = null;
    processNext(ctx, m);
    return;
  }
  const g = ctx.w.groups[m.groupId];
  const entry = current.entry;
  const failure = isAttemptFailing(ctx, g, entry);
  if (failure) {
    if (handleFailure(ctx, g, m, entry, failure)) return; // backing off in place
  } else {
    applyEffect(ctx, g, m, entry, current.startedAtMs);
    if (g.config.transform !== null)
      writeOutput(
        ctx,
        g,
        m,
        entry.partition,
        entry.record.messageId,
        entry.record.key,
        entry.record.sizeBytes,
      );
    if (g.duplicateRemaining > 0 && !entry.isRedelivery) {
      // The demo fault: the same record is handed to the application a second time.
      g.duplicateRemaining -= 1;
      g.delivered += 1;
      m.batch.splice(m.batchIndex + 1, 0, { ...entry, attempt: 1, isRedelivery: true });
    }
  }
  m.batchIndex += 1;
  m.current = null;
  processNext(ctx, m);
}

/** Commits the member's fetch positions for its owned partitions (a sync commit). */
export function sendCommit(ctx: EngineContext, m: MemberRt, next: 'poll' | 'process' | 'none'): void {
  const offsets: number[][] = [];
  for (const p of m.assigned) if (m.positions[p] >= 0) offsets.push([p, m.positions[p]]);
  if (next === 'none') {
    ctx.schedule(ctx.w.nowMs + ctx.w.config.broker.networkLatencyMs, {
      kind: 'commit-done',
      memberId: m.memberId,
      incarnation: -1,
      offsets,
      generationId: m.generationId,
      next: 'poll',
    });
    return;
  }
  ctx.sendToLoop(m, COMMIT);
  ctx.schedule(ctx.w.nowMs + 2 * ctx.w.config.broker.networkLatencyMs, {
    kind: 'commit-done',
    memberId: m.memberId,
    incarnation: m.incarnation,
    offsets,
    generationId: m.generationId,
    next,
  });
}

export function onCommitDone(
  ctx: EngineContext,
  e: {
    memberId: string;
    incarnation: number;
    offsets: number[][];
    generationId: number;
    next: 'poll' | 'process';
  },
): void {
  const m = ctx.w.members[e.memberId];
  if (!m) return;
  const isAsync = e.incarnation === -1;
  if (!isAsync && m.incarnation !== e.incarnation) return;
  const g = ctx.w.groups[m.groupId];
  const coordinator = ctx.coordinators.get(m.groupId)!;
  const isKnown = coordinator.context.members.includes(e.memberId);
  const isSameGeneration = e.generationId === coordinator.context.generationId;
  const isRebalancing = g.state === 'CompletingRebalance';
  if (!isKnown || isRebalancing || !isSameGeneration) {
    const reason = !isKnown
      ? 'commit rejected: UNKNOWN_MEMBER_ID (member was removed)'
      : isRebalancing
        ? 'commit rejected: REBALANCE_IN_PROGRESS'
        : 'commit rejected: ILLEGAL_GENERATION';
    // KIP-447: the offsets sent in the transaction carry the group generation; refused, it aborts.
    if (g.config.transform !== null && !isAsync) {
      abortTransform(ctx, g, m, reason);
      rereadFromCommitted(ctx, g, m);
    }
    // A removed member (UNKNOWN_MEMBER_ID) or one from an older generation
    // (ILLEGAL_GENERATION) has lost its partitions: the Java client resets its generation,
    // calls onPartitionsLost and rejoins; its late commit is rejected so the new owner's
    // position stands. A commit that only met a rebalance in progress fails without fencing.
    const isFenced = !isKnown || (!isSameGeneration && !isRebalancing);
    if (
      isFenced &&
      !isAsync &&
      (m.state === 'Stable' || m.state === 'AwaitingAssignment' || m.state === 'Joining')
    ) {
      fenceMember(ctx, m, reason);
      return;
    }
    emitCommitRejected(ctx, m, reason);
    if (!isKnown && !isAsync && m.state === 'Stale') {
      // CommitFailedException after max.poll.interval.ms: the next poll() rejoins.
      ctx.sendToLoop(m, POLL);
      return;
    }
    if (isAsync || isFenced) return;
    if (e.next === 'process') {
      // At-most-once must not process what it failed to commit: seek back and poll again.
      rewindBatch(m);
      ctx.sendToLoop(m, POLL);
      return;
    }
    continueAfterCommit(ctx, m, e.next);
    return;
  }
  if (g.config.transform !== null && !isAsync && !commitTransform(ctx, g, m)) {
    rereadFromCommitted(ctx, g, m);
    continueAfterCommit(ctx, m, e.next);
    return;
  }
  if (m.isNextCommitLost) {
    m.isNextCommitLost = false;
    emitCommitRejected(ctx, m, 'commit lost in transit (fault): the member believes it committed');
  } else {
    const committed: { topic: string; partition: number; offset: number }[] = [];
    for (const [p, offset] of e.offsets) {
      if (g.owner[p] !== e.memberId) continue;
      if (offset > g.committed[p]) {
        g.committed[p] = offset;
        committed.push({ topic: g.config.topic, partition: p, offset });
      }
    }
    if (committed.length > 0 && ctx.wants('committed'))
      ctx.emit({
        type: 'committed',
        atMs: ctx.w.nowMs,
        groupId: m.groupId,
        memberId: m.memberId,
        offsets: committed,
      });
  }
  if (isAsync) return;
  continueAfterCommit(ctx, m, e.next);
}

function continueAfterCommit(ctx: EngineContext, m: MemberRt, next: 'poll' | 'process'): void {
  if (m.loop.armedCrash === 'after-commit-before-process-completes') {
    crashNow(ctx, m, 'CRASH_AFTER_COMMIT');
    return;
  }
  if (next === 'process') processNext(ctx, m);
  else ctx.sendToLoop(m, POLL);
}

export function onPollDeadline(ctx: EngineContext, memberId: string): void {
  const m = ctx.w.members[memberId];
  if (!m) return;
  m.loop.isPollDeadlineArmed = false;
  if (m.state !== 'Stable') return;
  const maxPollIntervalMs = ctx.w.groups[m.groupId].config.maxPollIntervalMs;
  const deadline = m.lastPollAtMs + maxPollIntervalMs;
  const isWaitingForData = m.loop.state === 'Idle' && m.loop.reason === 'waiting-for-data';
  if (isWaitingForData || ctx.w.nowMs < deadline) {
    m.loop.isPollDeadlineArmed = true;
    ctx.schedule(isWaitingForData ? ctx.w.nowMs + maxPollIntervalMs : deadline, {
      kind: 'poll-deadline',
      memberId,
    });
    return;
  }
  // The heartbeat thread notices poll() was not called in time and leaves the group.
  if (ctx.wants('evicted'))
    ctx.emit({
      type: 'evicted',
      atMs: ctx.w.nowMs,
      groupId: m.groupId,
      memberId,
      reason: 'max.poll.interval.ms',
    });
  // LeaveGroup from the heartbeat thread: the partitions go; the slow batch carries on.
  revokePartitions(ctx, m, [...m.assigned], 'abandoned');
  ctx.sendToMember(memberId, { type: 'POLL_TIMEOUT' });
}

/** The process dies now, or at the armed crash point the loop just reached. */
export function crashNow(ctx: EngineContext, m: MemberRt, at: LoopCrash = 'CRASH'): void {
  ctx.sendToLoop(m, { type: at });
  ctx.sendToMember(m.memberId, { type: 'CRASH' });
  if (m.restartAfterMs !== null) {
    ctx.schedule(ctx.w.nowMs + m.restartAfterMs, { kind: 'restart', memberId: m.memberId });
    m.restartAfterMs = null;
  }
}
