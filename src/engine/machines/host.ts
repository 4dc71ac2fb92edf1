// Runs XState machines on the engine's virtual clock. Each actor is a snapshot advanced
// with XState's pure `transition()`; the host interprets the returned actions: delayed
// raises (from `after`) and keyed `startTimer` actions become engine timers, cancels remove them,
// and every other named action runs the engine's implementation of that hook (a typed record
// keyed by the machine's hook names). Snapshots are immutable, so a
// checkpoint keeps them by reference and seeking never replays wall-clock timers.

import {
  type AnyStateMachine,
  type EventObject,
  initialTransition,
  type SnapshotFrom,
  transition,
} from 'xstate';

export interface TimerPort {
  /** Schedules `event` for `actorId` after `delayMs`; `key` is unique per actor. */
  startTimer(actorId: string, key: string, delayMs: number, event: EventObject): void;
  cancelTimer(actorId: string, key: string): void;
}

/** The engine's side of one named machine action: which actor, and the event that ran it. */
export type Hook = (actorId: string, event: EventObject) => void;

export type Hooks<H extends string> = Readonly<Record<H, Hook>>;

interface ExecutableLike {
  type: string;
  params?: unknown;
  info?: { event?: EventObject };
}

export class MachineHost<M extends AnyStateMachine, H extends string = string> {
  private snapshots = new Map<string, SnapshotFrom<M>>();

  constructor(
    readonly machine: M,
    private readonly timers: TimerPort,
    private readonly hooks: Hooks<H>,
  ) {}

  start(actorId: string, input: unknown): SnapshotFrom<M> {
    const [snapshot, actions] = initialTransition(this.machine, input as never);
    this.snapshots.set(actorId, snapshot as SnapshotFrom<M>);
    this.run(actorId, actions as ExecutableLike[], { type: 'xstate.init' });
    return snapshot as SnapshotFrom<M>;
  }

  send(actorId: string, event: EventObject): SnapshotFrom<M> | undefined {
    const current = this.snapshots.get(actorId);
    if (!current || (current as { status: string }).status !== 'active') return current;
    const [next, actions] = transition(this.machine, current as never, event as never);
    this.snapshots.set(actorId, next as SnapshotFrom<M>);
    this.run(actorId, actions as ExecutableLike[], event);
    return next as SnapshotFrom<M>;
  }

  get(actorId: string): SnapshotFrom<M> | undefined {
    return this.snapshots.get(actorId);
  }

  delete(actorId: string): void {
    this.snapshots.delete(actorId);
  }

  /** Snapshots are immutable: a shallow copy of the map is a complete checkpoint. */
  save(): Map<string, SnapshotFrom<M>> {
    return new Map(this.snapshots);
  }

  restore(saved: Map<string, SnapshotFrom<M>>): void {
    this.snapshots = new Map(saved);
  }

  private run(actorId: string, actions: ExecutableLike[], event: EventObject): void {
    for (const action of actions) {
      const params = (action.params ?? {}) as {
        event?: EventObject;
        id?: string;
        delay?: number;
        sendId?: string;
      };
      if (action.type === 'xstate.raise') {
        // Immediate raises are resolved inside transition(); only delayed ones reach here.
        if (params.delay !== undefined && params.event) {
          this.timers.startTimer(actorId, params.id ?? params.event.type, params.delay, params.event);
        }
      } else if (action.type === 'xstate.cancel') {
        if (params.sendId) this.timers.cancelTimer(actorId, params.sendId);
      } else if (action.type === 'startTimer') {
        const timer = action.params as { key: string; delayMs: number; event: EventObject };
        this.timers.cancelTimer(actorId, timer.key);
        this.timers.startTimer(actorId, timer.key, timer.delayMs, timer.event);
      } else if (action.type === 'cancelTimer') {
        this.timers.cancelTimer(actorId, (action.params as { key: string }).key);
      } else if (!action.type.startsWith('xstate.')) {
        const hook = this.hooks[action.type as H];
        if (!hook) throw new Error(`machine ${this.machine.id}: no engine hook for action "${action.type}"`);
        hook(actorId, event);
      }
    }
  }
}
