// The timeline under the diagrams: a scrubber over everything simulated so far, with
// markers for crashes, rebalances, dead letters and scripted actions, and the event log.
// Seeking is exact: the engine re-simulates from the nearest checkpoint.

import { useMemo } from 'react';
import { useController } from '../store/ControllerContext';
import type { LogEntry, TimelineMarker } from '../store/frame';
import { useApp } from '../store/hooks';
import { formatTime } from './format';

const MARKER_GLYPH: Record<TimelineMarker['kind'], string> = {
  crash: '✕',
  rebalance: '⟳',
  'dead-letter': '☠',
  action: '⚡',
  caption: '✎',
};

export function Timeline() {
  const controller = useController();
  // The slider moves in steps of 100 ms: re-render when the step changes, not every frame.
  const nowMs = useApp((s) => Math.round((s.frame?.nowMs ?? 0) / 100) * 100);
  const maxTimeMs = useApp((s) => s.maxTimeMs);
  const markers = useApp((s) => s.panelFrame?.markers);
  const span = Math.max(maxTimeMs, nowMs, 1000);
  const shown = useMemo(() => thinMarkers(markers ?? [], span), [markers, span]);
  return (
    <section className="qs-timeline" aria-label="Timeline">
      <div className="qs-scrubber">
        <input
          type="range"
          aria-label="Simulation time"
          aria-valuetext={formatTime(nowMs)}
          min={0}
          max={span}
          step={100}
          value={nowMs}
          onChange={(e) => controller.seek(Number(e.target.value))}
        />
        <div className="qs-markers" aria-hidden="true">
          {shown.map((m) => (
            <span
              key={`${m.kind}-${m.atMs}-${m.label}`}
              className={`qs-marker qs-marker-${m.kind}`}
              style={{ left: `${(m.atMs / span) * 100}%` }}
              title={`${formatTime(m.atMs)} ${m.label}`}
            >
              {MARKER_GLYPH[m.kind]}
            </span>
          ))}
        </div>
      </div>
      <div className="qs-timeline-legend">
        <span>{formatTime(0)}</span>
        <span>
          ✕ crash · ⟳ rebalance · ☠ dead letter · ⚡ action · ✎ caption — simulated up to{' '}
          {formatTime(maxTimeMs)}
        </span>
        <span>{formatTime(span)}</span>
      </div>
    </section>
  );
}

/** At most one marker of a kind per 0.5% of the width, so the strip never clutters. */
function thinMarkers(markers: TimelineMarker[], span: number): TimelineMarker[] {
  const seen = new Set<string>();
  const out: TimelineMarker[] = [];
  for (const m of markers) {
    const bucket = `${m.kind}:${Math.floor((m.atMs / span) * 200)}`;
    if (seen.has(bucket)) continue;
    seen.add(bucket);
    out.push(m);
  }
  return out;
}

const KIND_LABEL: Record<LogEntry['kind'], string> = {
  rebalance: 'rebalance',
  crash: 'crash',
  evicted: 'evicted',
  'dead-letter': 'DLQ',
  'commit-rejected': 'commit',
  fault: 'fault',
  lost: 'lost',
  caption: 'note',
  state: 'state',
  redrive: 'redrive',
  transaction: 'txn',
};

export function EventLog() {
  const log = useApp((s) => s.panelFrame?.log);
  const recent = (log ?? []).slice(-60).reverse();
  return (
    // Focusable, so a keyboard can scroll the log (it scrolls inside the footer).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1)
    <section className="qs-eventlog" aria-label="Event log" tabIndex={0}>
      <h2>Event log</h2>
      {recent.length === 0 ? (
        <p className="qs-muted">Rebalances, crashes, rejected commits and dead letters appear here.</p>
      ) : (
        <ol>
          {recent.map((e) => (
            <li key={`${e.atMs}-${e.kind}-${e.text}`} className={`qs-log-${e.kind}`}>
              <time>{formatTime(e.atMs)}</time> <span className="qs-log-kind">{KIND_LABEL[e.kind]}</span>{' '}
              {e.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
