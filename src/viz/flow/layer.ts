// The contract every layer of the flow diagram keeps: made once on its own <g>, then
// `update(model, layout)` per frame, drawing only what changed, and `destroy()`.

import type { Activation } from '../d3put';
import type { FlowLayout } from '../flowDiagramLayout';
import type { FlowModel, FlowPick, FlowTarget } from '../flowModel';

export interface FlowLayer {
  update(model: FlowModel, layout: FlowLayout): void;
  destroy(): void;
}

export interface LayerContext {
  onSelect(pick: FlowPick): void;
  /** What a diagram element does when clicked or opened from the keyboard. */
  activation: Activation<FlowTarget>;
  /**
   * True in a dense, live frame between two refresh frames: throttled labels keep what they
   * show (they refresh together twice a second; see createFlowDiagram).
   */
  isHeld(): boolean;
}

export const FONT = 12;
