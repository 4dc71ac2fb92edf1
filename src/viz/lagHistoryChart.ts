// Lag over time per consumer group: D3 axes, time in simulated seconds on x (the last
// minute), records on y; one line per group in its colour, each with its own dash pattern
// so colour is never the only cue.

import { axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { line } from 'd3-shape';
import { drawAxis, secondsAxis } from './chartAxes';
import { THEME } from './palette';

/** One point of a lag series (the store's lag samples carry more; only these are drawn). */
export interface LagPoint {
  atMs: number;
  lag: number;
}

export interface LagSeries {
  groupId: string;
  color: string;
  samples: LagPoint[];
}

const DASHES = [null, '6 3', '2 3', '8 3 2 3'];
const WINDOW_MS = 60_000;

export function createLagHistoryChart(svgEl: SVGSVGElement) {
  const svg = select(svgEl);
  const margin = { top: 10, right: 12, bottom: 26, left: 48 };
  const xAxisG = svg.append('g').attr('class', 'x-axis');
  const yAxisG = svg.append('g').attr('class', 'y-axis');
  const linesG = svg.append('g').attr('class', 'lines');
  const yLabel = svg.append('text').attr('font-size', 12).attr('fill', THEME.muted);

  /** `unit`: what the y axis counts ("records behind" for Kafka, "messages" for queues). */
  function update(
    series: LagSeries[],
    nowMs: number,
    width: number,
    height: number,
    unit = 'records behind',
  ): void {
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const from = Math.max(0, nowMs - WINDOW_MS);
    const x = scaleLinear()
      .domain([from / 1000, Math.max(nowMs, from + 1000) / 1000])
      .range([margin.left, width - margin.right]);
    let maxLag = 1;
    for (const s of series) for (const p of s.samples) if (p.atMs >= from && p.lag > maxLag) maxLag = p.lag;
    const y = scaleLinear()
      .domain([0, maxLag])
      .nice()
      .range([height - margin.bottom, margin.top]);
    drawAxis(xAxisG, `translate(0,${height - margin.bottom})`, secondsAxis(x, width));
    drawAxis(yAxisG, `translate(${margin.left},0)`, axisLeft(y).ticks(4));
    yLabel
      .attr('x', margin.left + 4)
      .attr('y', margin.top + 10)
      .text(unit);
    const path = line<LagPoint>()
      .x((p) => x(p.atMs / 1000))
      .y((p) => y(p.lag));
    linesG
      .selectAll<SVGPathElement, LagSeries>('path')
      .data(series, (s) => s.groupId)
      .join('path')
      .attr('fill', 'none')
      .attr('stroke', (s) => s.color)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', (_s, i) => DASHES[i % DASHES.length])
      .attr('data-group', (s) => s.groupId)
      .attr('d', (s) => path(s.samples.filter((p) => p.atMs >= from)) ?? '');
  }

  return {
    update,
    destroy: (): void => {
      svg.selectAll('*').remove();
    },
  };
}

export const LAG_DASHES = DASHES;
