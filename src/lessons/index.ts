// Queuescope lessons and interview drills: the headless half. Pure TypeScript (no DOM,
// React, D3 or zustand); it uses only the engine's public API. The UI builds on this:
//
// LESSONS (data)
//   listLessons(): Lesson[]               every built-in lesson, validated, in index order
//   getLesson(id): Lesson | undefined
//   lessonIndex(): tracks in order, each { id, title, description, lessons: LessonSummary[] };
//                                         planned tracks (queues, flow-control) are empty
//   summarize(lesson): { id, title, concept, track, steps, predictions }   (for `queuescope.lessons()`)
//   parseLesson(json): Lesson             throws LessonError { path: 'lesson.steps.2.prediction.answer.value', message }
//
// A lesson document is JSON (every field in schema.ts; one complete example in example.ts,
//   EXAMPLE_LESSON): { id, title, concept, track, scenario: preset id | inline scenario, seed?,
//   steps: [{ title?, narration, highlight?: { partitions, members, groups, part }, inject?: Fault[],
//   await?: { prompt, fault, match? } | { prompt, event, where? }, runMs, prediction?: { kind: 'choice' | 'number', question,
//   choices?, answer: { value: Expr, rule?, unit?, decimals? }, tolerance?, expect, why: [l1, l2] } }] }
//   Answer expressions (answer.ts): metric / snapshot paths (`partitions.*.logEndOffset`,
//   `groups.[groupId=payments].members.*.assigned`), count / events (since the step or the
//   lesson, `where` filters), delta (vs the step start), max, min, sum, argmax, countWhere,
//   ratio, diff, times, cmp, const. `expect` is what the lesson teaches; tests check the
//   engine agrees for seeds 1–5. The reveal always shows the engine's figure.
//
// RUNNING A LESSON
//   const actor = createActor(lessonMachine, { input: { lesson, player, seed? } }).start();
//   events: START, NEXT, BACK, RESTART, SKIP, ANSWER { value }, GOTO { step (0-based) },
//           RUN_FINISHED (the player reached the step's end), ACTION_DONE (the awaited action happened)
//   lessonView(actor.getSnapshot()): { lessonId, phase, stepIndex, stepCount, step, guess,
//           result: { reveal: { value, unit, correctChoice, guess, isRight, why }, error }, score }
//   phases: Intro → Reading → Predicting → (Waiting) → Running → Revealed → … → Done
//   The player is an interface (player.ts): load, play, pause, seek, runUntil (sync or a
//   promise), inject, now, metrics, snapshot, on. createHeadlessPlayer() implements it over
//   createSimulation; runLessonHeadless(lesson, { seed, learner }) runs a lesson to Done.
//
// DRILLS
//   DRILL_CARDS: { id, source, question, choices?, correct?, modelAnswer, showMe, look[] }
//   showMe: { lesson, step } or { scenario, runMs, seed? }; `look` names the figures to read.
//   startDrill(seed) → session; currentCard, checkChoice, answerCard, drillScore; shuffle(items, seed).
//
// PROGRESS (localStorage under PROGRESS_STORAGE_KEY)
//   emptyProgress, recordStep, recordPrediction, markLessonDone, recordDrill, dismissStartHere,
//   summarizeProgress, serializeProgress, parseProgress (throws LessonError), loadProgress (never throws).

export type { EvalContext, Reveal, Value } from './answer';
export { AnswerError, evaluate, eventMatches, judge, readPath } from './answer';
export type { LessonSummary, Track } from './curriculum/index';
export { getLesson, LESSON_IDS, lessonIndex, listLessons, summarize, TRACKS } from './curriculum/index';
export type { DrillCard, DrillSession, ShowMe } from './drills';
export {
  answerCard,
  CQRS_READ_MODEL,
  checkChoice,
  currentCard,
  DRILL_CARDS,
  drillScore,
  END_TO_END_DRIFT,
  getDrillCard,
  SAGA_NEEDS_COMPENSATION,
  shuffle,
  startDrill,
} from './drills';
export { EXAMPLE_LESSON } from './example';
export type { HeadlessRun, Learner } from './headless';
export { confidentLearner, runLessonHeadless } from './headless';
export type {
  LessonContext,
  LessonEvent,
  LessonInput,
  LessonPhase,
  LessonSnapshot,
  LessonView,
  StepResult,
} from './lesson.machine';
export { isAwaitSatisfied, lessonMachine, lessonPhase, lessonView } from './lesson.machine';
export type { LessonPlayer } from './player';
export { createHeadlessPlayer, EventRecorder } from './player';
export type { LessonProgress, Progress, ProgressSummary } from './progress';
export {
  dismissStartHere,
  emptyProgress,
  loadProgress,
  markLessonDone,
  PROGRESS_STORAGE_KEY,
  parseProgress,
  recordDrill,
  recordPrediction,
  recordStep,
  serializeProgress,
  summarizeProgress,
} from './progress';
export type {
  Cond,
  Expr,
  Highlight,
  HighlightPart,
  Lesson,
  LessonAwait,
  LessonDocument,
  LessonStep,
  Prediction,
} from './schema';
export { HIGHLIGHT_PARTS, LessonError, lessonScenario, parseLesson } from './schema';
