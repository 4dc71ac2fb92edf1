// The numbers people quote, large and labelled: per group, what the sink (the ground
// truth) says about deliveries — applied, charged twice, never applied, dead-lettered —
// in plain words, next to lag, latency and rebalances.

import type {
  GroupMetrics,
  GroupSnapshot,
  ProducerSnapshot,
  QueueOverflowMetrics,
  Snapshot,
} from '../engine';
import { useApp } from '../store/hooks';
import { groupColor } from '../viz/palette';
import { deadLetterTargets } from './deadLetterTopology';
import { FlowOutcomes } from './FlowOutcomes';
import { formatCount, formatMs, formatRate } from './format';
import { BrokerComparison, BudgetOutcomes, Lazy, StageLatencySection } from './lazyPanels';
import { OnScreen } from './OnScreen';

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

function Figure({
  label,
  value,
  tone,
  sentence,
}: {
  label: string;
  value: string;
  tone?: 'bad' | 'good';
  sentence?: string;
}) {
  return (
    <div className={`qs-figure${tone ? ` qs-figure-${tone}` : ''}`}>
      <span className="qs-figure-value">{value}</span>
      <span className="qs-figure-label">{label}</span>
      {sentence && <span className="qs-figure-sentence">{sentence}</span>}
    </div>
  );
}

/** What a group's heading says under its name: its delivery mode, or the queue it reads. */
function groupSubtitle(group: GroupSnapshot | undefined, m: GroupMetrics): string {
  if (!group) return `reads queue ${m.queue ?? '?'}`;
  return group.delivery === 'effectively-once'
    ? `${group.delivery} · idempotency store: ${formatCount(group.idempotencyStoreSize)} keys`
    : group.delivery;
}

/**
 * A RabbitMQ length limit at work, named as RabbitMQ names it: what `x-overflow` did once the
 * queue held `x-max-length` ready messages (counted by the queue; the sink sees the result as
 * lost or dead-lettered).
 */
export function overflowFigure(o: QueueOverflowMetrics): { label: string; value: number; sentence: string } {
  const limit = `x-max-length ${formatCount(o['x-max-length'])}`;
  if (o['x-overflow'] === 'drop-head')
    return {
      label: 'dropped (x-overflow drop-head)',
      value: o.droppedHead,
      sentence: o.isDeadLettered
        ? `oldest ready messages dead-lettered (maxlen) to admit new ones past ${limit}`
        : `oldest ready messages discarded to admit new ones past ${limit}: in lost`,
    };
  return {
    label: `rejected at publish (x-overflow ${o['x-overflow']})`,
    value: o.rejectedAtPublish,
    sentence:
      o['x-overflow'] === 'reject-publish-dlx' && o.isDeadLettered
        ? `refused while full (${limit}) and dead-lettered (maxlen)`
        : `basic.nack to the publisher while full (${limit}); not resent: in lost`,
  };
}

/**
 * The produce rate as measured, and where it comes from when several producers add up to it
 * ("80.0 msg/s produced: 4 producers × 20 msg/s"), so a per-producer rate stated elsewhere
 * (a lesson, a preset) and this total read as the same fact.
 */
export function producedSummary(measuredPerSec: number, producers: readonly ProducerSnapshot[]): string {
  const total = `${formatRate(measuredPerSec)} msg/s produced`;
  const active = producers.filter((p) => p.ratePerSec > 0);
  if (active.length < 2) return `${total}.`;
  const rates = [...new Set(active.map((p) => p.ratePerSec))];
  return rates.length === 1
    ? `${total}: ${active.length} producers × ${rates[0]} msg/s.`
    : `${total}: ${active.length} producers, ${active.map((p) => `${p.ratePerSec}`).join(' + ')} msg/s.`;
}

/**
 * Where a queue's dead letters wait: 'retry' when they land in a retry queue (a TTL queue
 * that dead-letters them back, `isRetryQueue`), else 'dlq'.
 */
export function deadLetterDestination(snap: Snapshot, queue: string | undefined): 'retry' | 'dlq' {
  const q = snap.queues?.find((x) => x.name === queue);
  const into = q ? deadLetterTargets(snap, q) : [];
  return into.length > 0 && into.every((x) => x.isRetryQueue) ? 'retry' : 'dlq';
}

export function GroupOutcomes({
  groupId,
  group,
  m,
  color,
  deadLetterTo = 'dlq',
}: {
  groupId: string;
  /** Absent for a group reading an SQS or RabbitMQ queue (only Kafka groups are in snapshot.groups). */
  group?: GroupSnapshot;
  m: GroupMetrics;
  color: string;
  /** Where this group's dead letters wait: a DLQ, or a retry queue that sends them back. */
  deadLetterTo?: 'retry' | 'dlq';
}) {
  const isQueueGroup = group === undefined;
  return (
    <section className="qs-outcomes" aria-label={`Outcomes for ${groupId}`} style={{ borderColor: color }}>
      <h3>
        <span className="qs-swatch" style={{ background: color }} aria-hidden="true" /> {groupId}{' '}
        <small>{groupSubtitle(group, m)}</small>
      </h3>
      <div className="qs-figures">
        <Figure
          label={isQueueGroup ? 'lag (messages)' : 'lag (records)'}
          value={formatCount(m.lag)}
          sentence={
            // Caught up only with nothing left; a queue's delayed messages have no age yet.
            m.lag === 0
              ? 'caught up'
              : isQueueGroup && m.lagMs === 0
                ? 'delayed, not visible yet'
                : `oldest unconsumed: ${formatMs(m.lagMs)}`
          }
        />
        <Figure
          label="p99 end-to-end"
          value={formatMs(m.latencyMs.p99)}
          sentence={`p50 ${formatMs(m.latencyMs.p50)}`}
        />
        <Figure
          label="duplicates"
          value={formatCount(m.duplicates)}
          tone={m.duplicates > 0 ? 'bad' : 'good'}
          sentence={plural(m.duplicates, 'order charged twice', 'orders charged twice')}
        />
        <Figure
          label="out of order"
          value={formatCount(m.outOfOrder)}
          tone={m.outOfOrder > 0 ? 'bad' : 'good'}
          sentence={
            m.outOfOrder > 0
              ? plural(m.outOfOrder, 'update applied after a later one', 'updates applied after a later one')
              : 'every key in order'
          }
        />
        <Figure
          label="lost"
          value={formatCount(m.lost)}
          tone={m.lost > 0 ? 'bad' : 'good'}
          sentence={
            m.lost > 0
              ? `${plural(m.lost, 'order never shipped', 'orders never shipped')}${
                  m.lostToRetention > 0
                    ? ` · ${formatCount(m.lostToRetention)} deleted by retention before this group read them`
                    : ''
                }`
              : 'nothing lost'
          }
        />
        <Figure
          label="dead-lettered"
          value={formatCount(m.deadLettered)}
          tone={m.deadLettered > 0 && deadLetterTo === 'dlq' ? 'bad' : undefined}
          sentence={
            deadLetterTo === 'retry'
              ? m.deadLettered > 0
                ? 'dead-lettered to the retry queue (waiting to be retried)'
                : 'none waiting to be retried'
              : m.deadLettered > 0
                ? 'in the DLQ'
                : 'DLQ empty'
          }
        />
        {m.overflow &&
          (() => {
            const o = overflowFigure(m.overflow);
            return (
              <Figure
                label={o.label}
                value={formatCount(o.value)}
                tone={o.value > 0 ? 'bad' : 'good'}
                sentence={o.sentence}
              />
            );
          })()}
        {isQueueGroup ? (
          <Figure
            label="redeliveries"
            value={formatCount(m.redeliveries ?? 0)}
            sentence={(m.redeliveries ?? 0) > 0 ? 'received again after a timeout or a nack' : 'none'}
          />
        ) : (
          <Figure
            label="rebalances"
            value={formatCount(m.rebalances)}
            sentence={m.rebalances > 0 ? `last took ${formatMs(m.rebalanceLastMs)}` : ''}
          />
        )}
      </div>
      <dl className="qs-accounting">
        <dt>delivered</dt>
        <dd>{formatCount(m.delivered)}</dd>
        <dt>applied</dt>
        <dd>{formatCount(m.applied)}</dd>
        <dt>in flight</dt>
        <dd>{formatCount(m.inFlight)}</dd>
        <dt>not yet consumed</dt>
        <dd>{formatCount(m.notYetConsumed)}</dd>
        <dt>throughput</dt>
        <dd>{formatRate(m.consumedPerSec)} msg/s</dd>
        <dt>attempts</dt>
        <dd>
          {formatRate(m.attemptsPerSec)}/s · failed {formatCount(m.failedAttempts)} in total
        </dd>
        {m.compacted > 0 && (
          <>
            <dt>compacted away</dt>
            <dd>
              {formatCount(m.compacted)} superseded by a newer record with the same key before they were read
            </dd>
          </>
        )}
        {m.autoscale && (
          <>
            <dt>autoscaler</dt>
            <dd>
              {m.autoscale.live} consumers ({m.autoscale.idle} idle), wants {m.autoscale.desired}:{' '}
              {m.autoscale.note} · scaled out {m.autoscale.scaleOuts}×, in {m.autoscale.scaleIns}×
            </dd>
          </>
        )}
        {m.deduplicated > 0 && (
          <>
            <dt>deduplicated</dt>
            <dd>{formatCount(m.deduplicated)} redeliveries skipped by the idempotency store</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** How a group gets its messages, which names its latency stages (LatencyOutcomes.tsx). */
export function stageSystemOf(
  snapshot: Snapshot,
  group: GroupSnapshot | undefined,
  m: GroupMetrics,
): 'kafka' | 'share' | 'sqs' | 'rabbitmq' {
  if (group) return group.type === 'share' ? 'share' : 'kafka';
  const type = snapshot.queues?.find((q) => q.name === m.queue)?.type;
  if (type === undefined) return 'kafka';
  return type.startsWith('sqs') ? 'sqs' : 'rabbitmq';
}

export function OutcomesPanel() {
  const frame = useApp((s) => s.panelFrame);
  if (!frame) return null;
  // Kafka groups first, then the groups reading a queue (the diagram colours them in this order).
  const kafka = new Map(frame.snapshot.groups.map((g) => [g.groupId, g]));
  const ids = [
    ...new Set([
      ...kafka.keys(),
      ...(frame.snapshot.queues ?? []).flatMap((q) => q.consumers.map((c) => c.groupId)),
    ]),
  ].filter((id) => frame.metrics.groups[id] !== undefined);
  return (
    <div className="qs-panel">
      <p className="qs-muted">
        Counted from the sink, which records every side effect per message id.{' '}
        {producedSummary(frame.metrics.producedPerSec, frame.snapshot.producers)}
      </p>
      {frame.metrics.comparison && (
        <Lazy what="the broker comparison">
          <BrokerComparison comparison={frame.metrics.comparison} />
        </Lazy>
      )}
      <FlowOutcomes metrics={frame.metrics} />
      {frame.metrics.budgets.length > 0 && (
        <Lazy what="the budgets">
          <BudgetOutcomes budgets={frame.metrics.budgets} showGroup={ids.length > 1} />
        </Lazy>
      )}
      {ids.map((id) => (
        <OnScreen key={id}>
          <GroupOutcomes
            groupId={id}
            group={kafka.get(id)}
            m={frame.metrics.groups[id]}
            color={groupColor(ids, id)}
            deadLetterTo={
              kafka.has(id) ? 'dlq' : deadLetterDestination(frame.snapshot, frame.metrics.groups[id].queue)
            }
          />
        </OnScreen>
      ))}
      {ids.length > 0 && (
        <Lazy what="the latency charts">
          {ids.map((id) => (
            <OnScreen key={id}>
              <StageLatencySection
                groupId={id}
                latency={frame.metrics.groups[id].latency}
                samples={frame.lagHistory[id] ?? []}
                sloMs={frame.metrics.budgets.find((b) => b.name === 'endToEndP99Ms')?.budget ?? null}
                nowMs={frame.nowMs}
                system={stageSystemOf(frame.snapshot, kafka.get(id), frame.metrics.groups[id])}
              />
            </OnScreen>
          ))}
        </Lazy>
      )}
    </div>
  );
}
