// One queue's backlog over the last minute, as its broker reports it: stacked areas of the
// messages waiting to be received (SQS visible, RabbitMQ ready), those received and not deleted
// (SQS in flight / not visible, RabbitMQ unacknowledged) and the delayed ones, and below them
// the age of the oldest waiting message. Bands differ by fill and outline, not colour alone,
// and the panel beside it names them and gives the figures.

import { axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { area, line } from 'd3-shape';
import { drawAxis, secondsAxis } from './chartAxes';
import { THEME } from './palette';
import { formatAxisMs } from './stageLatencyChart';

export interface BacklogPoint {
  atMs: number;
  /** Age of the oldest visible (ready) message, ms. */
  lagMs: number;
  queue?: { visible: number; inFlight: number; delayed: number };
}

export type BacklogBand = 'visible' | 'inFlight' | 'delayed';

/** Bottom to top. `color` null: the group's colour. */
export const BACKLOG_BANDS: readonly { band: BacklogBand; fill: string | null; dash: string | null }[] = [
  { band: 'visible', fill: THEME.cellFilled, dash: null },
  { band: 'inFlight', fill: null, dash: null },
  { band: 'delayed', fill: 'none', dash: '4 3' },
];

export interface BacklogChartInput {
  samples: readonly BacklogPoint[];
  nowMs: number;
  /** The group's colour (the in-flight band, as the diagram draws in-flight messages). */
  color: string;
  width: number;
  height: number;
}

const WINDOW_MS = 60_000;
/** The share of the height the backlog takes; the age panel gets the rest. */
const BACKLOG_SHARE = 0.62;
const GAP_PX = 22;

/** The stacked band edges of one sample: [visible top, in-flight top, delayed top]. */
export function stackOf(q: NonNullable<BacklogPoint['queue']>): [number, number, number] {
  const a = q.visible;
  const b = a + q.inFlight;
  return [a, b, b + q.delayed];
}

export function createQueueBacklogChart(svgEl: SVGSVGElement) {
  const svg = select(svgEl);
  const margin = { top: 16, right: 12, bottom: 26, left: 48 };
  const bandsG = svg.append('g').attr('class', 'bands');
  const ageLine = svg.append('path').attr('class', 'age').attr('fill', 'none');
  const yCountG = svg.append('g').attr('class', 'y-count');
  const yAgeG = svg.append('g').attr('class', 'y-age');
  const xAxisG = svg.append('g').attr('class', 'x-axis');
  const countLabel = svg.append('text').attr('font-size', 12).attr('fill', THEME.muted);
  const ageLabel = svg.append('text').attr('font-size', 12).attr('fill', THEME.muted);

  function update({ samples, nowMs, color, width, height }: BacklogChartInput): void {
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const from = Math.max(0, nowMs - WINDOW_MS);
    const shown = samples.filter((p) => p.queue !== undefined && p.atMs >= from && p.atMs <= nowMs);
    const x = scaleLinear()
      .domain([from / 1000, Math.max(nowMs, from + 1000) / 1000])
      .range([margin.left, width - margin.right]);
    const inner = height - margin.top - margin.bottom - GAP_PX;
    const countBottom = margin.top + inner * BACKLOG_SHARE;
    const ageTop = countBottom + GAP_PX;
    const ageBottom = height - margin.bottom;
    let maxCount = 1;
    let maxAge = 1000;
    for (const p of shown) {
      maxCount = Math.max(maxCount, stackOf(p.queue!)[2]);
      maxAge = Math.max(maxAge, p.lagMs);
    }
    const yCount = scaleLinear().domain([0, maxCount]).nice().range([countBottom, margin.top]);
    const yAge = scaleLinear().domain([0, maxAge]).nice().range([ageBottom, ageTop]);

    bandsG
      .selectAll<SVGPathElement, (typeof BACKLOG_BANDS)[number]>('path')
      .data(BACKLOG_BANDS, (b) => b.band)
      .join('path')
      .attr('data-band', (b) => b.band)
      .attr('fill', (b) => b.fill ?? color)
      .attr('fill-opacity', (b) => (b.band === 'inFlight' ? 0.75 : 1))
      .attr('stroke', (b) => (b.band === 'inFlight' ? color : THEME.muted))
      .attr('stroke-width', 1)
      .attr('stroke-dasharray', (b) => b.dash)
      .attr('d', (_b, i) =>
        shown.length === 0
          ? ''
          : (area<BacklogPoint>()
              .x((p) => x(p.atMs / 1000))
              .y0((p) => yCount(i === 0 ? 0 : stackOf(p.queue!)[i - 1]))
              .y1((p) => yCount(stackOf(p.queue!)[i]))(shown) ?? ''),
      );
    ageLine
      .attr('stroke', THEME.fg)
      .attr('stroke-width', 2)
      .attr(
        'd',
        shown.length === 0
          ? ''
          : (line<BacklogPoint>()
              .x((p) => x(p.atMs / 1000))
              .y((p) => yAge(p.lagMs))(shown) ?? ''),
      );

    drawAxis(yCountG, `translate(${margin.left},0)`, axisLeft(yCount).ticks(3));
    drawAxis(
      yAgeG,
      `translate(${margin.left},0)`,
      axisLeft(yAge)
        .ticks(2)
        .tickFormat((d) => formatAxisMs(Number(d))),
    );
    drawAxis(xAxisG, `translate(0,${ageBottom})`, secondsAxis(x, width));
    countLabel
      .attr('x', margin.left + 4)
      .attr('y', margin.top - 4)
      .text('messages in the queue');
    ageLabel
      .attr('x', margin.left + 4)
      .attr('y', ageTop - 6)
      .text('age of the oldest waiting message');
  }

  return {
    update,
    destroy: (): void => {
      svg.selectAll('*').remove();
    },
  };
}
