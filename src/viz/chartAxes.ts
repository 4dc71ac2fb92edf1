// The axes the side-panel charts share (lag history, queue backlog, stage latency): one style,
// and one time axis in seconds of virtual time with a tick per ~80 px of plot.

import { type Axis, type AxisDomain, axisBottom } from 'd3-axis';
import type { NumberValue, ScaleLinear } from 'd3-scale';
import type { Selection } from 'd3-selection';
import { THEME } from './palette';

/** Seconds of virtual time along the bottom, as many ticks as `plotWidth` px hold. */
export function secondsAxis(x: ScaleLinear<number, number>, plotWidth: number): Axis<NumberValue> {
  return axisBottom(x)
    .ticks(Math.max(2, Math.floor(plotWidth / 80)))
    .tickFormat((d) => `${d}s`);
}

/** Draws `axis` into `g` at `transform`, in the charts' muted 12 px style. */
export function drawAxis<D extends AxisDomain>(
  g: Selection<SVGGElement, unknown, null, undefined>,
  transform: string,
  axis: Axis<D>,
): void {
  g.attr('transform', transform).call(axis).attr('font-size', 12).attr('color', THEME.muted);
}
