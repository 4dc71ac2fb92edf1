// The flow diagram's React shell: an <svg> that fills its container; D3 owns its content.
// It redraws on every new frame through a transient store subscription (no React render).
// It lives in ui, not viz, because it wires the store to the viz module.

import { useEffect, useRef } from 'react';
import { useController } from '../store/ControllerContext';
import { useFrame } from '../store/hooks';
import type { Selection } from '../store/store';
import { createFlowDiagram } from '../viz/flowDiagram';

export function FlowDiagram({ onSelect }: { onSelect(selection: Selection): void }) {
  const ref = useRef<SVGSVGElement>(null);
  const overlayRef = useRef<SVGSVGElement>(null);
  const view = useRef<ReturnType<typeof createFlowDiagram> | null>(null);
  const size = useRef({ width: 960, height: 600 });
  const { store } = useController();
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  const redraw = () => {
    const frame = store.getState().frame;
    if (view.current && frame)
      view.current.update(frame, {
        ...size.current,
        selection: store.getState().selection,
        highlight: store.getState().highlight,
        isReducedMotion: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
        isLive: store.getState().isPlaying,
      });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is created once; redraw reads refs and the store
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    view.current = createFlowDiagram(
      svg,
      { onSelect: (s) => onSelectRef.current(s) },
      overlayRef.current ?? undefined,
    );
    const observer = new ResizeObserver(([entry]) => {
      size.current = { width: entry.contentRect.width, height: entry.contentRect.height };
      redraw();
    });
    observer.observe(svg);
    const unsubscribe = store.subscribe((s, prev) => {
      // On pause the dense view's throttled labels catch up with the exact frame.
      if (s.selection !== prev.selection || s.highlight !== prev.highlight || s.isPlaying !== prev.isPlaying)
        redraw();
    });
    redraw();
    return () => {
      observer.disconnect();
      unsubscribe();
      view.current?.destroy();
      view.current = null;
    };
  }, []);

  useFrame(() => redraw());

  return (
    <div className="qs-flow-wrap">
      <svg
        ref={ref}
        className="qs-flow"
        role="img"
        aria-label="Flow diagram: producer, partitions, consumer groups and sinks"
      />
      <svg ref={overlayRef} className="qs-flow-overlay" aria-hidden="true" data-diagram="flow-dots" />
    </div>
  );
}
