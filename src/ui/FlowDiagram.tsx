// The flow diagram's React shell: an <svg> that fills its container; D3 owns its content.
// It redraws on every new frame through a transient store subscription (no React render).
// It lives in ui, not viz, because it wires the store to the viz module. Below the page's
// narrow breakpoint (app.css), or in a pane too narrow for the side-by-side drawing, it asks
// for the vertical layout and takes its height. Side by side, a drawing that would fit the
// pane only with unreadably small text keeps a readable scale and the pane scrolls
// (`viewOf`). Each element of the
// diagram opens its menu (DiagramMenu) where it stands; the diagram itself is one tab stop.

import { useEffect, useRef, useState } from 'react';
import type { Snapshot } from '../engine';
import { useController } from '../store/ControllerContext';
import { useApp, useFrame } from '../store/hooks';
import type { Selection } from '../store/store';
import { createFlowDiagram } from '../viz/flowDiagram';
import { viewOf } from '../viz/flowDiagramLayout';
import type { OpenMenu } from './DiagramMenu';
import { DiagramMenu, Lazy } from './lazyPanels';

/** The page's narrow layout, as in app.css: one column, the diagram at the full width. */
export const NARROW_MEDIA = '(max-width: 899.98px)';

/**
 * Below this width the side-by-side drawing has room for only a few offset cells per strip
 * (producer, names, lag figures and lanes take about 620 px): the vertical layout reads better.
 */
export const VERTICAL_BELOW_PX = 780;

/** The diagram's accessible name: what this scenario draws (Kafka parts, queue parts, or both). */
export function flowDiagramName(snap: Snapshot | null | undefined): string {
  if (!snap) return 'Flow diagram';
  const parts: string[] = [];
  if (snap.producers.length > 0) parts.push(snap.producers.length === 1 ? 'producer' : 'producers');
  if (snap.topics.length > 0) parts.push('partitions');
  if (snap.groups.length > 0) parts.push('consumer groups', 'sinks');
  if ((snap.exchanges ?? []).length > 0) parts.push('exchanges');
  const queues = snap.queues ?? [];
  if (queues.some((q) => !q.isDeadLetterQueue)) parts.push('queues');
  if (queues.some((q) => q.isDeadLetterQueue)) parts.push('dead-letter queues');
  if (queues.some((q) => q.consumers.length > 0)) parts.push('queue consumers');
  if (parts.length === 0) return 'Flow diagram';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `Flow diagram: ${list}`;
}

export function FlowDiagram({
  onSelect,
  onShowDlq,
}: {
  onSelect(selection: Selection): void;
  /** Opens the DLQ tab ("Inspect the dead-letter queue" in the DLQ's menu). */
  onShowDlq?(): void;
}) {
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  /** The open menu and how far the pane was scrolled when it opened. */
  const menuAt = useRef<{ menu: OpenMenu; scrollTop: number; scrollLeft: number } | null>(null);
  const ref = useRef<SVGSVGElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const narrow = useRef<MediaQueryList | null>(null);
  const overlayRef = useRef<SVGSVGElement>(null);
  const view = useRef<ReturnType<typeof createFlowDiagram> | null>(null);
  const size = useRef({ width: 960, height: 600 });
  const { store } = useController();
  const name = useApp((s) => flowDiagramName(s.frame?.snapshot));
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  const redraw = () => {
    const frame = store.getState().frame;
    if (!view.current || !frame) return;
    const isVertical = (narrow.current?.matches ?? false) || size.current.width < VERTICAL_BELOW_PX;
    const { layout } = view.current.update(frame, {
      ...size.current,
      selection: store.getState().selection,
      highlight: store.getState().highlight,
      isReducedMotion: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
      isLive: store.getState().isPlaying,
      isVertical,
      isBusyFrame: store.getState().panelFrame === frame,
    });
    // The vertical layout is as tall as its content: the page scrolls, not the diagram. A
    // side-by-side drawing too tall to read fitted keeps its readable size in a scrolling pane.
    const wrap = wrapRef.current;
    if (!wrap) return;
    const shown = viewOf(layout, size.current.width, size.current.height);
    const mode = isVertical ? 'vertical' : shown.isScrolling ? 'scroll' : null;
    const height = isVertical ? `${layout.height}px` : '';
    if (wrap.style.height !== height) wrap.style.height = height;
    if ((wrap.dataset.layout ?? null) !== mode) {
      if (mode) wrap.dataset.layout = mode;
      else delete wrap.dataset.layout;
    }
    const svgW = shown.isScrolling && shown.width > size.current.width + 0.5 ? `${shown.width}px` : '';
    const svgH = shown.isScrolling ? `${Math.ceil(shown.height)}px` : '';
    for (const el of [ref.current, overlayRef.current]) {
      if (!el) continue;
      if (el.style.height !== svgH) el.style.height = svgH;
      if (el.style.width !== svgW) el.style.width = svgW;
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is created once; redraw reads refs and the store
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    narrow.current = window.matchMedia?.(NARROW_MEDIA) ?? null;
    narrow.current?.addEventListener?.('change', redraw);
    view.current = createFlowDiagram(
      svg,
      {
        onSelect: (s) => onSelectRef.current(s),
        onContextAction: (target, anchor) => {
          const focused = document.activeElement;
          const open: OpenMenu = {
            target,
            anchor,
            returnFocus: focused instanceof HTMLElement || focused instanceof SVGElement ? focused : null,
          };
          const wrap = wrapRef.current;
          menuAt.current = { menu: open, scrollTop: wrap?.scrollTop ?? 0, scrollLeft: wrap?.scrollLeft ?? 0 };
          setMenu(open);
        },
      },
      overlayRef.current ?? undefined,
    );
    // The pane's size (the wrap's: a scrolling wrap's content box leaves out its scrollbar),
    // not the drawing's, which follows the layout when the pane scrolls.
    const wrap = wrapRef.current;
    const observer = new ResizeObserver(([entry]) => {
      size.current = { width: entry.contentRect.width, height: entry.contentRect.height };
      redraw();
    });
    observer.observe(wrap ?? svg);
    // A menu stays where it opened (position: fixed): scrolling the pane away from its
    // element closes it, focus back on the element without scrolling back to it.
    const onScroll = () => {
      const at = menuAt.current;
      if (!at || !wrap) return;
      if (Math.abs(wrap.scrollTop - at.scrollTop) + Math.abs(wrap.scrollLeft - at.scrollLeft) < 8) return;
      menuAt.current = null;
      setMenu((m) => (m === at.menu ? null : m));
      const focused = document.activeElement;
      if (focused instanceof Element && !wrap.contains(focused) && focused.closest('.qs-diagram-menu'))
        at.menu.returnFocus?.focus({ preventScroll: true });
    };
    wrap?.addEventListener('scroll', onScroll, { passive: true });
    const unsubscribe = store.subscribe((s, prev) => {
      // On pause the dense view's throttled labels catch up with the exact frame.
      if (s.selection !== prev.selection || s.highlight !== prev.highlight || s.isPlaying !== prev.isPlaying)
        redraw();
    });
    redraw();
    return () => {
      observer.disconnect();
      wrap?.removeEventListener('scroll', onScroll);
      narrow.current?.removeEventListener?.('change', redraw);
      unsubscribe();
      view.current?.destroy();
      view.current = null;
    };
  }, []);

  useFrame(() => redraw());

  return (
    <div className="qs-flow-wrap" ref={wrapRef}>
      {/* biome-ignore lint/a11y/useSemanticElements: an <svg> cannot be a <fieldset>; a group, not an image, since its elements are buttons */}
      <svg ref={ref} className="qs-flow" role="group" aria-label={name} aria-roledescription="diagram" />
      <svg ref={overlayRef} className="qs-flow-overlay" aria-hidden="true" data-diagram="flow-dots" />
      {menu && (
        <Lazy what="the menu" isVisuallyHidden>
          <DiagramMenu
            open={menu}
            onClose={() => {
              menuAt.current = null;
              setMenu(null);
            }}
            onShowDlq={onShowDlq}
          />
        </Lazy>
      )}
    </div>
  );
}
