// The dead-letter queue: depth over time with an alert threshold, every message with its
// reason, attempts, error times and origin, and the operations on it: redrive (rate-limited,
// oldest first, with a loop guard that parks repeat offenders) and purge.

import { useState } from 'react';
import type { DeadLetter, Fault } from '../engine';
import { useApp } from '../store/hooks';
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

export function DlqTab({ onFault }: { onFault(fault: Fault): void }) {
  const frame = useApp((s) => s.panelFrame);
  const scenarioJson = useApp((s) => s.scenarioJson);
  const [reason, setReason] = useState<(typeof REASONS)[number]>('all');
  if (!frame) return null;
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
  return (
    <div className="qs-panel">
      <h3>Dead-letter queue {topics.length > 0 ? `(${[...new Set(topics)].join(', ')})` : ''}</h3>
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
    </div>
  );
}
