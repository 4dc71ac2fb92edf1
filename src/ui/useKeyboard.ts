// Global keyboard shortcuts, sent to the controller (playback goes to its player machine).
// Keys typed into inputs, selects and textareas are left alone, so typing a seed never
// pauses the run.

import { useEffect } from 'react';
import type { Controller } from '../store/controller';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

export function useKeyboard(controller: Controller): void {
  useEffect(() => {
    const { store } = controller;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const isButton = (e.target as HTMLElement | null)?.tagName === 'BUTTON';
      let handled = true;
      try {
        switch (e.key) {
          case ' ':
            if (isButton) return; // Space activates the focused button instead
            controller.togglePlay();
            break;
          case 'ArrowRight':
            if (e.shiftKey) controller.stepMs(100);
            else controller.stepEvent();
            break;
          case '+':
          case '=':
            controller.speedUp();
            break;
          case '-':
          case '_':
            controller.slowDown();
            break;
          case 'r':
          case 'R':
            controller.reset();
            break;
          case '[':
            controller.seekBy(-5000);
            break;
          case ']':
            controller.seekBy(5000);
            break;
          case '?':
            store.setState({ isShortcutsOpen: true });
            break;
          case 'p':
          case 'P':
            controller.togglePresentation();
            break;
          case 'PageDown':
            controller.stepCaption(1);
            break;
          case 'PageUp':
            controller.stepCaption(-1);
            break;
          case 'Escape':
            controller.select(null);
            store.setState({ isShortcutsOpen: false });
            break;
          default:
            handled = false;
        }
      } catch (error) {
        store.setState({ error: (error as Error).message });
      }
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);
}
