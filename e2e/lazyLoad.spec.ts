// What the page loads on demand (a tab, the queue engine) says so while it loads, and works
// once it is in. The chunks are held back with page.route so the loading state is seen.

import type { Page, Route } from '@playwright/test';
import { expect, openScenario, test } from './fixtures';

/** Holds every request for a chunk matching `pattern` until `release()`. */
async function holdChunk(page: Page, pattern: RegExp) {
  const held: Route[] = [];
  let isReleased = false;
  await page.route(pattern, (route) => {
    if (isReleased) return route.continue();
    held.push(route);
  });
  return {
    async release() {
      isReleased = true;
      for (const route of held.splice(0)) await route.continue();
    },
  };
}

test('a side tab says it is loading until its chunk is in, then shows its content', async ({ page }) => {
  const chunk = await holdChunk(page, /\/assets\/StatechartTab-[^/]+\.js$/);
  await openScenario(page);
  await page.getByRole('tab', { name: 'Statechart' }).click();
  const panel = page.getByRole('tabpanel');
  const loading = panel.getByRole('status').filter({ hasText: 'Loading the Statechart tab…' });
  await expect(loading).toBeVisible();
  await chunk.release();
  await expect(loading).toBeHidden();
  await expect(panel.getByRole('img', { name: /Group coordinator of payments statechart/ })).toBeVisible();
});

test('a queue preset chosen on a Kafka page waits for the queue engine, then runs', async ({ page }) => {
  const chunk = await holdChunk(page, /\/assets\/queueRuntime-[^/]+\.js$/);
  await openScenario(page);
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('sqs-redrive');
  await expect(page.getByText('Loading the SQS and RabbitMQ engine…')).toBeVisible();
  // The run on screen stays until the engine is in.
  expect(await page.evaluate(() => window.queuescope!.snapshot().queues)).toBeUndefined();
  await chunk.release();
  await expect(page.getByText('Loading the SQS and RabbitMQ engine…')).toBeHidden();
  await expect(page.getByRole('heading', { name: /SQS: redrive policy/ })).toBeVisible();
  await page.evaluate(() => window.queuescope!.step(3000));
  expect((await page.evaluate(() => window.queuescope!.snapshot().queues))?.length).toBeGreaterThan(0);
});

test('window.queuescope.load of a queue scenario resolves once the engine is in', async ({ page }) => {
  await openScenario(page);
  await page.evaluate(() => window.queuescope!.load('rabbitmq-routing', { seed: 2 }));
  await page.evaluate(() => window.queuescope!.step(2000));
  const snap = await page.evaluate(() => window.queuescope!.snapshot());
  expect(snap.exchanges?.length).toBeGreaterThan(0);
});
