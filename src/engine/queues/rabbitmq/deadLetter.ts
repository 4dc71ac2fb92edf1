// The `x-death` header RabbitMQ writes when it dead-letters a message (rabbitmq-website
// docs/dlx.md; rabbit_dead_letter.erl): an array, most recent first, with one entry per
// {queue, reason}. Dead-lettering again from the same queue for the same reason increments
// that entry's count and moves it to the front; its `time`, `exchange` and `routing-keys`
// stay those of the first time (mc.erl record_death keeps the #death and bumps the count). The first
// dead-lettering also fixes `x-first-death-{queue,reason,exchange}`; `x-last-death-*` follows
// every one. Cycle detection follows rabbit_dead_letter:is_cycle/2: a message routed back to
// a queue it already died in is dropped unless a rejection happened somewhere in that cycle.

import type { XDeathEntry } from '../types';

export type DeathReason = XDeathEntry['reason'];

export interface DeathMark {
  queue: string;
  reason: DeathReason;
  exchange: string;
}

export interface DeathHistory {
  xDeath: XDeathEntry[] | null;
  firstDeath: DeathMark | null;
  lastDeath: DeathMark | null;
}

/**
 * The history after one more dead-lettering from `queue`. Returns new arrays and entries
 * (fan-out copies of the message elsewhere keep their own history).
 */
export function recordDeath(
  history: Readonly<DeathHistory>,
  queue: string,
  reason: DeathReason,
  exchange: string,
  routingKeys: readonly string[],
  nowMs: number,
): DeathHistory {
  const old = history.xDeath ?? [];
  const i = old.findIndex((d) => d.queue === queue && d.reason === reason);
  const entry: XDeathEntry =
    i >= 0
      ? { ...old[i], count: old[i].count + 1 }
      : { queue, reason, count: 1, timeMs: nowMs, exchange, routingKeys: [...routingKeys] };
  const rest = i >= 0 ? [...old.slice(0, i), ...old.slice(i + 1)] : old;
  const mark: DeathMark = { queue, reason, exchange };
  return {
    xDeath: [entry, ...rest],
    firstDeath: history.firstDeath ?? mark,
    lastDeath: mark,
  };
}

/**
 * Whether routing a message with this (already updated) history to `queue` closes a cycle
 * with no rejection in it. Rejections never count as cycles.
 */
export function isDeadLetterCycle(
  xDeath: readonly XDeathEntry[] | null,
  reason: DeathReason,
  queue: string,
): boolean {
  if (reason === 'rejected' || xDeath === null) return false;
  const at = xDeath.findIndex((d) => d.queue === queue);
  if (at < 0) return false;
  for (let i = 0; i <= at; i++) if (xDeath[i].reason === 'rejected') return false;
  return true;
}

/** How many times a message was dead-lettered in all: the sum of its x-death counts. */
export function deathCount(xDeath: readonly XDeathEntry[] | null): number {
  let n = 0;
  for (const d of xDeath ?? []) n += d.count;
  return n;
}
