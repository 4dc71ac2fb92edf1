// The flow diagram: producer → partition logs → consumer groups → sinks, drawn with D3
// under a React-owned <svg>. A frame becomes a view model (flowModel.ts, pure), the view
// model and the size become positions (flowDiagramLayout.ts, pure), and one layer per
// concern draws them (flow/*.ts), each `update(model, layout)` keyed by entity id. Every
// position derives from the frame's simulated time, so pause freezes dots, speed scales
// them and seeking is exact. Queue and broker layers slot in beside the others.

import { select } from 'd3-selection';
import 'd3-transition';
import { createRovingFocus, type G, put } from './d3put';
import { createDlqLayer, createProducersLayer, createRetryTopicsLayer } from './flow/boxes';
import { createBrokersLayer } from './flow/brokers';
import { createDenseBandsLayer } from './flow/denseBands';
import { createDotsLayer } from './flow/dots';
import { createEdgesLayer } from './flow/edges';
import { createHighlightLayer } from './flow/highlight';
import { createLanesLayer } from './flow/lanes';
import type { FlowLayer, LayerContext } from './flow/layer';
import { createLegendLayer } from './flow/legend';
import { loadQueuesLayer, queuesLayerFactory } from './flow/queuesSlot';
import { createStripsLayer } from './flow/strips';
import { type FlowLayout, layoutFitted } from './flowDiagramLayout';
import {
  buildFlowModel,
  type FlowFrame,
  type FlowModel,
  type FlowOptions,
  type FlowPick,
  type FlowTarget,
} from './flowModel';

export type { FlowFrame, FlowHighlight, FlowOptions, FlowPick, FlowTarget } from './flowModel';

export interface FlowCallbacks {
  onSelect(selection: FlowPick): void;
  /**
   * Opens the actions for an element where it stands (click, Enter, the context-menu key);
   * `anchor` is the element's box on screen. The diagram only calls back: ui draws the menu.
   */
  onContextAction?(target: FlowTarget, anchor: DOMRect): void;
}

const isPick = (t: FlowTarget): t is FlowPick =>
  t.kind !== 'producer' && t.kind !== 'dlq' && t.kind !== 'exchange';

/** Dense view while playing: labels and bands refresh together, twice a second. */
const DENSE_REFRESH_MS = 500;

/**
 * `overlayEl`, when given, is a second <svg> stacked on top for the moving dots: the
 * browser then repaints only that layer each frame, not the whole diagram. `wallNow` is the
 * wall clock the dense view's label refresh is paced by (replaceable in tests).
 */
/**
 * The queue half's layer, created in its place in the paint order once its chunk is in
 * (flow/queuesSlot.ts). A frame with queues before then starts the load; `onLoaded` redraws.
 */
function createLazyQueuesLayer(parent: G, ctx: LayerContext, onLoaded: () => void): FlowLayer {
  const slot = parent.append('g').attr('class', 'queues-slot');
  let layer: FlowLayer | null = null;
  let isDestroyed = false;
  return {
    update(model, layout) {
      if (!layer) {
        const create = queuesLayerFactory();
        if (create) layer = create(slot as never, ctx);
        else if (model.queueSection) {
          loadQueuesLayer().then(
            () => {
              if (!isDestroyed) onLoaded();
            },
            () => {},
          );
          return;
        } else return;
      }
      layer.update(model, layout);
    },
    destroy() {
      isDestroyed = true;
      layer?.destroy();
      slot.remove();
    },
  };
}

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
  const menu = (target: FlowTarget, el: SVGGElement) =>
    callbacks.onContextAction?.(target, el.getBoundingClientRect());
  const ctx: LayerContext = {
    onSelect: (pick) => callbacks.onSelect(pick),
    activation: {
      onActivate(target, el) {
        if (isPick(target)) callbacks.onSelect(target);
        menu(target, el);
      },
      onMenu: menu,
    },
    isHeld: () => isHeld,
  };
  // Keyboard order follows the flow: producers, partitions, groups and members, the DLQ; then
  // the queue half: producers and exchanges, each queue and its consumers.
  const roving = createRovingFocus(svgEl, () =>
    ['producers', 'strips', 'lanes', 'dlq', 'queue-sources', 'queue-boxes'].flatMap((layer) =>
      Array.from(svgEl.querySelectorAll<SVGGElement>(`g.${layer}[data-target], g.${layer} [data-target]`)),
    ),
  );
  // Paint order: edges under strips (the dense view's bands under their SVG), boxes and
  // lanes; dots on top (or on the overlay).
  const layers: FlowLayer[] = [
    createEdgesLayer(root),
    createDenseBandsLayer(root, ctx),
    createStripsLayer(root, ctx),
    createProducersLayer(root, ctx),
    createLanesLayer(root, ctx),
    createDlqLayer(root, ctx),
    createRetryTopicsLayer(root),
    createDotsLayer(overlay ? (overlay.append('g') as never) : root),
    createLegendLayer(root),
    createHighlightLayer(root),
    createBrokersLayer(root),
    createLazyQueuesLayer(root, ctx, () => {
      if (lastFrame && lastOptions) update(lastFrame, lastOptions);
    }),
  ];
  let lastDenseRefreshWallMs = Number.NEGATIVE_INFINITY;
  /** The last frame drawn, redrawn once the queue layer's chunk is in. */
  let lastFrame: FlowFrame | null = null;
  let lastOptions: FlowOptions | null = null;

  function update(frame: FlowFrame, options: FlowOptions): { model: FlowModel; layout: FlowLayout } {
    lastFrame = frame;
    lastOptions = options;
    const model = buildFlowModel(frame, options);
    const layout = layoutFitted(model, options.width, options.height, options.isVertical);
    // One refresh frame every 500 ms does all the dense redraws at once: one busy frame
    // twice a second instead of a little extra work in every frame.
    const wallMs = wallNow();
    const isRefresh =
      !model.isLive || (wallMs - lastDenseRefreshWallMs >= DENSE_REFRESH_MS && !options.isBusyFrame);
    if (isRefresh) lastDenseRefreshWallMs = wallMs;
    isHeld = layout.isDense && model.isLive && !isRefresh;
    put(svg as never, { viewBox: `0 0 ${layout.width} ${layout.height}` });
    if (overlay) put(overlay as never, { viewBox: `0 0 ${layout.width} ${layout.height}` });
    for (const layer of layers) layer.update(model, layout);
    roving.sync();
    return { model, layout };
  }

  return {
    update,
    destroy(): void {
      for (const layer of layers) layer.destroy();
      roving.destroy();
      root.remove();
    },
  };
}
