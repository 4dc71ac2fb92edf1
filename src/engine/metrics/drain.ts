// "Time to drain": how long a group needs to work off its lag if rates stay as they are,
// lag / (consumed rate − produced rate). The answer to "what if I add a consumer?" that
// lag dashboards (Burrow, kafka-lag-exporter) let you read from the slope of the lag line.
// When the group consumes no faster than its topic grows, the lag never drains.

import type { GroupMetrics, Metrics, Snapshot } from '../types';

export type DrainTime =
  | { isDraining: true; drainMs: number; netPerSec: number }
  | { isDraining: false; drainMs: null; netPerSec: number; reason: 'caught-up' | 'not-draining' };

/** Time to work off `lag` records at `consumedPerSec` while `producedPerSec` keep arriving. */
export function drainTime(lag: number, consumedPerSec: number, producedPerSec: number): DrainTime {
  const netPerSec = consumedPerSec - producedPerSec;
  if (lag <= 0) return { isDraining: false, drainMs: null, netPerSec, reason: 'caught-up' };
  if (!(netPerSec > 0)) return { isDraining: false, drainMs: null, netPerSec, reason: 'not-draining' };
  return { isDraining: true, drainMs: (lag / netPerSec) * 1000, netPerSec };
}

/**
 * Records per second arriving on `topic`. The engine measures production across all topics;
 * when every producer writes `topic` that measured rate is the topic's own. With several
 * topics it falls back to the producers' configured rates for `topic` (a burst fault on one
 * of them is then not counted: a stated simplification).
 */
export function topicProducedPerSec(snapshot: Snapshot, metrics: Metrics, topic: string): number {
  const producers = snapshot.producers;
  if (producers.every((p) => p.topic === topic)) return metrics.producedPerSec;
  return producers.filter((p) => p.topic === topic).reduce((sum, p) => sum + p.ratePerSec, 0);
}

/** Drain time of each group in the snapshot, keyed by group id. */
export function groupDrainTimes(snapshot: Snapshot, metrics: Metrics): Record<string, DrainTime> {
  const out: Record<string, DrainTime> = {};
  for (const g of snapshot.groups) {
    const m: GroupMetrics | undefined = metrics.groups[g.groupId];
    if (!m) continue;
    out[g.groupId] = drainTime(m.lag, m.consumedPerSec, topicProducedPerSec(snapshot, metrics, g.topic));
  }
  return out;
}
