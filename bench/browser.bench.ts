// Browser figures on the production build in headless Chromium: frame-time percentiles
// (requestAnimationFrame intervals while playing) and main-thread work per frame.

import { existsSync } from 'node:fs';
import { type Browser, chromium } from '@playwright/test';
import { preview } from 'vite';
import { chromiumLaunchOptions } from '../e2e/chromium';
import type { Scenario } from '../src/engine';
import { LARGE_QUEUE } from '../test/support/largeQueueScenario';
import { LARGE } from '../test/support/largeScenario';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN;
}

async function measure(
  browser: Browser,
  url: string,
  scenario: Scenario | string,
  width: number,
  height: number,
  minInFlight = 0,
) {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.queuescope !== undefined);
  // A queue scenario's `load` returns a promise until the queue engine's chunk is in.
  const inFlight = await page.evaluate(
    (s) =>
      Promise.resolve(window.queuescope!.load(s as never, { seed: 1 })).then(() => {
        const qs = window.queuescope!;
        qs.step(15_000);
        qs.setSpeed(1);
        qs.play();
        return (qs.snapshot().queues ?? []).reduce((n, q) => n + q.inFlight, 0);
      }),
    scenario,
  );
  if (minInFlight > 0 && inFlight < minInFlight)
    throw new Error(
      `the queue view holds ${inFlight} messages in flight, not the ${minInFlight} it measures`,
    );
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name: string) =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0;
  await page.waitForTimeout(1000);
  const taskBefore = await metric('TaskDuration');
  // A string, not a function: tsx's transpiler would add helpers the page does not have.
  const intervals = (await page.evaluate(`new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const end = last + 5000;
    function tick(t) {
      out.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick);
      else resolve(out);
    }
    requestAnimationFrame(tick);
  })`)) as number[];
  const taskMs = ((await metric('TaskDuration')) - taskBefore) * 1000;
  await page.close();
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  const frames = intervals.slice(1);
  // rAF timestamps are coarsened to 0.1 ms, so an unbroken 60 Hz run reads 16.6–16.8 ms per
  // frame: the share of frames that missed a vsync says more than the last decimal.
  const vsync = median(frames);
  const missed = frames.filter((x) => x > vsync * 1.5).length;
  return {
    p95: p95(frames),
    missedPct: (100 * missed) / Math.max(1, frames.length),
    workPerFrameMs: taskMs / Math.max(1, intervals.length),
  };
}

export async function browserFigures(): Promise<{ name: string; value: number; unit: string }[]> {
  if (!existsSync('dist/index.html')) throw new Error('build first: npm run build');
  const server = await preview({
    preview: { port: 4317, strictPort: true, host: '127.0.0.1' },
    base: '/queuescope/',
    logLevel: 'silent',
  });
  const url = 'http://127.0.0.1:4317/queuescope/';
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const small = await measure(browser, url, 'default', 1280, 800);
    const large = await measure(browser, url, LARGE, 1920, 1080);
    // Issue 12: a queue view with 5,000 messages in flight (RabbitMQ, 10 consumers x prefetch 500).
    const queue = await measure(browser, url, LARGE_QUEUE, 1920, 1080, 5_000);
    return [
      { name: 'frame-ms-p95-default', value: round(small.p95), unit: 'ms' },
      { name: 'frame-missed-pct-default', value: round(small.missedPct), unit: '%' },
      { name: 'frame-work-ms-avg-default', value: round(small.workPerFrameMs), unit: 'ms' },
      { name: 'frame-ms-p95-large', value: round(large.p95), unit: 'ms' },
      { name: 'frame-missed-pct-large', value: round(large.missedPct), unit: '%' },
      { name: 'frame-work-ms-avg-large', value: round(large.workPerFrameMs), unit: 'ms' },
      { name: 'frame-ms-p95-queue', value: round(queue.p95), unit: 'ms' },
      { name: 'frame-missed-pct-queue', value: round(queue.missedPct), unit: '%' },
      { name: 'frame-work-ms-avg-queue', value: round(queue.workPerFrameMs), unit: 'ms' },
    ];
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
