// Events per second over a sliding window of whole virtual seconds, in a ring of 64
// one-second buckets. The current, partial second is left out so a rate doesn't dip at
// every second boundary.

const SLOTS = 64;

export interface RateMeter {
  buckets: Float64Array;
  currentSecond: number;
  total: number;
}

export function createRateMeter(): RateMeter {
  return { buckets: new Float64Array(SLOTS), currentSecond: 0, total: 0 };
}

function roll(m: RateMeter, nowMs: number): void {
  const second = Math.floor(nowMs / 1000);
  if (second === m.currentSecond) return;
  const gap = Math.min(second - m.currentSecond, SLOTS);
  for (let i = 1; i <= gap; i++) m.buckets[(m.currentSecond + i) % SLOTS] = 0;
  m.currentSecond = second;
}

export function mark(m: RateMeter, nowMs: number, n = 1): void {
  roll(m, nowMs);
  m.buckets[m.currentSecond % SLOTS] += n;
  m.total += n;
}

export function ratePerSec(m: RateMeter, nowMs: number, windowSec = 5): number {
  roll(m, nowMs);
  const full = Math.min(windowSec, m.currentSecond);
  if (full === 0) {
    const partial = (nowMs % 1000) / 1000;
    return partial > 0 ? m.buckets[m.currentSecond % SLOTS] / partial : 0;
  }
  let sum = 0;
  for (let i = 1; i <= full; i++) sum += m.buckets[(m.currentSecond - i + SLOTS) % SLOTS];
  return sum / full;
}
