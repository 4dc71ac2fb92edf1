// The width of an element's parent, kept by a ResizeObserver, for charts that redraw while
// playing. Reading `clientWidth` in a redraw forces a synchronous layout of everything the
// same frame has changed (the diagram, the panels); the observer reports after layout instead.

import { type RefObject, useEffect, useRef } from 'react';

/** `width.current`: the parent's content width in px (0 until measured). `onResize` redraws. */
export function useParentWidth(ref: RefObject<Element | null>, onResize?: () => void): RefObject<number> {
  const width = useRef(0);
  const callback = useRef(onResize);
  callback.current = onResize;
  useEffect(() => {
    const parent = ref.current?.parentElement;
    if (!parent) return;
    width.current = parent.clientWidth;
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const next = Math.round(entry.contentRect.width);
      if (next === width.current) return;
      width.current = next;
      callback.current?.();
    });
    observer.observe(parent);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
