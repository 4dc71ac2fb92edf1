// The flow diagram: producer → partition logs → consumer groups → sinks, drawn with D3
// under a React-owned <svg>. A frame becomes a view model (flowModel.ts, pure), the view
// model and the size become positions (flowDiagramLayout.ts, pure), and one layer per
// concern draws them (flow/*.ts), each `update(model, layout)` keyed by entity id. Every
// position derives from the frame's simulated time, so pause freezes dots, speed scales
// them and seeking is exact. Queue and broker layers slot in beside the others.

import { select } from 'd3-selection';
import 'd3-transition';
import { put } from './d3put';
import { createDlqLayer, createProducersLayer, createRetryTopicsLayer } from './flow/boxes';
import { createBrokersLayer } from './flow/brokers';
import { createDotsLayer } from './flow/dots';
import { createEdgesLayer } from './flow/edges';
import { createLanesLayer } from './flow/lanes';
import type { FlowLayer, LayerContext } from './flow/layer';
import { createLegendLayer } from './flow/legend';
import { createStripsLayer } from './flow/strips';
import { type FlowLayout, layoutFitted } from './flowDiagramLayout';
import { buildFlowModel, type FlowFrame, type FlowModel, type FlowOptions, type FlowPick } from './flowModel';

export type { FlowFrame, FlowOptions, FlowPick } from './flowModel';

export interface FlowCallbacks {
  onSelect(selection: FlowPick): void;
}

/** Dense view while playing: labels and bands refresh together, twice a second. */
const DENSE_REFRESH_MS = 500;

/**
 * `overlayEl`, when given, is a second <svg> stacked on top for the moving dots: the
 * browser then repaints only that layer each frame, not the whole diagram. `wallNow` is the
 * wall clock the dense view's label refresh is paced by (replaceable in tests).
 */
export function createFlowDiagram(
  svgEl: SVGSVGElement,
  callbacks: FlowCallbacks,
  overlayEl?: SVGSVGElement,
  wallNow: () => number = () => performance.now(),
) {
  const svg = select(svgEl);
  svg.attr('data-diagram', 'flow');
  const root = svg.append('g').attr('class', 'flow');
  const overlay = overlayEl ? select(overlayEl) : null;
  let isHeld = false;
  const ctx: LayerContext = { onSelect: (pick) => callbacks.onSelect(pick), isHeld: () => isHeld };
  // Paint order: edges under strips, boxes and lanes; dots on top (or on the overlay).
  const layers: FlowLayer[] = [
    createEdgesLayer(root),
    createStripsLayer(root, ctx),
    createProducersLayer(root, ctx),
    createLanesLayer(root, ctx),
    createDlqLayer(root),
    createRetryTopicsLayer(root),
    createDotsLayer(overlay ? (overlay.append('g') as never) : root),
    createLegendLayer(root),
    createBrokersLayer(root),
  ];
  let lastDenseRefreshWallMs = Number.NEGATIVE_INFINITY;

  function update(frame: FlowFrame, options: FlowOptions): { model: FlowModel; layout: FlowLayout } {
    const model = buildFlowModel(frame, options);
    const layout = layoutFitted(model, options.width, options.height);
    // One refresh frame every 500 ms does all the dense redraws at once: one busy frame
    // twice a second instead of a little extra work in every frame.
    const wallMs = wallNow();
    const isRefresh = !model.isLive || wallMs - lastDenseRefreshWallMs >= DENSE_REFRESH_MS;
    if (isRefresh) lastDenseRefreshWallMs = wallMs;
    isHeld = layout.isDense && model.isLive && !isRefresh;
    put(svg as never, { viewBox: `0 0 ${layout.width} ${layout.height}` });
    if (overlay) put(overlay as never, { viewBox: `0 0 ${layout.width} ${layout.height}` });
    for (const layer of layers) layer.update(model, layout);
    return { model, layout };
  }

  return {
    update,
    destroy(): void {
      for (const layer of layers) layer.destroy();
      root.remove();
    },
  };
}
