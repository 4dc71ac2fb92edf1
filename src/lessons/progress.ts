// A learner's progress: lessons finished, predictions answered right, drill verdicts, and
// whether the "Start here" hint was dismissed. Pure data and pure updates; the UI keeps it
// in localStorage through serializeProgress / parseProgress (validated, versioned).

import * as v from 'valibot';
import type { Reveal } from './answer';
import { describeIssues, LessonError } from './schema';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(128));

const LessonProgressSchema = v.strictObject({
  isDone: v.boolean(),
  /** The step to resume at. */
  lastStep: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Per step index ("0", "1", …): was the latest guess right? */
  predictions: v.record(v.pipe(v.string(), v.regex(/^\d+$/)), v.boolean()),
});

export const ProgressSchema = v.strictObject({
  version: v.literal(1),
  lessons: v.record(id, LessonProgressSchema),
  /** Per drill card id: the learner's latest verdict. */
  drills: v.record(id, v.boolean()),
  isStartHereDismissed: v.boolean(),
});

export type Progress = v.InferOutput<typeof ProgressSchema>;
export type LessonProgress = v.InferOutput<typeof LessonProgressSchema>;

export const PROGRESS_STORAGE_KEY = 'queuescope.progress.v1';

export function emptyProgress(): Progress {
  return { version: 1, lessons: {}, drills: {}, isStartHereDismissed: false };
}

function lessonEntry(p: Progress, lessonId: string): LessonProgress {
  return p.lessons[lessonId] ?? { isDone: false, lastStep: 0, predictions: {} };
}

function withLesson(p: Progress, lessonId: string, entry: LessonProgress): Progress {
  return { ...p, lessons: { ...p.lessons, [lessonId]: entry } };
}

export function recordStep(p: Progress, lessonId: string, step: number): Progress {
  return withLesson(p, lessonId, { ...lessonEntry(p, lessonId), lastStep: step });
}

/** Stores a reveal's verdict; a skipped prediction (isRight null) is not stored. */
export function recordPrediction(
  p: Progress,
  lessonId: string,
  step: number,
  reveal: Pick<Reveal, 'isRight'>,
): Progress {
  if (reveal.isRight === null) return p;
  const entry = lessonEntry(p, lessonId);
  return withLesson(p, lessonId, { ...entry, predictions: { ...entry.predictions, [step]: reveal.isRight } });
}

export function markLessonDone(p: Progress, lessonId: string): Progress {
  return withLesson(p, lessonId, { ...lessonEntry(p, lessonId), isDone: true });
}

export function recordDrill(p: Progress, cardId: string, isRight: boolean): Progress {
  return { ...p, drills: { ...p.drills, [cardId]: isRight } };
}

export function dismissStartHere(p: Progress): Progress {
  return { ...p, isStartHereDismissed: true };
}

export interface ProgressSummary {
  lessonsDone: number;
  predictionsRight: number;
  predictionsAnswered: number;
  drillRight: number;
  drillAnswered: number;
}

export function summarizeProgress(p: Progress): ProgressSummary {
  const lessons = Object.values(p.lessons);
  const verdicts = lessons.flatMap((l) => Object.values(l.predictions));
  const drills = Object.values(p.drills);
  return {
    lessonsDone: lessons.filter((l) => l.isDone).length,
    predictionsRight: verdicts.filter(Boolean).length,
    predictionsAnswered: verdicts.length,
    drillRight: drills.filter(Boolean).length,
    drillAnswered: drills.length,
  };
}

export function serializeProgress(p: Progress): string {
  return JSON.stringify(p);
}

/** Parses stored progress; throws a LessonError naming the field ("progress.lessons.lag.lastStep: …"). */
export function parseProgress(text: string): Progress {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new LessonError('progress: is not JSON', 'progress');
  }
  const result = v.safeParse(ProgressSchema, data);
  if (!result.success) throw describeIssues(result.issues, 'progress');
  return result.output;
}

/** For localStorage: missing or unreadable progress starts afresh instead of breaking the page. */
export function loadProgress(text: string | null): Progress {
  if (text === null) return emptyProgress();
  try {
    return parseProgress(text);
  } catch {
    return emptyProgress();
  }
}
