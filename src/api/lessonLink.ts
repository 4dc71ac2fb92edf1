// Lesson links: `?lesson=<id>&step=<n>` opens a built-in lesson at step n (counted from 1,
// as the panel shows "Step n of N"); `?lessonDoc=<lz-string>` carries an instructor's own
// lesson, compressed like a scenario in url.ts. Reading a link never throws: a bad one
// gives a message naming the bad field, and the page shows the normal view.

import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { getLesson, type Lesson, LessonError, parseLesson } from '../lessons';

export type LessonLink =
  | { kind: 'none' }
  /** `step` is 0-based (the lesson machine's index); null opens the lesson's intro. */
  | { kind: 'lesson'; lesson: Lesson; step: number | null; error: string | null }
  | { kind: 'error'; error: string };

function describe(error: unknown): string {
  return error instanceof LessonError ? error.message : (error as Error).message;
}

/** Reads a lesson document from JSON text (a file or a link); throws a LessonError naming the field. */
export function parseLessonText(text: string): Lesson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LessonError(`lesson: is not valid JSON (${(error as Error).message})`, 'lesson');
  }
  return parseLesson(data);
}

export function parseLessonLink(search: string): LessonLink {
  const params = new URLSearchParams(search);
  const id = params.get('lesson');
  const doc = params.get('lessonDoc');
  if (id === null && doc === null) return { kind: 'none' };
  let lesson: Lesson;
  if (doc !== null) {
    const json = decompressFromEncodedURIComponent(doc);
    if (!json) return { kind: 'error', error: 'This lesson link is damaged (it does not decompress).' };
    try {
      lesson = parseLessonText(json);
    } catch (error) {
      return { kind: 'error', error: `The lesson in this link is invalid: ${describe(error)}.` };
    }
  } else {
    const found = getLesson(id ?? '');
    if (!found) return { kind: 'error', error: `There is no lesson "${(id ?? '').slice(0, 60)}".` };
    lesson = found;
  }
  const rawStep = params.get('step');
  if (rawStep === null) return { kind: 'lesson', lesson, step: null, error: null };
  const step = Number(rawStep);
  if (!Number.isInteger(step) || step < 1 || step > lesson.steps.length)
    return {
      kind: 'lesson',
      lesson,
      step: null,
      error: `"step" must be from 1 to ${lesson.steps.length} for lesson ${lesson.id} (got "${rawStep.slice(0, 20)}"); opened at the start.`,
    };
  return { kind: 'lesson', lesson, step: step - 1, error: null };
}

/** The query of a link that opens `lesson` at `step` (0-based): built-in by id, others compressed. */
export function encodeLessonLink(lesson: Lesson, step: number | null = null): string {
  const params = new URLSearchParams();
  const builtIn = getLesson(lesson.id);
  if (builtIn && JSON.stringify(builtIn) === JSON.stringify(lesson)) params.set('lesson', lesson.id);
  else params.set('lessonDoc', compressToEncodedURIComponent(JSON.stringify(lesson)));
  if (step !== null) params.set('step', String(step + 1));
  return params.toString();
}

export { opensContent } from './linkOpens';
