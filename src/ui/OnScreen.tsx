// A section of a long side panel that is scrolled out of view while playing keeps what it last
// showed and skips the panel's refreshes (React render, chart drawing, layout and paint) until
// it comes into view, when it catches up at once. Paused, every section is current, so what a
// screen reader or a search on the page finds is the present state.

import { memo, type ReactNode, useEffect, useRef, useState } from 'react';
import { useApp } from '../store/hooks';

/** Children re-render unless frozen; a frozen render keeps the last output. */
const Frozen = memo(
  function Frozen({ children }: { children: ReactNode; isFrozen: boolean }) {
    return children;
  },
  (_before, next) => next.isFrozen,
);

/** True while any part of `ref`'s element is on screen (clipped by scrolling ancestors too). */
export function useOnScreen(ref: React.RefObject<Element | null>): boolean {
  const [isOnScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      const entry = entries.at(-1);
      if (entry) setOnScreen(entry.isIntersecting);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return isOnScreen;
}

export function OnScreen({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const isOnScreen = useOnScreen(ref);
  const isPlaying = useApp((s) => s.isPlaying);
  return (
    <div ref={ref} className="qs-onscreen">
      <Frozen isFrozen={isPlaying && !isOnScreen}>{children}</Frozen>
    </div>
  );
}
