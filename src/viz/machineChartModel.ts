// The statechart's model, read from an XState machine definition itself: states come from
// `machine.root.states` (or a sub-state's, for one region of a parallel machine), transitions
// from each node's `transitions`, `after` and `always`; nested states fold into their
// top-level parent and a transient state (nothing but `always` transitions) is drawn as the
// edges it stands for. Pure: no DOM, usable with any machine.

import type { AnyStateMachine } from 'xstate';

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

/** A state that only passes through: atomic, no events or timers, only `always` transitions. */
function isTransient(s: NodeLike): boolean {
  return s.type === 'atomic' && s.transitions.size === 0 && (s.always?.length ?? 0) > 0;
}

export interface ChartModelOptions {
  /**
   * Chart the children of this state (a dot path such as `loop`, for one region of a
   * parallel machine) instead of the machine's top-level states.
   */
  at?: string;
}

/** Reads states and transitions from a machine definition. */
export function chartModel(machine: AnyStateMachine, options: ChartModelOptions = {}): ChartModel {
  let root = machine.root as unknown as NodeLike;
  for (const key of options.at ? options.at.split('.') : []) {
    const child = root.states[key];
    if (!child) throw new Error(`chartModel: no state "${options.at}" in machine "${machine.id}"`);
    root = child;
  }
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
    .filter((s) => !isTransient(s))
    .map((s) => ({ name: s.key, isFinal: s.type === 'final', description: s.description ?? '' }));
  for (const s of Object.values(root.states)) visit(s, s.key);
  // A transient state (the member's Resuming) is drawn as the edges it stands for.
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
