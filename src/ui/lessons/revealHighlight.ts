// When a lesson step lights part of the diagram, that part is scrolled into view: inside a
// scrolling diagram pane on a desktop, and on a phone between the sticky toolbar and the
// lesson sheet held at the bottom of the screen (lessons.css), so "click consumer h-1"
// never points at something below the fold.

export interface Span {
  top: number;
  bottom: number;
}

/**
 * How far to scroll the page (positive: down) to bring `target` into `visible`: none when it
 * is already inside; else centred when it fits, else its top just below `visible.top`.
 */
export function scrollDelta(target: Span, visible: Span, margin = 12): number {
  if (target.top >= visible.top && target.bottom <= visible.bottom) return 0;
  const room = visible.bottom - visible.top;
  const height = target.bottom - target.top;
  if (height + 2 * margin > room) return target.top - (visible.top + margin);
  return target.top - (visible.top + (room - height) / 2);
}

const PHONE_MEDIA = '(max-width: 899.98px)';

/**
 * The lit parts' outline in the diagram: the members and partitions a step names, or, when
 * it names only groups or parts, all of them. A queue's consumers (drawn without outlines)
 * are found by their consumer id.
 */
function highlightSpan(root: ParentNode, members: readonly string[]): Span | null {
  const all = [...root.querySelectorAll<SVGGraphicsElement>('.qs-flow rect.highlight')];
  const precise = all.filter((r) => /^(member|partition)\//.test(r.dataset.key ?? ''));
  const consumers = [...root.querySelectorAll<SVGGraphicsElement>('.qs-flow g.queue-consumer')].filter((g) =>
    members.includes(g.dataset.key ?? ''),
  );
  const chosen = precise.length > 0 ? precise : consumers.length > 0 ? consumers : all;
  const rects = chosen.map((r) => r.getBoundingClientRect());
  if (rects.length === 0) return null;
  return { top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)) };
}

/** Scrolls the highlighted part of the diagram into view if it is out of it. */
export function revealHighlight(members: readonly string[] = [], doc: Document = document): void {
  const win = doc.defaultView;
  if (!win) return;
  const span = highlightSpan(doc, members);
  if (!span) return;
  const behavior: ScrollBehavior = win.matchMedia?.('(prefers-reduced-motion: reduce)').matches
    ? 'auto'
    : 'smooth';
  if (win.matchMedia?.(PHONE_MEDIA).matches) {
    // The page scrolls; the toolbar sticks at the top and the lesson sheet at the bottom.
    const toolbar = doc.querySelector('.qs-toolbar')?.getBoundingClientRect();
    const sheet = doc.querySelector('.qs-main > .qs-lesson')?.getBoundingClientRect();
    const visible = {
      top: toolbar ? Math.max(0, toolbar.bottom) : 0,
      bottom: sheet ? Math.min(win.innerHeight, sheet.top) : win.innerHeight,
    };
    const delta = scrollDelta(span, visible);
    if (delta !== 0) win.scrollBy({ top: delta, behavior });
    return;
  }
  // A desktop: the diagram pane scrolls when its drawing is taller than the pane.
  const pane = doc.querySelector<HTMLElement>('.qs-diagram');
  if (!pane || pane.scrollHeight <= pane.clientHeight) return;
  const box = pane.getBoundingClientRect();
  const delta = scrollDelta(span, { top: box.top, bottom: box.bottom });
  if (delta !== 0) pane.scrollBy({ top: delta, behavior });
}
