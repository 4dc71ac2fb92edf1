import { describe, expect, it } from 'vitest';
import { getLesson } from './curriculum/index';
import { runLessonHeadless } from './headless';
import {
  dismissStartHere,
  emptyProgress,
  loadProgress,
  markLessonDone,
  parseProgress,
  recordDrill,
  recordPrediction,
  recordStep,
  serializeProgress,
  summarizeProgress,
} from './progress';
import { LessonError } from './schema';

describe('progress', () => {
  it('counts lessons done, predictions right and drill verdicts from a real run', () => {
    const lesson = getLesson('at-least-once')!;
    // A learner who always picks the first choice and guesses 0 for numbers.
    const run = runLessonHeadless(lesson, {
      learner: (p) => (p.kind === 'choice' ? p.choices[0].id : 0),
    });
    let p = emptyProgress();
    for (const { step, reveal } of run.reveals) p = recordPrediction(p, lesson.id, step, reveal);
    p = markLessonDone(recordStep(p, lesson.id, lesson.steps.length - 1), lesson.id);
    p = recordDrill(recordDrill(p, 'saga', true), 'cqrs', false);
    const right = run.reveals.filter((r) => r.reveal.isRight).length;
    expect(right).toBeLessThan(run.reveals.length);
    expect(summarizeProgress(p)).toEqual({
      lessonsDone: 1,
      predictionsRight: right,
      predictionsAnswered: run.reveals.length,
      drillRight: 1,
      drillAnswered: 2,
    });
  });

  it('does not count a skipped prediction', () => {
    const p = recordPrediction(emptyProgress(), 'lag', 1, { isRight: null });
    expect(summarizeProgress(p).predictionsAnswered).toBe(0);
  });

  it('round-trips through its serialized form', () => {
    const p = dismissStartHere(
      recordPrediction(recordStep(emptyProgress(), 'lag', 2), 'lag', 1, { isRight: true }),
    );
    expect(parseProgress(serializeProgress(p))).toEqual(p);
  });

  it('names the bad field of stored progress, and loadProgress falls back to empty', () => {
    const bad = JSON.stringify({
      ...emptyProgress(),
      lessons: { lag: { isDone: 'yes', lastStep: 0, predictions: {} } },
    });
    expect(() => parseProgress(bad)).toThrow(LessonError);
    try {
      parseProgress(bad);
    } catch (error) {
      expect((error as LessonError).path).toBe('progress.lessons.lag.isDone');
    }
    expect(() => parseProgress('{oops')).toThrow(/progress: is not JSON/);
    expect(loadProgress(bad)).toEqual(emptyProgress());
    expect(loadProgress(null)).toEqual(emptyProgress());
  });
});
