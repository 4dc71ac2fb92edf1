// What the screen-reader live region says about the run: faults, crashes, evictions and
// rebalances, in plain words, merged and throttled so a burst of events (a seek, a fast
// replay) becomes one short announcement at most every two seconds, never a flood.

import { describeFault, type Fault, type SimEvent } from '../engine';

/**
 * The sentence an event is announced with, or null for events not worth interrupting for.
 * `describe` words a fault (the run's own says DeleteMessage or ack for a queue consumer).
 */
export function announcementOf(
  e: SimEvent,
  describe: (fault: Fault) => string = describeFault,
): string | null {
  switch (e.type) {
    case 'fault':
      return `Fault: ${describe(e.fault)}`;
    case 'member-state':
      return e.to === 'Crashed' ? `${e.memberId} crashed` : null;
    case 'evicted':
      return `${e.memberId} evicted from ${e.groupId}`;
    case 'rebalance-started':
      return `${e.groupId} rebalancing`;
    case 'rebalance-completed':
      return `${e.groupId} rebalanced, generation ${e.generationId}`;
    default:
      return null;
  }
}

export interface AnnouncerClock {
  now(): number;
  schedule(callback: () => void, delayMs: number): void;
}

/** At most one announcement per interval; what arrives meanwhile is merged, duplicates once. */
export function createThrottledAnnouncer(
  say: (text: string) => void,
  clock: AnnouncerClock,
  intervalMs = 2000,
  maxItems = 3,
) {
  let pending: string[] = [];
  let lastMs = Number.NEGATIVE_INFINITY;
  let isScheduled = false;
  function flush(): void {
    isScheduled = false;
    if (pending.length === 0) return;
    const unique = [...new Set(pending)];
    pending = [];
    lastMs = clock.now();
    const shown = unique.slice(-maxItems);
    const more = unique.length - shown.length;
    say(`${shown.join('. ')}${more > 0 ? `. And ${more} more` : ''}.`);
  }
  return {
    push(text: string): void {
      pending.push(text);
      if (isScheduled) return;
      isScheduled = true;
      clock.schedule(flush, Math.max(0, lastMs + intervalMs - clock.now()));
    },
  };
}
