// Where lessons live on the page: a column beside the diagram on a desktop, a sheet below
// it on a phone (lessons.css), holding the index, the open lesson or the drills
// (LessonDockBody, loaded with the lesson system). The "Lessons" toolbar button and the
// first-visit "Start here" line are here too; they need only the shell.

import './lessons.css';
import { lazy, Suspense } from 'react';
import { useLessonShell, useLessonUi, useOptionalLessonShell } from './LessonHostContext';

// The panel's content comes with the lesson system, loaded when a panel first opens.
const LessonDockBody = lazy(() => import('./LessonDockBody'));

export function LessonDock() {
  const shell = useOptionalLessonShell();
  const mode = useLessonUi((s) => s.mode);
  if (!shell || mode === 'closed') return null;
  return (
    <aside className="qs-lesson" aria-label="Lesson panel">
      <Suspense fallback={<p className="qs-lesson-loading">Loading lessons…</p>}>
        <LessonDockBody />
      </Suspense>
    </aside>
  );
}

/** The toolbar's "Lessons" button: opens the index (or closes the panel when it is open). */
export function LessonsButton() {
  const host = useOptionalLessonShell();
  if (!host) return null;
  return <LessonsToggle />;
}

function LessonsToggle() {
  const host = useLessonShell();
  const mode = useLessonUi((s) => s.mode);
  return (
    <button
      type="button"
      aria-pressed={mode !== 'closed'}
      onClick={() => (mode === 'closed' ? host.openIndex() : host.close())}
    >
      Lessons
    </button>
  );
}

/**
 * "Start here" on a first visit: one line above the diagram (it takes its own room, so it
 * covers neither the diagram nor the playback controls), dismissible and remembered; not
 * shown when the link opened a scenario or lesson, nor once the lessons were opened.
 */
export function StartHere() {
  const host = useOptionalLessonShell();
  if (!host) return null;
  return <StartHereLine />;
}

function StartHereLine() {
  const host = useLessonShell();
  const isDismissed = useLessonUi((s) => s.progress.isStartHereDismissed);
  const isLinkOpened = useLessonUi((s) => s.isLinkOpened);
  const mode = useLessonUi((s) => s.mode);
  if (isDismissed || isLinkOpened || mode !== 'closed') return null;
  return (
    <section className="qs-start-here" aria-label="Start here">
      <strong>New here? Start here:</strong>
      <span>short lessons where you predict what a queue does, then see the engine’s real numbers.</span>
      <button
        type="button"
        className="qs-lesson-primary"
        onClick={() => {
          host.dismissStartHere();
          void host.startById('why-a-queue');
        }}
      >
        Start the first lesson
      </button>
      <button type="button" onClick={host.openIndex}>
        All lessons
      </button>
      <button type="button" onClick={host.dismissStartHere} aria-label="Dismiss start here">
        ✕
      </button>
    </section>
  );
}
