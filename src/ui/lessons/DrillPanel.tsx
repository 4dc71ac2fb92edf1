// Interview drills: shuffled cards; the learner answers first (a choice, or in their head
// for open questions), then the model answer and the figures to look at are revealed.
// Show me opens the lesson step or scenario whose numbers answer the card; the verdicts
// are kept with the progress.

import { useState } from 'react';
import { answerCard, checkChoice, currentCard, type DrillCard, drillScore, startDrill } from '../../lessons';
import { useLessonHost } from './LessonHostContext';

function newDeckSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

export function DrillPanel() {
  const host = useLessonHost();
  const [session, setSession] = useState(() => startDrill(newDeckSeed()));
  const [choice, setChoice] = useState<string | null>(null);
  const [isRevealed, setRevealed] = useState(false);
  const card = currentCard(session);
  const score = drillScore(session);

  const verdict = (c: DrillCard, isRight: boolean) => {
    host.recordDrill(c.id, isRight);
    setSession(answerCard(session, isRight));
    setChoice(null);
    setRevealed(false);
  };

  const showMe = (c: DrillCard) => {
    const target = c.showMe;
    if ('lesson' in target) host.startById(target.lesson, target.step);
    else {
      host.close();
      host.controller.load(target.scenario, { seed: target.seed ?? 1, isPlaying: false });
      host.controller.seek(target.runMs, { pause: true });
      host.controller.store.setState({ notice: `Look at: ${c.look.join('; ')}` });
    }
  };

  return (
    <section className="qs-lesson-body" aria-label="Interview drills">
      <header className="qs-lesson-head">
        <p className="qs-lesson-kicker">
          Drills · card {Math.min(session.index + 1, score.total)} of {score.total} · right {score.right} of{' '}
          {score.answered}
        </p>
        <h2>Interview drills</h2>
      </header>
      {!card && (
        <>
          <p role="status">
            Deck finished: {score.right} of {score.answered} right.
          </p>
          <div className="qs-lesson-buttons">
            <button
              type="button"
              className="qs-lesson-primary"
              onClick={() => setSession(startDrill(newDeckSeed()))}
            >
              Shuffle a new deck
            </button>
          </div>
        </>
      )}
      {card && (
        <>
          <p className="qs-lesson-narration">{card.question}</p>
          {card.choices && (
            <fieldset className="qs-lesson-predict" disabled={isRevealed}>
              <legend>Your answer</legend>
              {card.choices.map((c) => (
                <label key={c.id} className="qs-lesson-choice">
                  <input
                    type="radio"
                    name="drill-choice"
                    value={c.id}
                    checked={choice === c.id}
                    onChange={() => setChoice(c.id)}
                  />
                  {c.label}
                </label>
              ))}
            </fieldset>
          )}
          {!card.choices && !isRevealed && (
            <p className="qs-lesson-muted">Answer in your head (or out loud), then reveal.</p>
          )}
          {!isRevealed ? (
            <div className="qs-lesson-buttons">
              <button
                type="button"
                className="qs-lesson-primary"
                disabled={card.choices !== undefined && choice === null}
                onClick={() => setRevealed(true)}
              >
                Reveal the answer
              </button>
            </div>
          ) : (
            <section className="qs-lesson-reveal" aria-label="Model answer">
              {card.choices && choice && (
                <p
                  className={`qs-lesson-verdict qs-lesson-verdict-${checkChoice(card, choice) ? 'right' : 'wrong'}`}
                >
                  {checkChoice(card, choice) ? '✓ Right' : '✗ Not quite'}
                </p>
              )}
              <p>{card.modelAnswer}</p>
              {card.look.length > 0 && (
                <p className="qs-lesson-muted">
                  <strong>Look at:</strong> {card.look.join('; ')}
                </p>
              )}
              <div className="qs-lesson-buttons">
                <button type="button" onClick={() => showMe(card)}>
                  Show me
                </button>
                {card.choices && choice ? (
                  <button
                    type="button"
                    className="qs-lesson-primary"
                    onClick={() => verdict(card, checkChoice(card, choice) === true)}
                  >
                    Next card
                  </button>
                ) : (
                  <>
                    <button type="button" className="qs-lesson-primary" onClick={() => verdict(card, true)}>
                      I had it
                    </button>
                    <button type="button" onClick={() => verdict(card, false)}>
                      I missed it
                    </button>
                  </>
                )}
              </div>
            </section>
          )}
        </>
      )}
      <nav className="qs-lesson-nav" aria-label="Drill navigation">
        <button type="button" onClick={host.openIndex}>
          Lesson index
        </button>
      </nav>
    </section>
  );
}
