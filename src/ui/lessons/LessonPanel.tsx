// The open lesson: narration, the prediction asked before the run, the run, then the reveal
// (the learner's guess beside the engine's figure, with the two-line why), and Back / Next /
// Restart / Skip. It sits beside the diagram (a sheet at the bottom of a phone's screen).

import { type FormEvent, useEffect, useRef } from 'react';
import type { LessonView, Reveal } from '../../lessons';
import { figureText } from './figure';
import { useLessonHost, useLessonUi } from './LessonHostContext';
import type { LessonActor } from './lessonHost';
import { revealHighlight } from './revealHighlight';
import { useLessonView } from './useLessonView';

const formatNumber = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 3 });

function guessLabel(view: LessonView, guess: string | number | null): string {
  if (guess === null) return 'skipped';
  const p = view.step?.prediction;
  if (p?.kind === 'choice') return p.choices.find((c) => c.id === guess)?.label ?? String(guess);
  return Number.isFinite(Number(guess)) ? formatNumber(Number(guess)) : String(guess);
}

function RevealView({ view, reveal }: { view: LessonView; reveal: Reveal }) {
  const p = view.step?.prediction;
  const figure = figureText(reveal.value, reveal.unit);
  const correct =
    p?.kind === 'choice' ? (p.choices.find((c) => c.id === reveal.correctChoice)?.label ?? '') : null;
  const verdict = reveal.isRight === null ? 'Skipped' : reveal.isRight ? 'Right' : 'Not quite';
  return (
    <section className="qs-lesson-reveal" aria-label="Reveal">
      <p
        className={`qs-lesson-verdict qs-lesson-verdict-${reveal.isRight === null ? 'skip' : reveal.isRight ? 'right' : 'wrong'}`}
      >
        <span aria-hidden="true">{reveal.isRight === null ? '–' : reveal.isRight ? '✓' : '✗'}</span> {verdict}
      </p>
      <dl className="qs-lesson-compare">
        <div>
          <dt>Your guess</dt>
          <dd data-testid="lesson-guess">{guessLabel(view, reveal.guess)}</dd>
        </div>
        <div>
          <dt>The engine</dt>
          <dd data-testid="lesson-figure">
            <strong>{figure}</strong>
            {correct && <span className="qs-lesson-correct">{correct}</span>}
          </dd>
        </div>
      </dl>
      <p className="qs-lesson-why">
        <strong>Why:</strong> {reveal.why[0]}
        <br />
        {reveal.why[1]}
      </p>
    </section>
  );
}

function PredictionForm({ view, actor }: { view: LessonView; actor: LessonActor }) {
  const host = useLessonHost();
  const draft = useLessonUi((s) => s.draft);
  const first = useRef<HTMLInputElement>(null);
  const p = view.step?.prediction;
  // Focus moves to the question, so a keyboard user answers without hunting for it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refocus on each new question
  useEffect(() => {
    first.current?.focus();
  }, [view.stepIndex]);
  if (!p) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft === null || draft === '') return;
    actor.send({ type: 'ANSWER', value: p.kind === 'number' ? Number(draft) : draft });
  };
  return (
    <form className="qs-lesson-predict" onSubmit={submit} aria-label="Your prediction">
      <fieldset>
        <legend>Predict first: {p.question}</legend>
        {p.kind === 'choice' ? (
          p.choices.map((c, i) => (
            <label key={c.id} className="qs-lesson-choice">
              <input
                ref={i === 0 ? first : undefined}
                type="radio"
                name="lesson-prediction"
                value={c.id}
                checked={draft === c.id}
                onChange={() => host.setDraft(c.id)}
              />
              {c.label}
            </label>
          ))
        ) : (
          <label className="qs-lesson-number">
            Your guess{p.answer.unit ? ` (${p.answer.unit})` : ''}
            <input
              ref={first}
              type="number"
              inputMode="decimal"
              step="any"
              value={draft ?? ''}
              onChange={(e) => host.setDraft(e.target.value === '' ? null : e.target.value)}
            />
          </label>
        )}
      </fieldset>
      <div className="qs-lesson-buttons">
        <button type="submit" className="qs-lesson-primary" disabled={draft === null || draft === ''}>
          Run
        </button>
        <button type="button" onClick={() => actor.send({ type: 'SKIP' })}>
          Skip prediction
        </button>
      </div>
    </form>
  );
}

export function LessonPanel({ actor }: { actor: LessonActor }) {
  const host = useLessonHost();
  const view = useLessonView(actor);
  const send = actor.send.bind(actor);
  const primary = useRef<HTMLButtonElement>(null);
  const body = useRef<HTMLElement>(null);
  // A lesson opens at the top of its panel, not where the index was scrolled to (the sheet
  // on a phone would hide its title and close button above its first screen).
  useEffect(() => {
    const sheet = body.current?.closest('.qs-lesson');
    if (sheet) sheet.scrollTop = 0;
  }, []);
  // Keyboard users land on the next thing to press after each phase change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refocus on phase and step changes
  useEffect(() => {
    if (view.phase !== 'Predicting') primary.current?.focus({ preventScroll: true });
  }, [view.phase, view.stepIndex]);
  // What the step lights in the diagram is scrolled into view when the step opens, when it
  // asks the learner to act, and when it runs (after the diagram has drawn the outline).
  const isShowing = view.phase === 'Reading' || view.phase === 'Waiting' || view.phase === 'Running';
  const members = view.step?.highlight?.members ?? [];
  // biome-ignore lint/correctness/useExhaustiveDependencies: again on each phase and step that shows
  useEffect(() => {
    if (!isShowing) return;
    let id = requestAnimationFrame(() => {
      id = requestAnimationFrame(() => revealHighlight(members));
    });
    return () => cancelAnimationFrame(id);
  }, [isShowing, view.phase, view.stepIndex]);
  const { step } = view;
  const stepLabel = `Step ${view.stepIndex + 1} of ${view.stepCount}`;

  return (
    <section
      ref={body}
      className="qs-lesson-body"
      aria-label={`Lesson: ${view.title}`}
      data-phase={view.phase}
    >
      <header className="qs-lesson-head">
        <p className="qs-lesson-kicker">
          Lesson{view.phase !== 'Intro' && view.phase !== 'Done' ? ` · ${stepLabel}` : ''}
        </p>
        <h2>{view.title}</h2>
      </header>
      {view.phase === 'Intro' && (
        <>
          <p>{view.concept}</p>
          <p className="qs-lesson-muted">
            {view.stepCount} steps. Before each run you predict what happens, then the engine shows its
            figure.
          </p>
          <div className="qs-lesson-buttons">
            <button
              type="button"
              ref={primary}
              className="qs-lesson-primary"
              onClick={() => send({ type: 'START' })}
            >
              Start lesson
            </button>
          </div>
        </>
      )}
      {step && (
        <>
          {step.title && <h3>{step.title}</h3>}
          <p className="qs-lesson-narration">{step.narration}</p>
        </>
      )}
      {view.phase === 'Reading' && (
        <div className="qs-lesson-buttons">
          <button
            type="button"
            ref={primary}
            className="qs-lesson-primary"
            onClick={() => send({ type: 'NEXT' })}
          >
            {step?.prediction ? 'Next: predict' : 'Run'}
          </button>
          <button type="button" onClick={() => send({ type: 'SKIP' })}>
            Skip step
          </button>
        </div>
      )}
      {view.phase === 'Predicting' && <PredictionForm view={view} actor={actor} />}
      {view.phase === 'Waiting' && step?.await && (
        <div className="qs-lesson-await" role="status">
          <p>
            <strong>Your turn:</strong> {step.await.prompt}
          </p>
          <div className="qs-lesson-buttons">
            <button type="button" ref={primary} onClick={() => send({ type: 'SKIP' })}>
              Do it for me
            </button>
          </div>
        </div>
      )}
      {view.phase === 'Running' && (
        <div role="status" className="qs-lesson-running">
          <p>
            Running {((step?.runMs ?? 0) / 1000).toLocaleString('en-US')} s of simulated time: watch the
            diagram.
          </p>
          <div className="qs-lesson-buttons">
            <button type="button" ref={primary} onClick={() => send({ type: 'SKIP' })}>
              Skip to the end
            </button>
          </div>
        </div>
      )}
      {view.phase === 'Revealed' && (
        <>
          {view.result?.reveal && <RevealView view={view} reveal={view.result.reveal} />}
          {view.result?.error && (
            <p className="qs-lesson-problem" role="alert">
              The answer could not be computed: {view.result.error}
            </p>
          )}
          <div className="qs-lesson-buttons">
            <button
              type="button"
              ref={primary}
              className="qs-lesson-primary"
              onClick={() => send({ type: 'NEXT' })}
            >
              {view.stepIndex + 1 >= view.stepCount ? 'Finish' : 'Next step'}
            </button>
          </div>
        </>
      )}
      {view.phase === 'Done' && (
        <>
          <p className="qs-lesson-done" role="status">
            Lesson complete. Predictions right: {view.score.right} of {view.score.asked}.
          </p>
          <div className="qs-lesson-buttons">
            <button type="button" ref={primary} className="qs-lesson-primary" onClick={host.openIndex}>
              All lessons
            </button>
          </div>
        </>
      )}
      {view.problems.length > 0 && (
        <ul className="qs-lesson-problem" aria-label="Lesson problems">
          {view.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <nav className="qs-lesson-nav" aria-label="Lesson navigation">
        <button type="button" onClick={() => send({ type: 'BACK' })} disabled={view.phase === 'Intro'}>
          Back
        </button>
        <button type="button" onClick={() => send({ type: 'RESTART' })}>
          Restart lesson
        </button>
        <button type="button" onClick={host.openIndex}>
          Lesson index
        </button>
      </nav>
    </section>
  );
}
