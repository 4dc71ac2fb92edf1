// Long tasks of a view: a Chromium trace (devtools.timeline) of `frames` animation frames on
// one build, the main thread's tasks by thread time (p50, p90, p99, max) and what the
// longest ones held. `node --import tsx bench/frameTasks.ts dist [views]`.

import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import {
  openView,
  type TraceProfileNode as ProfileNode,
  playFrames,
  serve,
  type TraceEvent,
  traceTimeline,
  VIEWS,
} from './frameProfile';

/** The JS samples of the trace's CPU profile (the main thread's), as [ts, stack labels]. */
function jsSamples(events: TraceEvent[], main: string): { ts: number; stack: string[] }[] {
  const profile = events.find((e) => e.name === 'Profile' && `${e.pid}:${e.tid}` === main);
  if (!profile) return [];
  const nodes = new Map<number, ProfileNode>();
  const out: { ts: number; stack: string[] }[] = [];
  let ts = profile.args?.data?.startTime ?? 0;
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.id !== profile.id) continue;
    for (const n of e.args?.data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const samples = e.args?.data?.cpuProfile?.samples ?? [];
    const deltas = e.args?.data?.timeDeltas ?? [];
    samples.forEach((id, i) => {
      ts += deltas[i] ?? 0;
      const stack: string[] = [];
      for (let n = nodes.get(id); n; n = n.parent === undefined ? undefined : nodes.get(n.parent)) {
        const f = n.callFrame;
        stack.push(`${f.functionName || '(anon)'}:${f.lineNumber + 1}`);
      }
      out.push({ ts, stack });
    });
  }
  return out;
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? 'dist';
  const only = process.argv[3]?.split(',');
  const frames = Number(process.env.QS_FRAMES ?? 300);
  const server = await serve(dir);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    for (const view of VIEWS.filter((v) => !only || only.includes(v.name))) {
      const page = await openView(browser, server.url, view, {
        css: process.env.QS_CSS ?? null,
        isRealTime: Boolean(process.env.QS_REAL_TIME),
      });
      await page.waitForTimeout(700);
      const {
        events,
        main,
        mainEvents: mine,
      } = await traceTimeline(
        page,
        () => playFrames(page, frames),
        process.env.QS_JS ? ',disabled-by-default-v8.cpu_profiler' : '',
      );
      await page.close();
      const tasks = mine.filter((e) => e.name === 'RunTask').sort((a, b) => a.ts - b.ts);
      const cpu = tasks.map((t) => (t.tdur ?? t.dur ?? 0) / 1000).sort((a, b) => a - b);
      const q = (p: number) => cpu[Math.min(cpu.length - 1, Math.floor(cpu.length * p))]?.toFixed(1);
      const sum = cpu.reduce((a, b) => a + b, 0);
      console.log(
        `== ${view.name}: ${tasks.length} tasks, main-thread CPU ${(sum / frames).toFixed(2)} ms/frame; ` +
          `task ms p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} max ${cpu.at(-1)?.toFixed(1)}`,
      );
      // Layout per frame: the big ones are the panel refreshes (every 500 ms of wall time).
      const layouts = mine
        .filter((e) => e.name === 'Layout')
        .map((e) => ({ e, ms: (e.tdur ?? e.dur ?? 0) / 1000 }));
      const big = layouts
        .filter((l) => l.ms >= 2)
        .map((l) => l.ms)
        .sort((a, b) => a - b);
      const small = layouts.filter((l) => l.ms < 2).map((l) => l.ms);
      console.log(
        `  layout: ${big.length} ≥2 ms (median ${big[Math.floor(big.length / 2)]?.toFixed(1) ?? '–'}, max ${big.at(-1)?.toFixed(1) ?? '–'}); ` +
          `${small.length} others, mean ${(small.reduce((a, b) => a + b, 0) / Math.max(1, small.length)).toFixed(2)} ms`,
      );
      if (process.env.QS_LAYOUT)
        for (const { e, ms } of layouts.filter((l) => l.ms >= 2))
          console.log(
            `    Layout ${ms.toFixed(1)} ms ${JSON.stringify((e.args as Record<string, unknown>) ?? {}).slice(0, 400)}`,
          );
      const samples = jsSamples(events, main ?? '');
      const longest = [...tasks]
        .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
        .slice(0, Number(process.env.QS_LONGEST ?? 6));
      for (const t of longest) {
        const inside = mine.filter(
          (e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0),
        );
        const names = new Map<string, number>();
        for (const e of inside) {
          const fn = e.args?.data?.functionName;
          const key = e.name === 'FunctionCall' && fn ? `FunctionCall ${fn}` : e.name;
          names.set(key, (names.get(key) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
        }
        const parts = [...names]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 7)
          .map(([n, ms]) => `${n} ${ms.toFixed(1)}`)
          .join(', ');
        console.log(
          `  task ${((t.tdur ?? 0) / 1000).toFixed(1)} ms cpu (${((t.dur ?? 0) / 1000).toFixed(1)} wall): ${parts}`,
        );
        if (process.env.QS_AROUND) {
          // The tasks of the 40 ms before and the 20 ms after this one: ms cpu, and what led.
          const near = tasks.filter(
            (x) => x.ts >= t.ts - 40_000 && x.ts <= t.ts + 20_000 && (x.tdur ?? 0) > 300,
          );
          console.log(
            `    around: ${near
              .map((x) => {
                const top = mine
                  .filter(
                    (e) => e !== x && e.name !== 'RunTask' && e.ts >= x.ts && e.ts <= x.ts + (x.dur ?? 0),
                  )
                  .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))[0];
                return `${((x.ts - t.ts) / 1000).toFixed(0)}ms:${((x.tdur ?? 0) / 1000).toFixed(1)}(${top?.name ?? ''})`;
              })
              .join(' ')}`,
          );
        }
        if (!samples.length) continue;
        const incl = new Map<string, number>();
        const inTask = samples.filter((x) => x.ts >= t.ts && x.ts <= t.ts + (t.dur ?? 0));
        for (const x of inTask)
          for (const l of new Set(x.stack))
            if (!/^\((root|program|idle)\)/.test(l)) incl.set(l, (incl.get(l) ?? 0) + 1);
        console.log(
          `    js samples ${inTask.length}: ${[...incl]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 28)
            .map(([l, n]) => `${l} ${n}`)
            .join(', ')}`,
        );
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
