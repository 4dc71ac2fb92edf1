// The player a lesson drives: the lesson machine never touches a simulation directly, it
// calls this interface. The web app plugs in its own player (animated playback, rewind);
// `createHeadlessPlayer` runs the engine directly, for tests, Node scripts and demos.

import {
  createSimulation,
  type Fault,
  type Metrics,
  type Scenario,
  type SimEvent,
  type SimEventType,
  type Simulation,
  type Snapshot,
} from '../engine/index';

export interface LessonPlayer {
  /** Replaces the simulation with a fresh one of `scenario` at time 0. */
  load(scenario: Scenario, seed: number): void;
  /** Free-running playback (while the learner is asked to act); a headless player ignores it. */
  play(): void;
  pause(): void;
  /** Jumps forward to `ms` at once, running every event on the way (used to replay steps). */
  seek(ms: number): void;
  /**
   * Runs to `ms` at the player's own pace, then pauses there. A web player returns a promise
   * that settles when the time is reached (or sends RUN_FINISHED to the machine itself);
   * a headless player runs synchronously.
   */
  runUntil(ms: number): void | Promise<void>;
  inject(fault: Fault): void;
  now(): number;
  metrics(): Metrics;
  snapshot(): Snapshot;
  /** Subscribes to events of the *current* simulation; returns the unsubscribe function. */
  on(type: SimEventType | '*', callback: (event: SimEvent) => void): () => void;
}

/** A player over `createSimulation` that runs as fast as the CPU allows. */
export function createHeadlessPlayer(): LessonPlayer & { simulation(): Simulation } {
  let sim: Simulation | null = null;
  const current = (): Simulation => {
    if (!sim) throw new Error('player: no scenario loaded');
    return sim;
  };
  const advanceTo = (ms: number) => {
    const s = current();
    if (ms < s.now) throw new Error(`player: cannot run back from ${s.now} ms to ${ms} ms; load again`);
    s.advance(ms - s.now);
  };
  return {
    load(scenario, seed) {
      sim = createSimulation(scenario, { seed });
    },
    play() {},
    pause() {},
    seek: advanceTo,
    runUntil: advanceTo,
    inject(fault) {
      current().inject(fault);
    },
    now: () => current().now,
    metrics: () => current().metrics(),
    snapshot: () => current().snapshot(),
    on(type, callback) {
      return current().on(type as '*', callback);
    },
    simulation: current,
  };
}

/**
 * Keeps the events of a few types (the ones a lesson's answers read) since the last load.
 * Listening to just those keeps the engine from building events nobody reads.
 */
export class EventRecorder {
  readonly events: SimEvent[] = [];
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly types: ReadonlySet<SimEventType>) {}

  /** Call after every `player.load`: subscriptions belong to one simulation. */
  attach(player: LessonPlayer): void {
    this.detach();
    this.events.length = 0;
    for (const type of this.types) this.unsubscribe.push(player.on(type, (event) => this.events.push(event)));
  }

  detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }
}
