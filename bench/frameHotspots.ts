// Where a view's frames go: a CPU profile (CDP Profiler) of `frames` animation frames of each
// view on one build, self and inclusive time per function, and a trace's main-thread event
// totals (paint, layout, style, …) per frame. Build without minifying for readable names:
// `npx vite build --minify false --outDir dist-prof`, then
// `node --import tsx bench/frameHotspots.ts dist-prof [views]`.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { openView, playFrames, serve, traceTimeline, VIEWS } from './frameProfile';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? 'dist-prof';
  distDir = dir;
  const only = process.argv[3]?.split(',');
  const frames = 180;
  const server = await serve(dir);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    for (const view of VIEWS.filter((v) => !only || only.includes(v.name))) {
      const page = await openView(browser, server.url, view, {
        css: null,
        isRealTime: Boolean(process.env.QS_REAL_TIME),
      });
      const cdp = await page.context().newCDPSession(page);
      await page.waitForTimeout(700);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      let profile: unknown = null;
      const { mainEvents } = await traceTimeline(page, async () => {
        await cdp.send('Profiler.start');
        await playFrames(page, frames);
        profile = (await cdp.send('Profiler.stop')).profile;
      });
      await page.close();
      report(view.name, profile as never, frames);
      // Trace: main-thread (the thread running most 'FunctionCall' time) totals by event name.
      const totals = new Map<string, number>();
      for (const e of mainEvents) if (e.dur) totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur);
      console.log(`  trace, main thread, ms per frame (nested events overlap):`);
      for (const [name, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 16))
        console.log(`    ${(us / 1000 / frames).toFixed(3).padStart(7)}  ${name}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

/** The source file a line of an unminified bundle comes from (its `// src/…` region comments). */
const regions = new Map<string, { line: number; file: string }[]>();
let distDir = 'dist-prof';
function sourceOf(url: string, line: number): string {
  const name = url.split('/').pop() ?? '';
  if (!name.endsWith('.js')) return `${name}:${line}`;
  let marks = regions.get(name);
  if (!marks) {
    marks = [];
    try {
      readFileSync(join(distDir, 'assets', name), 'utf8')
        .split('\n')
        .forEach((text, i) => {
          const m = /^\/\/ (src\/\S+|node_modules\/\S+)/.exec(text);
          if (m) marks?.push({ line: i + 1, file: m[1] });
        });
    } catch {
      // not a file of this build
    }
    regions.set(name, marks);
  }
  let file = name;
  for (const m of marks) if (m.line <= line) file = m.file;
  return `${file.replace(/^node_modules\/\.pnpm\/|^node_modules\//, '')}:${line}`;
}

function report(
  name: string,
  profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] },
  frames: number,
): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const label = (n: Node) =>
    `${n.callFrame.functionName || '(anon)'} ${sourceOf(n.callFrame.url, n.callFrame.lineNumber + 1)}`;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at) as Node);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + dt);
    }
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .filter(([l]) => !l.startsWith('(idle)') && !l.startsWith('(root)') && !l.startsWith('(program)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([l, ms]) => `    ${(ms / frames).toFixed(3).padStart(7)}  ${l}`)
      .join('\n');
  console.log(`== ${name}: ms per frame\n  self:\n${top(self, 25)}\n  inclusive:\n${top(total, 35)}`);
  // QS_CALLERS=removeChild,setAttribute: who calls these (three frames up), by self time.
  for (const fn of process.env.QS_CALLERS?.split(',') ?? []) {
    const callers = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      if (!node || node.callFrame.functionName !== fn) return;
      const chain: string[] = [];
      for (let at = parent.get(id); at !== undefined && chain.length < 4; at = parent.get(at)) {
        const n = byId.get(at) as Node;
        if (/^selection_|^(anon)$/.test(n.callFrame.functionName) && chain.length > 0) continue;
        chain.push(label(n));
      }
      const key = chain.join(' < ');
      callers.set(key, (callers.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
    });
    console.log(`  callers of ${fn}:\n${top(callers, 8)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
