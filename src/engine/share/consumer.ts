// Share consumers and the share-partition leader, on the engine clock. A consumer's poll()
// is a ShareFetch: it carries the acknowledgements of the previous batch, then acquires up
// to max.poll.records records from any share-partition (round-robin over partitions, so
// every consumer reads every partition: the consumer count is not capped by partitions).
// Each acquisition starts a lock of `share.record.lock.duration.ms`; one engine event per
// ShareFetch checks its locks when they run out. Acknowledgements: explicit mode sends
// ACCEPT after a success, RELEASE after a transient failure and `onPoison` (REJECT by
// default) for a poison record; implicit mode (Kafka's default) accepts every delivered
// record at the next poll, as the Java client does, so a failed record is accepted unapplied.

import { countOf, increment } from '../delivery/idCounter';
import { isAttemptFailing } from '../delivery/processing';
import type { EngineContext } from '../engineContext';
import { recordAt } from '../log/partitionLog';
import { record as recordLatency } from '../metrics/histogram';
import { mark } from '../metrics/rateMeter';
import { recordDeliveredApplication } from '../metrics/stages';
import type { MemberState } from '../types';
import type { GroupRt } from '../world';
import { applyAcknowledgements, expireLocks } from './leader';
import { compileMachineTable, pickStep } from './machineTable';
import { type ShareLoopEventType, type ShareLoopState, shareConsumerMachine } from './shareConsumer.machine';
import { acquire } from './sharePartition';
import type { ShareConsumerRt, ShareEngineEvent, ShareEntry, ShareRt } from './state';
import type { AcknowledgeType } from './types';

export const SHARE_LOOP_TABLE = compileMachineTable<ShareLoopState, ShareLoopEventType>(shareConsumerMachine);

const HISTORY_LIMIT = 50;

type ShareGroup = GroupRt & { share: ShareRt };

function stepLoop(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt, type: ShareLoopEventType): void {
  const step = pickStep(SHARE_LOOP_TABLE, c.loop.state, type, () => true);
  if (!step) return;
  c.loop.state = step.target;
  for (const action of step.actions)
    if (action === 'schedulePoll')
      ctx.schedule(ctx.w.nowMs, {
        kind: 'share-poll',
        groupId: g.config.groupId,
        consumer: c.index,
        incarnation: c.incarnation,
      });
}

function setState(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt, to: MemberState): void {
  const from = c.state;
  if (from === to) return;
  c.state = to;
  c.stateSinceMs = ctx.w.nowMs;
  c.history.push({ atMs: ctx.w.nowMs, state: to });
  if (c.history.length > HISTORY_LIMIT) c.history.splice(0, c.history.length - HISTORY_LIMIT);
  if (ctx.wants('member-state'))
    ctx.emit({
      type: 'member-state',
      atMs: ctx.w.nowMs,
      groupId: g.config.groupId,
      memberId: c.memberId,
      from,
      to,
    });
}

export function isShareGroup(g: GroupRt | undefined): g is ShareGroup {
  return g?.share !== undefined;
}

/** The share group's first consumers (at boot, or when the group starts later). */
export function startShareGroup(ctx: EngineContext, groupId: string, count: number): void {
  const g = ctx.w.groups[groupId];
  if (!isShareGroup(g)) return;
  for (let i = 0; i < count; i++) addShareConsumer(ctx, g);
}

function isTaken(ctx: EngineContext, memberId: string): boolean {
  if (ctx.w.members[memberId]) return true;
  for (const g of Object.values(ctx.w.groups))
    if (g.share?.consumers.some((c) => c.memberId === memberId)) return true;
  return false;
}

export function addShareConsumer(ctx: EngineContext, g: ShareGroup): string {
  const share = g.share;
  let memberId = `${g.config.groupId}-${share.nextConsumerNumber++}`;
  while (isTaken(ctx, memberId)) memberId = `${g.config.groupId}-${share.nextConsumerNumber++}`;
  const c: ShareConsumerRt = {
    memberId,
    index: share.consumers.length,
    incarnation: 0,
    state: 'Stable',
    stateSinceMs: ctx.w.nowMs,
    history: [{ atMs: ctx.w.nowMs, state: 'Stable' }],
    loop: { state: 'Stopped' },
    batch: [],
    batchIndex: 0,
    current: null,
    pendingAcks: [],
    processingFactor: 1,
    pauseUntilMs: -1,
    deferred: [],
    restartAfterMs: null,
    armedCrash: null,
    processedCount: 0,
    fetchCursor: share.consumers.length % Math.max(1, share.partitions.length),
  };
  share.consumers.push(c);
  if (g.state !== 'Stable') {
    // A share group has no rebalance: it is Stable as soon as it has a member.
    const from = g.state;
    g.state = 'Stable';
    g.stateSinceMs = ctx.w.nowMs;
    g.history.push({ atMs: ctx.w.nowMs, state: 'Stable' });
    if (ctx.wants('group-state'))
      ctx.emit({
        type: 'group-state',
        atMs: ctx.w.nowMs,
        groupId: g.config.groupId,
        from,
        to: 'Stable',
        generationId: g.generationId,
      });
  }
  stepLoop(ctx, g, c, 'POLL');
  return memberId;
}

/** Wakes the consumers whose ShareFetch waits for records (new, released or expired ones). */
export function wakeShareConsumers(ctx: EngineContext, g: GroupRt): void {
  if (!isShareGroup(g)) return;
  // Waiting ShareFetches are answered in turn, starting one further each time, so no
  // consumer is always first (or always last) to get new records.
  const consumers = g.share.consumers;
  const n = consumers.length;
  const from = g.share.wakeCursor % Math.max(1, n);
  g.share.wakeCursor = from + 1;
  for (let k = 0; k < n; k++) {
    const c = consumers[(from + k) % n];
    if (c.state === 'Stable' && c.loop.state === 'Idle') stepLoop(ctx, g, c, 'POLL');
  }
}

export function onShareEvent(ctx: EngineContext, e: ShareEngineEvent): void {
  const g = ctx.w.groups[e.groupId];
  if (!isShareGroup(g)) return;
  if (e.kind === 'share-lock-expiry') {
    if (expireLocks(ctx, g, e.acquisitionId, e.entries)) wakeShareConsumers(ctx, g);
    return;
  }
  const c = g.share.consumers[e.consumer];
  if (!c) return;
  switch (e.kind) {
    case 'share-restart':
      if (c.state === 'Crashed') restartShareConsumer(ctx, g, c);
      return;
    case 'share-resume':
      if (c.state === 'Paused' && c.pauseUntilMs === e.untilMs) resume(ctx, g, c);
      return;
    case 'share-poll':
    case 'share-record-done':
      if (c.incarnation !== e.incarnation) return;
      if (c.state === 'Paused') {
        // A frozen process handles nothing; what reaches it waits until the pause ends.
        c.deferred.push(e);
        return;
      }
      if (c.state !== 'Stable') return;
      if (e.kind === 'share-poll') onSharePoll(ctx, g, c);
      else onShareRecordDone(ctx, g, c);
      return;
  }
}

function onSharePoll(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt): void {
  sendAcknowledgements(ctx, g, c);
  const share = g.share;
  const cfg = share.config;
  const logs = ctx.w.topics[g.config.topic].logs;
  const n = share.partitions.length;
  const max = g.config.maxPollRecords;
  const acquisitionId = share.nextAcquisitionId++;
  const lockUntilMs = ctx.w.nowMs + cfg.recordLockDurationMs;
  const batch: ShareEntry[] = [];
  const entries: number[] = [];
  const offsets: number[] = [];
  for (let k = 0; k < n && batch.length < max; k++) {
    const p = (c.fetchCursor + k) % n;
    const sp = share.partitions[p];
    offsets.length = 0;
    acquire(
      sp,
      logs[p],
      {
        max: max - batch.length,
        owner: c.index,
        acquisitionId,
        lockUntilMs,
        nowMs: ctx.w.nowMs,
        deliveryCountLimit: cfg.deliveryCountLimit,
        maxRecordLocks: cfg.maxRecordLocks,
      },
      offsets,
    );
    for (const offset of offsets) {
      const record = recordAt(logs[p], offset)!;
      const deliveryCount = sp.deliveryCount[offset - sp.spso];
      if (deliveryCount > 1) share.redeliveries += 1;
      batch.push({
        partition: p,
        record,
        attempt: deliveryCount,
        firstErrorAtMs: -1,
        firstStartedAtMs: -1,
        acquiredAtMs: ctx.w.nowMs,
        firstAcquiredAtMs: sp.firstAcquiredAtMs[offset - sp.spso],
        isRedelivery: false,
        acquisitionId,
        deliveryCount,
      });
      entries.push(p, offset);
      if (ctx.wants('acquired'))
        ctx.emit({
          type: 'acquired',
          atMs: ctx.w.nowMs,
          groupId: g.config.groupId,
          memberId: c.memberId,
          topic: g.config.topic,
          partition: p,
          offset,
          messageId: record.messageId,
          deliveryCount,
          lockUntilMs,
        });
    }
  }
  c.fetchCursor = n > 0 ? (c.fetchCursor + 1) % n : 0;
  if (batch.length === 0) {
    stepLoop(ctx, g, c, 'NO_DATA');
    return;
  }
  g.delivered += batch.length;
  ctx.schedule(lockUntilMs, { kind: 'share-lock-expiry', groupId: g.config.groupId, acquisitionId, entries });
  c.batch = batch;
  c.batchIndex = 0;
  processNext(ctx, g, c);
}

function processNext(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt): void {
  if (c.batchIndex >= c.batch.length) {
    if (c.armedCrash === 'after-process-before-commit' && c.batch.length > 0) {
      // Processed, acknowledgements not sent yet: the records come back when their locks expire.
      crashShareConsumer(ctx, g, c);
      return;
    }
    c.batch = [];
    c.batchIndex = 0;
    c.current = null;
    stepLoop(ctx, g, c, 'POLL');
    return;
  }
  if (c.armedCrash === 'before-process') {
    crashShareConsumer(ctx, g, c);
    return;
  }
  const entry = c.batch[c.batchIndex];
  const durationMs = sampleProcessingMs(ctx, g) * c.processingFactor;
  stepLoop(ctx, g, c, 'PROCESS');
  c.current = { entry, startedAtMs: ctx.w.nowMs, endsAtMs: ctx.w.nowMs + durationMs };
  ctx.schedule(c.current.endsAtMs, {
    kind: 'share-record-done',
    groupId: g.config.groupId,
    consumer: c.index,
    incarnation: c.incarnation,
  });
}

function sampleProcessingMs(ctx: EngineContext, g: GroupRt): number {
  const { meanMs, distribution } = g.config.processing;
  if (meanMs === 0) return 0;
  if (distribution === 'constant') return meanMs;
  if (distribution === 'uniform') return ctx.rng.float() * 2 * meanMs;
  return ctx.rng.exponential(meanMs);
}

function onShareRecordDone(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt): void {
  const current = c.current;
  if (!current) {
    processNext(ctx, g, c);
    return;
  }
  const entry = current.entry;
  const cfg = g.share.config;
  const failure = isAttemptFailing(ctx, g, entry);
  let ack: AcknowledgeType = 'ACCEPT';
  if (!failure) {
    applyShareEffect(ctx, g, c, entry, current.startedAtMs);
    if (g.duplicateRemaining > 0 && !entry.isRedelivery) {
      // The demo fault: the application is handed the same record a second time.
      g.duplicateRemaining -= 1;
      g.delivered += 1;
      c.batch.splice(c.batchIndex + 1, 0, { ...entry, isRedelivery: true });
    }
  } else {
    g.failedAttempts += 1;
    if (cfg.acknowledgementMode === 'explicit') ack = failure === 'poison' ? cfg.onPoison : 'RELEASE';
    if (ctx.wants('process-failed'))
      ctx.emit({
        type: 'process-failed',
        atMs: ctx.w.nowMs,
        groupId: g.config.groupId,
        memberId: c.memberId,
        topic: g.config.topic,
        partition: entry.partition,
        offset: entry.record.offset,
        messageId: entry.record.messageId,
        attempt: entry.deliveryCount,
        error:
          failure === 'poison'
            ? 'deserialization failed: the record does not match the schema'
            : failure === 'outage'
              ? 'dependency unavailable (outage)'
              : 'timeout calling the dependency',
        willRetry: ack === 'RELEASE' && entry.deliveryCount < cfg.deliveryCountLimit,
      });
  }
  if (!entry.isRedelivery)
    c.pendingAcks.push({
      partition: entry.partition,
      offset: entry.record.offset,
      acquisitionId: entry.acquisitionId,
      type: ack,
    });
  c.batchIndex += 1;
  c.current = null;
  processNext(ctx, g, c);
}

/** The side effect on the sink, through the idempotency store for effectively-once groups. */
function applyShareEffect(
  ctx: EngineContext,
  g: ShareGroup,
  c: ShareConsumerRt,
  entry: ShareEntry,
  startedAtMs: number,
): void {
  const w = ctx.w;
  const id = entry.record.messageId;
  let isDeduplicated = false;
  if (g.config.isIdempotent) {
    if (countOf(g.idempotencyStore, id) > 0) isDeduplicated = true;
    else increment(g.idempotencyStore, id);
  }
  let appliedCount = countOf(g.sink, id);
  if (isDeduplicated) g.deduplicated += 1;
  else appliedCount = increment(g.sink, id);
  if (g.lost.size > 0) g.lost.delete(id);
  if (g.deadLetteredIds.size > 0) g.deadLetteredIds.delete(id);
  recordLatency(g.latency, w.nowMs - entry.record.producedAtMs);
  recordLatency(g.latencyRecent, w.nowMs - entry.record.producedAtMs);
  // Available in the log until first acquired, the redelivery wait, the acquisition that succeeded.
  if (appliedCount === 1 && !isDeduplicated)
    recordDeliveredApplication(
      g.stages,
      {
        messageId: id,
        sentAtMs: entry.record.producedAtMs,
        firstReceivedAtMs: entry.firstAcquiredAtMs,
        receivedAtMs: entry.acquiredAtMs,
      },
      w.nowMs,
    );
  mark(g.consumed, w.nowMs);
  c.processedCount += 1;
  if (ctx.wants('processed'))
    ctx.emit({
      type: 'processed',
      atMs: w.nowMs,
      groupId: g.config.groupId,
      memberId: c.memberId,
      topic: g.config.topic,
      partition: entry.partition,
      offset: entry.record.offset,
      messageId: id,
      startedAtMs,
      appliedCount,
      isDeduplicated,
    });
}

/** The ShareFetch (or close()) carries the pending acknowledgements to the broker. */
function sendAcknowledgements(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt): void {
  if (c.pendingAcks.length === 0) return;
  const acks = c.pendingAcks;
  c.pendingAcks = [];
  if (applyAcknowledgements(ctx, g, acks, c.memberId)) wakeShareConsumers(ctx, g);
}

// ---- faults ---------------------------------------------------------------------------

export function crashShareConsumer(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt): void {
  stepLoop(ctx, g, c, 'CRASH');
  setState(ctx, g, c, 'Crashed');
  // The process is gone with its unsent acknowledgements: its records wait for their locks.
  dropWork(c);
  if (c.restartAfterMs !== null) {
    ctx.schedule(ctx.w.nowMs + c.restartAfterMs, {
      kind: 'share-restart',
      groupId: g.config.groupId,
      consumer: c.index,
    });
    c.restartAfterMs = null;
  }
}

function dropWork(c: ShareConsumerRt): void {
  c.incarnation += 1;
  c.batch = [];
  c.batchIndex = 0;
  c.current = null;
  c.pendingAcks = [];
  c.deferred = [];
  c.armedCrash = null;
  c.pauseUntilMs = -1;
}

export function restartShareConsumer(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt): void {
  // A restarted process starts at normal speed, as a restarted Kafka member or queue consumer does.
  c.processingFactor = 1;
  setState(ctx, g, c, 'Stable');
  stepLoop(ctx, g, c, 'POLL');
}

export function pauseShareConsumer(
  ctx: EngineContext,
  g: ShareGroup,
  c: ShareConsumerRt,
  durationMs: number,
): void {
  c.pauseUntilMs = ctx.w.nowMs + durationMs;
  setState(ctx, g, c, 'Paused');
  stepLoop(ctx, g, c, 'PAUSE');
  ctx.schedule(c.pauseUntilMs, {
    kind: 'share-resume',
    groupId: g.config.groupId,
    consumer: c.index,
    untilMs: c.pauseUntilMs,
  });
}

function resume(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt): void {
  c.pauseUntilMs = -1;
  setState(ctx, g, c, 'Stable');
  const wasPaused = c.loop.state === 'Paused';
  stepLoop(ctx, g, c, 'RESUME');
  const deferred = c.deferred;
  c.deferred = [];
  for (const e of deferred) onShareEvent(ctx, e);
  // Paused while waiting for data: poll again now.
  if (wasPaused && deferred.length === 0 && c.current === null) stepLoop(ctx, g, c, 'POLL');
}

/** close(): the pending acknowledgements go out, and the records still held are released. */
export function removeShareConsumer(ctx: EngineContext, g: ShareGroup, c: ShareConsumerRt): void {
  if (c.state !== 'Crashed') {
    for (let i = c.batchIndex; i < c.batch.length; i++) {
      const e = c.batch[i];
      if (!e.isRedelivery)
        c.pendingAcks.push({
          partition: e.partition,
          offset: e.record.offset,
          acquisitionId: e.acquisitionId,
          type: 'RELEASE',
        });
    }
    sendAcknowledgements(ctx, g, c);
  }
  dropWork(c);
  c.restartAfterMs = null;
  stepLoop(ctx, g, c, 'STOP');
  setState(ctx, g, c, 'Left');
}
