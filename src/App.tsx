// The page: toolbar on top, the flow diagram taking most of the screen, a side panel with
// tabs (numbers, lag, DLQ, statechart, inspector, controls), the timeline underneath.
// Messages go to a status line and the event log, never to toasts over the diagram.

import { useCallback, useEffect, useState } from 'react';
import { followAddressBar, linkTo } from './api/url';
import { useController, usePlayer } from './store/ControllerContext';
import { useApp } from './store/hooks';
import { isPlayingIn, isPresentationIn } from './store/player.machine';
import type { Selection } from './store/store';
import { Branches } from './ui/Branches';
import { FaultBar } from './ui/FaultBar';
import { FlowDiagram } from './ui/FlowDiagram';
import {
  ControlsPanel,
  DlqTab,
  ImportExportDialog,
  InspectorTab,
  importDroppedScenario,
  LagTab,
  Lazy,
  ShortcutsDialog,
  StatechartTab,
} from './ui/lazyPanels';
import { LessonDock, StartHere } from './ui/lessons/LessonDock';
import { OutcomesPanel } from './ui/OutcomesPanel';
import { EventLog, Timeline } from './ui/Timeline';
import { Toolbar } from './ui/Toolbar';
import { useKeyboard } from './ui/useKeyboard';

const TABS = ['Outcomes', 'Lag', 'Controls', 'DLQ', 'Statechart', 'Inspector'] as const;
type Tab = (typeof TABS)[number];

/**
 * The status line: the scenario's caption (it clears a few simulated seconds after it was
 * set, see recorder.ts) next to the latest notice (feedback on what the person just did), so
 * neither hides the other. It takes no room until there is something to say: runs with
 * captions or interventions keep it from the start, so messages coming and going do not
 * resize the diagram.
 */
function StatusLine() {
  const { store } = useController();
  const error = useApp((s) => s.error);
  const notice = useApp((s) => s.notice);
  const caption = useApp((s) => s.panelFrame?.caption ?? null);
  const hasCaptions = useApp((s) => s.hasCaptions);
  // A run with interventions reports them here; a shared link restores the interventions but
  // not the notice, so both pages reserve the line and draw the diagram at the same size.
  const hasInterventions = useApp((s) => s.interventions.length > 0);
  if (error) {
    return (
      <div className="qs-status qs-status-error" role="alert">
        {error}
        <button type="button" onClick={() => store.setState({ error: null })} aria-label="Dismiss message">
          ✕
        </button>
      </div>
    );
  }
  const isIdle = !caption && !notice && !hasCaptions && !hasInterventions;
  return (
    <div className={`qs-status${isIdle ? ' qs-status-idle' : ''}`} role="status" aria-live="polite">
      {caption && (
        <strong className="qs-caption" title={caption}>
          {caption}
        </strong>
      )}
      {notice && (
        <span className="qs-notice" title={notice}>
          {notice}
        </span>
      )}
    </div>
  );
}

function SimplificationNote() {
  // The Kafka simplifications say nothing about a scenario of SQS or RabbitMQ queues only.
  const hasKafka = useApp((s) => {
    const snap = s.panelFrame?.snapshot;
    return !snap || snap.groups.length > 0 || snap.topics.length > 0;
  });
  if (!hasKafka)
    return (
      <p className="qs-note">
        Queuescope simplifies: each broker is one node on one virtual clock, with no network or broker
        failures; SQS standard's rare duplicate receive is off unless the scenario turns it on.
      </p>
    );
  return (
    <p className="qs-note">
      Queuescope simplifies: the coordinator runs the assignor (Kafka lets the group leader), retention
      deletes single records (Kafka deletes segments), null keys use uniform sticky partitioning without
      adaptive weighting, and network latency is a fixed 2 ms.
    </p>
  );
}

export function App() {
  const controller = useController();
  const { store } = controller;
  const [tab, setTab] = useState<Tab>('Outcomes');
  const [dialog, setDialog] = useState<'import' | 'export' | null>(null);
  const [hasOpenedDialog, setHasOpenedDialog] = useState(false);
  if (dialog && !hasOpenedDialog) setHasOpenedDialog(true);
  // The shortcuts dialog, too, is mounted on first use (its chunk loads then) and kept.
  const isShortcutsOpen = useApp((s) => s.isShortcutsOpen);
  const [hasOpenedShortcuts, setHasOpenedShortcuts] = useState(false);
  if (isShortcutsOpen && !hasOpenedShortcuts) setHasOpenedShortcuts(true);
  const theme = useApp((s) => s.theme);
  const isPresentation = usePlayer(isPresentationIn);
  const isEmbed = useApp((s) => s.isEmbed);
  const isPlaying = usePlayer(isPlayingIn);
  const selection = useApp((s) => s.selection);
  const title = useApp((s) => s.scenarioTitle);
  const description = useApp((s) => s.scenarioDescription);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const onSelect = useCallback(
    (sel: Selection) => {
      controller.select(sel);
      setTab('Inspector');
    },
    [controller],
  );
  useKeyboard(controller);
  // The address bar is always the shareable link of what is on screen (replaceState only).
  useEffect(() => followAddressBar(controller), [controller]);

  useEffect(() => {
    const onDrop = async (e: DragEvent) => {
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file) await importDroppedScenario(controller, await file.text(), file.name);
    };
    const onDragOver = (e: DragEvent) => e.preventDefault();
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragover', onDragOver);
    return () => {
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragover', onDragOver);
    };
  }, [controller]);

  const copyLink = async () => {
    const link = linkTo(controller);
    try {
      await navigator.clipboard.writeText(link);
      store.setState({ notice: 'Link copied: it reproduces this view at this time.' });
    } catch {
      history.replaceState(null, '', link);
      store.setState({ notice: 'The link is in the address bar (clipboard unavailable).' });
    }
  };

  if (isEmbed) {
    return (
      <div className="qs-app qs-embed">
        <div className="qs-embed-bar">
          <button type="button" onClick={controller.togglePlay}>
            {isPlaying ? 'Pause' : 'Play'}
          </button>
          <span>{title}</span>
          <StatusLine />
        </div>
        <main className="qs-diagram">
          <FlowDiagram onSelect={onSelect} />
        </main>
      </div>
    );
  }

  return (
    <div className={`qs-app${isPresentation ? ' qs-presentation' : ''}`}>
      <Toolbar
        onCopyLink={copyLink}
        onImport={() => setDialog('import')}
        onExport={() => setDialog('export')}
      />
      <StatusLine />
      <div className="qs-main">
        <main className="qs-diagram" aria-label="Flow diagram">
          <StartHere />
          <div className="qs-scenario-title">
            <h2>{title}</h2>
            {!isPresentation && <p>{description}</p>}
          </div>
          <FaultBar />
          <FlowDiagram onSelect={onSelect} onShowDlq={() => setTab('DLQ')} />
        </main>
        <LessonDock />
        {!isPresentation && (
          <aside className="qs-side" aria-label="Panels">
            <div role="tablist" aria-label="Panels" className="qs-tabs">
              {TABS.map((t) => (
                <button
                  key={t}
                  type="button"
                  role="tab"
                  id={`qs-tab-${t}`}
                  aria-selected={tab === t}
                  aria-controls={`qs-panel-${t}`}
                  onClick={() => setTab(t)}
                >
                  {t}
                </button>
              ))}
            </div>
            <div
              role="tabpanel"
              id={`qs-panel-${tab}`}
              aria-labelledby={`qs-tab-${tab}`}
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab panel that scrolls takes focus (WAI-ARIA tabs pattern)
              tabIndex={0}
              className="qs-tabpanel"
            >
              {tab === 'Outcomes' && (
                <>
                  <Branches />
                  <OutcomesPanel />
                </>
              )}
              {tab !== 'Outcomes' && (
                <Lazy what={`the ${tab} tab`}>
                  {tab === 'Lag' && <LagTab />}
                  {tab === 'Controls' && <ControlsPanel />}
                  {tab === 'DLQ' && <DlqTab onFault={controller.tryInject} />}
                  {tab === 'Statechart' && <StatechartTab />}
                  {tab === 'Inspector' && <InspectorTab selection={selection} />}
                </Lazy>
              )}
            </div>
          </aside>
        )}
      </div>
      <Timeline />
      {!isPresentation && (
        <div className="qs-footer">
          <EventLog />
          <SimplificationNote />
        </div>
      )}
      {hasOpenedShortcuts && (
        <Lazy what="the keyboard shortcuts" isVisuallyHidden>
          <ShortcutsDialog />
        </Lazy>
      )}
      {/* Mounted on first use (its chunk loads then) and kept: the <dialog> opens and closes itself. */}
      {hasOpenedDialog && (
        <Lazy what="the import and export dialog" isVisuallyHidden>
          <ImportExportDialog mode={dialog} onClose={() => setDialog(null)} />
        </Lazy>
      )}
    </div>
  );
}
