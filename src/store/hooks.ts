// React bindings for the store: selectors for panels, and a transient frame subscription
// for diagrams (it calls back on every new frame without re-rendering the component).

import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { Frame } from './frame';
import { type AppState, store } from './store';

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(store, selector);
}

/** Calls `onFrame` with the current frame and then with every new one. */
export function useFrame(onFrame: (frame: Frame) => void): void {
  const callback = useRef(onFrame);
  callback.current = onFrame;
  useEffect(() => {
    const first = store.getState().frame;
    if (first) callback.current(first);
    return store.subscribe((state, previous) => {
      if (state.frame && state.frame !== previous.frame) callback.current(state.frame);
    });
  }, []);
}
