// React access to the page's lessons: the shell (lessonShell.ts, there from the first frame),
// a zustand selector over its panel state, the full host once the lesson system has loaded
// (lessonHost.ts), and the running lesson read through @xstate/react (useLessonView.ts).

import { createContext, type ReactNode, use, useContext } from 'react';
import { useStore } from 'zustand';
import type { LessonHost, LessonUiState } from './lessonHost';
import type { LessonShell } from './lessonShell';

const LessonShellContext = createContext<LessonShell | null>(null);

export function LessonHostProvider({ host, children }: { host: LessonShell; children: ReactNode }) {
  return <LessonShellContext.Provider value={host}>{children}</LessonShellContext.Provider>;
}

/** The shell, or null when the page has none (tests rendering other components alone). */
export function useOptionalLessonShell(): LessonShell | null {
  return useContext(LessonShellContext);
}

export function useLessonShell(): LessonShell {
  const shell = useContext(LessonShellContext);
  if (!shell) throw new Error('useLessonShell: render inside <LessonHostProvider>');
  return shell;
}

/** The full host; suspends (inside a <Suspense>) while the lesson system loads. */
export function useLessonHost(): LessonHost {
  const shell = useLessonShell();
  return shell.loaded() ?? use(shell.load());
}

export function useLessonUi<T>(selector: (s: LessonUiState) => T): T {
  return useStore(useLessonShell().ui, selector);
}
