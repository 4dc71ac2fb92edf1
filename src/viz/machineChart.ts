// Statecharts generated from XState machine definitions: the model (machineChartModel.ts)
// reads states and transitions from the definition, the layout (machineChartLayout.ts) places
// them for a narrow side panel, and this view draws them with D3, the current state
// highlighted by a bold border, a ▶ marker and a tint (never colour alone). Any machine
// can be drawn: `createMachineChart(svg, chartModel(machine))`, then `update(current, width)`.

import { select } from 'd3-selection';
import {
  BOX_PAD,
  type ChartLayout,
  LABEL_FONT,
  type LabelLayout,
  LINE_HEIGHT,
  type LinkLayout,
  layoutChart,
  MARKER_W,
  NAME_FONT,
  type StateLayout,
} from './machineChartLayout';
import type { ChartModel } from './machineChartModel';
import { THEME } from './palette';

export * from './machineChartLayout';
export * from './machineChartModel';

export function createMachineChart(svgEl: SVGSVGElement, model: ChartModel) {
  const svg = select(svgEl);
  const defs = svg.append('defs');
  const id = Math.random().toString(36).slice(2, 8);
  const markerFor = (colour: string, key: string) =>
    defs
      .append('marker')
      .attr('id', `arrow-${key}-${id}`)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('markerUnits', 'userSpaceOnUse')
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M0,0 L10,5 L0,10 z')
      .attr('fill', colour);
  markerFor(THEME.muted, 'muted');
  markerFor(THEME.fg, 'fg');
  const linksG = svg.append('g').attr('fill', 'none');
  const nodesG = svg.append('g');
  const labelsG = svg.append('g').attr('font-size', LABEL_FONT);
  const cache = new Map<number, ChartLayout>();

  function update(current: string | null, width: number): number {
    const w = Math.max(200, Math.round(width));
    let layout = cache.get(w);
    if (!layout) {
      layout = layoutChart(model, w);
      cache.set(w, layout);
    }
    const vb = layout.viewBox;
    const scale = vb.w > w ? w / vb.w : 1;
    const height = Math.ceil(vb.h * scale);
    svg
      .attr('viewBox', `${vb.x} ${vb.y} ${vb.w} ${vb.h}`)
      .attr('width', Math.floor(vb.w * scale))
      .attr('height', height)
      .style('display', 'block')
      .style('margin', '0 auto')
      .style('max-width', '100%')
      .style('overflow', 'visible');
    const lit = (l: LinkLayout) => current !== null && l.sources.includes(current);
    const colour = (l: LinkLayout) => (lit(l) ? THEME.fg : THEME.muted);
    const link = linksG
      .selectAll<SVGGElement, LinkLayout>('g')
      .data(
        [...layout.links].sort((a, b) => a.lane - b.lane || Number(lit(a)) - Number(lit(b))),
        (l) => l.key,
      )
      .join((enter) => {
        const g = enter.append('g');
        g.append('path').attr('class', 'halo');
        g.append('path').attr('class', 'body');
        g.append('g').attr('class', 'heads');
        g.append('g').attr('class', 'dots');
        g.append('title');
        return g;
      })
      .order()
      .attr('data-link', (l) => l.key);
    // A halo under every line, so where a line crosses another it visibly passes over it.
    link
      .select('.halo')
      .attr('d', (l) => l.body + l.heads.join(''))
      .attr('stroke', THEME.panel)
      .attr('stroke-width', 5);
    link
      .select('.body')
      .attr('d', (l) => l.body || null)
      .attr('stroke', colour)
      .attr('stroke-width', (l) => (lit(l) ? 2 : 1.25));
    link.each(function (l) {
      const g = select(this);
      g.select('.heads')
        .selectAll('path')
        .data(l.heads)
        .join('path')
        .attr('d', (d) => d)
        .attr('stroke', colour(l))
        .attr('stroke-width', lit(l) ? 2 : 1.25)
        .attr('marker-end', `url(#arrow-${lit(l) ? 'fg' : 'muted'}-${id})`);
      g.select('.dots')
        .selectAll('circle')
        .data(l.dots)
        .join('circle')
        .attr('cx', (d) => d.x)
        .attr('cy', (d) => d.y)
        .attr('r', 2.5)
        .attr('fill', colour(l));
      g.select('title').text(`${l.sources.join(', ')} → ${l.targets.join(', ')}: ${l.events.join(', ')}`);
    });
    const linkOf = new Map(layout.links.map((l) => [l.key, l]));
    labelsG
      .selectAll<SVGTextElement, LabelLayout>('text')
      .data(layout.labels, (l) => l.link)
      .join('text')
      .attr('data-link', (l) => l.link)
      .attr('text-anchor', (l) => l.anchor)
      .attr('fill', (l) => {
        const k = linkOf.get(l.link);
        return k && lit(k) ? THEME.fg : THEME.muted;
      })
      .attr('paint-order', 'stroke')
      .attr('stroke', THEME.panel)
      .attr('stroke-width', 3)
      .attr('stroke-linejoin', 'round')
      .each(function (l) {
        select(this)
          .selectAll('tspan')
          .data(l.lines)
          .join('tspan')
          .attr('x', l.tx)
          .attr('y', (_, i) => l.ty + i * LINE_HEIGHT)
          .text((t) => t);
      });
    const node = nodesG
      .selectAll<SVGGElement, StateLayout>('g')
      .data(layout.states, (st) => st.name)
      .join((enter) => {
        const g = enter.append('g');
        g.append('rect').attr('class', 'box');
        g.append('rect').attr('class', 'inner');
        g.append('text').attr('class', 'marker');
        g.append('text').attr('class', 'name');
        g.append('title');
        return g;
      })
      .attr('data-state', (st) => st.name)
      .attr('aria-current', (st) => (st.name === current ? 'true' : null));
    const isCurrent = (st: StateLayout) => st.name === current;
    node
      .select('.box')
      .attr('x', (st) => st.x)
      .attr('y', (st) => st.y)
      .attr('width', (st) => st.w)
      .attr('height', (st) => st.h)
      .attr('rx', (st) => (st.isFinal ? 4 : 12))
      .style('fill', (st) =>
        isCurrent(st) ? 'color-mix(in srgb, var(--qs-focus) 18%, var(--qs-panel))' : THEME.panel,
      )
      .attr('stroke', (st) => (isCurrent(st) ? 'var(--qs-focus)' : THEME.fg))
      .attr('stroke-width', (st) => (isCurrent(st) ? 3 : 1.25));
    // A final state gets a double border.
    node
      .select('.inner')
      .attr('display', (st) => (st.isFinal ? null : 'none'))
      .attr('x', (st) => st.x + 3.5)
      .attr('y', (st) => st.y + 3.5)
      .attr('width', (st) => st.w - 7)
      .attr('height', (st) => st.h - 7)
      .attr('rx', 2)
      .attr('fill', 'none')
      .attr('stroke', (st) => (isCurrent(st) ? 'var(--qs-focus)' : THEME.fg))
      .attr('stroke-width', 1);
    node
      .select('.marker')
      .attr('x', (st) => st.x + BOX_PAD)
      .attr('y', (st) => st.y + st.h / 2 + 4)
      .attr('font-size', 11)
      // Inline, so no stylesheet rule for accent-filled states can recolour it: the tint
      // behind it is light in the light theme and dark in the dark theme, like the panel.
      .style('fill', THEME.fg)
      .text((st) => (isCurrent(st) ? '▶' : ''));
    node
      .select('.name')
      .attr('x', (st) => st.x + (st.w + MARKER_W) / 2)
      .attr('y', (st) => st.y + st.h / 2 + 4.5)
      .attr('text-anchor', 'middle')
      .attr('font-size', NAME_FONT)
      .attr('font-weight', (st) => (isCurrent(st) ? 700 : 500))
      // Inline, so no stylesheet rule for accent-filled states can recolour it: the tint
      // behind it is light in the light theme and dark in the dark theme, like the panel.
      .style('fill', THEME.fg)
      .text((st) => st.name);
    node
      .select('title')
      .text((st) => `${st.name}${isCurrent(st) ? ' (current)' : ''}: ${st.description || st.name}`);
    return height;
  }

  return {
    update,
    destroy: (): void => {
      svg.selectAll('*').remove();
      cache.clear();
    },
  };
}
