// Statecharts generated from the XState machine definitions themselves: states come from
// `machine.root.states`, transitions from each node's `transitions`, `after` and `always`
// (nested states fold into their top-level parent). Laid out on an ellipse, drawn with D3,
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

  function update(current: string | null, width: number, height: number): void {
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const n = model.states.length;
    const nodeW = 132;
    const nodeH = 30;
    const cx = width / 2;
    const cy = height / 2;
    const rx = width / 2 - nodeW / 2 - 6;
    const ry = height / 2 - nodeH / 2 - 6;
    const pos = new Map(
      model.states.map((s, i) => [
        s.name,
        {
          x: cx + rx * Math.cos((2 * Math.PI * i) / n - Math.PI / 2),
          y: cy + ry * Math.sin((2 * Math.PI * i) / n - Math.PI / 2),
        },
      ]),
    );
    const edgePath = (e: ChartEdge) => {
      const a = pos.get(e.from)!;
      const b = pos.get(e.to)!;
      const mx = (a.x + b.x) / 2 + (b.y - a.y) * 0.15;
      const my = (a.y + b.y) / 2 - (b.x - a.x) * 0.15;
      // Stop at the target box's edge.
      const dx = b.x - mx;
      const dy = b.y - my;
      const scale = Math.min(Math.abs(nodeW / 2 / (dx || 1e-9)), Math.abs(nodeH / 2 / (dy || 1e-9)), 1);
      return {
        d: `M${a.x},${a.y} Q${mx},${my} ${b.x - dx * scale},${b.y - dy * scale}`,
        lx: (a.x + 2 * mx + b.x) / 4,
        ly: (a.y + 2 * my + b.y) / 4,
      };
    };
    edgesG
      .selectAll<SVGPathElement, ChartEdge>('path')
      .data(model.edges, (e) => `${e.from}>${e.to}`)
      .join('path')
      .attr('d', (e) => edgePath(e).d)
      .attr('fill', 'none')
      .attr('stroke', 'var(--qs-muted)')
      .attr('stroke-width', (e) => (e.from === current ? 2 : 1))
      .attr('marker-end', `url(#${markerId})`);
    labelsG
      .selectAll<SVGTextElement, ChartEdge>('text')
      .data(model.edges, (e) => `${e.from}>${e.to}`)
      .join('text')
      .attr('x', (e) => edgePath(e).lx)
      .attr('y', (e) => edgePath(e).ly)
      .attr('text-anchor', 'middle')
      .attr('font-size', 12)
      .attr('fill', (e) => (e.from === current ? THEME.fg : THEME.muted))
      .attr('paint-order', 'stroke')
      .attr('stroke', THEME.panel)
      .attr('stroke-width', 3)
      .text((e) => (e.events.length > 2 ? `${e.events[0]} +${e.events.length - 1}` : e.events.join(' / ')))
      .each(function (e) {
        const title = select(this).selectAll('title').data([0]).join('title');
        title.text(e.events.join(', '));
      });
    const node = nodesG
      .selectAll<SVGGElement, ChartModel['states'][number]>('g')
      .data(model.states, (s) => s.name)
      .join((enter) => {
        const g = enter.append('g');
        g.append('rect');
        g.append('text');
        g.append('title');
        return g;
      })
      .attr('data-state', (s) => s.name)
      .attr('aria-current', (s) => (s.name === current ? 'true' : null));
    node
      .select('rect')
      .attr('x', (s) => pos.get(s.name)!.x - nodeW / 2)
      .attr('y', (s) => pos.get(s.name)!.y - nodeH / 2)
      .attr('width', nodeW)
      .attr('height', nodeH)
      .attr('rx', (s) => (s.isFinal ? 4 : 14))
      .attr('fill', (s) => (s.name === current ? 'var(--qs-focus)' : THEME.panel))
      .attr('stroke', (s) => (s.name === current ? 'var(--qs-focus)' : THEME.fg))
      .attr('stroke-width', (s) => (s.isFinal ? 3 : 1.5));
    node
      .select('text')
      .attr('x', (s) => pos.get(s.name)!.x)
      .attr('y', (s) => pos.get(s.name)!.y + 4)
      .attr('text-anchor', 'middle')
      .attr('font-size', 12)
      .attr('font-weight', (s) => (s.name === current ? 700 : 500))
      .attr('fill', (s) => (s.name === current ? '#fff' : THEME.fg))
      .text((s) => (s.name === current ? `▶ ${s.name}` : s.name));
    node.select('title').text((s) => s.description || s.name);
  }

  return {
    update,
    destroy: (): void => {
      svg.selectAll('*').remove();
    },
  };
}
