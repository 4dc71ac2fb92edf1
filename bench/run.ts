// `npm run bench`: prints `bench <name>: <value> <unit>` per figure and checks budgets
// (as ceilings or floors with headroom). Exit code 1 when a budget is missed.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LARGE } from '../test/support/largeScenario';
import { browserFigures } from './browser.bench';
import { type Figure, runEngineBenchmarks } from './engine.bench';
import { runQueueBenchmarks } from './queue.bench';
import { largeSessionFigures, seekP95Ms } from './seek.bench';

const BUDGETS: Record<string, (v: number | string) => boolean> = {
  'engine-msgs-per-sec': (v) => Number(v) >= 1_000_000,
  // 64 partitions (3 groups of 16) keep ≥ 0.75× the 12-partition throughput for the same work.
  'engine-64p-ratio': (v) => Number(v) >= 0.75,
  'engine-deterministic': (v) => v === 'yes',
  'engine-rf3-vs-single': (v) => Number(v) >= 0.5,
  // Issue 12: every queue type ≥ 1,000,000 deliveries per second headless (per CPU second, so a
  // busy machine does not flatter it); the ratio to the stream engine is printed beside them.
  'engine-queue-deliveries-per-sec': (v) => Number(v) >= 1_000_000,
  'engine-queue-fifo-deliveries-per-sec': (v) => Number(v) >= 1_000_000,
  'engine-queue-rabbitmq-deliveries-per-sec': (v) => Number(v) >= 1_000_000,
  'engine-heap-growth': (v) => Number(v) <= 1.5,
  'frame-ms-p95-default': (v) => Number(v) <= 16.7 * 1.1,
  'frame-ms-p95-large': (v) => Number(v) <= 16.8,
  // At most 1% of frames miss a vsync in the large view; none in the default view.
  'frame-missed-pct-large': (v) => Number(v) <= 1,
  'frame-missed-pct-default': (v) => Number(v) === 0,
  // Issue 12: the same budgets with 5,000 messages in flight in one queue view.
  'frame-ms-p95-queue': (v) => Number(v) <= 16.8,
  'frame-missed-pct-queue': (v) => Number(v) <= 1,
  // What the page loads before its first frame; lazily loaded chunks (lessons, side tabs, menus,
  // dialogs, latency charts, the queue engine: src/ui/lazyPanels.tsx) are not in it.
  'bundle-js-gzip-kb': (v) => Number(v) <= 200,
  'seek-ms-p95': (v) => Number(v) <= 100,
  // A checkpoint lands inside one animation frame; a 10-minute large session stays modest.
  'checkpoint-ms-large': (v) => Number(v) <= 16,
  'session-heap-10min-large-mb': (v) => Number(v) <= 400,
};

const gzipKb = (paths: Iterable<string>): number => {
  let total = 0;
  for (const path of paths) total += gzipSync(readFileSync(path)).length;
  return Math.round((total / 1024) * 10) / 10;
};

/** Every .js file under `dir`, each gzipped on its own as it is served. */
function allScripts(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/**
 * The scripts the page loads before it can run: the entry module of index.html and every
 * chunk it imports statically, transitively. `import("…")` chunks load on first use.
 */
function initialScripts(distDir: string): string[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script type="module"[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const code = readFileSync(path, 'utf8');
    // Static imports and re-exports only: `from"./x.js"` / `import"./x.js"`, never `import("./x.js")`.
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js)["']/g))
      visit(join(dirname(path), m[1]));
  };
  for (const src of entries) visit(join(distDir, src));
  return [...seen];
}
function print(f: Figure): void {
  const check = BUDGETS[f.name];
  const verdict = check ? (check(f.value) ? '' : '  (over budget)') : '';
  console.log(`bench ${f.name}: ${f.value}${f.unit ? ` ${f.unit}` : ''}${verdict}`);
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const figures: Figure[] = [];
  const add = (f: Figure) => {
    figures.push(f);
    print(f);
  };
  if (!only || only === 'engine') for (const f of runEngineBenchmarks()) add(f);
  // Queues (issue 12): SQS and RabbitMQ beside the stream engine, one process each, interleaved.
  if (!only || only === 'engine' || only === 'queue') for (const f of await runQueueBenchmarks()) add(f);
  if (!only || only === 'seek') {
    const seek = seekP95Ms();
    add({ name: 'seek-ms-p95', value: Math.round(seek.p95 * 10) / 10, unit: 'ms' });
    add({ name: 'seek-setup-10min-ms', value: Math.round(seek.buildMs), unit: 'ms' });
    const large = largeSessionFigures(LARGE);
    add({ name: 'session-heap-10min-large-mb', value: Math.round(large.heapMb), unit: 'MB' });
    add({ name: 'checkpoint-ms-large', value: Math.round(large.checkpointMs * 10) / 10, unit: 'ms' });
  }
  if (!only || only === 'browser' || only === 'bundle') {
    const initial = initialScripts('dist');
    add({
      name: 'bundle-js-gzip-kb',
      value: gzipKb(initial),
      unit: `KB (initial load: ${initial.length} chunks)`,
    });
    const all = allScripts('dist/assets');
    add({
      name: 'bundle-js-gzip-kb-total',
      value: gzipKb(all),
      unit: `KB (all ${all.length} chunks, lazy ones included)`,
    });
  }
  if (!only || only === 'browser') for (const f of await browserFigures()) add(f);
  const missed = figures.filter((f) => BUDGETS[f.name] && !BUDGETS[f.name](f.value));
  if (missed.length > 0) {
    console.log(`bench budgets missed: ${missed.map((f) => f.name).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
