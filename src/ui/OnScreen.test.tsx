// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { store } from '../store/store';
import { OnScreen } from './OnScreen';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** An IntersectionObserver the test drives: `see(false)` scrolls every observed element away. */
const observers: { callback: IntersectionObserverCallback; targets: Element[] }[] = [];
class FakeObserver {
  entry: { callback: IntersectionObserverCallback; targets: Element[] };
  constructor(callback: IntersectionObserverCallback) {
    this.entry = { callback, targets: [] };
    observers.push(this.entry);
  }
  observe(el: Element) {
    this.entry.targets.push(el);
  }
  disconnect() {
    this.entry.targets = [];
  }
}
const see = (isIntersecting: boolean) =>
  act(() => {
    for (const o of observers)
      o.callback(
        o.targets.map((target) => ({ target, isIntersecting }) as IntersectionObserverEntry),
        {} as IntersectionObserver,
      );
  });

describe('OnScreen', () => {
  let root: Root;
  let host: HTMLElement;
  const show = (value: string) => act(() => root.render(<OnScreen>{<p>{value}</p>}</OnScreen>));
  const shown = () => host.querySelector('p')?.textContent;

  beforeEach(() => {
    (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = FakeObserver;
    host = document.createElement('div');
    document.body.appendChild(host);
    root = createRoot(host);
    act(() => store.setState({ isPlaying: true }));
  });
  afterEach(() => {
    act(() => root.unmount());
    delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
    observers.length = 0;
    act(() => store.setState({ isPlaying: false }));
  });

  it('keeps its last content while playing off screen, and catches up when scrolled into view', () => {
    show('applied 5');
    see(false);
    show('applied 9');
    expect(shown()).toBe('applied 5');
    see(true);
    expect(shown()).toBe('applied 9');
    show('applied 12');
    expect(shown()).toBe('applied 12');
  });

  it('is current whenever the player is paused, on screen or not', () => {
    show('applied 5');
    see(false);
    show('applied 9');
    act(() => store.setState({ isPlaying: false }));
    expect(shown()).toBe('applied 9');
    show('applied 10');
    expect(shown()).toBe('applied 10');
  });
});
