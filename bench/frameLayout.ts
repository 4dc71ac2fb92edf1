// What one Outcomes-panel refresh costs the renderer, A/B: `node --import tsx bench/frameLayout.ts
// dist-a dist-b [rounds]`. Each build plays a view 15 s in, pauses, then steps 500 ms of virtual
// time once every third animation frame (a paused step always refreshes the panel, as a playing
// page does every 500 ms of wall time), under a Chromium trace. Per refresh: the main thread's
// Layout, style, paint and script thread time, and the largest single Layout. Builds run
// interleaved, round after round, so a machine shared with other work loads each alike.

import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { openView, serve, traceTimeline, VIEWS } from './frameProfile';

const STEPS = Number(process.env.QS_STEPS ?? 40);

async function measure(url: string, viewName: string, css: string | null) {
  const view = VIEWS.find((v) => v.name === viewName)!;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await openView(browser, url, view, { css });
    await page.waitForTimeout(700);
    await page.evaluate(() => window.queuescope!.pause());
    await page.waitForTimeout(300);
    const { mainEvents: mine } = await traceTimeline(page, () =>
      page.evaluate(`new Promise((resolve) => { let n = 0;
      function tick() { if (n % 3 === 0) window.queuescope.step(500);
        if (++n < ${STEPS * 3}) requestAnimationFrame(tick); else resolve(0); }
      requestAnimationFrame(tick); })`),
    );
    const ms = (name: string) =>
      mine.filter((e) => e.name === name).reduce((a, e) => a + (e.tdur ?? e.dur ?? 0), 0) / 1000 / STEPS;
    const layouts = mine
      .filter((e) => e.name === 'Layout')
      .map((e) => (e.tdur ?? e.dur ?? 0) / 1000)
      .sort((a, b) => a - b);
    const tasks =
      mine.filter((e) => e.name === 'RunTask').reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000 / STEPS;
    return {
      layout: ms('Layout'),
      style: ms('UpdateLayoutTree'),
      paint: ms('Paint') + ms('PrePaint'),
      script: ms('FunctionCall') + ms('FireAnimationFrame'),
      tasks,
      layoutP90: layouts[Math.floor(layouts.length * 0.9)] ?? 0,
      layoutMax: layouts.at(-1) ?? 0,
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirs = args.filter((a) => !/^\d+$/.test(a));
  const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
  const viewName = process.env.QS_VIEW ?? 'default';
  const results = new Map<string, Record<string, number>[]>();
  for (let r = 0; r < rounds; r++)
    for (const spec of dirs) {
      // `dist+css` runs dist with the style sheet in QS_CSS added, `dist+2` the one in QS_CSS_2.
      const [dir, withCss] = spec.split('+');
      const css =
        withCss === undefined
          ? null
          : (process.env[withCss === 'css' ? 'QS_CSS' : `QS_CSS_${withCss}`] ?? '');
      const server = await serve(dir);
      try {
        const m = await measure(server.url, viewName, css);
        (results.get(spec) ?? results.set(spec, []).get(spec)!).push(m);
        console.log(`round ${r + 1} ${spec}: ${fmt(m)}`);
      } finally {
        server.close();
      }
    }
  console.log(`== ${viewName}, per refresh, median of ${rounds} rounds`);
  for (const [spec, list] of results) {
    const med = Object.fromEntries(
      Object.keys(list[0]).map((k) => {
        const v = list.map((m) => m[k]).sort((a, b) => a - b);
        return [k, v[Math.floor(v.length / 2)]];
      }),
    );
    console.log(`${spec}: ${fmt(med)}`);
  }
}

const fmt = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
