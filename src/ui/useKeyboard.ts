// Global keyboard shortcuts, sent to the controller (playback goes to its player machine).
// Keys typed into inputs, selects and textareas are left alone, so typing a seed never
// pauses the run. Space plays and pauses wherever focus is, even on a button or tab that
// was just clicked (a media-player convention): only controls that own Space keep it.

import { useEffect } from 'react';
import type { Controller } from '../store/controller';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/** Roles whose own Space behaviour a person relies on: sliders, menus, options, checkboxes. */
const SPACE_ROLES = new Set([
  'slider',
  'spinbutton',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'option',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'checkbox',
  'radio',
  'switch',
]);

/**
 * True when Space should toggle play for a key press on `target`: anything but a control
 * that uses Space itself (text entry, select, slider, menu item, checkbox) or a control in an
 * open dialog, where Space keeps activating the focused button.
 */
export function isSpaceForPlay(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return true;
  if (isTyping(el)) return false;
  if (SPACE_ROLES.has(el.getAttribute('role') ?? '')) return false;
  return el.closest('dialog[open], [role="dialog"], [role="menu"]') === null;
}

export function useKeyboard(controller: Controller): void {
  useEffect(() => {
    const { store } = controller;
    // In the capture phase, before a focused button, tab or diagram node activates itself.
    const onSpace = (e: KeyboardEvent) => {
      if (e.key !== ' ' || e.ctrlKey || e.metaKey || e.altKey || !isSpaceForPlay(e.target)) return;
      e.preventDefault();
      e.stopPropagation();
      if (e.repeat) return;
      try {
        controller.togglePlay();
      } catch (error) {
        store.setState({ error: (error as Error).message });
      }
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      let handled = true;
      try {
        switch (e.key) {
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
    // Browsers click a focused button when Space is released: that click is cancelled too.
    const onSpaceUp = (e: KeyboardEvent) => {
      if (e.key === ' ' && !e.ctrlKey && !e.metaKey && !e.altKey && isSpaceForPlay(e.target)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', onSpace, { capture: true });
    window.addEventListener('keyup', onSpaceUp, { capture: true });
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onSpace, { capture: true });
      window.removeEventListener('keyup', onSpaceUp, { capture: true });
      window.removeEventListener('keydown', onKey);
    };
  }, [controller]);
}
