// A tiny simulated clock for machine tests: a TimerPort that records the timers a
// MachineHost starts and cancels, fires them on demand (`fire(key)`) or as virtual time
// passes (`advance(ms)`), and logs the engine hooks (named actions) the machine emits.

import type { AnyStateMachine, EventObject } from 'xstate';
import { type Hook, MachineHost, type TimerPort } from '../../src/engine/machines/host';

export interface PendingTimer {
  actorId: string;
  key: string;
  atMs: number;
  event: EventObject;
}

export class SimulatedClock<M extends AnyStateMachine> implements TimerPort {
  nowMs = 0;
  readonly timers = new Map<string, PendingTimer>();
  readonly actions: { actorId: string; type: string; atMs: number }[] = [];
  readonly host: MachineHost<M>;

  constructor(machine: M) {
    // Every hook the machine names is recorded, whatever its name.
    const hooks = new Proxy({} as Record<string, Hook>, {
      get: (_, type) => (actorId: string) => {
        this.actions.push({ actorId, type: String(type), atMs: this.nowMs });
      },
    });
    this.host = new MachineHost(machine, this, hooks);
  }

  startTimer(actorId: string, key: string, delayMs: number, event: EventObject): void {
    this.timers.set(`${actorId}|${key}`, { actorId, key, atMs: this.nowMs + delayMs, event });
  }

  cancelTimer(actorId: string, key: string): void {
    this.timers.delete(`${actorId}|${key}`);
  }

  /** Pending timer keys of one actor; `after` delays read `xstate.after.<delayName>.…`. */
  keys(actorId: string): string[] {
    return [...this.timers.values()].filter((t) => t.actorId === actorId).map((t) => t.key);
  }

  /** The pending timer whose key equals `key` or starts with it (e.g. 'xstate.after.pauseDuration'). */
  timer(actorId: string, key: string): PendingTimer | undefined {
    return [...this.timers.values()].find(
      (t) => t.actorId === actorId && (t.key === key || t.key.startsWith(key)),
    );
  }

  /** Fires one pending timer now, whatever its due time; throws if it is not pending. */
  fire(actorId: string, key: string) {
    const t = this.timer(actorId, key);
    if (!t)
      throw new Error(`no pending timer "${key}" for ${actorId} (pending: ${this.keys(actorId).join(', ')})`);
    this.timers.delete(`${t.actorId}|${t.key}`);
    this.nowMs = Math.max(this.nowMs, t.atMs);
    return this.host.send(t.actorId, t.event);
  }

  /** Moves time forward, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const next = [...this.timers.values()]
        .filter((t) => t.atMs <= target)
        .sort((a, b) => a.atMs - b.atMs)[0];
      if (!next) break;
      this.timers.delete(`${next.actorId}|${next.key}`);
      this.nowMs = next.atMs;
      this.host.send(next.actorId, next.event);
    }
    this.nowMs = target;
  }

  send(actorId: string, event: EventObject) {
    return this.host.send(actorId, event);
  }

  /** The names of the engine hooks emitted so far (and forgets them). */
  takeActions(actorId?: string): string[] {
    const taken = this.actions
      .filter((a) => actorId === undefined || a.actorId === actorId)
      .map((a) => a.type);
    const rest = this.actions.filter((a) => actorId !== undefined && a.actorId !== actorId);
    this.actions.length = 0;
    this.actions.push(...rest);
    return taken;
  }
}
