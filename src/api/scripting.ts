// window.queuescope: the scripting API for Playwright demos and tests. Every method
// validates its input and throws a clear error; names are stable (documented in README).

import {
  type Fault,
  KNOWN_EVENTS,
  type Metrics,
  type Scenario,
  type SimEvent,
  type Snapshot,
} from '../engine';
import type { LessonView } from '../lessons';
import type { Controller } from '../store/controller';

type LessonList = { id: string; title: string; concept: string; steps: number }[];

/**
 * What the scripting API needs of the page's lessons (ui/lessons/lessonShell.ts provides it).
 * The lesson system loads on first use: until then `lessons` and `startById` return promises.
 */
export interface LessonScripting {
  lessons(): LessonList | Promise<LessonList>;
  /** `step` is 0-based here; the API's startLesson takes it counted from 1. */
  startById(id: string, step?: number): void | Promise<void>;
  state(): LessonView | null;
}

export interface QueuescopeApi {
  readonly version: string;
  /**
   * A scenario with queues (SQS, RabbitMQ) needs the queue engine, which the page loads on first
   * use (or soon after it opens): until it is in, `load` returns a promise (`page.evaluate` awaits it).
   */
  load(scenarioOrId: Scenario | string, options?: { seed?: number }): void | Promise<void>;
  play(): void;
  pause(): void;
  step(ms?: number): void;
  stepEvent(): void;
  seek(ms: number): void;
  setSpeed(x: number): void;
  inject(fault: Fault): string;
  snapshot(): Snapshot;
  metrics(): Metrics;
  now(): number;
  isPlaying(): boolean;
  on(eventType: SimEvent['type'] | '*', callback: (event: SimEvent) => void): () => void;
  link(): string;
  /**
   * Built-in lessons: `{ id, title, concept, steps }` in index order. A promise of them until
   * the lesson system has loaded (it loads on first use; `page.evaluate` awaits either).
   */
  lessons(): LessonList | Promise<LessonList>;
  /**
   * Opens a lesson, at its intro or at `step` (counted from 1, as the panel shows it). Before
   * the lesson system has loaded it returns a promise (rejected for an unknown id).
   */
  startLesson(id: string, step?: number): void | Promise<void>;
  /** The open lesson: phase, step index (0-based), guess, reveal, score; null when none is open. */
  lessonState(): LessonView | null;
}

export const API_VERSION = '1.0.0';

/** The scripting API over one controller; `linkOf` builds the shareable link of the view. */
export function createScriptingApi(
  controller: Controller,
  linkOf: () => string,
  lessonHost: LessonScripting | null = null,
): QueuescopeApi {
  const lessonsOf = (): LessonScripting => {
    if (!lessonHost) throw new Error('lessons are not available on this page');
    return lessonHost;
  };
  return {
    version: API_VERSION,
    load(scenarioOrId, options = {}) {
      if (typeof scenarioOrId !== 'string' && (typeof scenarioOrId !== 'object' || scenarioOrId === null)) {
        throw new TypeError('load: pass a preset id (string) or a scenario object');
      }
      return controller.load(scenarioOrId, { seed: options.seed, isPlaying: false });
    },
    play: () => controller.play(),
    pause: () => controller.pause(),
    step(ms = 100) {
      if (typeof ms !== 'number') throw new TypeError('step: ms must be a number');
      controller.stepMs(ms);
    },
    stepEvent: () => controller.stepEvent(),
    seek(ms) {
      if (typeof ms !== 'number') throw new TypeError('seek: ms must be a number');
      controller.seek(ms);
    },
    setSpeed(x) {
      if (typeof x !== 'number') throw new TypeError('setSpeed: x must be a number');
      controller.setSpeed(x);
    },
    inject: (fault) => controller.inject(fault),
    snapshot: () => controller.snapshot(),
    metrics: () => controller.metrics(),
    now: () => controller.now(),
    isPlaying: () => controller.isPlaying(),
    on(eventType, callback) {
      if (eventType !== '*' && !KNOWN_EVENTS.has(eventType))
        throw new TypeError(`on: unknown event type "${eventType}" (known: ${[...KNOWN_EVENTS].join(', ')})`);
      if (typeof callback !== 'function') throw new TypeError('on: callback must be a function');
      // Subscriptions follow reloads: the controller moves them to whichever run is current.
      return controller.on(eventType, callback);
    },
    link: linkOf,
    lessons: () => lessonsOf().lessons(),
    startLesson(id, step) {
      if (typeof id !== 'string') throw new TypeError('startLesson: id must be a string');
      if (step !== undefined && (typeof step !== 'number' || !Number.isInteger(step) || step < 1))
        throw new TypeError('startLesson: step must be an integer from 1');
      return lessonsOf().startById(id, step === undefined ? undefined : step - 1);
    },
    lessonState: () => (lessonHost ? lessonHost.state() : null),
  };
}

declare global {
  interface Window {
    queuescope?: QueuescopeApi;
  }
}
