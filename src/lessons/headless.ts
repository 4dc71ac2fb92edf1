// Runs a lesson to the end with no UI: the lesson machine on a headless player, a scripted
// learner answering each prediction, and every awaited action done as the step describes.
// Tests, Node scripts and the curriculum checker use it.

import { createActor } from 'xstate';
import type { Reveal } from './answer';
import { type LessonEvent, lessonMachine, lessonPhase, type StepResult } from './lesson.machine';
import { createHeadlessPlayer } from './player';
import type { Lesson, Prediction } from './schema';

export interface HeadlessRun {
  lessonId: string;
  seed: number;
  /** One entry per step: the reveal (null without a prediction) or an error. */
  results: StepResult[];
  reveals: { step: number; reveal: Reveal }[];
  errors: { step: number; error: string }[];
  /** Lesson faults the engine refused (see LessonView.problems). */
  problems: string[];
  endMs: number;
}

/** The scripted learner: given a prediction, returns a guess (or null to skip it). */
export type Learner = (prediction: Prediction, step: number) => string | number | null;

/** Guesses the lesson's intended choice, or the middle of a number's expected range. */
export const confidentLearner: Learner = (p) =>
  p.kind === 'choice'
    ? p.expect
    : ((p.expect.min ?? p.expect.max ?? 0) + (p.expect.max ?? p.expect.min ?? 0)) / 2;

export function runLessonHeadless(
  lesson: Lesson,
  options: { seed?: number; learner?: Learner } = {},
): HeadlessRun {
  const player = createHeadlessPlayer();
  const actor = createActor(lessonMachine, { input: { lesson, player, seed: options.seed } });
  actor.start();
  const learner = options.learner ?? confidentLearner;
  const send = (event: LessonEvent) => actor.send(event);
  send({ type: 'START' });
  // Each step needs at most: NEXT (read), ANSWER, an action, RUN_FINISHED, NEXT (reveal).
  for (let guard = 0; guard < lesson.steps.length * 8 + 4; guard++) {
    const snapshot = actor.getSnapshot();
    const phase = lessonPhase(snapshot);
    const step = lesson.steps[snapshot.context.stepIndex];
    if (phase === 'Done') break;
    if (phase === 'Reading' || phase === 'Revealed') send({ type: 'NEXT' });
    else if (phase === 'Predicting' && step.prediction) {
      const guess = learner(step.prediction, snapshot.context.stepIndex);
      send(guess === null ? { type: 'SKIP' } : { type: 'ANSWER', value: guess });
    } else if (phase === 'Waiting' && step.await?.fault) player.inject(step.await.fault);
    else send({ type: 'SKIP' });
  }
  const snapshot = actor.getSnapshot();
  if (lessonPhase(snapshot) !== 'Done') throw new Error(`lesson ${lesson.id} did not reach Done`);
  const results = snapshot.context.results.map((r) => r ?? { reveal: null, error: null });
  actor.stop();
  return {
    lessonId: lesson.id,
    seed: snapshot.context.seed,
    results,
    reveals: results.flatMap((r, step) => (r.reveal ? [{ step, reveal: r.reveal }] : [])),
    errors: results.flatMap((r, step) => (r.error ? [{ step, error: r.error }] : [])),
    problems: snapshot.context.problems.slice(),
    endMs: player.now(),
  };
}
