// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { isSpaceForPlay } from './useKeyboard';

function make(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.querySelector('[data-target]') as HTMLElement;
}

describe('Space plays and pauses', () => {
  it.each([
    ['a clicked tab', '<div role="tablist"><button role="tab" data-target>Lag</button></div>'],
    ['a toolbar button', '<button data-target>Reset</button>'],
    ['a diagram node', '<svg><g role="button" tabindex="0" data-target></g></svg>'],
    ['the page itself', '<main data-target></main>'],
  ])('from %s', (_name, html) => {
    expect(isSpaceForPlay(make(html))).toBe(true);
  });

  it.each([
    ['a number input', '<input type="number" data-target>'],
    ['the timeline slider', '<input type="range" data-target>'],
    ['a select', '<select data-target></select>'],
    ['a textarea', '<textarea data-target></textarea>'],
    ['an ARIA slider', '<div role="slider" tabindex="0" data-target></div>'],
    ['a menu item', '<div role="menu"><button role="menuitem" data-target>Crash</button></div>'],
    ['a button in an open dialog', '<dialog open><button data-target>Close</button></dialog>'],
  ])('but not from %s, which keeps its own Space', (_name, html) => {
    expect(isSpaceForPlay(make(html))).toBe(false);
  });
});
