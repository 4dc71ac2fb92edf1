// Runs the consumer-loop machine at engine speed. XState's `transition()` costs tens of
// microseconds; the loop steps once per record, a million times per simulated minute. The
// machine is flat and guard-free, so its definition compiles into a table (state × event →
// target and the actions to run, exit and entry actions included), and a step is one lookup.
// `loopTable.test.ts` checks the table against XState's own `transition()` for every state
// and event. The state lives in the world (`MemberRt.loop`), so checkpoints copy it.

import type { AnyStateMachine } from 'xstate';
import type {
  IdleReason,
  LoopContext,
  LoopEvent,
  LoopEventType,
  LoopHook,
  LoopState,
} from './consumerLoop.machine';

export type LoopActionType = LoopHook | 'setReason' | 'clearReason';

export interface LoopAction {
  type: LoopActionType;
  params: { reason: IdleReason } | undefined;
}

export interface LoopStep {
  target: LoopState;
  actions: readonly LoopAction[];
}

export type LoopTableOf = Record<LoopState, Partial<Record<LoopEventType, LoopStep>>>;

/** The state a loop is in, with the machine's context: plain data, cloned by checkpoints. */
export interface LoopStateData extends LoopContext {
  state: LoopState;
}

/** The engine's implementation of each hook the machine names (typed, no string switch). */
export type LoopHooks<T> = Record<LoopHook, (target: T) => void>;

interface NodeLike {
  key: string;
  on: Record<string, readonly { target?: readonly NodeLike[]; actions: readonly unknown[] }[]>;
  entry: readonly unknown[];
  exit: readonly unknown[];
  states: Record<string, NodeLike>;
}

function toAction(a: unknown): LoopAction {
  if (typeof a === 'string') return { type: a as LoopActionType, params: undefined };
  const o = a as { type: string; params?: unknown };
  return { type: o.type as LoopActionType, params: o.params as LoopAction['params'] };
}

/** Compiles a flat, guard-free machine (own `on` first, then the root's). */
export function compileLoopTable(machine: AnyStateMachine): LoopTableOf {
  const root = machine.root as unknown as NodeLike;
  const table = {} as LoopTableOf;
  for (const [key, node] of Object.entries(root.states)) {
    const row: Partial<Record<LoopEventType, LoopStep>> = {};
    const events = new Set([...Object.keys(root.on), ...Object.keys(node.on)]);
    for (const type of events) {
      const t = (node.on[type] ?? root.on[type])?.[0];
      if (!t || typeof (t as { guard?: unknown }).guard !== 'undefined')
        throw new Error(`loop machine: ${key}.${type} must be one unguarded transition`);
      const target = t.target?.[0];
      const isExternal = target !== undefined && target.key !== key;
      const actions = [
        ...(isExternal ? node.exit : []),
        ...t.actions,
        ...(isExternal ? (target as NodeLike).entry : []),
      ].map(toAction);
      row[type as LoopEventType] = { target: (target?.key ?? key) as LoopState, actions };
    }
    table[key as LoopState] = row;
  }
  return table;
}

/** Steps loops with a compiled table; the hooks are the engine's side of the actions. */
export class LoopRunner<T extends { loop: LoopStateData }> {
  constructor(
    private readonly table: LoopTableOf,
    private readonly hooks: LoopHooks<T>,
  ) {}

  /** Applies one event; an event the current state does not handle is ignored (as XState does). */
  send(target: T, event: LoopEvent): void {
    const loop = target.loop;
    const step = this.table[loop.state][event.type];
    if (!step) return;
    loop.state = step.target;
    for (const action of step.actions) {
      if (action.type === 'setReason') loop.reason = action.params?.reason ?? null;
      else if (action.type === 'clearReason') loop.reason = null;
      else this.hooks[action.type](target);
    }
  }
}
