// The world without a queue: checkout calls the payment dependency directly. The dependency
// takes at most maximumPoolSize calls at once (a bounded connection pool); a call waits for
// a connection up to connectionTimeoutMs and is then rejected; the client gives up on a call
// after requestTimeoutMs (the dependency may still finish it: the work is done for nobody).
// Users retry rejected and timed-out calls after retryBackoffMs, up to maxRetries times, so
// an overload multiplies its own load (the first article's flash-sale outage). Simplification:
// time advances in 10 ms ticks; a call that ends within a tick is seen at its end.

import type { EngineContext } from '../engineContext';
import type { SyncMetrics } from '../flowTypes';
import { percentile, record } from '../metrics/histogram';
import type { SyncCall, SyncRt } from './state';

const TICK_MS = 10;

export function startSync(ctx: EngineContext): void {
  const s = ctx.w.sync;
  if (s) ctx.schedule(s.config.startMs, { kind: 'sync-tick' });
}

function currentRate(s: SyncRt, nowMs: number): number {
  const c = s.config;
  if (nowMs < c.startMs || nowMs >= c.stopMs) return 0;
  if (c.pattern !== 'bursty') return c.ratePerSec;
  const phase = (nowMs - c.startMs) % (c.burst.onMs + c.burst.offMs);
  return phase < c.burst.onMs ? c.ratePerSec * c.burst.factor : c.ratePerSec;
}

/** A rejected or timed-out attempt: the user tries again later, or gives up. */
function failAttempt(s: SyncRt, call: SyncCall, nowMs: number): void {
  if (call.attempt <= s.config.maxRetries)
    s.retries.push({ ...call, dueAtMs: nowMs + s.config.retryBackoffMs, attempt: call.attempt + 1 });
  else s.failed += 1;
}

export function onSyncTick(ctx: EngineContext): void {
  const w = ctx.w;
  const s = w.sync;
  if (!s) return;
  const c = s.config;
  const now = w.nowMs;
  // Calls that finished free their connection; calls past the client's timeout are given up.
  const stillBusy: typeof s.busy = [];
  for (const call of s.busy) {
    if (call.endsAtMs <= now) {
      if (call.isAbandoned) s.completedAfterTimeout += 1;
      else if (call.endsAtMs - call.attemptAtMs > c.requestTimeoutMs) {
        s.timedOut += 1;
        s.completedAfterTimeout += 1;
        failAttempt(s, call, now);
      } else {
        s.succeeded += 1;
        record(s.latency, call.endsAtMs - call.firstAtMs);
      }
      continue;
    }
    if (!call.isAbandoned && now - call.attemptAtMs > c.requestTimeoutMs) {
      call.isAbandoned = true;
      s.timedOut += 1;
      failAttempt(s, call, now);
    }
    stillBusy.push(call);
  }
  s.busy = stillBusy;
  // Waiting for a connection: rejected after connectionTimeoutMs (or timed out first).
  const giveUpMs = Math.min(c.connectionTimeoutMs, c.requestTimeoutMs);
  let expired = 0;
  while (expired < s.waiting.length && now - s.waiting[expired].attemptAtMs >= giveUpMs) expired += 1;
  if (expired > 0) {
    for (const call of s.waiting.splice(0, expired)) {
      if (c.connectionTimeoutMs <= c.requestTimeoutMs) s.rejected += 1;
      else s.timedOut += 1;
      failAttempt(s, call, now);
    }
  }
  if (s.retries.length > 0) {
    const due = s.retries.filter((r) => r.dueAtMs <= now);
    if (due.length > 0) {
      s.retries = s.retries.filter((r) => r.dueAtMs > now);
      for (const r of due) {
        s.attempts += 1;
        s.waiting.push({ firstAtMs: r.firstAtMs, attemptAtMs: now, attempt: r.attempt });
      }
    }
  }
  const expected = (currentRate(s, now) * TICK_MS) / 1000 + s.carry;
  const n = Math.floor(expected);
  s.carry = expected - n;
  for (let i = 0; i < n; i++) s.waiting.push({ firstAtMs: now, attemptAtMs: now, attempt: 1 });
  s.requests += n;
  s.attempts += n;
  const free = Math.min(c.maximumPoolSize - s.busy.length, s.waiting.length);
  if (free > 0)
    for (const call of s.waiting.splice(0, free))
      s.busy.push({
        ...call,
        endsAtMs: now + Math.max(1, ctx.rng.exponential(c.serviceMeanMs)),
        isAbandoned: false,
      });
  const isIdle = s.busy.length === 0 && s.waiting.length === 0 && s.retries.length === 0;
  if (!isIdle || now < c.stopMs) ctx.schedule(now + TICK_MS, { kind: 'sync-tick' });
}

export function syncMetrics(s: SyncRt): SyncMetrics {
  return {
    id: s.config.id,
    requests: s.requests,
    attempts: s.attempts,
    amplification: s.requests > 0 ? s.attempts / s.requests : 0,
    succeeded: s.succeeded,
    rejected: s.rejected,
    timedOut: s.timedOut,
    completedAfterTimeout: s.completedAfterTimeout,
    failed: s.failed,
    inUse: s.busy.length,
    waiting: s.waiting.length,
    maximumPoolSize: s.config.maximumPoolSize,
    latencyMs: {
      p50: percentile(s.latency, 50),
      p99: percentile(s.latency, 99),
      max: s.latency.max,
      count: s.latency.count,
    },
  };
}
