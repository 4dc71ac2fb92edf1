// What happens to one processing attempt: the side effect applied to the sink (through
// the idempotency store for effectively-once groups), or a failure handled by the group's
// retry policy — blocking retries in place with backoff, or Spring Kafka style retry
// topics (orders.retry.1 … N, then orders.dlt) — and finally the dead-letter queue.

import type { EngineContext } from '../engineContext';
import { bucketOf, recordInBucket } from '../metrics/histogram';
import { mark } from '../metrics/rateMeter';
import { recordDlqWait, recordFirstApplication, rememberOrigin } from '../metrics/stages';
import type { DeadLetter } from '../types';
import type { BatchEntry, GroupRt, MemberRt } from '../world';
import { backoffDelayMs } from './backoff';
import { countOf, increment, pin } from './idCounter';
import { noteFirstApplication } from './ordering';
import { parkKey, takeParked } from './parking';

export type FailureReason = 'poison' | 'outage' | 'transient';

const ERRORS: Record<FailureReason, string> = {
  poison: 'deserialization failed: the record does not match the schema',
  outage: 'dependency unavailable (outage)',
  transient: 'timeout calling the dependency',
};

export function isAttemptFailing(ctx: EngineContext, g: GroupRt, entry: BatchEntry): FailureReason | null {
  mark(g.attempts, ctx.w.nowMs);
  if (entry.record.isPoison) return 'poison';
  if (ctx.w.nowMs < g.outageUntilMs) return 'outage';
  if (g.failureRate > 0 && ctx.rng.float() < g.failureRate) return 'transient';
  return null;
}

/** Applies the record's side effect to the sink: the ground truth of delivery. */
export function applyEffect(
  ctx: EngineContext,
  g: GroupRt,
  m: MemberRt | null,
  entry: BatchEntry,
  startedAtMs: number,
): void {
  const w = ctx.w;
  const id = entry.record.messageId;
  let isDeduplicated = false;
  if (g.config.isIdempotent) {
    // Check-and-write of the idempotency key, atomic with the effect (one transaction).
    if (countOf(g.idempotencyStore, id) > 0) isDeduplicated = true;
    else increment(g.idempotencyStore, id);
  }
  let appliedCount = countOf(g.sink, id);
  if (isDeduplicated) g.deduplicated += 1;
  else {
    appliedCount = increment(g.sink, id);
    if (appliedCount === 1)
      noteFirstApplication(
        g.order,
        g.sink,
        w.topics[g.config.topic].logs[entry.partition],
        entry.partition,
        entry.record,
      );
  }
  if (g.lost.size > 0) g.lost.delete(id);
  if (g.deadLetteredIds.size > 0 && g.deadLetteredIds.delete(id)) {
    // Another copy (a redelivery or a producer retry's duplicate) succeeded: the dead
    // letter is resolved and leaves the queue, so it is not counted twice.
    const dead = w.deadLetters.find((d) => d.messageId === id && d.groupId === g.config.groupId);
    if (dead) recordDlqWait(g.stages, w.nowMs - dead.deadLetteredAtMs);
    w.deadLetters = w.deadLetters.filter((d) => d.messageId !== id || d.groupId !== g.config.groupId);
  }
  const latencyMs = w.nowMs - entry.record.producedAtMs;
  const latencyBucket = bucketOf(latencyMs);
  recordInBucket(g.latency, latencyBucket, latencyMs);
  recordInBucket(g.latencyRecent, latencyBucket, latencyMs);
  if (appliedCount === 1 && !isDeduplicated) recordFirstApplication(g.stages, entry, w.nowMs);
  mark(g.consumed, w.nowMs);
  if (m) m.processedCount += 1;
  if (ctx.wants('processed')) {
    ctx.emit({
      type: 'processed',
      atMs: w.nowMs,
      groupId: g.config.groupId,
      memberId: m?.memberId ?? 'retry-listener',
      topic: g.config.topic,
      partition: entry.partition,
      offset: entry.record.offset,
      messageId: id,
      startedAtMs,
      appliedCount,
      isDeduplicated,
    });
  }
}

/**
 * Handles a failed attempt. Returns true when the member keeps the record in hand and
 * backs off (blocking retry); false when the loop moves on to the next record.
 */
export function handleFailure(
  ctx: EngineContext,
  g: GroupRt,
  m: MemberRt,
  entry: BatchEntry,
  reason: FailureReason,
): boolean {
  const w = ctx.w;
  const retry = g.config.retry;
  g.failedAttempts += 1;
  if (entry.firstErrorAtMs < 0) entry.firstErrorAtMs = w.nowMs;
  const canRetry = retry.mode !== 'none' && entry.attempt < retry.maxAttempts;
  emitFailure(ctx, g, m.memberId, entry, reason, canRetry);
  if (!canRetry) {
    deadLetterOrSkip(ctx, g, entry, reason);
    return false;
  }
  const delayMs = backoffDelayMs(retry, entry.attempt, ctx.rng);
  entry.attempt += 1;
  if (retry.mode === 'retry-topics' || retry.mode === 'park-key') {
    // Non-blocking: the record is republished to orders.retry.<attempt-1>; the main
    // partition keeps flowing (with park-key, the key's later records wait behind it).
    if (retry.mode === 'park-key') parkKey(g, entry.record.key);
    pin(g.sink, entry.record.messageId);
    g.retryQueue.push({ entry: { ...entry }, dueAtMs: w.nowMs + delayMs, level: entry.attempt - 1 });
    g.retryQueue.sort((a, b) => a.dueAtMs - b.dueAtMs);
    armRetryTimer(ctx, g);
    return false;
  }
  ctx.sendToLoop(m, { type: 'BACKOFF' });
  m.current = { entry, startedAtMs: w.nowMs, endsAtMs: w.nowMs + delayMs, isBackoff: true };
  ctx.schedule(m.current.endsAtMs, { kind: 'record-done', memberId: m.memberId, incarnation: m.incarnation });
  return true;
}

function emitFailure(
  ctx: EngineContext,
  g: GroupRt,
  memberId: string,
  entry: BatchEntry,
  reason: FailureReason,
  willRetry: boolean,
): void {
  if (!ctx.wants('process-failed')) return;
  ctx.emit({
    type: 'process-failed',
    atMs: ctx.w.nowMs,
    groupId: g.config.groupId,
    memberId,
    topic: g.config.topic,
    partition: entry.partition,
    offset: entry.record.offset,
    messageId: entry.record.messageId,
    attempt: entry.attempt,
    error: ERRORS[reason],
    willRetry,
  });
}

function armRetryTimer(ctx: EngineContext, g: GroupRt): void {
  const next = g.retryQueue[0];
  if (!next || (g.retryTimerAtMs >= 0 && g.retryTimerAtMs <= next.dueAtMs)) return;
  g.retryTimerAtMs = next.dueAtMs;
  ctx.schedule(next.dueAtMs, { kind: 'retry-due', groupId: g.config.groupId });
}

/**
 * The retry-topic listener consumes every due record. Simplification: one listener per
 * group, and its processing time is not modelled (records are retried at their due time).
 */
export function onRetryDue(ctx: EngineContext, groupId: string): void {
  const g = ctx.w.groups[groupId];
  if (!g) return;
  g.retryTimerAtMs = -1;
  while (g.retryQueue.length > 0 && g.retryQueue[0].dueAtMs <= ctx.w.nowMs) {
    const { entry } = g.retryQueue.shift()!;
    const isRetrying = attemptInListener(ctx, g, entry);
    const key = entry.record.key;
    if (!isRetrying && g.config.retry.mode === 'park-key' && key !== null) releaseKey(ctx, g, key);
  }
  armRetryTimer(ctx, g);
}

/** One attempt by the retry listener; true when the record goes back to a retry topic. */
function attemptInListener(ctx: EngineContext, g: GroupRt, entry: BatchEntry): boolean {
  g.delivered += 1;
  const failure = isAttemptFailing(ctx, g, entry);
  if (!failure) {
    applyEffect(ctx, g, null, entry, ctx.w.nowMs);
    return false;
  }
  g.failedAttempts += 1;
  if (entry.firstErrorAtMs < 0) entry.firstErrorAtMs = ctx.w.nowMs;
  const canRetry = g.config.retry.mode !== 'none' && entry.attempt < g.config.retry.maxAttempts;
  emitFailure(ctx, g, 'retry-listener', entry, failure, canRetry);
  if (!canRetry) {
    deadLetterOrSkip(ctx, g, entry, failure);
    return false;
  }
  const delayMs = backoffDelayMs(g.config.retry, entry.attempt, ctx.rng);
  entry.attempt += 1;
  pin(g.sink, entry.record.messageId);
  g.retryQueue.push({ entry, dueAtMs: ctx.w.nowMs + delayMs, level: entry.attempt - 1 });
  g.retryQueue.sort((a, b) => a.dueAtMs - b.dueAtMs);
  return true;
}

/** The key's retrying record is settled: its parked records run in order until one fails. */
function releaseKey(ctx: EngineContext, g: GroupRt, key: string): void {
  for (let next = takeParked(g, key); next; next = takeParked(g, key))
    if (attemptInListener(ctx, g, next)) return;
}

function deadLetterOrSkip(ctx: EngineContext, g: GroupRt, entry: BatchEntry, reason: FailureReason): void {
  const w = ctx.w;
  const id = entry.record.messageId;
  if (countOf(g.sink, id) > 0) return; // applied earlier: nothing is missing
  if (!g.config.dlq.enabled) {
    // Spring's DefaultErrorHandler without a recoverer logs and skips: the effect is gone.
    if (!g.lost.has(id)) {
      g.lost.add(id);
      if (ctx.wants('lost'))
        ctx.emit({
          type: 'lost',
          atMs: w.nowMs,
          groupId: g.config.groupId,
          messageId: id,
          reason: `failed after ${entry.attempt} attempt(s) and skipped: no dead-letter queue`,
        });
    }
    return;
  }
  const dlReason: DeadLetter['reason'] =
    reason === 'poison' ? 'poison' : entry.attempt > 1 ? 'retries-exhausted' : reason;
  const existing = g.deadLetteredIds.has(id)
    ? w.deadLetters.find((d) => d.messageId === id && d.groupId === g.config.groupId)
    : undefined;
  if (existing) {
    // A second copy of a message already dead-lettered (a producer retry, a redelivery):
    // one entry per message, with the attempts added up.
    existing.attempts += entry.attempt;
    existing.lastErrorAtMs = w.nowMs;
    return;
  }
  pin(g.sink, id);
  pin(g.idempotencyStore, id);
  g.deadLetteredIds.add(id);
  rememberOrigin(g.stages, id, entry.record.producedAtMs);
  g.lost.delete(id); // read again after all (e.g. by the next owner): it is in the DLQ now
  w.deadLetters.push({
    messageId: id,
    key: entry.record.key,
    groupId: g.config.groupId,
    reason: dlReason,
    attempts: entry.attempt,
    firstErrorAtMs: entry.firstErrorAtMs < 0 ? w.nowMs : entry.firstErrorAtMs,
    lastErrorAtMs: w.nowMs,
    source: { topic: g.config.topic, partition: entry.partition, offset: entry.record.offset },
    deadLetteredAtMs: w.nowMs,
    redriveCount: entry.record.redriveCount,
    isParked: false,
  });
  if (ctx.wants('dead-lettered'))
    ctx.emit({
      type: 'dead-lettered',
      atMs: w.nowMs,
      groupId: g.config.groupId,
      messageId: id,
      reason: dlReason,
      attempts: entry.attempt,
    });
}
