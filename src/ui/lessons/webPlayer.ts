// The lesson player of the page: a LessonPlayer (src/lessons/player.ts) over the page's
// controller. A step's run plays the page's own player, so the learner sees the diagram
// move, and pauses exactly at the step's end; faults go through the controller, so the
// interventions, the shareable link and time travel see what the lesson did.

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

export function createWebLessonPlayer(controller: Controller): LessonPlayer {
  return {
    load(scenario, seed) {
      controller.load(scenario, { seed, isPlaying: false });
    },
    play: () => controller.play(),
    pause() {
      controller.cancelRun();
      controller.pause();
    },
    seek(ms) {
      controller.cancelRun();
      controller.seek(ms, { pause: true });
    },
    runUntil(ms) {
      const speed = speedIn(controller.player.getSnapshot());
      const next = lessonSpeed(speed, ms - controller.now());
      if (next !== speed) controller.setSpeed(next);
      return controller.runTo(ms);
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
