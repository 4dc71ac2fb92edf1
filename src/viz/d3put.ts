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

/**
 * Sets text content only where it differs (text changes relayout the element), by editing the
 * element's one text node where it has one: replacing the node (`textContent =`) also costs a
 * removal from and an insertion into the layout tree.
 */
export function setText<E extends Element, D>(
  sel: Selection<E, D, BaseType, unknown>,
  text: (d: D, i: number) => string,
): void {
  sel.each(function (d, i) {
    const t = text(d, i);
    const only = this.firstChild;
    if (only !== null && only === this.lastChild && only.nodeType === 3) {
      if ((only as Text).data !== t) (only as Text).data = t;
    } else if (this.textContent !== t) this.textContent = t;
  });
}

/**
 * The element's tooltip: an SVG <title> as its first child (where SVG-AAM reads it, as the
 * accessible description beside an aria-label), for the full text of a label shortened to fit.
 */
export function setTooltip(el: Element, text: string): void {
  let title = el.firstElementChild;
  if (!(title && title.tagName.toLowerCase() === 'title')) {
    title = el.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'title');
    el.insertBefore(title, el.firstChild);
  }
  if (title.textContent !== text) title.textContent = text;
}

/** What an activated element does: act on it (click, Enter, Space) or open its menu. */
export interface Activation<P> {
  onActivate(picked: P, el: SVGGElement): void;
  /** The context menu (right click, the Menu key, Shift+F10); defaults to `onActivate`. */
  onMenu?(picked: P, el: SVGGElement): void;
}

/**
 * Makes a group a button of the diagram that opens a menu: click, Enter or Space call
 * `onActivate`; right click, the context-menu key and Shift+F10 call `onMenu`. It joins the
 * diagram's roving tab order (tabindex -1 here; the diagram gives one element tabindex 0).
 * Handlers are bound once per element: `pick` reads only the element's key, which never changes.
 */
export function activate<P>(
  el: Selection<SVGGElement, unknown, null, undefined> | Selection<SVGGElement, never, SVGGElement, unknown>,
  label: string,
  pick: () => P,
  activation: Activation<P>,
): void {
  const sel = el as Selection<SVGGElement, unknown, null, undefined>;
  put(sel as never, { role: 'button', 'aria-haspopup': 'menu', 'aria-label': label, 'data-target': '' });
  if (sel.on('click')) return;
  const node = sel.node() as SVGGElement;
  if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
  const menu = activation.onMenu ?? activation.onActivate;
  sel
    .style('cursor', 'pointer')
    .on('click', () => activation.onActivate(pick(), node))
    .on('contextmenu', (event: MouseEvent) => {
      event.preventDefault();
      menu(pick(), node);
    })
    .on('keydown', (event: KeyboardEvent) => {
      const isMenuKey = event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey);
      if (event.key === 'Enter' || event.key === ' ' || isMenuKey) {
        event.preventDefault();
        event.stopPropagation();
        if (isMenuKey) menu(pick(), node);
        else activation.onActivate(pick(), node);
      }
    });
}

/**
 * A roving tab order over a diagram's buttons (`[data-target]`, in the order `items` gives):
 * one tab stop for the whole diagram, arrow keys move between elements, Home and End jump.
 * `sync()` after each redraw keeps exactly one element at tabindex 0.
 */
export function createRovingFocus(
  rootEl: Element,
  items: () => SVGGElement[] = () => Array.from(rootEl.querySelectorAll<SVGGElement>('[data-target]')),
) {
  let current: Element | null = null;
  function setCurrent(el: Element | null): void {
    if (current && current !== el && current.isConnected) current.setAttribute('tabindex', '-1');
    current = el;
    if (el && el.getAttribute('tabindex') !== '0') el.setAttribute('tabindex', '0');
  }
  function onFocusIn(event: Event): void {
    const el = (event.target as Element).closest?.('[data-target]');
    if (el && rootEl.contains(el)) setCurrent(el);
  }
  function onKeyDown(event: Event): void {
    const e = event as KeyboardEvent;
    const moves: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    if (!(e.key in moves) && e.key !== 'Home' && e.key !== 'End') return;
    // Only from an element of the diagram: on the <svg> itself (focused by a click on empty
    // space) the arrows keep their page meaning (→ steps one event).
    if (!(e.target as Element).closest?.('[data-target]')) return;
    const list = items();
    if (list.length === 0) return;
    const at = current ? list.indexOf(current as SVGGElement) : -1;
    const next =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? list.length - 1
          : Math.min(list.length - 1, Math.max(0, at + moves[e.key]));
    e.preventDefault();
    e.stopPropagation();
    setCurrent(list[next]);
    list[next].focus();
  }
  rootEl.addEventListener('focusin', onFocusIn);
  rootEl.addEventListener('keydown', onKeyDown);
  return {
    sync(): void {
      if (current?.isConnected) return;
      setCurrent(items()[0] ?? null);
    },
    destroy(): void {
      rootEl.removeEventListener('focusin', onFocusIn);
      rootEl.removeEventListener('keydown', onKeyDown);
    },
  };
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
