// Two sections of the Outcomes panel: the scenario's budgets as "measured / budget" (over
// budget is said in words and a glyph, not by colour alone), and per group where the time
// goes: the p99 of each latency stage over virtual time with the SLO line, and the same
// figures as a table and a one-line summary of the stage that grew most. The stages are named
// per system: a Kafka consumer group reads a log; an SQS or RabbitMQ queue and a share group hand
// messages out and take them back (metrics/stages.ts recordDeliveredApplication).

import { useEffect, useRef } from 'react';
import type { BudgetCheck, BudgetName, GroupLatency, StageLatencySummary } from '../engine';
import type { LagSample } from '../store/frame';
import {
  createStageLatencyChart,
  STAGE_LINES,
  type StageKey,
  type StageLine,
} from '../viz/stageLatencyChart';
import { formatMs } from './format';
import { useParentWidth } from './useParentWidth';
import './latency.css';

const BUDGET_LABEL: Record<BudgetName, string> = {
  duplicatesPct: 'duplicates',
  lostPct: 'lost',
  lagSeconds: 'lag',
  endToEndP99Ms: 'end-to-end p99',
};

/** A budget figure in its unit: shares with enough decimals to compare with 0.01%. */
export function formatBudgetValue(value: number, unit: BudgetCheck['unit']): string {
  if (unit === '%') return `${value === 0 ? '0' : value < 1 ? +value.toFixed(3) : +value.toFixed(2)}%`;
  if (unit === 's') return `${+value.toFixed(1)} s`;
  return formatMs(value);
}

export function BudgetOutcomes({ budgets, showGroup }: { budgets: BudgetCheck[]; showGroup: boolean }) {
  if (budgets.length === 0) return null;
  const over = budgets.filter((b) => b.isOver).length;
  return (
    <section className="qs-budgets" aria-label="Budgets">
      <h3>
        Budgets <small>{over === 0 ? 'all within budget' : `${over} over budget`}</small>
      </h3>
      <ul>
        {budgets.map((b) => (
          <li
            key={`${b.groupId}/${b.name}`}
            className={b.isOver ? 'qs-budget qs-budget-over' : 'qs-budget'}
            data-budget={b.name}
          >
            <span className="qs-budget-name">
              {BUDGET_LABEL[b.name]}
              {showGroup ? ` (${b.groupId})` : ''}
            </span>
            <span className="qs-budget-figure">
              {formatBudgetValue(b.measured, b.unit)} / {formatBudgetValue(b.budget, b.unit)}
            </span>
            <span className="qs-budget-verdict">{b.isOver ? '✕ over budget' : '✓ within budget'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How a group gets its messages: the stages differ, and so do their names. */
export type StageSystem = 'kafka' | 'share' | 'sqs' | 'rabbitmq';

interface StageNames {
  /** Table rows in the order a message lives through them. */
  rows: { stage: keyof GroupLatency; label: string }[];
  /** Short chart labels; the stages a system does not have are not drawn. */
  lines: Partial<Record<StageKey, string>>;
  /** Where Queuescope simplifies, in one line (null: nothing to say). */
  note: string | null;
}

const END_TO_END_RUN = { stage: 'endToEndRunMs', label: 'end-to-end, whole run' } as const;

export const STAGE_NAMES: Record<StageSystem, StageNames> = {
  kafka: {
    rows: [
      { stage: 'queueMs', label: 'waiting in the log' },
      { stage: 'processingMs', label: 'processing (first attempt)' },
      { stage: 'retriesMs', label: 'retries (first failure → success)' },
      { stage: 'dlqMs', label: 'in the DLQ (→ redriven)' },
      { stage: 'endToEndMs', label: 'end-to-end (produced → applied)' },
      END_TO_END_RUN,
    ],
    lines: {
      queueMs: 'in the log',
      processingMs: 'processing',
      retriesMs: 'retries',
      dlqMs: 'DLQ',
      endToEndMs: 'end-to-end',
    },
    note: null,
  },
  sqs: {
    rows: [
      { stage: 'queueMs', label: 'waiting in the queue (visible, until first received)' },
      {
        stage: 'retriesMs',
        label: 'redelivery wait (not deleted: the visibility timeout runs out, then received again)',
      },
      { stage: 'processingMs', label: 'in flight (the receive that succeeded → processed)' },
      { stage: 'endToEndMs', label: 'end-to-end (sent → applied)' },
      END_TO_END_RUN,
    ],
    lines: {
      queueMs: 'in the queue',
      retriesMs: 'redelivery',
      processingMs: 'in flight',
      endToEndMs: 'end-to-end',
    },
    note:
      'Time in the dead-letter queue before a redrive counts as redelivery wait; time in the consumer’s ' +
      'ReceiveMessage batch before processing counts as in flight.',
  },
  rabbitmq: {
    rows: [
      { stage: 'queueMs', label: 'waiting in the queue (ready, until first delivered)' },
      {
        stage: 'retriesMs',
        label: 'redelivery wait (nack/requeue, a dead-letter hop or a closed channel → delivered again)',
      },
      { stage: 'processingMs', label: 'unacked (the delivery that succeeded → processed)' },
      { stage: 'endToEndMs', label: 'end-to-end (published → applied)' },
      END_TO_END_RUN,
    ],
    lines: {
      queueMs: 'in the queue',
      retriesMs: 'redelivery',
      processingMs: 'unacked',
      endToEndMs: 'end-to-end',
    },
    note:
      'Time in a retry or dead-letter queue counts as redelivery wait; time in the consumer’s prefetch buffer ' +
      'before processing counts as unacked.',
  },
  share: {
    rows: [
      { stage: 'queueMs', label: 'waiting in the log (Available, until first acquired)' },
      {
        stage: 'retriesMs',
        label: 'redelivery wait (RELEASE, or the acquisition lock ran out → acquired again)',
      },
      { stage: 'processingMs', label: 'acquired (the acquisition that succeeded → processed)' },
      { stage: 'endToEndMs', label: 'end-to-end (produced → applied)' },
      END_TO_END_RUN,
    ],
    lines: {
      queueMs: 'in the log',
      retriesMs: 'redelivery',
      processingMs: 'acquired',
      endToEndMs: 'end-to-end',
    },
    note: 'A share group has no DLQ: an archived record (REJECT, or the delivery count limit) never reaches these rows.',
  },
};

/** The chart's lines for a system: its stages only, with its names, in the chart's styles. */
export function stageLinesOf(system: StageSystem): StageLine[] {
  const names = STAGE_NAMES[system].lines;
  return STAGE_LINES.filter((l) => names[l.stage] !== undefined).map((l) => ({
    ...l,
    label: names[l.stage]!,
  }));
}

/** Built once, so the chart's props keep their identity from frame to frame. */
const LINES_BY_SYSTEM: Record<StageSystem, StageLine[]> = {
  kafka: stageLinesOf('kafka'),
  share: stageLinesOf('share'),
  sqs: stageLinesOf('sqs'),
  rabbitmq: stageLinesOf('rabbitmq'),
};

const GROWTH_LOOKBACK_MS = 60_000;

/**
 * One sentence on the stage whose p99 grew most over the last minute of samples, or null
 * when none grew by more than 10% and 100 ms (noise, or nothing happening).
 */
export function describeStageGrowth(
  samples: readonly LagSample[],
  lines: readonly StageLine[] = STAGE_LINES,
): string | null {
  const last = samples.at(-1);
  if (!last) return null;
  const from = samples.find((s) => s.atMs >= last.atMs - GROWTH_LOOKBACK_MS) ?? samples[0];
  let best: { stage: StageKey; before: number; now: number } | null = null;
  for (const { stage } of lines) {
    if (stage === 'endToEndMs') continue;
    const before = from.stageP99Ms[stage];
    const now = last.stageP99Ms[stage];
    if (now - before > 100 && now > before * 1.1 && (!best || now - before > best.now - best.before))
      best = { stage, before, now };
  }
  if (!best) return null;
  const label = lines.find((l) => l.stage === best.stage)!.label;
  const seconds = Math.round((last.atMs - from.atMs) / 1000);
  const e2e = `end-to-end p99 ${formatMs(from.stageP99Ms.endToEndMs)} → ${formatMs(last.stageP99Ms.endToEndMs)}`;
  return `Growing most over the last ${seconds} s: ${label}, p99 ${formatMs(best.before)} → ${formatMs(best.now)} (${e2e}).`;
}

function StageChart({
  samples,
  sloMs,
  nowMs,
  lines,
}: {
  samples: LagSample[];
  sloMs: number | null;
  nowMs: number;
  lines: readonly StageLine[];
}) {
  const ref = useRef<SVGSVGElement>(null);
  const chart = useRef<ReturnType<typeof createStageLatencyChart> | null>(null);
  useEffect(() => {
    if (ref.current) chart.current = createStageLatencyChart(ref.current);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);
  const draw = () => {
    chart.current?.update({
      samples,
      nowMs,
      sloMs,
      lines,
      width: Math.max(280, width.current || 360),
      height: 200,
    });
  };
  const width = useParentWidth(ref, draw);
  // biome-ignore lint/correctness/useExhaustiveDependencies: draw reads these props
  useEffect(draw, [samples, nowMs, sloMs, lines]);
  return (
    <svg
      ref={ref}
      role="img"
      aria-label="p99 per latency stage over the last two minutes (the table below gives the figures)"
      className="qs-chart"
    />
  );
}

/** A percentile, or a dash when no message went through the stage in the window. */
const cell = (s: StageLatencySummary, value: number) => (s.count === 0 ? '–' : formatMs(value));

export function StageLatencySection({
  groupId,
  latency,
  samples,
  sloMs,
  nowMs,
  system = 'kafka',
}: {
  groupId: string;
  latency: GroupLatency;
  samples: LagSample[];
  sloMs: number | null;
  nowMs: number;
  /** How the group gets its messages (default: a Kafka consumer group). */
  system?: StageSystem;
}) {
  const names = STAGE_NAMES[system];
  const lines = LINES_BY_SYSTEM[system];
  const growth = describeStageGrowth(samples, lines);
  return (
    <details className="qs-stage-latency" open>
      <summary>Where the time goes: {groupId}</summary>
      <section aria-label={`Latency by stage for ${groupId}`}>
        <StageChart samples={samples} sloMs={sloMs} nowMs={nowMs} lines={lines} />
        <p className="qs-legend">
          {lines.map((l) => (
            <span key={l.stage}>
              <svg width="28" height="10" aria-hidden="true">
                <line
                  x1="0"
                  x2="28"
                  y1="5"
                  y2="5"
                  stroke={l.color}
                  strokeWidth={l.width}
                  strokeDasharray={l.dash ?? undefined}
                />
              </svg>{' '}
              {l.label}
            </span>
          ))}
          {sloMs !== null && <span>red dashes: SLO</span>}
        </p>
        <p className="qs-stage-summary" aria-live="off">
          {growth ?? 'No stage is growing.'}
        </p>
        <table className="qs-table">
          <caption>
            Latency by stage, messages first applied in the last 10–20 s of virtual time (the last row: the
            whole run)
          </caption>
          <thead>
            <tr>
              <th scope="col">stage</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">p99</th>
              <th scope="col">messages</th>
            </tr>
          </thead>
          <tbody>
            {names.rows.map(({ stage, label }) => {
              const s = latency[stage];
              return (
                <tr key={stage} data-stage={stage}>
                  <th scope="row">{label}</th>
                  <td>{cell(s, s.p50)}</td>
                  <td>{cell(s, s.p95)}</td>
                  <td>{cell(s, s.p99)}</td>
                  <td>{s.count.toLocaleString('en-US')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {names.note && <p className="qs-muted qs-stage-note">{names.note}</p>}
      </section>
    </details>
  );
}
