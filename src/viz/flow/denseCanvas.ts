// The dense view's partition strips painted on one canvas: each strip's panel, its filled
// offsets as a band, each group's lag as a band of its colour from its committed offset to
// the log end, and the log end as a line. Drawing these as SVG meant hundreds of elements
// rewritten in one frame twice a second; the canvas repaints them in one pass. It sits
// under the strips layer, whose SVG keeps the border, the labels and a transparent hit
// target per strip (pointer, keyboard and accessible name). Colours are the theme's custom
// properties resolved on the SVG, so the dark theme applies; the bitmap follows
// devicePixelRatio and the SVG's scale so it stays sharp.

import type { GroupSnapshot, PartitionSnapshot } from '../../engine';
import type { G } from '../d3put';
import { boundaryX, type FlowLayout } from '../flowDiagramLayout';
import type { FlowModel } from '../flowModel';
import { THEME } from '../palette';
import type { FlowLayer, LayerContext } from './layer';

const XHTML = 'http://www.w3.org/1999/xhtml';

/** `var(--name)` → the custom property's value on `el` (cached per repaint), else the input. */
export function createColorResolver(el: Element): (css: string) => string {
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  const cache = new Map<string, string>();
  return (css) => {
    const hit = cache.get(css);
    if (hit !== undefined) return hit;
    const m = /^var\((--[\w-]+)\s*(?:,\s*(.+))?\)$/.exec(css);
    const value = m ? style?.getPropertyValue(m[1]).trim() || m[2]?.trim() || '#888' : css;
    cache.set(css, value);
    return value;
  };
}

export function createDenseCanvasLayer(parent: G, ctx: LayerContext): FlowLayer {
  const host = parent
    .append('foreignObject')
    .attr('class', 'dense-canvas')
    .attr('aria-hidden', 'true')
    .attr('x', 0)
    .attr('y', 0)
    .attr('width', 0)
    .attr('height', 0)
    .style('pointer-events', 'none');
  const canvas = host.append(() => document.createElementNS(XHTML, 'canvas') as HTMLCanvasElement);
  const el = canvas.node() as HTMLCanvasElement;
  el.style.display = 'block';
  let signature = '';
  let measuredFor = '';
  let shownWidth = 0;
  let last: { model: FlowModel; layout: FlowLayout } | null = null;
  // The theme is a `data-theme` attribute on <html> (CSS custom properties): the SVG
  // follows by itself, the canvas repaints with the new colours.
  const themeWatch =
    typeof MutationObserver === 'undefined'
      ? null
      : new MutationObserver(() => {
          if (!last) return;
          signature = '';
          update(last.model, last.layout);
        });
  themeWatch?.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  function update(model: FlowModel, layout: FlowLayout): void {
    last = { model, layout };
    if (!layout.isDense) {
      if (signature !== '') {
        signature = '';
        host.attr('width', 0).attr('height', 0);
        el.width = 0;
        el.height = 0;
      }
      return;
    }
    // Between two refresh frames the bands hold still, as the SVG labels do.
    if (ctx.isHeld() && signature !== '') return;
    // (A theme change repaints at once, held or not: signature is '' then.)
    const svg = el.closest('svg');
    const win = el.ownerDocument.defaultView;
    const dpr = win?.devicePixelRatio || 1;
    // Reading the SVG's size forces a layout: once per layout size, not per repaint.
    const sizeKey = `${layout.width}x${layout.height}`;
    if (sizeKey !== measuredFor) {
      measuredFor = sizeKey;
      shownWidth = svg?.getBoundingClientRect().width ?? 0;
    }
    const scale = dpr * (shownWidth > 0 ? shownWidth / layout.width : 1);
    const color = createColorResolver(svg ?? el);
    const themeKey = [THEME.panel, THEME.cellFilled, THEME.fg].map(color).join(' ');
    const groupsOf = (topic: string) => model.groups.filter((g) => g.topic === topic);
    const parts: string[] = [String(scale), layout.width, layout.height, themeKey].map(String);
    for (const s of layout.strips) {
      const p = model.partitionByKey.get(s.key);
      if (!p) continue;
      parts.push(
        [s.x, s.y, s.w, s.h, s.firstOffset, s.cells, p.logStartOffset, p.logEndOffset]
          .concat(groupsOf(s.topic).map((g) => p.committed[g.groupId]))
          .join(','),
        groupsOf(s.topic)
          .map((g) => color(model.colorOf(g.groupId)))
          .join(','),
      );
    }
    const next = parts.join(';');
    if (next === signature) return;
    signature = next;
    host.attr('width', layout.width).attr('height', layout.height);
    el.style.width = `${layout.width}px`;
    el.style.height = `${layout.height}px`;
    const w = Math.max(1, Math.round(layout.width * scale));
    const h = Math.max(1, Math.round(layout.height * scale));
    if (el.width !== w) el.width = w;
    if (el.height !== h) el.height = h;
    const g = el.getContext('2d');
    if (!g) return;
    g.setTransform(scale, 0, 0, scale, 0, 0);
    g.clearRect(0, 0, layout.width, layout.height);
    for (const s of layout.strips) {
      const p = model.partitionByKey.get(s.key);
      if (p) paintStrip(g, s, p, groupsOf(s.topic), model, color);
    }
  }

  return {
    update,
    destroy: () => {
      themeWatch?.disconnect();
      host.remove();
    },
  };
}

function paintStrip(
  g: CanvasRenderingContext2D,
  s: FlowLayout['strips'][number],
  p: PartitionSnapshot,
  groups: GroupSnapshot[],
  model: FlowModel,
  color: (css: string) => string,
): void {
  g.globalAlpha = 1;
  g.fillStyle = color(THEME.panel);
  g.beginPath();
  if (typeof g.roundRect === 'function') g.roundRect(s.x, s.y, s.w, s.h, 4);
  else g.rect(s.x, s.y, s.w, s.h);
  g.fill();
  const visibleEnd = Math.min(p.logEndOffset, s.firstOffset + s.cells);
  const firstX = boundaryX(s, Math.max(s.firstOffset, p.logStartOffset));
  g.fillStyle = color(THEME.cellFilled);
  g.fillRect(firstX, s.y + 1, Math.max(0, boundaryX(s, visibleEnd) - firstX), Math.max(1, s.h - 2));
  const barH = s.h / Math.max(1, groups.length);
  const endX = boundaryX(s, p.logEndOffset);
  g.globalAlpha = 0.6;
  groups.forEach((gr, i) => {
    const x = boundaryX(s, Math.max(p.committed[gr.groupId], p.logStartOffset));
    g.fillStyle = color(model.colorOf(gr.groupId));
    g.fillRect(x, s.y + i * barH, Math.max(0, endX - x), barH);
  });
  g.globalAlpha = 1;
  g.strokeStyle = color(THEME.fg);
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(endX, s.y - 1);
  g.lineTo(endX, s.y + s.h + 1);
  g.stroke();
}
