// The lag panel: lag over time per group, per-partition lag bars with the hot ones marked,
// lag in time, throughput in and out, latency percentiles and the skew alert. Groups reading an
// SQS or RabbitMQ queue show the queue's backlog in the broker's own figures (QueueLag.tsx).

import { useEffect, useRef } from 'react';
import { groupDrainTimes } from '../engine';
import type { Frame } from '../store/frame';
import { useApp, useFrame } from '../store/hooks';
import { createLagHistoryChart, LAG_DASHES } from '../viz/lagHistoryChart';
import { groupColor } from '../viz/palette';
import { formatCount, formatMs, formatRate } from './format';
import { QueueLagSection } from './QueueLag';
import { SkewAlert, SkewFigure } from './Skew';
import { useParentWidth } from './useParentWidth';

/** Every group with metrics: Kafka's (snapshot order), then those reading a queue, as the diagram colours them. */
export function lagGroupIds(frame: Frame): string[] {
  return [
    ...new Set([
      ...frame.snapshot.groups.map((g) => g.groupId),
      ...(frame.snapshot.queues ?? []).flatMap((q) => q.consumers.map((c) => c.groupId)),
    ]),
  ].filter((id) => frame.metrics.groups[id] !== undefined);
}

function LagChart() {
  const ref = useRef<SVGSVGElement>(null);
  const chart = useRef<ReturnType<typeof createLagHistoryChart> | null>(null);
  useEffect(() => {
    if (ref.current) chart.current = createLagHistoryChart(ref.current);
    return () => chart.current?.destroy();
  }, []);
  const width = useParentWidth(ref);
  useFrame((frame: Frame) => {
    const ids = lagGroupIds(frame);
    const queued = ids.filter((id) => frame.metrics.groups[id]?.queue !== undefined).length;
    chart.current?.update(
      ids.map((id) => ({ groupId: id, color: groupColor(ids, id), samples: frame.lagHistory[id] ?? [] })),
      frame.nowMs,
      Math.max(240, width.current || 360),
      180,
      queued === 0
        ? 'records behind'
        : queued === ids.length
          ? 'messages in the queue'
          : 'records or messages behind',
    );
  });
  return <svg ref={ref} role="img" aria-label="Lag over time per consumer group" className="qs-chart" />;
}

export function LagTab() {
  const frame = useApp((s) => s.panelFrame);
  if (!frame) return null;
  const ids = lagGroupIds(frame);
  const queueTypes = new Map((frame.snapshot.queues ?? []).map((q) => [q.name, q.type]));
  const drains = groupDrainTimes(frame.snapshot, frame.metrics);
  return (
    <div className="qs-panel">
      <h3>Lag over the last minute</h3>
      <LagChart />
      <p className="qs-legend">
        {ids.map((id, i) => (
          <span key={id}>
            <svg width="28" height="10" aria-hidden="true">
              <line
                x1="0"
                x2="28"
                y1="5"
                y2="5"
                stroke={groupColor(ids, id)}
                strokeWidth="3"
                strokeDasharray={LAG_DASHES[i % LAG_DASHES.length] ?? undefined}
              />
            </svg>{' '}
            {id}
          </span>
        ))}
      </p>
      <p className="qs-muted">In: {formatRate(frame.metrics.producedPerSec)} msg/s produced.</p>
      {frame.snapshot.groups.map((g) => {
        const m = frame.metrics.groups[g.groupId];
        const color = groupColor(ids, g.groupId);
        const max = Math.max(1, ...m.lagByPartition);
        // The hot marks and the alert both read the engine's hotPartitions, so they agree.
        const hotSet = new Set(m.hotPartitions);
        const drain = drains[g.groupId];
        return (
          <section key={g.groupId} className="qs-lag-group" aria-label={`Lag of ${g.groupId}`}>
            <h3 style={{ color }}>{g.groupId}</h3>
            <SkewAlert metrics={m} />
            <div className="qs-figures">
              <div className="qs-figure">
                <span className="qs-figure-value">{formatCount(m.lag)}</span>
                <span className="qs-figure-label">records behind</span>
              </div>
              <div className="qs-figure">
                <span className="qs-figure-value">{formatMs(m.lagMs)}</span>
                <span className="qs-figure-label">oldest unconsumed</span>
              </div>
              <div className="qs-figure">
                <span className="qs-figure-value">{formatRate(m.consumedPerSec)}</span>
                <span className="qs-figure-label">msg/s out</span>
              </div>
              <div className="qs-figure">
                <span className="qs-figure-value">{formatMs(m.latencyMs.p99)}</span>
                <span className="qs-figure-label">p99 (p50 {formatMs(m.latencyMs.p50)})</span>
              </div>
              <SkewFigure metrics={m} />
              <div className="qs-figure" data-testid={`drain-${g.groupId}`}>
                <span className="qs-figure-value">
                  {drain?.isDraining
                    ? formatMs(drain.drainMs)
                    : drain?.reason === 'caught-up'
                      ? '0 s'
                      : 'not draining'}
                </span>
                <span
                  className="qs-figure-label"
                  title="lag / (consumed rate − produced rate), if rates stay as they are now"
                >
                  time to drain
                </span>
              </div>
            </div>
            <ol className="qs-bars" aria-label={`Lag per partition for ${g.groupId}`}>
              {frame.snapshot.partitions
                .filter((x) => x.topic === g.topic)
                .map(({ partition: p, lag: lags }) => {
                  const lag = lags[g.groupId] ?? 0;
                  const isHot = hotSet.has(`${g.topic}-${p}`);
                  return (
                    <li key={p} title={`${g.topic}-${p}: ${lag}`}>
                      <span className="qs-bar-label">
                        {g.topic}-{p}
                      </span>
                      <span className="qs-bar-track">
                        <span
                          className={`qs-bar${isHot ? ' qs-bar-hot' : ''}`}
                          style={{ width: `${(lag / max) * 100}%`, background: isHot ? undefined : color }}
                        />
                      </span>
                      <span className="qs-bar-value">
                        {formatCount(lag)}
                        {isHot ? ' ▲' : ''}
                      </span>
                    </li>
                  );
                })}
            </ol>
            {g.type === 'share' ? (
              <p className="qs-muted qs-simplifies">
                A share group commits no offsets: its lag counts from the share-partition start offset (SPSO,
                the first record not yet acknowledged or archived) to the log end, Acquired records included.
              </p>
            ) : (
              <p className="qs-muted">
                {m.rebalances} rebalance{m.rebalances === 1 ? '' : 's'}, last {formatMs(m.rebalanceLastMs)},
                total {formatMs(m.rebalanceTotalMs)}.
              </p>
            )}
          </section>
        );
      })}
      {ids.map((id) => {
        const m = frame.metrics.groups[id];
        const type = m.queue === undefined ? undefined : queueTypes.get(m.queue);
        if (type === undefined || frame.snapshot.groups.some((g) => g.groupId === id)) return null;
        return <QueueLagSection key={id} m={m} queueType={type} color={groupColor(ids, id)} />;
      })}
    </div>
  );
}
