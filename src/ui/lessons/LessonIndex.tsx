// The lesson index: tracks in order with each lesson's progress (done, predictions right),
// the drill mode, and instructors' own lessons (import a JSON file, export the open lesson
// as JSON or as a link). Planned tracks are listed so the index keeps their place.

import { type ChangeEvent, useMemo } from 'react';
import { encodeLessonLink, parseLessonText } from '../../api/lessonLink';
import { lessonIndex, summarizeProgress } from '../../lessons';
import { useLessonHost, useLessonUi } from './LessonHostContext';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function LessonIndex() {
  const host = useLessonHost();
  const progress = useLessonUi((s) => s.progress);
  const lesson = useLessonUi((s) => s.lesson);
  const loadError = useLessonUi((s) => s.loadError);
  const tracks = useMemo(() => lessonIndex(), []);
  const summary = summarizeProgress(progress);

  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      host.start(parseLessonText(await file.text()));
    } catch (error) {
      host.setLoadError(`${file.name} is not a valid lesson: ${(error as Error).message}`);
    }
  };

  const copyLink = async () => {
    if (!lesson) return;
    const link = `${location.origin === 'null' ? location.href.split('?')[0] : location.origin + location.pathname}?${encodeLessonLink(lesson)}`;
    try {
      await navigator.clipboard.writeText(link);
      host.controller.store.setState({ notice: 'Lesson link copied.' });
    } catch {
      history.replaceState(null, '', link);
      host.controller.store.setState({ notice: 'The lesson link is in the address bar.' });
    }
  };

  return (
    <section className="qs-lesson-body" aria-label="Lessons">
      <header className="qs-lesson-head">
        <h2>Lessons</h2>
        <p className="qs-lesson-muted" data-testid="lesson-progress">
          {summary.lessonsDone} lessons done · predictions right {summary.predictionsRight} of{' '}
          {summary.predictionsAnswered} · drills right {summary.drillRight} of {summary.drillAnswered}
        </p>
      </header>
      {loadError && (
        <p className="qs-lesson-problem" role="alert">
          {loadError}
        </p>
      )}
      <div className="qs-lesson-buttons">
        {lesson && (
          <button
            type="button"
            className="qs-lesson-primary"
            onClick={() => host.ui.setState({ mode: 'lesson' })}
          >
            Resume: {lesson.title}
          </button>
        )}
        <button type="button" onClick={host.openDrill}>
          Interview drills
        </button>
      </div>
      {tracks.map((track) => (
        <section key={track.id} className="qs-lesson-track" aria-label={track.title}>
          <h3>{track.title}</h3>
          <p className="qs-lesson-muted">{track.description}</p>
          {track.lessons.length > 0 && (
            <ol>
              {track.lessons.map((l) => {
                const entry = progress.lessons[l.id];
                const verdicts = Object.values(entry?.predictions ?? {});
                return (
                  <li key={l.id}>
                    <button type="button" className="qs-lesson-link" onClick={() => host.startById(l.id)}>
                      {entry?.isDone && '✓ '}
                      {l.title}
                    </button>
                    <span className="qs-lesson-muted">
                      {l.steps} steps
                      {entry?.isDone && ' · done'}
                      {verdicts.length > 0 &&
                        ` · ${verdicts.filter(Boolean).length}/${verdicts.length} right`}
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      ))}
      <section className="qs-lesson-track" aria-label="Your own lessons">
        <h3>Your own lessons</h3>
        <p className="qs-lesson-muted">A lesson is a JSON file (the format is in the README).</p>
        <div className="qs-lesson-buttons">
          <label className="qs-lesson-file">
            Import lesson (JSON)
            <input type="file" accept=".json,application/json" onChange={onImport} />
          </label>
          {lesson && (
            <>
              <button type="button" onClick={() => download(`${lesson.id}.json`, host.exportJson() ?? '')}>
                Export lesson as JSON
              </button>
              <button type="button" onClick={copyLink}>
                Copy lesson link
              </button>
            </>
          )}
        </div>
      </section>
    </section>
  );
}
