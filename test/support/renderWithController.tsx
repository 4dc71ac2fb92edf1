// Renders UI under a real controller (engine, store, session) in jsdom, for component tests of
// the side panels: `renderWithController(ui, (c) => c.load(preset, …))`, and
// `afterEach(unmountRendered)` to tear down the root and the controller.

import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ControllerProvider } from '../../src/store/ControllerContext';
import { type Controller, createController } from '../../src/store/controller';
import { createAppStore } from '../../src/store/store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let controller: Controller | null = null;

/** A controller with a frame scheduler that never fires: the test moves time itself. */
export function renderWithController(
  ui: ReactNode,
  setup: (c: Controller) => void,
): { host: HTMLElement; c: Controller } {
  const c = createController(createAppStore(), { raf: () => 1, cancelRaf: () => {}, now: () => 0 });
  controller = c;
  setup(c);
  const host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  act(() => root?.render(<ControllerProvider controller={c}>{ui}</ControllerProvider>));
  return { host, c };
}

export function unmountRendered(): void {
  act(() => root?.unmount());
  root = null;
  controller?.dispose();
  controller = null;
  document.body.innerHTML = '';
}
