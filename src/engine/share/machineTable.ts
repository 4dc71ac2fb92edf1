// Runs the share machines at engine speed, as `machines/loopTable.ts` does for the consumer
// loop: a flat machine's definition compiles into a table (state × event → candidate
// transitions, each with its guard name, target and the actions to run), and a step is one
// lookup plus at most one guard call. Unlike the loop table this one keeps guards (the
// record machine's delivery count limit). `machineTable.test.ts` checks both share machines
// against XState's own `transition()`.

import type { AnyStateMachine } from 'xstate';

export interface TableStep<S extends string> {
  guard: string | null;
  target: S;
  actions: readonly string[];
}

export type MachineTable<S extends string, E extends string> = Record<
  S,
  Partial<Record<E, readonly TableStep<S>[]>>
>;

interface NodeLike {
  key: string;
  on: Record<
    string,
    readonly { target?: readonly NodeLike[]; actions: readonly unknown[]; guard?: unknown }[]
  >;
  entry: readonly unknown[];
  exit: readonly unknown[];
  states: Record<string, NodeLike>;
}

function actionName(a: unknown): string {
  if (typeof a === 'string') return a;
  return (a as { type: string }).type;
}

function guardName(g: unknown): string | null {
  if (g === undefined) return null;
  if (typeof g === 'string') return g;
  const o = g as { type?: unknown };
  if (typeof o.type !== 'string') throw new Error('machine table: guards must be named');
  return o.type;
}

/** Compiles a flat machine (a state's own `on` first, then the root's). */
export function compileMachineTable<S extends string, E extends string>(
  machine: AnyStateMachine,
): MachineTable<S, E> {
  const root = machine.root as unknown as NodeLike;
  const table = {} as MachineTable<S, E>;
  for (const [key, node] of Object.entries(root.states)) {
    const row: Partial<Record<E, TableStep<S>[]>> = {};
    const events = new Set([...Object.keys(root.on), ...Object.keys(node.on)]);
    for (const type of events) {
      const candidates = node.on[type] ?? root.on[type] ?? [];
      row[type as E] = candidates.map((t) => {
        const target = t.target?.[0];
        const isExternal = target !== undefined && target.key !== key;
        return {
          guard: guardName(t.guard),
          target: (target?.key ?? key) as S,
          actions: [
            ...(isExternal ? node.exit : []),
            ...t.actions,
            ...(isExternal ? (target as NodeLike).entry : []),
          ].map(actionName),
        };
      });
    }
    table[key as S] = row;
  }
  return table;
}

/**
 * The step an event takes from a state: the first candidate whose guard holds, or
 * undefined when the state ignores the event (as XState does).
 */
export function pickStep<S extends string, E extends string>(
  table: MachineTable<S, E>,
  state: S,
  event: E,
  guard: (name: string) => boolean,
): TableStep<S> | undefined {
  const candidates = table[state][event];
  if (!candidates) return undefined;
  for (const c of candidates) if (c.guard === null || guard(c.guard)) return c;
  return undefined;
}
