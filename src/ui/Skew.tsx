// Partition skew in the Lag tab: the ratio people quote (max partition lag / median
// partition lag) with its label, and the alert naming the hot partitions as Kafka's tools
// do (`orders-3`). When the median partition has no lag the ratio is undefined, and the
// figure says so instead of showing a number made up for the occasion.

import type { GroupMetrics } from '../engine';
import { formatCount } from './format';

/** A skew ratio as people quote it: "12×", "1.4×". */
export function formatSkew(skew: number): string {
  return `${skew >= 10 ? Math.round(skew) : skew.toFixed(1)}×`;
}

export function SkewFigure({ metrics: m }: { metrics: GroupMetrics }) {
  return (
    <div className="qs-figure" data-testid={`skew-${m.groupId}`}>
      <span className="qs-figure-value">{m.skew === null ? '–' : formatSkew(m.skew)}</span>
      <span className="qs-figure-label" title="max partition lag / median partition lag">
        {m.skew === null ? 'no median lag: skew undefined' : 'skew (max / median lag)'}
      </span>
    </div>
  );
}

export function SkewAlert({ metrics: m }: { metrics: GroupMetrics }) {
  if (!m.isSkewed) return null;
  const maxLag = Math.max(0, ...m.lagByPartition);
  return (
    <div role="alert" className="qs-alert">
      Skew: {m.hotPartitions.join(', ')} {m.hotPartitions.length === 1 ? 'is' : 'are'}{' '}
      {m.skew === null
        ? 'behind while the median partition has no lag (skew undefined)'
        : `up to ${formatSkew(m.skew)} the median lag`}{' '}
      for {m.groupId} ({formatCount(maxLag)} records at most). Adding consumers will not help: one partition
      has one owner.
    </div>
  );
}
