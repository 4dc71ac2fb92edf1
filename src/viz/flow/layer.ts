// The contract every layer of the flow diagram keeps: made once on its own <g>, then
// `update(model, layout)` per frame, drawing only what changed, and `destroy()`.

import type { FlowLayout } from '../flowDiagramLayout';
import type { FlowModel, FlowPick } from '../flowModel';

export interface FlowLayer {
  update(model: FlowModel, layout: FlowLayout): void;
  destroy(): void;
}

export interface LayerContext {
  onSelect(pick: FlowPick): void;
  /**
   * True in a dense, live frame between two refresh frames: throttled labels keep what they
   * show (they refresh together twice a second; see createFlowDiagram).
   */
  isHeld(): boolean;
}

export const FONT = 12;
