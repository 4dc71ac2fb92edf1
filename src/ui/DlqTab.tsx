// The dead letters of every broker in the scenario. Kafka: the dead-letter topic's depth over
// time with an alert threshold, every message with its reason, attempts, error times and origin,
// and the operations on it: redrive (rate-limited, oldest first, with a loop guard that parks
// repeat offenders) and purge. SQS and RabbitMQ: each dead-letter queue with its messages
// (ApproximateReceiveCount, or the x-death header) and the real operations: StartMessageMoveTask
// back to the source queue (SQS) and PurgeQueue / queue.purge.

import { useState } from 'react';
import type { DeadLetter, Fault, Snapshot } from '../engine';
import { isSqs, type QueueSnapshot } from '../engine/queues/types';
import { useApp } from '../store/hooks';
import { deadLetterSources } from './deadLetterTopology';
import { formatTime } from './format';

const REASONS: (DeadLetter['reason'] | 'all')[] = [
  'all',
  'poison',
  'retries-exhausted',
  'transient',
  'outage',
];

function Sparkline({ values, threshold }: { values: number[]; threshold: number }) {
  const w = 300;
  const h = 50;
  const max = Math.max(threshold, 1, ...values);
  const points = values
    .map((v, i) => `${(i / Math.max(1, values.length - 1)) * w},${h - (v / max) * (h - 4) - 2}`)
    .join(' ');
  const ty = h - (threshold / max) * (h - 4) - 2;
  return (
    <svg
      viewBox={`0 0 ${w} ${h}`}
      className="qs-chart"
      role="img"
      aria-label={`DLQ depth over time, alert at ${threshold}`}
    >
      <line x1="0" x2={w} y1={ty} y2={ty} stroke="var(--qs-danger)" strokeDasharray="4 3" />
      <polyline points={points} fill="none" stroke="var(--qs-fg)" strokeWidth="2" />
    </svg>
  );
}

/** How many of a dead-letter queue's messages the tab lists (the oldest; the counts are exact). */
const QUEUE_ROWS = 50;

/** `MaxNumberOfMessagesPerSecond` the tab's redrive asks for. */
export const QUEUE_REDRIVE_RATE = 10;

function QueueDlq({ snap, q, onFault }: { snap: Snapshot; q: QueueSnapshot; onFault(fault: Fault): void }) {
  const sqs = isSqs(q.type);
  const sourceQueues = deadLetterSources(snap, q.name);
  const sources = sourceQueues.map((s) => s.name);
  const total = q.visible + q.inFlight + q.delayed;
  const rows = q.messages.filter((m) => m.deadLetterSourceQueue !== undefined).slice(0, QUEUE_ROWS);
  const via = sqs ? '' : ` through ${[...new Set(sourceQueues.map((s) => s.deadLetterTarget))].join(', ')}`;
  return (
    <section aria-label={`${q.isRetryQueue ? 'Retry' : 'Dead-letter'} queue ${q.name}`}>
      <h3>
        {sqs ? 'SQS' : 'RabbitMQ'} {q.isRetryQueue ? 'retry' : 'dead-letter'} queue {q.name}
      </h3>
      <p>
        {total} message{total === 1 ? '' : 's'}: {q.visible} {sqs ? 'available' : 'ready'}, {q.inFlight}{' '}
        {sqs ? 'in flight' : 'unacked'}. Dead letters from {sources.join(', ') || 'no queue'}
        {via}.
        {q.isRetryQueue &&
          ` Nobody reads ${q.name}: each message waits out its TTL there, then is dead-lettered back to ${
            sources.join(', ') || 'its source'
          } for another try. These are retries in waiting, not failures.`}
      </p>
      <div className="qs-row">
        {sqs && (
          <button
            type="button"
            disabled={q.visible === 0}
            onClick={() => onFault({ type: 'redrive', queue: q.name, ratePerSec: QUEUE_REDRIVE_RATE })}
          >
            Redrive {q.name} to {sources.join(', ') || 'its source'}
          </button>
        )}
        <button
          type="button"
          disabled={total === 0}
          onClick={() => onFault({ type: 'purge-dlq', queue: q.name })}
        >
          Purge {q.name}
        </button>
      </div>
      <p className="qs-muted">
        {sqs
          ? `Redrive is StartMessageMoveTask: the oldest messages first, ${QUEUE_REDRIVE_RATE} per second, back to the queue each came from, with ApproximateReceiveCount reset. Purge (PurgeQueue) deletes them all.`
          : q.isRetryQueue
            ? 'Purge (queue.purge) deletes the ready messages: the retries they were waiting for never happen.'
            : 'RabbitMQ has no redrive call: moving dead letters back takes a shovel or a consumer that republishes them. Purge (queue.purge) deletes the ready messages.'}
      </p>
      {rows.length === 0 ? (
        <p className="qs-muted">No dead-lettered message in {q.name} now.</p>
      ) : (
        <table className="qs-table">
          <caption className="qs-muted">
            {rows.length < total
              ? `The oldest ${rows.length} of ${total} messages`
              : `${rows.length} message(s)`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Message</th>
              {sqs ? (
                <th scope="col">
                  Approximate
                  <wbr />
                  ReceiveCount
                </th>
              ) : (
                <th scope="col">x-death (queue, reason, count)</th>
              )}
              <th scope="col">From</th>
              <th scope="col">Dead-lettered</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.messageId}>
                <td>
                  #{m.messageId} <small>{m.key ?? 'null key'}</small>
                  {m.messageGroupId !== undefined && (
                    <>
                      <br />
                      <small>MessageGroupId {m.messageGroupId}</small>
                    </>
                  )}
                </td>
                <td>
                  {sqs
                    ? m.receiveCount
                    : (m.xDeath ?? []).map((x) => (
                        <div key={`${x.queue}-${x.reason}`}>
                          {x.queue}, {x.reason}, {x.count}
                        </div>
                      ))}
                </td>
                <td>{m.deadLetterSourceQueue}</td>
                <td>{m.deadLetteredAtMs !== undefined ? formatTime(m.deadLetteredAtMs) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function DlqTab({ onFault }: { onFault(fault: Fault): void }) {
  const frame = useApp((s) => s.panelFrame);
  const scenarioJson = useApp((s) => s.scenarioJson);
  const [reason, setReason] = useState<(typeof REASONS)[number]>('all');
  if (!frame) return null;
  // Dead-letter queues, and retry queues (dead-lettered into, then back to their source).
  const queueDlqs = (frame.snapshot.queues ?? []).filter((q) => q.isDeadLetterQueue || q.isRetryQueue);
  const hasKafka = frame.snapshot.groups.length > 0 || frame.snapshot.topics.length > 0;
  const letters = frame.snapshot.deadLetters;
  const shown = letters.filter((d) => reason === 'all' || d.reason === reason);
  const depth = letters.filter((d) => !d.isParked).length;
  let threshold = 10;
  try {
    const doc = JSON.parse(scenarioJson) as { groups: { dlq?: { alertDepth?: number } }[] };
    threshold = Math.min(...doc.groups.map((g) => g.dlq?.alertDepth ?? 10));
  } catch {
    // keep the default threshold
  }
  const topics = frame.snapshot.groups.map((g) => g.deadLetterTopic).filter(Boolean);
  const queueSections = queueDlqs.map((q) => (
    <QueueDlq key={q.name} snap={frame.snapshot} q={q} onFault={onFault} />
  ));
  // A queue-only scenario has no Kafka dead-letter topic to show.
  if (queueDlqs.length > 0 && topics.length === 0 && letters.length === 0)
    return <div className="qs-panel">{queueSections}</div>;
  if (!hasKafka && queueDlqs.length === 0)
    return (
      <div className="qs-panel">
        <h3>Dead-letter queue</h3>
        <p className="qs-muted">
          No queue in this scenario has a dead-letter queue (SQS RedrivePolicy or RabbitMQ dead-letter
          exchange).
        </p>
      </div>
    );
  return (
    <div className="qs-panel">
      <h3>
        {queueDlqs.length > 0 ? 'Kafka dead-letter topic' : 'Dead-letter queue'}{' '}
        {topics.length > 0 ? `(${[...new Set(topics)].join(', ')})` : ''}
      </h3>
      {topics.length === 0 && letters.length === 0 && (
        <p className="qs-muted">
          No group in this scenario has a DLQ: failed messages are skipped and counted as lost.
        </p>
      )}
      {depth >= threshold && (
        <div role="alert" className="qs-alert">
          DLQ depth {depth} reached the alert threshold ({threshold}).
        </div>
      )}
      <Sparkline values={frame.series.slice(-240).map((s) => s.dlqDepth)} threshold={threshold} />
      <div className="qs-row">
        <label className="qs-inline">
          Filter by reason
          <select value={reason} onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])}>
            {REASONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={depth === 0}
          onClick={() => onFault({ type: 'redrive', ratePerSec: 5 })}
        >
          Redrive all
        </button>
        <button type="button" disabled={letters.length === 0} onClick={() => onFault({ type: 'purge-dlq' })}>
          Purge DLQ
        </button>
      </div>
      <p className="qs-muted">
        Redrive moves messages back to their source topic, oldest first, 5 per second; one redriven more than
        3 times is parked.
      </p>
      <table className="qs-table">
        <thead>
          <tr>
            <th scope="col">Message</th>
            <th scope="col">Reason</th>
            <th scope="col">Attempts</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {shown.slice(0, 200).map((d) => (
            <tr key={`${d.messageId}-${d.deadLetteredAtMs}`}>
              <td>
                #{d.messageId} <small>{d.key ?? 'null key'}</small>
                <br />
                <small>
                  errors {formatTime(d.firstErrorAtMs)}–{formatTime(d.lastErrorAtMs)}
                </small>
                <br />
                <button
                  type="button"
                  disabled={d.isParked}
                  onClick={() => onFault({ type: 'redrive', messageId: d.messageId })}
                >
                  Redrive message {d.messageId}
                </button>
              </td>
              <td>
                {d.reason}
                {d.isParked ? ' (parked)' : ''}
                {d.redriveCount > 0 ? ` · redriven ${d.redriveCount}×` : ''}
              </td>
              <td>{d.attempts}</td>
              <td>
                {d.source.topic}-{d.source.partition}@{d.source.offset}
                <br />
                <small>{d.groupId}</small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {queueSections}
    </div>
  );
}
