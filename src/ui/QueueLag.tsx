// The Lag tab's view of a group reading an SQS or RabbitMQ queue: a queue has no offsets, so its
// "lag" is its backlog, named as the broker names it (SQS CloudWatch metrics, RabbitMQ's
// management figures): what waits to be received, what is received and not yet deleted or
// acked, what is delayed, and the age of the oldest waiting message, over the last minute.

import { useEffect, useRef } from 'react';
import type { GroupMetrics } from '../engine';
import { isSqs, type QueueType } from '../engine/queues/types';
import { useFrame } from '../store/hooks';
import { BACKLOG_BANDS, type BacklogBand, createQueueBacklogChart } from '../viz/queueBacklogChart';
import { formatCount, formatMs, formatRate } from './format';
import { useParentWidth } from './useParentWidth';
import './queueLag.css';

export interface BacklogTerms {
  system: string;
  /** Per band: the broker's own name for the figure and what it means; null: the system has none. */
  bands: Record<BacklogBand, { name: string; meaning: string } | null>;
  age: { name: string; meaning: string };
  /** Where Queuescope's figures differ from the broker's, in one line. */
  note: string;
}

/** The real names of a queue's backlog figures, by queue type. */
export function backlogTerms(type: QueueType): BacklogTerms {
  if (isSqs(type))
    return {
      system: type === 'sqs-fifo' ? 'SQS FIFO' : 'SQS standard',
      bands: {
        visible: { name: 'ApproximateNumberOfMessagesVisible', meaning: 'waiting to be received' },
        inFlight: {
          name: 'ApproximateNumberOfMessagesNotVisible',
          meaning: 'in flight: received, not deleted, until the visibility timeout runs out',
        },
        delayed: { name: 'ApproximateNumberOfMessagesDelayed', meaning: 'DelaySeconds not over yet' },
      },
      age: {
        name: 'ApproximateAgeOfOldestMessage',
        meaning: 'how long the oldest message not yet deleted (visible or in flight) has been in the queue',
      },
      note: 'Queuescope simplifies: these counts are exact; AWS reports them as approximations ("Approximate…").',
    };
  return {
    system: type === 'rabbitmq-quorum' ? 'RabbitMQ quorum queue' : 'RabbitMQ classic queue',
    bands: {
      visible: { name: 'messages_ready', meaning: 'waiting to be delivered' },
      inFlight: { name: 'messages_unacknowledged', meaning: 'delivered within prefetch, not acked yet' },
      delayed: null,
    },
    age: {
      name: 'age of the oldest message',
      meaning: 'how long the oldest ready or unacked message has been in the queue',
    },
    note:
      'RabbitMQ reports no such age (head_message_timestamp, read from the message’s timestamp property, comes ' +
      'closest); Queuescope measures it from when the message entered the queue.',
  };
}

function BacklogChart({ groupId, color }: { groupId: string; color: string }) {
  const ref = useRef<SVGSVGElement>(null);
  const chart = useRef<ReturnType<typeof createQueueBacklogChart> | null>(null);
  useEffect(() => {
    if (ref.current) chart.current = createQueueBacklogChart(ref.current);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);
  const width = useParentWidth(ref);
  useFrame((frame) => {
    chart.current?.update({
      samples: frame.lagHistory[groupId] ?? [],
      nowMs: frame.nowMs,
      color,
      width: Math.max(240, width.current || 360),
      height: 220,
    });
  });
  return (
    <svg
      ref={ref}
      role="img"
      aria-label="Messages in the queue and the age of the oldest waiting message over the last minute"
      className="qs-chart"
    />
  );
}

function Swatch({ band, color }: { band: BacklogBand; color: string }) {
  const b = BACKLOG_BANDS.find((x) => x.band === band)!;
  return (
    <svg width="16" height="12" aria-hidden="true">
      <rect
        x="1"
        y="1"
        width="14"
        height="10"
        fill={b.fill ?? color}
        stroke={band === 'inFlight' ? color : 'var(--qs-muted)'}
        strokeDasharray={b.dash ?? undefined}
      />
    </svg>
  );
}

export function QueueLagSection({
  m,
  queueType,
  color,
}: {
  m: GroupMetrics;
  queueType: QueueType;
  color: string;
}) {
  const terms = backlogTerms(queueType);
  const figures: Record<BacklogBand, number> = {
    visible: m.queueVisible ?? 0,
    inFlight: m.queueInFlight ?? 0,
    delayed: m.queueDelayed ?? 0,
  };
  return (
    <section className="qs-lag-group" aria-label={`Lag of ${m.groupId}`}>
      <h3 style={{ color }}>
        {m.groupId}{' '}
        <small className="qs-muted">
          reads {terms.system} {m.queue}
        </small>
      </h3>
      <div className="qs-figures">
        <div className="qs-figure">
          <span className="qs-figure-value">{formatCount(m.lag)}</span>
          <span className="qs-figure-label">messages in the queue</span>
        </div>
        <div className="qs-figure">
          <span className="qs-figure-value">{formatMs(m.lagMs)}</span>
          <span className="qs-figure-label" title={terms.age.name}>
            oldest waiting message
          </span>
        </div>
        <div className="qs-figure">
          <span className="qs-figure-value">{formatRate(m.consumedPerSec)}</span>
          <span className="qs-figure-label">msg/s out</span>
        </div>
      </div>
      <BacklogChart groupId={m.groupId} color={color} />
      <table className="qs-table qs-backlog">
        <caption>
          The {m.lag === 1 ? 'message' : `${formatCount(m.lag)} messages`} in {m.queue}, in {terms.system}’s
          own figures
        </caption>
        <tbody>
          {BACKLOG_BANDS.map(({ band }) => {
            const t = terms.bands[band];
            if (!t) return null;
            return (
              <tr key={band} data-band={band}>
                <th scope="row">
                  <Swatch band={band} color={color} /> <code>{t.name}</code>
                  <span className="qs-muted"> {t.meaning}</span>
                </th>
                <td>{formatCount(figures[band])}</td>
              </tr>
            );
          })}
          <tr data-band="age">
            <th scope="row">
              <svg width="16" height="12" aria-hidden="true">
                <line x1="1" x2="15" y1="6" y2="6" stroke="var(--qs-fg)" strokeWidth="2" />
              </svg>{' '}
              <code>{terms.age.name}</code>
              <span className="qs-muted"> {terms.age.meaning}</span>
            </th>
            <td>{formatMs(m.lagMs)}</td>
          </tr>
        </tbody>
      </table>
      <p className="qs-muted qs-simplifies">{terms.note}</p>
    </section>
  );
}
