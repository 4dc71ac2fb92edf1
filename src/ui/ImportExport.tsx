// Import a scenario (file picker, drag-and-drop, paste) and export the run (scenario JSON,
// diagram as SVG or PNG, metrics as CSV, the event trace as JSON). An invalid import shows
// a message naming the field and the problem; the current view stays. The output of
// kafka-consumer-groups.sh / kafka-topics.sh --describe, pasted or from a file, becomes a scenario
// through the engine's importKafkaCli; a malformed line is named by line and column.

import { useEffect, useRef, useState } from 'react';
import { importKafkaCli, KafkaCliImportError } from '../engine/kafka/cliImport';
import { useController } from '../store/ControllerContext';
import type { Controller } from '../store/controller';
import type { Frame } from '../store/frame';
import { GROUP_COLOR_COUNT } from '../viz/palette';

export function importScenarioText(controller: Controller, text: string, source: string): boolean {
  const { store } = controller;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    store.setState({
      error: `${source} is not valid JSON: ${(error as Error).message}. The current scenario is kept.`,
    });
    return false;
  }
  try {
    controller.load(doc as never, { isPlaying: false });
    store.setState({ notice: `Loaded the scenario from ${source}.` });
    return true;
  } catch (error) {
    store.setState({
      error: `${source} is not a valid scenario: ${(error as Error).message}. The current scenario is kept.`,
    });
    return false;
  }
}

/**
 * Builds a scenario from pasted kafka-consumer-groups / kafka-topics output and loads it, paused.
 * On a malformed line the error names the line and column and the current scenario is kept.
 */
export function importKafkaCliText(controller: Controller, text: string, source: string): boolean {
  const { store } = controller;
  let scenario: ReturnType<typeof importKafkaCli>;
  try {
    scenario = importKafkaCli(text);
  } catch (error) {
    const where =
      error instanceof KafkaCliImportError && error.line > 0
        ? `Line ${error.line}, column ${error.column}`
        : error instanceof KafkaCliImportError
          ? `Column ${error.column}`
          : 'The text';
    const message =
      error instanceof KafkaCliImportError
        ? error.message.replace(/^line \d+, [^:]+: /, '')
        : (error as Error).message;
    store.setState({
      error: `${source} is not kafka-consumer-groups output Queuescope can read. ${where}: ${message}. The current scenario is kept.`,
    });
    return false;
  }
  try {
    controller.load(scenario, { isPlaying: false });
    store.setState({ notice: `Built a scenario from ${source}.` });
    return true;
  } catch (error) {
    store.setState({
      error: `${source} gave a scenario the engine refused: ${(error as Error).message}. The current scenario is kept.`,
    });
    return false;
  }
}

function download(name: string, type: string, data: string | Blob): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The main diagram as a standalone SVG document, with the theme's colours resolved. */
export function diagramSvgText(): string | null {
  const svg = document.querySelector<SVGSVGElement>('svg[data-diagram="flow"]');
  if (!svg) return null;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const dots = document.querySelector('svg[data-diagram="flow-dots"] g.dots');
  if (dots) clone.appendChild(dots.cloneNode(true));
  const style = getComputedStyle(document.documentElement);
  const vars = [
    '--qs-bg',
    '--qs-fg',
    '--qs-muted',
    '--qs-panel',
    '--qs-border',
    '--qs-cell',
    '--qs-cell-filled',
    '--qs-danger',
    '--qs-warn',
    '--qs-ok',
    '--qs-producer',
    '--qs-font',
    '--qs-mono',
    ...Array.from({ length: GROUP_COLOR_COUNT }, (_, i) => `--qs-group-${i}`),
  ]
    .map((v) => `${v}: ${style.getPropertyValue(v)};`)
    .join(' ');
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute(
    'style',
    `${vars} background: ${style.getPropertyValue('--qs-bg')}; font-family: ${style.getPropertyValue('--qs-font')}`,
  );
  const rect = svg.getBoundingClientRect();
  clone.setAttribute('width', String(Math.round(rect.width)));
  clone.setAttribute('height', String(Math.round(rect.height)));
  return new XMLSerializer().serializeToString(clone);
}

function exportPng(): void {
  const text = diagramSvgText();
  if (!text) return;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = img.width * 2;
    canvas.height = img.height * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    URL.revokeObjectURL(url);
    canvas.toBlob((blob) => blob && download('queuescope-diagram.png', 'image/png', blob));
  };
  img.src = url;
}

export function metricsCsv(frame: Frame | null): string {
  if (!frame) return '';
  const rows = ['time_ms,group,lag,lag_ms,consumed_per_sec,p99_ms'];
  for (const [groupId, samples] of Object.entries(frame.lagHistory)) {
    for (const s of samples)
      rows.push(
        [s.atMs, groupId, s.lag, Math.round(s.lagMs), s.consumedPerSec.toFixed(2), s.p99Ms.toFixed(1)].join(
          ',',
        ),
      );
  }
  const g = frame.metrics.groups;
  rows.push('');
  rows.push('group,delivered,applied,duplicates,lost,dead_lettered,in_flight,not_yet_consumed,rebalances');
  for (const m of Object.values(g))
    rows.push(
      [
        m.groupId,
        m.delivered,
        m.applied,
        m.duplicates,
        m.lost,
        m.deadLettered,
        m.inFlight,
        m.notYetConsumed,
        m.rebalances,
      ].join(','),
    );
  return rows.join('\n');
}

export function ImportExportDialog({ mode, onClose }: { mode: 'import' | 'export' | null; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [cliText, setCliText] = useState('');
  // A modal dialog makes the page behind it inert, so the import error is shown here as well.
  const [cliError, setCliError] = useState<string | null>(null);
  const runCliImport = (text: string, source: string) => {
    if (importKafkaCliText(controller, text, source)) {
      setCliError(null);
      onClose();
    } else setCliError(controller.store.getState().error ?? null);
  };
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (mode && !dialog.open) dialog.showModal?.();
    if (!mode && dialog.open) dialog.close();
  }, [mode]);
  const controller = useController();
  const current = () => controller.store.getState();
  return (
    <dialog ref={ref} className="qs-dialog" aria-labelledby="qs-io-title" onClose={onClose}>
      {mode === 'import' && (
        <>
          <h2 id="qs-io-title">Import a scenario</h2>
          <p>Choose a JSON file, drop one anywhere on the page, or paste it below.</p>
          <input
            ref={fileRef}
            type="file"
            accept="application/json,.json"
            aria-label="Scenario file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file && importScenarioText(controller, await file.text(), file.name)) onClose();
            }}
          />
          <label className="qs-block">
            Paste scenario JSON
            <textarea rows={10} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          </label>
          <div className="qs-row">
            <button
              type="button"
              disabled={text.trim() === ''}
              onClick={() => importScenarioText(controller, text, 'the pasted text') && onClose()}
            >
              Load pasted scenario
            </button>
          </div>
          <h3>Bring your own group</h3>
          <p>
            The output of <code>kafka-consumer-groups.sh --describe</code> (one group or{' '}
            <code>--all-groups</code>, with or without <code>--members --verbose</code> and{' '}
            <code>--state</code>) and of <code>kafka-topics.sh --describe</code>. Two snapshots separated by{' '}
            <code># after 30s</code> give rates.
          </p>
          <input
            type="file"
            accept="text/plain,.txt,.log,.out"
            aria-label="kafka-consumer-groups output file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) runCliImport(await file.text(), file.name);
            }}
          />
          <label className="qs-block">
            Paste kafka-consumer-groups output
            <textarea
              rows={8}
              value={cliText}
              onChange={(e) => setCliText(e.target.value)}
              spellCheck={false}
              className="qs-mono"
            />
          </label>
          {cliError && (
            <p role="alert" className="qs-alert">
              {cliError}
            </p>
          )}
          <div className="qs-row">
            <button
              type="button"
              disabled={cliText.trim() === ''}
              onClick={() => runCliImport(cliText, 'The pasted output')}
            >
              Build scenario from output
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </>
      )}
      {mode === 'export' && (
        <>
          <h2 id="qs-io-title">Export</h2>
          <div className="qs-column">
            <button
              type="button"
              onClick={() =>
                download(`${current().scenarioId}.json`, 'application/json', current().scenarioJson)
              }
            >
              Download scenario JSON
            </button>
            <button
              type="button"
              onClick={() => {
                const t = diagramSvgText();
                if (t) download('queuescope-diagram.svg', 'image/svg+xml', t);
              }}
            >
              Download diagram SVG
            </button>
            <button type="button" onClick={exportPng}>
              Download diagram PNG
            </button>
            <button
              type="button"
              onClick={() => download('queuescope-metrics.csv', 'text/csv', metricsCsv(current().frame))}
            >
              Download metrics CSV
            </button>
            <button
              type="button"
              onClick={() =>
                download('queuescope-events.json', 'application/json', JSON.stringify(controller.trace()))
              }
            >
              Download event trace JSON
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
