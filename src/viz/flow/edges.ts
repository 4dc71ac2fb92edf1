// Assignment edges: partition strip → member node, one per group and partition (keyed
// `group/topic/partition`), so a rebalance moves the same edge to the new owner (animated,
// unless reduced motion). Dashed: a claim the coordinator no longer backs.

import { createSignatures, type G, keyed } from '../d3put';
import { type FlowLayout, VERTICAL_GUTTER } from '../flowDiagramLayout';
import type { FlowModel } from '../flowModel';
import type { FlowLayer } from './layer';

export interface EdgePath {
  key: string;
  d: string;
  color: string;
  dashed: boolean;
  owner: string;
}

/** Pure: the edges' paths for a model laid out in `layout`. */
export function edgePaths(model: FlowModel, layout: FlowLayout): EdgePath[] {
  const strips = new Map(layout.strips.map((s) => [s.key, s]));
  const memberBox = new Map(
    layout.lanes.flatMap((l) => l.members.map((m) => [m.memberId, { m, l }] as const)),
  );
  const list: EdgePath[] = [];
  for (const e of model.edges) {
    const s = strips.get(e.stripKey);
    const target = memberBox.get(e.memberId);
    if (!s || !target) continue;
    const x1 = s.x + s.w;
    const y1 = s.y + s.h / 2;
    const x2 = target.m.x;
    const y2 = target.m.y + target.m.h / 2;
    const mx = (x1 + x2) / 2;
    // Vertical layout: out into the gutter right of the strips, down, and back to the lane's
    // edge (aligned with the strips' right ends) at the member's row.
    const gx = x1 + VERTICAL_GUTTER - 4;
    const xEnd = target.l.x + target.l.w;
    list.push({
      key: e.key,
      owner: e.memberId,
      d: layout.isVertical
        ? `M${x1},${y1} C${gx},${y1} ${gx},${y2} ${xEnd},${y2}`
        : `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`,
      color: target.l.color,
      dashed: e.isClaimOnly,
    });
  }
  return list;
}

export function createEdgesLayer(parent: G): FlowLayer {
  const root = parent.append('g').attr('class', 'edges');
  const signatures = createSignatures();

  function update(model: FlowModel, layout: FlowLayout): void {
    const list = edgePaths(model, layout);
    if (!signatures.changed(root.node(), list.map((e) => e.key + e.d).join('|'))) return;
    const paths = keyed<EdgePath, SVGPathElement>(root, 'path', 'edge', list, (e) => e.key);
    const moved = paths.filter(function (e) {
      const previous = this.getAttribute('data-owner');
      return previous !== null && previous !== e.owner;
    });
    const still = paths.filter(function (e) {
      const previous = this.getAttribute('data-owner');
      return previous === null || previous === e.owner;
    });
    still.interrupt('reassign').attr('d', (e) => e.d);
    if (model.isReducedMotion) moved.interrupt('reassign').attr('d', (e) => e.d);
    else
      moved
        .transition('reassign')
        .duration(700)
        .attr('d', (e) => e.d);
    paths
      .attr('data-owner', (e) => e.owner)
      .attr('fill', 'none')
      .attr('stroke', (e) => e.color)
      .attr('stroke-width', layout.isDense ? 1 : 1.6)
      .attr('stroke-opacity', (e) => (e.dashed ? 0.5 : 0.7))
      .attr('stroke-dasharray', (e) => (e.dashed ? '5 4' : null));
  }

  return { update, destroy: () => root.remove() };
}
