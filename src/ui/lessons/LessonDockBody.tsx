// The open lesson panel's content: the index, the open lesson or the drills, the presentation
// keys and the blank screen (B). A separate chunk: it loads with the lesson system.

import { DrillPanel } from './DrillPanel';
import { useLessonHost, useLessonUi } from './LessonHostContext';
import { LessonIndex } from './LessonIndex';
import { LessonPanel } from './LessonPanel';
import { useLessonKeys } from './useLessonKeys';

export default function LessonDockBody() {
  const host = useLessonHost();
  const mode = useLessonUi((s) => s.mode);
  const actor = useLessonUi((s) => s.actor);
  const isBlank = useLessonUi((s) => s.isBlank);
  useLessonKeys(host);
  return (
    <>
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
    </>
  );
}
