// The running lesson's view (phase, step, reveal, score), read through @xstate/react.

import { useSelector } from '@xstate/react';
import { type LessonView, lessonView } from '../../lessons';
import type { LessonActor } from './lessonHost';

const compareViews = (a: LessonView, b: LessonView) => JSON.stringify(a) === JSON.stringify(b);

/** Re-renders when the view changes, not on every snapshot of the actor. */
export function useLessonView(actor: LessonActor): LessonView {
  return useSelector(actor, lessonView, compareViews);
}
