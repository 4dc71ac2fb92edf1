// The lesson runner: Intro → Step n (Reading → Predicting → Waiting → Running → Revealed)
// → … → Done. It drives a LessonPlayer (the web app's, or the headless one) and computes
// each prediction's answer from the engine at the reveal. Going back or jumping to a step
// reloads the scenario and replays the earlier steps at once (same seed, same faults), so
// step n always starts from the same state; the learner's own awaited action is replayed
// as the step's `await.fault`, injected at the start of that step.

import { assign, fromCallback, type SnapshotFrom, setup } from 'xstate';
import type { Fault, Metrics, Scenario, SimEvent, Snapshot } from '../engine/index';
import { type EvalContext, eventMatches, eventTypesOf, judge, type Reveal } from './answer';
import { EventRecorder, type LessonPlayer } from './player';
import { type Lesson, type LessonAwait, type LessonStep, lessonScenario } from './schema';

export type LessonEvent =
  | { type: 'START' }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'RESTART' }
  /** Skips the current phase: a prediction (no guess), an awaited action (done for the learner), a run (jumps to its end), or, while reading, the whole step. */
  | { type: 'SKIP' }
  | { type: 'ANSWER'; value: string | number }
  /** The player reached the step's end time (sent by the run actor, or by a web player). */
  | { type: 'RUN_FINISHED' }
  /** The awaited action happened (normally detected from the engine's fault events). */
  | { type: 'ACTION_DONE' }
  | { type: 'GOTO'; step: number };

/** What happened at one step: the reveal, or the error computing it. */
export interface StepResult {
  reveal: Reveal | null;
  error: string | null;
}

export interface LessonInput {
  lesson: Lesson;
  player: LessonPlayer;
  /** Defaults to the lesson's seed, else 1. */
  seed?: number;
}

export interface LessonContext {
  lesson: Lesson;
  scenario: Scenario;
  seed: number;
  player: LessonPlayer;
  recorder: EventRecorder;
  stepIndex: number;
  guess: string | number | null;
  /** Taken when the current step's action began. */
  start: { metrics: Metrics; snapshot: Snapshot; stepStartMs: number } | null;
  runTargetMs: number;
  results: (StepResult | null)[];
  /** Faults of the lesson the engine refused since the last load (kept, not thrown). */
  problems: string[];
}

function lessonEventTypes(lesson: Lesson) {
  const types = new Set<ReturnType<typeof eventTypesOf> extends Set<infer T> ? T : never>();
  for (const step of lesson.steps) if (step.prediction) eventTypesOf(step.prediction.answer.value, types);
  return types;
}

/**
 * Does an engine event satisfy the step's await? For a fault, every field named by `match`
 * (default: every field of `await.fault`) must be equal; for an event, its `where` values.
 */
export function isAwaitSatisfied(wait: LessonAwait, event: SimEvent): boolean {
  if (wait.fault) {
    if (event.type !== 'fault') return false;
    const seen = event.fault as unknown as Record<string, unknown>;
    const template = wait.fault as unknown as Record<string, unknown>;
    const fields = wait.match ?? Object.keys(template);
    return seen.type === template.type && fields.every((f) => seen[f] === template[f]);
  }
  return event.type === wait.event && eventMatches(event, wait.where);
}

/**
 * Injects a lesson's fault. A fault the engine refuses (a consumer that is not there, one
 * already crashed) is noted in `problems` instead of breaking the lesson: the panel shows it.
 */
function injectNoting(context: LessonContext, fault: Fault, where: string): void {
  try {
    context.player.inject(fault);
  } catch (error) {
    context.problems.push(`${where}: ${(error as Error).message}`);
  }
}

function applyStepInstantly(context: LessonContext, index: number): void {
  const step = context.lesson.steps[index];
  for (const [i, fault] of (step.inject ?? []).entries())
    injectNoting(context, fault, `steps.${index}.inject.${i}`);
  if (step.await?.fault) injectNoting(context, step.await.fault, `steps.${index}.await.fault`);
  context.player.seek(context.player.now() + step.runMs);
}

/** Fresh simulation, then steps 0..n-1 replayed at once: the state step n starts from. */
function loadAt(context: LessonContext, n: number): void {
  context.problems.length = 0;
  context.player.load(context.scenario, context.seed);
  context.recorder.attach(context.player);
  for (let i = 0; i < n; i++) applyStepInstantly(context, i);
}

const currentStep = (context: LessonContext) => context.lesson.steps[context.stepIndex];

/** BACK inside a step (past its narration) starts that step again from a fresh replay. */
const restartStep = {
  target: 'Reading',
  actions: ['clearGuess', 'reloadCurrent'],
  description: 'Back to the start of this step, replayed from a fresh simulation.',
} as const;

const runStep = fromCallback<LessonEvent, { player: LessonPlayer; targetMs: number }>(
  ({ sendBack, input }) => {
    let isActive = true;
    const done = input.player.runUntil(input.targetMs);
    if (done instanceof Promise)
      done.then(() => {
        if (isActive) sendBack({ type: 'RUN_FINISHED' });
      });
    else sendBack({ type: 'RUN_FINISHED' });
    return () => {
      isActive = false;
    };
  },
);

const awaitAction = fromCallback<LessonEvent, { player: LessonPlayer; wait: LessonAwait }>(
  ({ sendBack, input }) => {
    const off = input.player.on(input.wait.fault ? 'fault' : input.wait.event!, (event) => {
      if (isAwaitSatisfied(input.wait, event)) sendBack({ type: 'ACTION_DONE' });
    });
    input.player.play();
    return () => {
      off();
      input.player.pause();
    };
  },
);

export const lessonMachine = setup({
  types: {
    context: {} as LessonContext,
    events: {} as LessonEvent,
    input: {} as LessonInput,
  },
  actors: { runStep, awaitAction },
  guards: {
    hasPrediction: ({ context }) => currentStep(context).prediction !== undefined,
    hasAwait: ({ context }) => currentStep(context).await !== undefined,
    isLastStep: ({ context }) => context.stepIndex >= context.lesson.steps.length - 1,
    isFirstStep: ({ context }) => context.stepIndex === 0,
    isValidStep: ({ context, event }) =>
      event.type === 'GOTO' &&
      Number.isInteger(event.step) &&
      event.step >= 0 &&
      event.step < context.lesson.steps.length,
  },
  actions: {
    reloadCurrent: ({ context }) => loadAt(context, context.stepIndex),
    clearGuess: assign({ guess: null, start: null }),
    recordGuess: assign({ guess: ({ event }) => (event.type === 'ANSWER' ? event.value : null) }),
    beginAction: assign({
      start: ({ context }) => {
        const { player } = context;
        const start = { metrics: player.metrics(), snapshot: player.snapshot(), stepStartMs: player.now() };
        for (const [i, fault] of (currentStep(context).inject ?? []).entries())
          injectNoting(context, fault, `steps.${context.stepIndex}.inject.${i}`);
        return start;
      },
    }),
    injectAwaited: ({ context }) => {
      const wait = currentStep(context).await;
      if (wait?.fault) injectNoting(context, wait.fault, `steps.${context.stepIndex}.await.fault`);
    },
    setRunTarget: assign({
      runTargetMs: ({ context }) => context.player.now() + currentStep(context).runMs,
    }),
    seekToRunEnd: ({ context }) => context.player.seek(context.runTargetMs),
    applyStepInstantly: ({ context }) => applyStepInstantly(context, context.stepIndex),
    reveal: assign({
      results: ({ context }) => {
        const results = context.results.slice();
        const step = currentStep(context);
        const { player } = context;
        let result: StepResult = { reveal: null, error: null };
        if (step.prediction) {
          const start = context.start ?? {
            metrics: player.metrics(),
            snapshot: player.snapshot(),
            stepStartMs: player.now(),
          };
          const ctx: EvalContext = {
            metrics: player.metrics(),
            snapshot: player.snapshot(),
            events: context.recorder.events,
            stepStartMs: start.stepStartMs,
            start,
          };
          try {
            result = { reveal: judge(step.prediction, ctx, context.guess), error: null };
          } catch (error) {
            result = { reveal: null, error: (error as Error).message };
          }
        }
        results[context.stepIndex] = result;
        return results;
      },
    }),
    nextStep: assign({ stepIndex: ({ context }) => context.stepIndex + 1, guess: null, start: null }),
    previousStep: assign({ stepIndex: ({ context }) => context.stepIndex - 1, guess: null, start: null }),
    firstStep: assign({ stepIndex: 0, guess: null, start: null }),
    lastStep: assign({
      stepIndex: ({ context }) => context.lesson.steps.length - 1,
      guess: null,
      start: null,
    }),
    gotoStep: assign({
      stepIndex: ({ event, context }) => (event.type === 'GOTO' ? event.step : context.stepIndex),
      guess: null,
      start: null,
    }),
    clearResults: assign({ results: ({ context }) => context.lesson.steps.map(() => null) }),
  },
}).createMachine({
  id: 'lesson',
  context: ({ input }) => {
    const context: LessonContext = {
      lesson: input.lesson,
      scenario: lessonScenario(input.lesson),
      seed: input.seed ?? input.lesson.seed ?? 1,
      player: input.player,
      recorder: new EventRecorder(lessonEventTypes(input.lesson)),
      stepIndex: 0,
      guess: null,
      start: null,
      runTargetMs: 0,
      results: input.lesson.steps.map(() => null),
      problems: [],
    };
    loadAt(context, 0);
    return context;
  },
  initial: 'Intro',
  on: {
    RESTART: {
      target: '.Intro',
      actions: ['firstStep', 'clearResults', 'reloadCurrent'],
      description: 'Start over: a fresh simulation and no answers.',
    },
    GOTO: {
      guard: 'isValidStep',
      target: '.Step',
      actions: ['gotoStep', 'reloadCurrent'],
      description: 'Open a step directly (a link ?lesson=<id>&step=<n>): earlier steps are replayed at once.',
    },
  },
  states: {
    Intro: {
      on: {
        START: 'Step',
        NEXT: 'Step',
        SKIP: 'Step',
      },
    },
    Step: {
      initial: 'Reading',
      on: {
        BACK: [
          {
            guard: 'isFirstStep',
            target: '#lesson.Intro',
            actions: ['clearGuess', 'reloadCurrent'],
          },
          {
            target: '.Reading',
            actions: ['previousStep', 'reloadCurrent'],
            description: 'Back to the previous step, replayed from a fresh simulation.',
          },
        ],
      },
      states: {
        Reading: {
          on: {
            NEXT: [{ guard: 'hasPrediction', target: 'Predicting' }, { target: 'Acting' }],
            SKIP: [
              {
                guard: 'isLastStep',
                target: '#lesson.Done',
                actions: 'applyStepInstantly',
              },
              {
                target: 'Reading',
                reenter: true,
                actions: ['applyStepInstantly', 'nextStep'],
                description: 'Skip the whole step: its faults and run happen at once.',
              },
            ],
          },
        },
        Predicting: {
          on: {
            BACK: restartStep,
            ANSWER: { target: 'Acting', actions: 'recordGuess' },
            SKIP: { target: 'Acting', actions: 'clearGuess' },
          },
        },
        Acting: {
          entry: 'beginAction',
          always: [{ guard: 'hasAwait', target: 'Waiting' }, { target: 'Running' }],
        },
        Waiting: {
          invoke: {
            src: 'awaitAction',
            input: ({ context }) => ({ player: context.player, wait: currentStep(context).await! }),
          },
          on: {
            BACK: restartStep,
            ACTION_DONE: 'Running',
            SKIP: {
              target: 'Running',
              actions: 'injectAwaited',
              description: 'Do the awaited action for the learner.',
            },
          },
        },
        Running: {
          entry: 'setRunTarget',
          invoke: {
            src: 'runStep',
            input: ({ context }) => ({ player: context.player, targetMs: context.runTargetMs }),
          },
          on: {
            BACK: restartStep,
            RUN_FINISHED: 'Revealed',
            SKIP: { target: 'Revealed', actions: 'seekToRunEnd' },
          },
        },
        Revealed: {
          entry: 'reveal',
          on: {
            BACK: restartStep,
            NEXT: [
              { guard: 'isLastStep', target: '#lesson.Done' },
              { target: 'Reading', actions: 'nextStep' },
            ],
            SKIP: [
              { guard: 'isLastStep', target: '#lesson.Done' },
              { target: 'Reading', actions: 'nextStep' },
            ],
          },
        },
      },
    },
    Done: {
      on: {
        BACK: { target: 'Step', actions: ['lastStep', 'reloadCurrent'] },
      },
    },
  },
});

export type LessonSnapshot = SnapshotFrom<typeof lessonMachine>;
export type LessonPhase = 'Intro' | 'Reading' | 'Predicting' | 'Waiting' | 'Running' | 'Revealed' | 'Done';

/** A plain summary of where a lesson is: what a panel renders and `lessonState()` returns. */
export interface LessonView {
  lessonId: string;
  title: string;
  concept: string;
  phase: LessonPhase;
  stepIndex: number;
  stepCount: number;
  step: LessonStep | null;
  guess: string | number | null;
  result: StepResult | null;
  /** Predictions answered right / asked so far (skipped ones count as asked, not right). */
  score: { right: number; asked: number };
  /** Lesson faults the engine refused ("steps.1.inject.0: fault.memberId: no consumer …"). */
  problems: string[];
}

export function lessonPhase(snapshot: LessonSnapshot): LessonPhase {
  if (snapshot.matches('Intro')) return 'Intro';
  if (snapshot.matches('Done')) return 'Done';
  const value = snapshot.value as { Step: string };
  return (value.Step === 'Acting' ? 'Running' : value.Step) as LessonPhase;
}

export function lessonView(snapshot: LessonSnapshot): LessonView {
  const { context } = snapshot;
  const phase = lessonPhase(snapshot);
  const results = context.results.filter((r): r is StepResult => r?.reveal != null);
  return {
    lessonId: context.lesson.id,
    title: context.lesson.title,
    concept: context.lesson.concept,
    phase,
    stepIndex: context.stepIndex,
    stepCount: context.lesson.steps.length,
    step: phase === 'Intro' || phase === 'Done' ? null : context.lesson.steps[context.stepIndex],
    guess: context.guess,
    result: context.results[context.stepIndex] ?? null,
    score: { right: results.filter((r) => r.reveal?.isRight === true).length, asked: results.length },
    problems: context.problems.slice(),
  };
}
