// Where one consumer group's time goes, over virtual time: the p99 of each latency stage
// (waiting in the log, processing, retries, the DLQ; a queue's or share group's own stages when
// given) and of end-to-end time over the last
// two minutes, with the scenario's end-to-end p99 budget as a labelled SLO line. Each stage
// has its own dash pattern and a label at the end of its line, so colour is never the only
// cue; the panel beside it gives the same figures as a table.

import { axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { line } from 'd3-shape';
import { drawAxis, secondsAxis } from './chartAxes';
import { THEME } from './palette';

export type StageKey = 'queueMs' | 'processingMs' | 'retriesMs' | 'dlqMs' | 'endToEndMs';

/** One sample of the stage p99s (the store's lag samples carry these and more). */
export interface StagePoint {
  atMs: number;
  stageP99Ms: Record<StageKey, number>;
}

export interface StageLine {
  stage: StageKey;
  label: string;
  color: string;
  dash: string | null;
  width: number;
}

export const STAGE_LINES: readonly StageLine[] = [
  { stage: 'queueMs', label: 'in the log', color: 'var(--qs-group-0)', dash: '6 3', width: 2 },
  { stage: 'processingMs', label: 'processing', color: 'var(--qs-group-2)', dash: '2 3', width: 2 },
  { stage: 'retriesMs', label: 'retries', color: 'var(--qs-group-5)', dash: '8 3 2 3', width: 2 },
  { stage: 'dlqMs', label: 'DLQ', color: 'var(--qs-group-3)', dash: '1 4', width: 2 },
  { stage: 'endToEndMs', label: 'end-to-end', color: THEME.fg, dash: null, width: 3 },
];

export const STAGE_WINDOW_MS = 120_000;
const LABEL_GAP_PX = 13;

/** Seconds on the axis: "1.5 s", "20 s", "250 ms". */
export function formatAxisMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${+(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * Label positions at the end of the lines: in value order from the bottom up, each at least
 * `gap` px above the one below it, so labels of stages with close values (often all near
 * zero) never overlap and never drop below the x axis.
 */
export function spreadLabels(ys: readonly number[], bottom: number, gap = LABEL_GAP_PX): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => b.y - a.y || a.i - b.i);
  const out = new Array<number>(ys.length);
  let last = bottom + gap;
  for (const { y, i } of order) {
    last = Math.min(y, last - gap);
    out[i] = last;
  }
  return out;
}

export interface StageChartInput {
  samples: readonly StagePoint[];
  nowMs: number;
  /** The end-to-end p99 budget, if the scenario has one. */
  sloMs: number | null;
  /** The stages to draw, with their names (default: a Kafka consumer group's, STAGE_LINES). */
  lines?: readonly StageLine[];
  width: number;
  height: number;
}

export function createStageLatencyChart(svgEl: SVGSVGElement) {
  const svg = select(svgEl);
  const margin = { top: 12, right: 96, bottom: 26, left: 52 };
  const xAxisG = svg.append('g').attr('class', 'x-axis');
  const yAxisG = svg.append('g').attr('class', 'y-axis');
  const sloG = svg.append('g').attr('class', 'slo');
  const sloLine = sloG.append('line');
  // A halo in the panel colour keeps the label readable where a line crosses it.
  const sloText = sloG
    .append('text')
    .attr('font-size', 12)
    .attr('fill', THEME.danger)
    .attr('stroke', THEME.panel)
    .attr('stroke-width', 3)
    .attr('paint-order', 'stroke');
  const linesG = svg.append('g').attr('class', 'lines');
  const labelsG = svg.append('g').attr('class', 'labels');

  function update({ samples, nowMs, sloMs, lines = STAGE_LINES, width, height }: StageChartInput): void {
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const from = Math.max(0, nowMs - STAGE_WINDOW_MS);
    const shown = samples.filter((p) => p.atMs >= from && p.atMs <= nowMs);
    const x = scaleLinear()
      .domain([from / 1000, Math.max(nowMs, from + 1000) / 1000])
      .range([margin.left, width - margin.right]);
    let maxMs = sloMs ?? 1;
    for (const p of shown) for (const l of lines) maxMs = Math.max(maxMs, p.stageP99Ms[l.stage]);
    const y = scaleLinear()
      .domain([0, maxMs * 1.05])
      .nice()
      .range([height - margin.bottom, margin.top]);
    drawAxis(
      xAxisG,
      `translate(0,${height - margin.bottom})`,
      secondsAxis(x, width - margin.left - margin.right),
    );
    drawAxis(
      yAxisG,
      `translate(${margin.left},0)`,
      axisLeft(y)
        .ticks(4)
        .tickFormat((d) => formatAxisMs(Number(d))),
    );

    sloG.attr('display', sloMs === null ? 'none' : null);
    if (sloMs !== null) {
      sloLine
        .attr('x1', margin.left)
        .attr('x2', width - margin.right)
        .attr('y1', y(sloMs))
        .attr('y2', y(sloMs))
        .attr('stroke', THEME.danger)
        .attr('stroke-width', 1.5)
        .attr('stroke-dasharray', '10 4');
      sloText
        .attr('x', margin.left + 4)
        .attr('y', y(sloMs) - 4)
        .text(`SLO: end-to-end p99 ≤ ${formatAxisMs(sloMs)}`);
    }

    const path = (stage: StageKey) =>
      line<StagePoint>()
        .x((p) => x(p.atMs / 1000))
        .y((p) => y(p.stageP99Ms[stage]));
    linesG
      .selectAll<SVGPathElement, StageLine>('path')
      .data(lines, (l) => l.stage)
      .join('path')
      .attr('fill', 'none')
      .attr('stroke', (l) => l.color)
      .attr('stroke-width', (l) => l.width)
      .attr('stroke-dasharray', (l) => l.dash)
      .attr('data-stage', (l) => l.stage)
      .attr('d', (l) => path(l.stage)(shown as StagePoint[]) ?? '');

    const last = shown.at(-1);
    const ys = lines.map((l) => y(last ? last.stageP99Ms[l.stage] : 0));
    const labelYs = spreadLabels(ys, height - margin.bottom);
    labelsG
      .selectAll<SVGTextElement, StageLine>('text')
      .data(last ? lines : [], (l) => l.stage)
      .join('text')
      .attr('font-size', 12)
      .attr('x', width - margin.right + 6)
      .attr('y', (_l, i) => labelYs[i] + 4)
      .attr('fill', (l) => l.color)
      .attr('data-stage', (l) => l.stage)
      .text((l) => l.label);
  }

  return {
    update,
    destroy: (): void => {
      svg.selectAll('*').remove();
    },
  };
}
