// Statecharts generated from the XState machine definitions themselves: states come from
// `machine.root.states`, transitions from each node's `transitions`, `after` and `always`
// (nested states fold into their top-level parent). Drawn with D3 as an arc diagram,
// with the current state highlighted.

import { select } from 'd3-selection';
import type { AnyStateMachine } from 'xstate';
import { THEME } from './palette';

export interface ChartEdge {
  from: string;
  to: string;
  events: string[];
}

export interface ChartModel {
  states: { name: string; isFinal: boolean; description: string }[];
  edges: ChartEdge[];
  global: string[];
}

interface NodeLike {
  key: string;
  type: string;
  description?: string;
  states: Record<string, NodeLike>;
  parent?: NodeLike;
  transitions: Map<string, { target?: NodeLike[] }[]>;
  after: { eventType: string; target?: NodeLike[] }[];
  always?: { target?: NodeLike[] }[];
}

function topLevel(node: NodeLike, root: NodeLike): string {
  let n = node;
  while (n.parent && n.parent !== root) n = n.parent;
  return n.key;
}

function eventLabel(eventType: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  return after ? `after ${after[1]}` : eventType;
}

/** Reads states and transitions from a machine definition. */
export function chartModel(machine: AnyStateMachine): ChartModel {
  const root = machine.root as unknown as NodeLike;
  const edges = new Map<string, ChartEdge>();
  const add = (from: string, to: string, event: string) => {
    if (from === to) return;
    const key = `${from}>${to}`;
    const edge = edges.get(key) ?? { from, to, events: [] };
    if (!edge.events.includes(event)) edge.events.push(event);
    edges.set(key, edge);
  };
  const visit = (node: NodeLike, top: string) => {
    for (const [event, defs] of node.transitions) {
      if (event.startsWith('xstate.after')) continue;
      for (const d of defs) for (const t of d.target ?? []) add(top, topLevel(t, root), event);
    }
    for (const d of node.after ?? [])
      for (const t of d.target ?? []) add(top, topLevel(t, root), eventLabel(d.eventType));
    for (const d of node.always ?? []) for (const t of d.target ?? []) add(top, topLevel(t, root), 'always');
    for (const child of Object.values(node.states)) visit(child, top);
  };
  const states = Object.values(root.states)
    .filter(
      (s) =>
        !(
          s.type === 'atomic' &&
          [...s.transitions.keys()].length === 0 &&
          (s.always?.length ?? 0) > 0 &&
          s.key === 'Resuming'
        ),
    )
    .map((s) => ({ name: s.key, isFinal: s.type === 'final', description: s.description ?? '' }));
  for (const s of Object.values(root.states)) visit(s, s.key);
  // A transient state (Resuming) is drawn as the edges it stands for.
  const names = new Set(states.map((s) => s.name));
  const folded: ChartEdge[] = [];
  for (const e of edges.values()) {
    if (names.has(e.from) && names.has(e.to)) folded.push(e);
    else if (names.has(e.from) && !names.has(e.to)) {
      for (const next of edges.values())
        if (next.from === e.to && names.has(next.to))
          folded.push({ from: e.from, to: next.to, events: e.events });
    }
  }
  return { states, edges: folded, global: [...root.transitions.keys()] };
}

export function createMachineChart(svgEl: SVGSVGElement, model: ChartModel) {
  const svg = select(svgEl);
  const defs = svg.append('defs');
  const markerId = `arrow-${Math.random().toString(36).slice(2, 8)}`;
  defs
    .append('marker')
    .attr('id', markerId)
    .attr('viewBox', '0 0 10 10')
    .attr('refX', 9)
    .attr('refY', 5)
    .attr('markerWidth', 7)
    .attr('markerHeight', 7)
    .attr('orient', 'auto-start-reverse')
    .append('path')
    .attr('d', 'M0,0 L10,5 L0,10 z')
    .attr('fill', 'var(--qs-muted)');
  const edgesG = svg.append('g');
  const labelsG = svg.append('g');
  const nodesG = svg.append('g');

  function update(current: string | null, width: number): number {
    // An arc diagram: states in a column in definition order; transitions to a later state
    // arc on the right, to an earlier one on the left, nested by distance, so nothing crosses
    // a box and every label sits at its arc's apex.
    const n = model.states.length;
    const nodeW = Math.min(150, width * 0.36);
    const nodeH = 28;
    const rowH = 44;
    const height = n * rowH + 16;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const cx = width / 2;
    const index = new Map(model.states.map((st, i) => [st.name, i]));
    const yOf = (name: string) => 8 + (index.get(name) ?? 0) * rowH + nodeH / 2;
    const room = (width - nodeW) / 2 - 8;
    const maxSpan = Math.max(1, n - 1);
    const geometry = (e: ChartEdge) => {
      const i = index.get(e.from) ?? 0;
      const j = index.get(e.to) ?? 0;
      const side = j > i ? 1 : -1;
      const span = Math.abs(j - i);
      const bulge = 14 + (room - 14) * (span / maxSpan);
      const x0 = cx + side * (nodeW / 2);
      const y1 = yOf(e.from) + (side > 0 ? 5 : -5);
      const y2 = yOf(e.to) + (side > 0 ? -5 : 5);
      const apexX = x0 + side * bulge;
      return {
        d: `M${x0},${y1} C${apexX},${y1} ${apexX},${y2} ${x0 + side * 2},${y2}`,
        lx: x0 + side * (bulge * 0.75 + 2),
        ly: (y1 + y2) / 2 + 4,
        anchor: side > 0 ? 'start' : 'end',
      };
    };
    const labelOf = (e: ChartEdge) => {
      const text = e.events.length > 1 ? `${e.events[0]} +${e.events.length - 1}` : e.events[0];
      const max = Math.max(6, Math.floor((room * 0.3 + 40) / 7));
      return text.length > max ? `${text.slice(0, max - 1)}…` : text;
    };
    edgesG
      .selectAll<SVGPathElement, ChartEdge>('path')
      .data(model.edges, (e) => `${e.from}>${e.to}`)
      .join('path')
      .attr('d', (e) => geometry(e).d)
      .attr('fill', 'none')
      .attr('stroke', (e) => (e.from === current ? THEME.fg : 'var(--qs-muted)'))
      .attr('stroke-width', (e) => (e.from === current ? 2 : 1))
      .attr('marker-end', `url(#${markerId})`);
    labelsG
      .selectAll<SVGTextElement, ChartEdge>('text')
      .data(model.edges, (e) => `${e.from}>${e.to}`)
      .join('text')
      .attr('x', (e) => geometry(e).lx)
      .attr('y', (e) => geometry(e).ly)
      .attr('text-anchor', (e) => geometry(e).anchor)
      .attr('font-size', 12)
      .attr('fill', (e) => (e.from === current ? THEME.fg : THEME.muted))
      .attr('paint-order', 'stroke')
      .attr('stroke', THEME.panel)
      .attr('stroke-width', 3)
      .text(labelOf)
      .each(function (e) {
        select(this)
          .selectAll('title')
          .data([0])
          .join('title')
          .text(`${e.from} → ${e.to}: ${e.events.join(', ')}`);
      });
    const node = nodesG
      .selectAll<SVGGElement, ChartModel['states'][number]>('g')
      .data(model.states, (st) => st.name)
      .join((enter) => {
        const g = enter.append('g');
        g.append('rect');
        g.append('text');
        g.append('title');
        return g;
      })
      .attr('data-state', (st) => st.name)
      .attr('aria-current', (st) => (st.name === current ? 'true' : null));
    node
      .select('rect')
      .attr('x', cx - nodeW / 2)
      .attr('y', (st) => yOf(st.name) - nodeH / 2)
      .attr('width', nodeW)
      .attr('height', nodeH)
      .attr('rx', (st) => (st.isFinal ? 4 : 14))
      .attr('fill', (st) => (st.name === current ? 'var(--qs-focus)' : THEME.panel))
      .attr('stroke', (st) => (st.name === current ? 'var(--qs-focus)' : THEME.fg))
      .attr('stroke-width', (st) => (st.isFinal ? 3 : 1.5));
    node
      .select('text')
      .attr('x', cx)
      .attr('y', (st) => yOf(st.name) + 4)
      .attr('text-anchor', 'middle')
      .attr('font-size', 12)
      .attr('font-weight', (st) => (st.name === current ? 700 : 500))
      .attr('fill', (st) => (st.name === current ? '#fff' : THEME.fg))
      .text((st) => (st.name === current ? `▶ ${st.name}` : st.name));
    node.select('title').text((st) => st.description || st.name);
    return height;
  }

  return {
    update,
    destroy: (): void => {
      svg.selectAll('*').remove();
    },
  };
}
