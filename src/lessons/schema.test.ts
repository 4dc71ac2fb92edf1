import { describe, expect, it } from 'vitest';
import { getLesson } from './curriculum/index';
import { EXAMPLE_LESSON } from './example';
import { runLessonHeadless } from './headless';
import { type LessonDocument, LessonError, parseLesson } from './schema';

// biome-ignore lint/suspicious/noExplicitAny: the tests break documents in ways no type allows.
type Loose = any;

function valid(): LessonDocument {
  return structuredClone({
    id: 'tiny',
    title: 'A tiny lesson',
    concept: 'Lag grows when a consumer is slower than its producer.',
    track: 'foundations',
    scenario: 'default',
    steps: [
      { narration: 'Watch.', runMs: 1000 },
      {
        narration: 'Slow down.',
        runMs: 1000,
        inject: [{ type: 'slow-consumer', memberId: 'p-1', factor: 5 }],
      },
      {
        narration: 'Guess.',
        runMs: 5000,
        prediction: {
          kind: 'choice',
          question: 'Does lag grow?',
          choices: [
            { id: 'yes', label: 'Yes' },
            { id: 'no', label: 'No' },
          ],
          answer: {
            value: { metric: 'groups.payments.lag' },
            rule: [{ choice: 'yes', if: { gt: 0 } }, { choice: 'no' }],
          },
          expect: 'yes',
          why: ['First line.', 'Second line.'],
        },
      },
    ],
  } satisfies LessonDocument);
}

function errorOf(doc: unknown): LessonError {
  try {
    parseLesson(doc);
  } catch (error) {
    expect(error).toBeInstanceOf(LessonError);
    return error as LessonError;
  }
  throw new Error('expected the lesson to be rejected');
}

describe('parseLesson', () => {
  it('accepts a well-formed lesson and every built-in one round-trips through JSON', () => {
    expect(parseLesson(valid()).steps).toHaveLength(3);
    const builtIn = getLesson('rebalances')!;
    expect(parseLesson(JSON.parse(JSON.stringify(builtIn)))).toEqual(builtIn);
  });

  it.each([
    [
      'an answer expression that is not one',
      (d: Loose) => (d.steps[2].prediction.answer.value = { metric: 5 }),
      'lesson.steps.2.prediction.answer.value',
    ],
    [
      'an unknown expression key',
      (d: Loose) => (d.steps[2].prediction.answer.value = { median: { metric: 'x' } }),
      'lesson.steps.2.prediction.answer.value',
    ],
    [
      'an event type the engine does not emit',
      (d: Loose) => (d.steps[2].prediction.answer.value = { count: 'exploded' }),
      'lesson.steps.2.prediction.answer.value.count',
    ],
    [
      'a rule naming a missing choice',
      (d: Loose) => (d.steps[2].prediction.answer.rule[0].choice = 'maybe'),
      'lesson.steps.2.prediction.answer.rule',
    ],
    [
      'an expected choice that is not offered',
      (d: Loose) => (d.steps[2].prediction.expect = 'maybe'),
      'lesson.steps.2.prediction.expect',
    ],
    [
      'a one-line why',
      (d: Loose) => (d.steps[2].prediction.why = ['only one']),
      'lesson.steps.2.prediction.why.1',
    ],
    [
      'a typed-in answer',
      (d: Loose) => (d.steps[2].prediction.answer.correct = 'yes'),
      'lesson.steps.2.prediction.answer.correct',
    ],
    ['a malformed fault', (d: Loose) => (d.steps[1].inject[0].factor = -1), 'lesson.steps.1.inject.0'],
    ['a negative run', (d: Loose) => (d.steps[0].runMs = -5), 'lesson.steps.0.runMs'],
    ['an unknown preset', (d: Loose) => (d.scenario = 'no-such-preset'), 'lesson.scenario'],
    ['a broken inline scenario', (d: Loose) => (d.scenario = { topics: [] }), 'lesson.scenario'],
    ['an id with spaces', (d: Loose) => (d.id = 'my lesson'), 'lesson.id'],
    ['no steps', (d: Loose) => (d.steps = []), 'lesson.steps'],
  ])('names the field for %s', (_, mutate, path) => {
    const doc = valid();
    mutate(doc);
    const error = errorOf(doc);
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}:`)).toBe(true);
  });

  it('explains what is wrong with a bad inline scenario, with its own field path', () => {
    const doc = valid();
    (doc as Loose).scenario = { topics: [{ name: 'orders', partitions: 0 }], producers: [], groups: [] };
    expect(errorOf(doc).message).toMatch(/lesson\.scenario: .*scenario\.topics\.0\.partitions/);
  });
});

describe('the documented example lesson', () => {
  it.each([1, 2, 3, 4, 5])('is valid, survives JSON and teaches its point with seed %i', (seed) => {
    const lesson = parseLesson(JSON.parse(JSON.stringify(EXAMPLE_LESSON)));
    const run = runLessonHeadless(lesson, { seed });
    expect(run.errors).toEqual([]);
    expect(run.reveals[0].reveal).toMatchObject({ correctChoice: 'yes', isRight: true });
    expect(run.reveals[1].reveal.value).toBeGreaterThanOrEqual(1);
  });
});
