// The lesson player of the page: a LessonPlayer (src/lessons/player.ts) over the page's
// controller. A step's run plays the page's own player, so the learner sees the diagram
// move, and pauses exactly at the step's end; faults go through the controller, so the
// interventions, the shareable link and time travel see what the lesson did.
// A run may raise the speed so it ends within LESSON_RUN_WALL_MS; the learner's own speed
// comes back when the run ends or is cut short, so a step that waits for the learner's
// action plays at the learner's speed, never at the run's.

import type { LessonPlayer } from '../../lessons';
import type { Controller } from '../../store/controller';
import { SPEED_MAX, SPEED_STEPS, speedIn } from '../../store/player.machine';

/** A step's run takes at most about this long on the wall clock (the speed rises to fit). */
export const LESSON_RUN_WALL_MS = 5000;

/** The slowest playback speed at which `simMs` of simulated time plays within `wallMs`. */
export function lessonSpeed(current: number, simMs: number, wallMs = LESSON_RUN_WALL_MS): number {
  const needed = simMs / wallMs;
  if (current >= needed) return current;
  return SPEED_STEPS.find((x) => x >= needed) ?? SPEED_MAX;
}

export interface WebLessonPlayer extends LessonPlayer {
  /** Puts back the speed a run raised (unless the learner changed it meanwhile). */
  restoreSpeed(): void;
}

export function createWebLessonPlayer(controller: Controller): WebLessonPlayer {
  /** The speed a run raised, and the one it raised it to. */
  let raised: { from: number; to: number } | null = null;
  const speed = () => speedIn(controller.player.getSnapshot());
  function restoreSpeed(): void {
    if (!raised) return;
    const { from, to } = raised;
    raised = null;
    // A learner who moved the slider during the run keeps their choice.
    if (speed() === to) controller.setSpeed(from);
  }
  return {
    restoreSpeed,
    load(scenario, seed) {
      restoreSpeed();
      controller.load(scenario, { seed, isPlaying: false });
    },
    play() {
      restoreSpeed();
      controller.play();
    },
    pause() {
      controller.cancelRun();
      controller.pause();
      restoreSpeed();
    },
    seek(ms) {
      controller.cancelRun();
      controller.seek(ms, { pause: true });
      restoreSpeed();
    },
    runUntil(ms) {
      restoreSpeed();
      const current = speed();
      const next = lessonSpeed(current, ms - controller.now());
      if (next !== current) {
        controller.setSpeed(next);
        raised = { from: current, to: next };
      }
      return controller.runTo(ms).then(restoreSpeed);
    },
    inject(fault) {
      controller.inject(fault);
    },
    now: () => controller.now(),
    metrics: () => controller.metrics(),
    snapshot: () => controller.snapshot(),
    on: (type, callback) => controller.on(type, callback),
  };
}
