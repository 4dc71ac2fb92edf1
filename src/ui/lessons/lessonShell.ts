// The part of the page's lessons that exists from the first frame: the panel state (which
// panel is open, progress, the blank screen) that the "Lessons" button and "Start here" read,
// and a door to the rest. The lesson system itself (curriculum, lesson machine, panels) is a
// separate chunk, loaded the first time something opens a lesson, the index or the drills.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { loadQueueRuntime } from '../../engine/queueRuntimeSlot';
import type { LessonView } from '../../lessons/lesson.machine';
import {
  dismissStartHere,
  loadProgress,
  PROGRESS_STORAGE_KEY,
  type Progress,
  serializeProgress,
} from '../../lessons/progress';
import type { Controller } from '../../store/controller';
import type { LessonHost, LessonUiState, ProgressStorage } from './lessonHost';

type LessonList = { id: string; title: string; concept: string; steps: number }[];

export function createLessonUi(storage: ProgressStorage | null): StoreApi<LessonUiState> {
  let progress: Progress;
  try {
    progress = loadProgress(storage?.getItem(PROGRESS_STORAGE_KEY) ?? null);
  } catch {
    progress = loadProgress(null);
  }
  return createStore<LessonUiState>()(() => ({
    mode: 'closed',
    lesson: null,
    actor: null,
    progress,
    isBlank: false,
    isLinkOpened: false,
    draft: null,
    loadError: null,
  }));
}

/** Saves progress to storage; private windows may refuse it, and progress then lasts for the page. */
export function saveProgressTo(
  ui: StoreApi<LessonUiState>,
  storage: ProgressStorage | null,
  update: (p: Progress) => Progress,
): void {
  const progress = update(ui.getState().progress);
  ui.setState({ progress });
  try {
    storage?.setItem(PROGRESS_STORAGE_KEY, serializeProgress(progress));
  } catch {
    // Storage refused: progress lasts for this page only.
  }
}

export function createLessonShell(controller: Controller, storage: ProgressStorage | null = null) {
  const ui = createLessonUi(storage);
  let host: LessonHost | null = null;
  let loading: Promise<LessonHost> | null = null;

  /**
   * The full lesson host, loading the lesson system on the first call (the same promise after).
   * The queue runtime comes with it: lessons and drills load their scenarios synchronously.
   */
  function load(): Promise<LessonHost> {
    loading ??= Promise.all([import('./lessonHost'), loadQueueRuntime()]).then(([m]) => {
      host = m.createLessonHost(controller, storage, ui);
      return host;
    });
    return loading;
  }

  return {
    ui,
    controller,
    load,
    /** The host once loaded, else null. */
    loaded: (): LessonHost | null => host,
    /** Lesson ids and titles; a promise until the lesson system has loaded. */
    lessons: (): LessonList | Promise<LessonList> =>
      host ? host.lessons() : load().then((h) => h.lessons()),
    /** As LessonHost.startById; before the lesson system has loaded it returns a promise. */
    startById(id: string, step?: number): void | Promise<void> {
      if (host) return host.startById(id, step);
      return load().then((h) => h.startById(id, step));
    },
    state: (): LessonView | null => host?.state() ?? null,
    openIndex(): void {
      void load();
      ui.setState({ mode: 'index', isBlank: false });
    },
    close(): void {
      if (host) host.close();
      else ui.setState({ mode: 'closed', lesson: null, actor: null, isBlank: false });
    },
    dismissStartHere(): void {
      saveProgressTo(ui, storage, dismissStartHere);
    },
    setLinkOpened(isLinkOpened: boolean): void {
      ui.setState({ isLinkOpened });
    },
  };
}

export type LessonShell = ReturnType<typeof createLessonShell>;
