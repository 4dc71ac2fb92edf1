// Where lessons live on the page: a column beside the diagram on a desktop, a sheet below
// it on a phone (lessons.css), holding the index, the open lesson or the drills. It also
// owns the presentation keys and the blank screen (B). The "Lessons" toolbar button and the
// first-visit "Start here" line are here too.

import './lessons.css';
import { DrillPanel } from './DrillPanel';
import { useLessonHost, useLessonUi, useOptionalLessonHost } from './LessonHostContext';
import { LessonIndex } from './LessonIndex';
import { LessonPanel } from './LessonPanel';
import { useLessonKeys } from './useLessonKeys';

export function LessonDock() {
  const host = useLessonHost();
  const mode = useLessonUi((s) => s.mode);
  const actor = useLessonUi((s) => s.actor);
  const isBlank = useLessonUi((s) => s.isBlank);
  useLessonKeys(host);
  if (mode === 'closed') return null;
  return (
    <aside className="qs-lesson" aria-label="Lesson panel">
      <button type="button" className="qs-lesson-close" onClick={host.close} aria-label="Close lessons">
        ✕
      </button>
      {mode === 'index' && <LessonIndex />}
      {mode === 'drill' && <DrillPanel />}
      {mode === 'lesson' && actor && <LessonPanel key={actor.id} actor={actor} />}
      {isBlank && (
        <div className="qs-lesson-blank" role="dialog" aria-label="Blank screen (press B to return)">
          <button type="button" onClick={host.toggleBlank} className="qs-lesson-unblank">
            Show the screen again (B)
          </button>
        </div>
      )}
    </aside>
  );
}

/** The toolbar's "Lessons" button: opens the index (or closes the panel when it is open). */
export function LessonsButton() {
  const host = useOptionalLessonHost();
  if (!host) return null;
  return <LessonsToggle />;
}

function LessonsToggle() {
  const host = useLessonHost();
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
  const host = useOptionalLessonHost();
  if (!host) return null;
  return <StartHereLine />;
}

function StartHereLine() {
  const host = useLessonHost();
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
          host.startById('why-a-queue');
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
