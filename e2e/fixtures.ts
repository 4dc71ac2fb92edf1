// Playwright helpers for tests and scripted demos: open a scenario, drive simulated time,
// inject faults through the API or the UI, and fail on console or page errors.

import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { Fault, Metrics, Snapshot } from '../src/engine';

export interface OpenOptions {
  seed?: number;
  query?: string;
}

/** Opens the page on a scenario (preset id) and waits until the engine is ready. */
export async function openScenario(
  page: Page,
  scenario = 'default',
  options: OpenOptions = {},
): Promise<void> {
  const query =
    options.query ?? `scenario=${encodeURIComponent(scenario)}&seed=${options.seed ?? 1}&paused=1`;
  await page.goto(`./?${query}`);
  await page.waitForFunction(() => window.queuescope !== undefined);
}

/** Advances simulated time by `ms` (paused, exact: no wall clock involved). */
export async function runFor(page: Page, ms: number): Promise<void> {
  if (process.env.DEMO_VIDEO) return playFor(page, ms);
  await page.evaluate((x) => {
    window.queuescope!.pause();
    window.queuescope!.step(x);
  }, ms);
}

/**
 * For recorded demos: steps the paused simulation a little every animation frame, so the
 * video shows the motion (sped up to last about 3 s) and still stops exactly at the target.
 */
async function playFor(page: Page, ms: number): Promise<void> {
  const perFrameMs = Math.max(16, Math.ceil(ms / 180));
  await page.evaluate(
    ([total, perFrame]) =>
      new Promise<void>((resolve) => {
        const q = window.queuescope!;
        q.pause();
        let left = total;
        const tick = () => {
          const step = Math.min(left, perFrame);
          q.step(step);
          left -= step;
          if (left > 0) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      }),
    [ms, perFrameMs] as const,
  );
}

/** Advances until simulated time reaches `ms`. */
export async function runUntil(page: Page, ms: number): Promise<void> {
  await page.evaluate((x) => {
    const q = window.queuescope!;
    q.pause();
    if (q.now() < x) q.step(x - q.now());
  }, ms);
}

export async function inject(page: Page, fault: Fault): Promise<string> {
  return page.evaluate((f) => window.queuescope!.inject(f), fault);
}

export async function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => window.queuescope!.snapshot());
}

/** Snapshots compared across runs: `version` counts engine steps, which chunking changes. */
export function withoutVersion(s: Snapshot): Omit<Snapshot, 'version'> {
  const { version: _version, ...rest } = s;
  return rest;
}

export async function metrics(page: Page): Promise<Metrics> {
  return page.evaluate(() => window.queuescope!.metrics());
}

export async function simTime(page: Page): Promise<number> {
  return page.evaluate(() => window.queuescope!.now());
}

/** The prefix src/main.tsx gives a render React recovered from (kept in step by hand). */
const RECOVERED_RENDER = 'Queuescope: a render threw and React recovered:';

/** A test that fails on any console error or uncaught page error. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
        // A render React retried and recovered (src/main.tsx): shown on the test and in the
        // log, with its cause, not failed on (nothing wrong reached the screen).
        if (msg.type() === 'warning' && msg.text().startsWith(RECOVERED_RENDER)) {
          base.info().annotations.push({ type: 'recovered render', description: msg.text() });
          console.log(`[${base.info().title}] ${msg.text()}`);
        }
      });
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      await use(errors);
      expect(errors, 'console and page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Escapes a string for use inside a RegExp. */
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads a number as the page shows it next to its label ("1,204 records behind",
 * "3 rebalances"): the figure a person reads, parsed from the visible text of `region`.
 */
export async function shownFigure(region: Locator, label: string): Promise<number> {
  const text = await region.innerText();
  const match = new RegExp(`([\\d,]+)\\s*${escapeRegExp(label)}`).exec(text);
  if (!match) throw new Error(`no figure labelled "${label}" in: ${text}`);
  return Number(match[1].replace(/,/g, ''));
}

/** The lag the Lag tab's bar for `topic-partition` shows (the tab must be open). */
export async function shownPartitionLag(
  page: Page,
  groupId: string,
  topic: string,
  partition: number,
): Promise<number> {
  const name = `${topic}-${partition}`;
  const bar = page
    .getByRole('list', { name: `Lag per partition for ${groupId}` })
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) });
  // The bar's figure is the last text in its row ("1,204", with " ▲" when hot).
  const text = await bar.locator('span').last().innerText();
  const match = /^([\d,]+)/.exec(text.trim());
  if (!match) throw new Error(`no lag shown for ${name}: "${text}"`);
  return Number(match[1].replace(/,/g, ''));
}
