// The parts of the page the first frame of a scenario does not draw: the side tabs other than
// Outcomes, the import/export dialog, the diagram's menus and the latency charts. Each is a
// separate chunk, loaded the first time it shows (and fetched ahead once the page is idle), so
// the page draws its diagram sooner. While a chunk loads its place says so in one short line.

import { lazy, type ReactNode, Suspense } from 'react';
import { loadQueueRuntime } from '../engine/queueRuntimeSlot';
import { loadQueuesLayer } from '../viz/flow/queuesSlot';

const loaders = {
  lag: () => import('./LagTab'),
  controls: () => import('./ControlsPanel'),
  dlq: () => import('./DlqTab'),
  statechart: () => import('./StatechartTab'),
  inspector: () => import('./InspectorTab'),
  importExport: () => import('./ImportExport'),
  shortcuts: () => import('./ShortcutsDialog'),
  menu: () => import('./DiagramMenu'),
  latency: () => import('./LatencyOutcomes'),
  comparison: () => import('./BrokerComparison'),
};

/**
 * "Loading the Lag tab…": a polite status, so a screen reader hears it once, briefly. Parts
 * that float over the page (a dialog, a menu) say it off-screen, so the layout does not move.
 */
export function Loading({ what, isVisuallyHidden = false }: { what: string; isVisuallyHidden?: boolean }) {
  return (
    <p className={isVisuallyHidden ? 'qs-visually-hidden' : 'qs-loading qs-muted'} role="status">
      Loading {what}…
    </p>
  );
}

/** `children` once its chunk is in; until then the loading line. */
export function Lazy({
  what,
  isVisuallyHidden,
  children,
}: {
  what: string;
  isVisuallyHidden?: boolean;
  children: ReactNode;
}) {
  return (
    <Suspense fallback={<Loading what={what} isVisuallyHidden={isVisuallyHidden} />}>{children}</Suspense>
  );
}

export const LagTab = lazy(() => loaders.lag().then((m) => ({ default: m.LagTab })));
export const ControlsPanel = lazy(() => loaders.controls().then((m) => ({ default: m.ControlsPanel })));
export const DlqTab = lazy(() => loaders.dlq().then((m) => ({ default: m.DlqTab })));
export const StatechartTab = lazy(() => loaders.statechart().then((m) => ({ default: m.StatechartTab })));
export const InspectorTab = lazy(() => loaders.inspector().then((m) => ({ default: m.InspectorTab })));
export const ImportExportDialog = lazy(() =>
  loaders.importExport().then((m) => ({ default: m.ImportExportDialog })),
);
export const ShortcutsDialog = lazy(() => loaders.shortcuts().then((m) => ({ default: m.ShortcutsDialog })));
export const DiagramMenu = lazy(() => loaders.menu().then((m) => ({ default: m.DiagramMenu })));
export const BudgetOutcomes = lazy(() => loaders.latency().then((m) => ({ default: m.BudgetOutcomes })));
export const StageLatencySection = lazy(() =>
  loaders.latency().then((m) => ({ default: m.StageLatencySection })),
);

/** Loads a dropped scenario file through the import module (its own chunk). */
export async function importDroppedScenario(
  ...args: Parameters<typeof import('./ImportExport').importScenarioText>
) {
  const { importScenarioText } = await loaders.importExport();
  return importScenarioText(...args);
}

/**
 * Fetches every lazy chunk once the page is idle after its first frame, so a tab or a menu
 * opened later shows at once, and a scenario with queues starts without waiting. One chunk per
 * idle period, each after the last is in: evaluating them all at once, while a scenario plays,
 * costs a frame. A failed prefetch costs nothing: the part imports again when it shows.
 */
export function prefetchLazyPanels(): void {
  const queue = [...Object.values(loaders), loadQueueRuntime, loadQueuesLayer];
  const whenIdle = (run: () => void) => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2000 });
    else setTimeout(run, 200);
  };
  const next = () => {
    const load = queue.shift();
    if (load)
      load().then(
        () => whenIdle(next),
        () => whenIdle(next),
      );
  };
  whenIdle(next);
}

export const BrokerComparison = lazy(() =>
  loaders.comparison().then((m) => ({ default: m.BrokerComparison })),
);
