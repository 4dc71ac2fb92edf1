// The dense view's partition strips as a few SVG paths: every strip's panel in one path, the
// filled offsets in another, each group's lag as one path in its colour (a band per strip
// from its committed offset to the log end) and the log ends as one stroked path. It sits
// under the strips layer, whose SVG keeps the border, the labels and a transparent hit
// target per strip (pointer, keyboard and accessible name). Hundreds of rects rewritten
// twice a second were too many elements; a canvas had too large a bitmap (with software
// compositing, each repaint cost the frame a copy of it: ~18 ms at 1920×1080). A handful of
// paths costs a few attribute writes, and the theme's custom properties apply as they are.

import type { GroupSnapshot, PartitionSnapshot } from '../../engine';
import { type G, keyed, put } from '../d3put';
import { boundaryX, type FlowLayout } from '../flowDiagramLayout';
import type { FlowModel } from '../flowModel';
import { THEME } from '../palette';
import type { FlowLayer, LayerContext } from './layer';

export interface DensePath {
  key: string;
  d: string;
  fill: string;
  opacity: number | null;
  stroke: string | null;
}

const n1 = (x: number) => Math.round(x * 10) / 10;

/** A rectangle as path data (nothing when it has no width). */
function rect(x: number, y: number, w: number, h: number): string {
  return w > 0 && h > 0 ? `M${n1(x)},${n1(y)}h${n1(w)}v${n1(h)}h${n1(-w)}Z` : '';
}

/** A rectangle with rounded corners (radius r) as path data. */
function roundRect(x: number, y: number, w: number, h: number, r: number): string {
  const q = Math.min(r, w / 2, h / 2);
  return (
    `M${n1(x + q)},${n1(y)}h${n1(w - 2 * q)}a${q},${q} 0 0 1 ${q},${q}v${n1(h - 2 * q)}` +
    `a${q},${q} 0 0 1 ${-q},${q}h${n1(-(w - 2 * q))}a${q},${q} 0 0 1 ${-q},${-q}v${n1(-(h - 2 * q))}` +
    `a${q},${q} 0 0 1 ${q},${-q}Z`
  );
}

/** Pure: the paths of the dense view at the model's instant (none outside the dense view). */
export function densePaths(model: FlowModel, layout: FlowLayout): DensePath[] {
  if (!layout.isDense) return [];
  const panels: string[] = [];
  const filled: string[] = [];
  const ends: string[] = [];
  const lags = new Map<string, string[]>();
  const groupsOf = new Map<string, GroupSnapshot[]>();
  for (const g of model.groups) groupsOf.set(g.topic, [...(groupsOf.get(g.topic) ?? []), g]);
  for (const s of layout.strips) {
    const p = model.partitionByKey.get(s.key) as PartitionSnapshot | undefined;
    if (!p) continue;
    panels.push(roundRect(s.x, s.y, s.w, s.h, 4));
    const visibleEnd = Math.min(p.logEndOffset, s.firstOffset + s.cells);
    const firstX = boundaryX(s, Math.max(s.firstOffset, p.logStartOffset));
    filled.push(rect(firstX, s.y + 1, boundaryX(s, visibleEnd) - firstX, Math.max(1, s.h - 2)));
    const groups = groupsOf.get(s.topic) ?? [];
    const barH = s.h / Math.max(1, groups.length);
    const endX = boundaryX(s, p.logEndOffset);
    groups.forEach((gr, i) => {
      const x = boundaryX(s, Math.max(p.committed[gr.groupId], p.logStartOffset));
      const list = lags.get(gr.groupId) ?? [];
      list.push(rect(x, s.y + i * barH, endX - x, barH));
      lags.set(gr.groupId, list);
    });
    ends.push(`M${n1(endX)},${n1(s.y - 1)}V${n1(s.y + s.h + 1)}`);
  }
  return [
    { key: 'panels', d: panels.join(''), fill: THEME.panel, opacity: null, stroke: null },
    { key: 'filled', d: filled.join(''), fill: THEME.cellFilled, opacity: null, stroke: null },
    ...model.groups
      .filter((g) => lags.has(g.groupId))
      .map((g) => ({
        key: `lag/${g.groupId}`,
        d: (lags.get(g.groupId) ?? []).join(''),
        fill: model.colorOf(g.groupId),
        opacity: 0.6,
        stroke: null,
      })),
    { key: 'ends', d: ends.join(''), fill: 'none', opacity: null, stroke: THEME.fg },
  ];
}

export function createDenseBandsLayer(parent: G, ctx: LayerContext): FlowLayer {
  const root = parent
    .append('g')
    .attr('class', 'dense-bands')
    .attr('aria-hidden', 'true')
    .attr('pointer-events', 'none');
  let isDrawn = false;

  function update(model: FlowModel, layout: FlowLayout): void {
    // Between two refresh frames the bands hold still, as the SVG labels do.
    if (layout.isDense && isDrawn && ctx.isHeld()) return;
    const paths = densePaths(model, layout);
    isDrawn = paths.length > 0;
    keyed<DensePath, SVGPathElement>(root, 'path', 'dense', paths, (p) => p.key).call(put, {
      d: (p: DensePath) => p.d,
      fill: (p: DensePath) => p.fill,
      'fill-opacity': (p: DensePath) => p.opacity,
      stroke: (p: DensePath) => p.stroke,
      'stroke-width': (p: DensePath) => (p.stroke ? 2 : null),
    });
  }

  return { update, destroy: () => root.remove() };
}
