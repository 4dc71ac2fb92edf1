// SQS FIFO's deduplication interval as data: which MessageDeduplicationIds were accepted in the
// last 5 minutes, and until when each one blocks a re-send (domain.md §7). A producer's ids
// usually read `${prefix}${n}` with n increasing (`msg-41`, `msg-42`, …), at 10,000 msg/s three
// million of them per interval: those go to runs (n, n+1, … accepted at the same instant share
// one run) in a ring of typed arrays, looked up by comparison or binary search, with no string
// kept. Any other id (another prefix, a leading zero, an n not above the last) goes to a Map.
// Every lookup checks both, and an id is stored in one of them only when absent from both, so
// the answers are those of one Map from id to expiry, pruned by time.

/** Decimal digits a suffix may have and still be an exact double. */
const MAX_DIGITS = 15;
const RING_MIN = 16;

export interface DedupWindow {
  /** The prefix of the ids in the runs ('' for bare numbers); null until the first one. */
  prefix: string | null;
  /** Runs: numbers runStart[i] … runStart[i] + runLength[i] − 1, all blocking until runUntil[i]. */
  runStart: Float64Array;
  runLength: Float64Array;
  runUntil: Float64Array;
  /** Ring start and size (the capacity is a power of two); the runs ascend and do not touch. */
  head: number;
  size: number;
  /** Every other id, with its expiry, and the same in acceptance order (for pruning). */
  other: Map<string, number>;
  otherIds: string[];
  otherUntil: number[];
  otherHead: number;
}

export function createDedupWindow(): DedupWindow {
  return {
    prefix: null,
    runStart: new Float64Array(RING_MIN),
    runLength: new Float64Array(RING_MIN),
    runUntil: new Float64Array(RING_MIN),
    head: 0,
    size: 0,
    other: new Map(),
    otherIds: [],
    otherUntil: [],
    otherHead: 0,
  };
}

/**
 * The number `id` reads as after `prefix` (canonical decimal: no sign, no leading zero, at most
 * 15 digits), or -1. Two ids give the same number exactly when they are the same string.
 */
export function numberAfterPrefix(id: string, prefix: string): number {
  const start = prefix.length;
  const digits = id.length - start;
  if (digits <= 0 || digits > MAX_DIGITS || !id.startsWith(prefix)) return -1;
  let n = 0;
  for (let i = start; i < id.length; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return digits > 1 && id.charCodeAt(start) === 48 ? -1 : n;
}

/** The id's prefix up to its trailing digits ('' when all digits), or null when it ends in none. */
function prefixOf(id: string): string | null {
  let start = id.length;
  while (start > 0) {
    const code = id.charCodeAt(start - 1);
    if (code < 48 || code > 57) break;
    start -= 1;
  }
  return start === id.length ? null : id.slice(0, start);
}

/** Forgets every id whose interval ended at or before `nowMs`. */
export function pruneDedup(w: DedupWindow, nowMs: number): void {
  const mask = w.runStart.length - 1;
  while (w.size > 0 && w.runUntil[w.head] <= nowMs) {
    w.head = (w.head + 1) & mask;
    w.size -= 1;
  }
  if (w.size === 0) w.head = 0;
  if (w.otherHead === w.otherIds.length) return;
  while (w.otherHead < w.otherIds.length && w.otherUntil[w.otherHead] <= nowMs) {
    const id = w.otherIds[w.otherHead];
    if (w.other.get(id) === w.otherUntil[w.otherHead]) w.other.delete(id);
    w.otherHead += 1;
  }
  if (w.otherHead === w.otherIds.length) {
    w.otherIds.length = 0;
    w.otherUntil.length = 0;
    w.otherHead = 0;
  } else if (w.otherHead >= 1024 && w.otherHead * 2 >= w.otherIds.length) {
    w.otherIds.splice(0, w.otherHead);
    w.otherUntil.splice(0, w.otherHead);
    w.otherHead = 0;
  }
}

/** One past the highest number in the runs (-1 when there are none). */
function runsEnd(w: DedupWindow): number {
  if (w.size === 0) return -1;
  const last = (w.head + w.size - 1) & (w.runStart.length - 1);
  return w.runStart[last] + w.runLength[last];
}

function lastUntil(w: DedupWindow): number {
  return w.size === 0
    ? Number.NEGATIVE_INFINITY
    : w.runUntil[(w.head + w.size - 1) & (w.runStart.length - 1)];
}

function runsHold(w: DedupWindow, n: number): boolean {
  if (n >= runsEnd(w)) return false;
  const mask = w.runStart.length - 1;
  // The last run (from the front) starting at or before n.
  let lo = 0;
  let hi = w.size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (w.runStart[(w.head + mid) & mask] <= n) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return false;
  const j = (w.head + lo - 1) & mask;
  return n < w.runStart[j] + w.runLength[j];
}

function appendRun(w: DedupWindow, n: number, untilMs: number): void {
  let mask = w.runStart.length - 1;
  if (w.size > 0) {
    const last = (w.head + w.size - 1) & mask;
    if (w.runUntil[last] === untilMs && w.runStart[last] + w.runLength[last] === n) {
      w.runLength[last] += 1;
      return;
    }
  }
  if (w.size === w.runStart.length) {
    const start = new Float64Array(w.size * 2);
    const length = new Float64Array(w.size * 2);
    const until = new Float64Array(w.size * 2);
    for (let i = 0; i < w.size; i++) {
      const j = (w.head + i) & mask;
      start[i] = w.runStart[j];
      length[i] = w.runLength[j];
      until[i] = w.runUntil[j];
    }
    w.runStart = start;
    w.runLength = length;
    w.runUntil = until;
    w.head = 0;
    mask = start.length - 1;
  }
  const j = (w.head + w.size) & mask;
  w.runStart[j] = n;
  w.runLength[j] = 1;
  w.runUntil[j] = untilMs;
  w.size += 1;
}

/**
 * A send with this deduplication id at `nowMs`: false when the id was accepted within its
 * interval (the send is a duplicate: accepted, not stored), else true, and the id now blocks
 * re-sends until `untilMs`. `nowMs` never goes backwards between calls.
 */
export function admitDeduplicationId(w: DedupWindow, id: string, nowMs: number, untilMs: number): boolean {
  pruneDedup(w, nowMs);
  if (w.size === 0 && (w.prefix === null || !id.startsWith(w.prefix))) {
    // No runs left: the runs may take this id's prefix.
    const prefix = prefixOf(id);
    if (prefix !== null) w.prefix = prefix;
  }
  return admitParsed(w, id, w.prefix === null ? -1 : numberAfterPrefix(id, w.prefix), nowMs, untilMs);
}

/** The largest n whose decimal has at most MAX_DIGITS digits. */
const MAX_RUN_NUMBER = 10 ** MAX_DIGITS - 1;

/**
 * `admitDeduplicationId(w, String(n), …)` for an integer n ≥ 0 (a producer's ids are its
 * message numbers), without making the string unless the id goes to the Map.
 */
export function admitDeduplicationNumber(w: DedupWindow, n: number, nowMs: number, untilMs: number): boolean {
  pruneDedup(w, nowMs);
  // String(n) is all digits: its prefix is '', which any prefix but '' does not start.
  if (w.size === 0) w.prefix = '';
  else if (w.prefix === '' && w.other.size === 0 && n <= MAX_RUN_NUMBER) {
    // The usual send: the number after the last run's end, in the same instant, extends it.
    const last = (w.head + w.size - 1) & (w.runStart.length - 1);
    if (w.runStart[last] + w.runLength[last] === n && w.runUntil[last] === untilMs) {
      w.runLength[last] += 1;
      return true;
    }
  }
  const asRun = w.prefix === '' && n <= MAX_RUN_NUMBER ? n : -1;
  return admitParsed(w, n, asRun, nowMs, untilMs);
}

/** The shared rule: `n` is the id's number after the runs' prefix, or -1 (then only the Map). */
function admitParsed(
  w: DedupWindow,
  id: string | number,
  n: number,
  nowMs: number,
  untilMs: number,
): boolean {
  if (n >= 0 && runsHold(w, n)) return false;
  const isRun = n >= 0 && n >= runsEnd(w) && untilMs >= lastUntil(w);
  if (isRun && w.other.size === 0) {
    appendRun(w, n, untilMs);
    return true;
  }
  const key = typeof id === 'string' ? id : String(id);
  const until = w.other.get(key);
  if (until !== undefined && until > nowMs) return false;
  if (isRun) appendRun(w, n, untilMs);
  else {
    w.other.set(key, untilMs);
    w.otherIds.push(key);
    w.otherUntil.push(untilMs);
  }
  return true;
}

/** How many ids block re-sends now (after a prune at the current time); for tests. */
export function dedupSize(w: DedupWindow): number {
  let n = w.other.size;
  for (let i = 0; i < w.size; i++) n += w.runLength[(w.head + i) & (w.runStart.length - 1)];
  return n;
}
