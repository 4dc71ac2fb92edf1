// React access to the page's lesson host (lessonHost.ts): the host itself, a zustand
// selector over its panel state, and the running lesson read through @xstate/react.

import { useSelector } from '@xstate/react';
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import { type LessonView, lessonView } from '../../lessons';
import type { LessonActor, LessonHost, LessonUiState } from './lessonHost';

const LessonHostContext = createContext<LessonHost | null>(null);

export function LessonHostProvider({ host, children }: { host: LessonHost; children: ReactNode }) {
  return <LessonHostContext.Provider value={host}>{children}</LessonHostContext.Provider>;
}

/** The host, or null when the page has none (tests rendering other components alone). */
export function useOptionalLessonHost(): LessonHost | null {
  return useContext(LessonHostContext);
}

export function useLessonHost(): LessonHost {
  const host = useContext(LessonHostContext);
  if (!host) throw new Error('useLessonHost: render inside <LessonHostProvider>');
  return host;
}

export function useLessonUi<T>(selector: (s: LessonUiState) => T): T {
  return useStore(useLessonHost().ui, selector);
}

const compareViews = (a: LessonView, b: LessonView) => JSON.stringify(a) === JSON.stringify(b);

/** The running lesson's view (phase, step, reveal, score), re-rendering when it changes. */
export function useLessonView(actor: LessonActor): LessonView {
  return useSelector(actor, lessonView, compareViews);
}
