// The few DOM helpers every D3 layer of the diagrams shares: keyed joins that set `data-key`
// once on enter, attribute and text writes that touch the DOM only when the value differs,
// and a per-element signature memo so a layer can skip elements whose inputs did not change.
// These are what keeps a frame of 64 partitions and 32 consumers inside 16.7 ms.

import { type BaseType, type Selection, select } from 'd3-selection';

export type G = Selection<SVGGElement, unknown, null, undefined>;

/** A keyed join: `tag.cls` children of `parent`, one per datum, `data-key` set once on enter. */
export function keyed<D, E extends BaseType>(
  parent: G | Selection<SVGGElement, unknown, BaseType, unknown>,
  tag: string,
  cls: string,
  data: D[],
  key: (d: D) => string,
) {
  return (parent as G)
    .selectAll<E, D>(`${tag}.${cls}`)
    .data(data, key)
    .join(
      (enter) =>
        enter
          .append(tag)
          .attr('class', cls)
          .attr('data-key', (d) => key(d as D)) as never,
    ) as unknown as Selection<E, D, SVGGElement, unknown>;
}

type AttrValue<D> = string | number | null | ((d: D, i: number) => string | number | null);

/**
 * Sets attributes like `selection.attr`, but leaves alone those that already hold the value:
 * Chromium invalidates style and SVG layout on every setAttribute, even to the same value,
 * and these diagrams redraw many elements many times a second.
 */
export function put<E extends Element, D>(
  sel: Selection<E, D, BaseType, unknown>,
  attrs: Record<string, AttrValue<D>>,
): void {
  const entries = Object.entries(attrs);
  sel.each(function (d, i) {
    for (const [name, value] of entries) {
      const v = typeof value === 'function' ? value(d, i) : value;
      if (v === null) {
        if (this.hasAttribute(name)) this.removeAttribute(name);
        continue;
      }
      const text = String(v);
      if (this.getAttribute(name) !== text) this.setAttribute(name, text);
    }
  });
}

/** Sets text content only where it differs (text changes relayout the element). */
export function setText<E extends Element, D>(
  sel: Selection<E, D, BaseType, unknown>,
  text: (d: D, i: number) => string,
): void {
  sel.each(function (d, i) {
    const t = text(d, i);
    if (this.textContent !== t) this.textContent = t;
  });
}

/**
 * Makes a group a keyboard-reachable button that calls `onActivate` with what `pick`
 * returns. Handlers are bound once per element: `pick` reads only the element's key,
 * which never changes.
 */
export function activate<P>(
  el: Selection<SVGGElement, unknown, null, undefined> | Selection<SVGGElement, never, SVGGElement, unknown>,
  label: string,
  pick: () => P,
  onActivate: (picked: P) => void,
): void {
  const sel = el as Selection<SVGGElement, unknown, null, undefined>;
  put(sel as never, { tabindex: 0, role: 'button', 'aria-label': label });
  if (sel.on('click')) return;
  sel
    .style('cursor', 'pointer')
    .on('click', () => onActivate(pick()))
    .on('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        event.stopPropagation();
        onActivate(pick());
      }
    });
}

/** A memo of the last signature drawn per element. */
export function createSignatures() {
  const map = new WeakMap<Element, string>();
  return {
    /** True (and remembered) when `signature` differs from the last one drawn for `el`. */
    changed(el: Element | null, signature: string): boolean {
      if (!el || map.get(el) === signature) return false;
      map.set(el, signature);
      return true;
    },
    differs(el: Element, signature: string): boolean {
      return map.get(el) !== signature;
    },
    set(el: Element, signature: string): void {
      map.set(el, signature);
    },
  };
}

export { select };
