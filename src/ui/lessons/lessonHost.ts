// The page's lessons, outside React: which panel is open (index, a lesson, drills), the
// running lesson's actor (the lesson machine over the web player), the learner's progress
// in localStorage, and what the current step lights in the diagram. React reads it with
// zustand selectors and the lesson actor with @xstate/react; window.queuescope and the
// presentation keys call the same methods, so every way in behaves the same.

import { createActor } from 'xstate';
import type { StoreApi } from 'zustand/vanilla';
import {
  dismissStartHere,
  getLesson,
  type Lesson,
  type LessonEvent,
  type LessonView,
  lessonMachine,
  lessonView,
  listLessons,
  markLessonDone,
  type Progress,
  recordDrill,
  recordPrediction,
  recordStep,
  summarize,
} from '../../lessons';
import type { Controller } from '../../store/controller';
import type { Highlight } from '../../store/store';
import { createLessonUi, saveProgressTo } from './lessonShell';
import { createWebLessonPlayer, type WebLessonPlayer } from './webPlayer';

export type LessonActor = ReturnType<typeof createLessonActor>;
export type LessonPanelMode = 'closed' | 'index' | 'lesson' | 'drill';

export interface LessonUiState {
  mode: LessonPanelMode;
  lesson: Lesson | null;
  actor: LessonActor | null;
  progress: Progress;
  /** Screen blanked by the presentation key B. */
  isBlank: boolean;
  /** The page opened on a scenario or lesson link: no "Start here" then. */
  isLinkOpened: boolean;
  /** The guess being entered for the current prediction (PageDown submits it). */
  draft: string | number | null;
  /** A lesson file or link that could not be read, naming the bad field. */
  loadError: string | null;
}

/** Key-value storage as localStorage offers it (tests pass a Map-backed one). */
export interface ProgressStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function createLessonActor(lesson: Lesson, player: WebLessonPlayer) {
  return createActor(lessonMachine, { input: { lesson, player } });
}

/** The highlight of a lesson view: the step's, shown while reading, predicting, running and at the reveal. */
export function highlightOf(view: LessonView | null): Highlight | null {
  const h = view?.step?.highlight;
  if (!h) return null;
  return {
    partitions: h.partitions ?? [],
    members: h.members ?? [],
    groups: h.groups ?? [],
    parts: h.part ? [h.part] : [],
  };
}

/** `ui` is the panel state the page created before the lesson system loaded (lessonShell.ts). */
export function createLessonHost(
  controller: Controller,
  storage: ProgressStorage | null = null,
  ui: StoreApi<LessonUiState> = createLessonUi(storage),
) {
  let unsubscribe: (() => void) | null = null;
  /** The open lesson's player (it knows the speed a run raised). */
  let player: WebLessonPlayer | null = null;

  function saveProgress(update: (p: Progress) => Progress): void {
    saveProgressTo(ui, storage, update);
  }

  function stopLesson(): void {
    const { actor } = ui.getState();
    unsubscribe?.();
    unsubscribe = null;
    if (actor) {
      actor.getSnapshot().context.recorder.detach();
      actor.stop();
    }
    controller.cancelRun();
    player?.restoreSpeed();
    player = null;
    controller.store.setState({ highlight: null });
  }

  /** Follows the actor: the diagram's highlight, and progress at each step, reveal and the end. */
  function follow(lesson: Lesson, actor: LessonActor): void {
    let last: LessonView | null = null;
    const onChange = () => {
      const view = lessonView(actor.getSnapshot());
      const highlight = highlightOf(view);
      const current = controller.store.getState().highlight;
      if (JSON.stringify(current) !== JSON.stringify(highlight)) controller.store.setState({ highlight });
      if (last?.phase !== view.phase || last.stepIndex !== view.stepIndex) {
        if (view.phase === 'Predicting') ui.setState({ draft: null });
        if (view.phase === 'Reading') saveProgress((p) => recordStep(p, lesson.id, view.stepIndex));
        if (view.phase === 'Revealed' && view.result?.reveal)
          saveProgress((p) => recordPrediction(p, lesson.id, view.stepIndex, view.result!.reveal!));
        if (view.phase === 'Done') saveProgress((p) => markLessonDone(p, lesson.id));
      }
      last = view;
    };
    const sub = actor.subscribe(onChange);
    unsubscribe = () => sub.unsubscribe();
    onChange();
  }

  /** Opens a lesson; `step` (0-based) jumps straight to that step, replaying the earlier ones. */
  function start(lesson: Lesson, step?: number): void {
    if (step !== undefined && (!Number.isInteger(step) || step < 0 || step >= lesson.steps.length))
      throw new RangeError(`step must be from 1 to ${lesson.steps.length} for lesson ${lesson.id}`);
    stopLesson();
    player = createWebLessonPlayer(controller);
    const actor = createLessonActor(lesson, player);
    actor.start();
    ui.setState({ mode: 'lesson', lesson, actor, isBlank: false, draft: null, loadError: null });
    follow(lesson, actor);
    if (step !== undefined && step > 0) actor.send({ type: 'GOTO', step });
    else if (step === 0) actor.send({ type: 'START' });
  }

  function send(event: LessonEvent): void {
    ui.getState().actor?.send(event);
  }

  /** One page forward, as PageDown: start, read on, answer (the draft) or skip, finish the run, go on. */
  function forward(): void {
    const { actor, draft } = ui.getState();
    if (!actor) return;
    const phase = lessonView(actor.getSnapshot()).phase;
    if (phase === 'Intro') send({ type: 'START' });
    else if (phase === 'Reading' || phase === 'Revealed') send({ type: 'NEXT' });
    else if (phase === 'Predicting')
      send(draft === null || draft === '' ? { type: 'SKIP' } : { type: 'ANSWER', value: draft });
    else if (phase === 'Waiting' || phase === 'Running') send({ type: 'SKIP' });
  }

  return {
    ui,
    controller,
    start,
    send,
    forward,
    back: () => send({ type: 'BACK' }),
    setDraft: (draft: string | number | null) => ui.setState({ draft }),
    setLoadError: (loadError: string | null) => ui.setState({ loadError }),
    /** Opens a built-in lesson by id; throws naming the known ids when there is none. */
    startById(id: string, step?: number): void {
      const lesson = getLesson(id);
      if (!lesson)
        throw new Error(
          `there is no lesson "${id}" (known: ${listLessons()
            .map((l) => l.id)
            .join(', ')})`,
        );
      start(lesson, step);
    },
    state(): LessonView | null {
      const { actor, mode } = ui.getState();
      return actor && mode === 'lesson' ? lessonView(actor.getSnapshot()) : null;
    },
    lessons: () =>
      listLessons().map((l) => {
        const s = summarize(l);
        return { id: s.id, title: s.title, concept: s.concept, steps: s.steps };
      }),
    openIndex(): void {
      ui.setState({ mode: 'index', isBlank: false });
    },
    openDrill(): void {
      ui.setState({ mode: 'drill', isBlank: false });
    },
    /** Closes the panel; an open lesson stops and its highlight goes. */
    close(): void {
      stopLesson();
      ui.setState({ mode: 'closed', lesson: null, actor: null, isBlank: false });
    },
    toggleBlank(): void {
      ui.setState({ isBlank: !ui.getState().isBlank });
    },
    dismissStartHere(): void {
      saveProgress(dismissStartHere);
    },
    recordDrill(cardId: string, isRight: boolean): void {
      saveProgress((p) => recordDrill(p, cardId, isRight));
    },
    /** The open lesson as a JSON document (what import and the lesson link read back). */
    exportJson(): string | null {
      const { lesson } = ui.getState();
      return lesson ? JSON.stringify(lesson, null, 2) : null;
    },
    setLinkOpened(isLinkOpened: boolean): void {
      ui.setState({ isLinkOpened });
    },
  };
}

export type LessonHost = ReturnType<typeof createLessonHost>;
