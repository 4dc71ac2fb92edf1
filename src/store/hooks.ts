// React bindings for the store: selectors for panels, and a transient frame subscription
// for diagrams (it calls back on every new frame without re-rendering the component). They
// read the store of the controller in context (the page's store when there is none).

import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useOptionalController } from './ControllerContext';
import type { Frame } from './frame';
import { type AppState, type AppStore, store as pageStore } from './store';

function useAppStore(): AppStore {
  return useOptionalController()?.store ?? pageStore;
}

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/** Calls `onFrame` with the current frame and then with every new one. */
export function useFrame(onFrame: (frame: Frame) => void): void {
  const store = useAppStore();
  const callback = useRef(onFrame);
  callback.current = onFrame;
  useEffect(() => {
    const first = store.getState().frame;
    if (first) callback.current(first);
    return store.subscribe((state, previous) => {
      if (state.frame && state.frame !== previous.frame) callback.current(state.frame);
    });
  }, [store]);
}
