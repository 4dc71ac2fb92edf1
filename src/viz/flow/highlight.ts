// What a lesson step points at: an outline around each highlighted partition strip, member,
// group lane or named part, drawn over the diagram without hiding it (stroke only, no fill).
// The boxes are computed purely from the model and layout (`highlightBoxes`), then drawn.

import type { G } from '../d3put';
import { keyed, put } from '../d3put';
import type { Box, FlowLayout } from '../flowDiagramLayout';
import type { FlowModel } from '../flowModel';
import { THEME } from '../palette';
import type { FlowLayer } from './layer';

export interface HighlightBox extends Box {
  key: string;
}

/** Parts of the diagram a lesson can name that have one place on screen. */
function partBoxes(part: string, model: FlowModel, layout: FlowLayout): HighlightBox[] {
  const groups = model.highlight?.groups ?? [];
  const lanes = groups.length > 0 ? layout.lanes.filter((l) => groups.includes(l.groupId)) : layout.lanes;
  switch (part) {
    case 'producer':
    case 'throughput':
      return layout.producers.length > 0
        ? layout.producers.map((p) => ({ key: `producer/${p.producerId}`, ...pick(p) }))
        : [{ key: 'producer', ...pick(layout.producer) }];
    case 'sink':
    case 'latency':
      return lanes.map((l) => ({ key: `sink/${l.groupId}`, ...pick(l.sink) }));
    case 'dlq':
    case 'retry':
      return model.deadLetters.hasDlq ? [{ key: 'dlq', ...pick(layout.dlq) }] : [];
    case 'partitions':
    case 'log':
    case 'offsets':
    case 'lag':
    case 'retention':
    case 'key-inspector':
      return (model.highlight?.partitions.length ?? 0) > 0
        ? []
        : layout.strips.map((s) => ({ key: `partition/${s.key}`, ...pick(s) }));
    case 'members':
    case 'rebalance':
    case 'commits':
      return (model.highlight?.members.length ?? 0) > 0 || groups.length > 0
        ? []
        : layout.lanes.map((l) => ({ key: `group/${l.groupId}`, ...pick(l) }));
    default:
      // `timeline` lives outside the diagram.
      return [];
  }
}

const pick = (b: Box): Box => ({ x: b.x, y: b.y, w: b.w, h: b.h });

/** The outlines to draw, keyed by what they light; none without a highlight. */
export function highlightBoxes(model: FlowModel, layout: FlowLayout): HighlightBox[] {
  const h = model.highlight;
  if (!h) return [];
  const boxes: HighlightBox[] = [];
  for (const s of layout.strips)
    if (h.partitions.includes(s.partition)) boxes.push({ key: `partition/${s.key}`, ...pick(s) });
  for (const l of layout.lanes) {
    if (h.groups.includes(l.groupId)) boxes.push({ key: `group/${l.groupId}`, ...pick(l) });
    for (const m of l.members)
      if (h.members.includes(m.memberId)) boxes.push({ key: `member/${m.memberId}`, ...pick(m) });
  }
  for (const part of h.parts) boxes.push(...partBoxes(part, model, layout));
  const seen = new Set<string>();
  return boxes.filter((b) => !seen.has(b.key) && seen.add(b.key));
}

const PAD = 3;

export function createHighlightLayer(parent: G): FlowLayer {
  const layer = parent.append('g').attr('class', 'highlights').attr('pointer-events', 'none');
  return {
    update(model, layout) {
      const rects = keyed<HighlightBox, SVGRectElement>(
        layer,
        'rect',
        'highlight',
        highlightBoxes(model, layout),
        (b) => b.key,
      );
      put(rects, {
        x: (b) => b.x - PAD,
        y: (b) => b.y - PAD,
        width: (b) => b.w + 2 * PAD,
        height: (b) => b.h + 2 * PAD,
        rx: 6,
        fill: 'none',
        stroke: THEME.warn,
        'stroke-width': 3,
        'stroke-dasharray': '8 4',
      });
    },
    destroy() {
      layer.remove();
    },
  };
}
