// Per-frame main-thread cost of the diagram, A/B: `node --import tsx bench/frameProfile.ts
// dist-a dist-b [rounds]` serves each build, plays each view in headless Chromium and reads
// CDP Performance.getMetrics over a fixed number of animation frames: script, layout, style
// recalculation, the rest of the main thread's tasks (paint, compositing), and the main
// thread's and the renderer's CPU time. Builds and views run interleaved, round after round,
// so a machine shared with other work loads each alike; medians are printed. Wall-clock frame
// intervals say little on a loaded machine; CPU per frame says what the page costs.

import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import type { Scenario } from '../src/engine';
import { LARGE_QUEUE } from '../test/support/largeQueueScenario';
import { LARGE } from '../test/support/largeScenario';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export function serve(dir: string): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    let file = join(dir, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}/`, close: () => server.close() });
    }),
  );
}

/**
 * A page playing `view` 15 s in, at speed 1: frames pinned to 1/60 s unless `isRealTime`, with
 * `css` added. A queue scenario's `load` returns a promise until the queue engine's chunk is in.
 */
export async function openView(
  browser: Browser,
  url: string,
  view: (typeof VIEWS)[number],
  { css = null, isRealTime = false }: { css?: string | null; isRealTime?: boolean } = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: view.width, height: view.height } });
  if (!isRealTime) await pinFrames(page);
  await page.goto(url);
  if (css) await page.addStyleTag({ content: css });
  await page.waitForFunction(() => window.queuescope !== undefined);
  await page.evaluate(
    (s) =>
      Promise.resolve(window.queuescope!.load(s as never, { seed: 1 })).then(() => {
        window.queuescope!.step(15_000);
        window.queuescope!.setSpeed(1);
        window.queuescope!.play();
      }),
    view.scenario,
  );
  return page;
}

export const VIEWS: { name: string; scenario: Scenario | string; width: number; height: number }[] = [
  { name: 'default', scenario: 'default', width: 1280, height: 800 },
  { name: 'large', scenario: LARGE, width: 1920, height: 1080 },
  { name: 'queue', scenario: LARGE_QUEUE, width: 1920, height: 1080 },
];

/**
 * Every animation frame is 1/60 s for the page (rAF timestamps, and performance.now inside
 * animation frame callbacks), however long it really took: on a loaded machine each frame
 * then still simulates and draws the same amount, and builds compare by the work of a frame,
 * not by how late frames came. Outside frames (idle callbacks timing a checkpoint) the clock
 * is real.
 */
export async function pinFrames(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    const realNow = performance.now.bind(performance);
    let t = realNow();
    let inFrame = false;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => raf(() => {
      inFrame = true;
      try { cb(t); } finally { inFrame = false; }
    });
    performance.now = () => (inFrame ? t : realNow());
    const tick = () => { t += 1000 / 60; raf(tick); };
    raf(tick);
  })()`);
}

const KEYS = [
  'ScriptDuration',
  'LayoutDuration',
  'RecalcStyleDuration',
  'TaskDuration',
  'ThreadTime',
  'ProcessTime',
];

async function profile(
  browser: Browser,
  url: string,
  view: (typeof VIEWS)[number],
  frames: number,
  css: string | null,
) {
  // An experiment without a build: `dist+css` runs dist with the style sheet in QS_CSS added.
  const page = await openView(browser, url, view, { css });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(KEYS.map((k) => [k, metrics.find((m) => m.name === k)?.value ?? 0]));
  };
  await page.waitForTimeout(700);
  const count = `new Promise((resolve) => { let n = 0; const t0 = Date.now();
    function tick() { if (++n < ${frames}) requestAnimationFrame(tick); else resolve(Date.now() - t0); }
    requestAnimationFrame(tick); })`;
  const before = await read();
  const wallMs = (await page.evaluate(count)) as number;
  const after = await read();
  await page.close();
  const per = (k: string) => ((after[k] - before[k]) * 1000) / frames;
  return {
    script: per('ScriptDuration'),
    layout: per('LayoutDuration'),
    style: per('RecalcStyleDuration'),
    other: per('TaskDuration') - per('ScriptDuration') - per('LayoutDuration') - per('RecalcStyleDuration'),
    task: per('TaskDuration'),
    mainCpu: per('ThreadTime'),
    rendererCpu: per('ProcessTime'),
    frameMs: wallMs / frames,
  };
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
  const rounds = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3);
  const only = process.env.QS_VIEWS?.split(',');
  const views = VIEWS.filter((v) => !only || only.includes(v.name));
  const servers = await Promise.all(dirs.map((d) => serve(d.replace(/\+css$/, ''))));
  const browser = await chromium.launch(chromiumLaunchOptions());
  const results = new Map<string, Record<string, number>[]>();
  try {
    for (let r = 0; r < rounds; r++)
      for (const view of views)
        for (let i = 0; i < dirs.length; i++) {
          const css = dirs[i].endsWith('+css') ? (process.env.QS_CSS ?? '') : null;
          const m = await profile(browser, servers[i].url, view, 180, css);
          const key = `${view.name}\t${dirs[i]}`;
          results.set(key, [...(results.get(key) ?? []), m]);
          console.error(`round ${r + 1} ${key} ${fmt(m)}`);
        }
  } finally {
    await browser.close();
    for (const s of servers) s.close();
  }
  console.log('median per frame (ms):');
  for (const [key, list] of results) {
    const med: Record<string, number> = {};
    for (const k of Object.keys(list[0])) {
      const sorted = list.map((m) => m[k]).sort((a, b) => a - b);
      med[k] = sorted[Math.floor(sorted.length / 2)];
    }
    console.log(`${key}\t${fmt(med)}`);
  }
}

const fmt = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join('  ');

if (process.argv[1]?.endsWith('frameProfile.ts'))
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });

/** One Chromium trace event (the fields the frame tools read). */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: {
    data?: {
      functionName?: string;
      url?: string;
      startTime?: number;
      cpuProfile?: { nodes?: TraceProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
  id?: string;
}

export interface TraceProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/**
 * Runs `run` under a Chromium timeline trace (plus `extraCategories`) and returns every event,
 * with the renderer main thread's `pid:tid` (the thread that ran the most 'FunctionCall' time)
 * and its complete ('X') events.
 */
export async function traceTimeline(
  page: Page,
  run: () => Promise<unknown>,
  extraCategories = '',
): Promise<{ events: TraceEvent[]; main: string; mainEvents: TraceEvent[] }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as never[])));
  await cdp.send('Tracing.start', {
    categories: `devtools.timeline,disabled-by-default-devtools.timeline${extraCategories}`,
    transferMode: 'ReportEvents',
  });
  await run();
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.end');
  await done;
  const byThread = new Map<string, number>();
  for (const e of events)
    if (e.name === 'FunctionCall' && e.dur)
      byThread.set(`${e.pid}:${e.tid}`, (byThread.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
  const main = [...byThread].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const mainEvents = events.filter(
    (e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined,
  );
  return { events, main, mainEvents };
}

/** Lets the page run `frames` animation frames. */
export function playFrames(page: Page, frames: number): Promise<unknown> {
  return page.evaluate(`new Promise((resolve) => { let n = 0;
    function tick() { if (++n < ${frames}) requestAnimationFrame(tick); else resolve(0); }
    requestAnimationFrame(tick); })`);
}
