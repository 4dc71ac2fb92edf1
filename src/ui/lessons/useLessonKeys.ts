// Presentation keys while a lesson is open: PageDown / PageUp page through the lesson
// (forward: start, read on, answer or skip, finish the run, next step; back: the step
// before), B blanks the screen and brings it back. They take precedence over the page's
// own PageDown / PageUp (scenario captions) only while a lesson is open.

import { useEffect } from 'react';
import type { LessonHost } from './lessonHost';

function isTextEntry(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable) return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return type !== 'radio' && type !== 'checkbox' && type !== 'button' && type !== 'submit';
}

export function handleLessonKey(host: LessonHost, e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  const { mode, isBlank } = host.ui.getState();
  if (mode !== 'lesson') return false;
  const isEntry = isTextEntry(e.target);
  switch (e.key) {
    case 'PageDown':
      host.forward();
      return true;
    case 'PageUp':
      host.back();
      return true;
    case 'b':
    case 'B':
      if (isEntry) return false;
      host.toggleBlank();
      return true;
    case 'Escape':
      if (!isBlank) return false;
      host.toggleBlank();
      return true;
    default:
      return false;
  }
}

export function useLessonKeys(host: LessonHost): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (handleLessonKey(host, e)) {
        e.preventDefault();
        // The page's own handler (useKeyboard) would step captions on PageDown as well.
        e.stopImmediatePropagation();
      }
    };
    // Capture: runs before the page's bubbling shortcut handler on window.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [host]);
}
