// compare-brokers (issue 12): one workload and the same faults on Kafka (consumer group and
// share group), SQS standard, SQS FIFO and RabbitMQ. Outcomes shows the table the engine fills;
// the figures on screen are the engine's, and the table stays readable (and axe-clean) at 390 px.

import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openPresetAt, seriousViolations } from './support/queuePage';

test.describe.configure({ timeout: 180_000 });

const comparison = (page: Page) => page.evaluate(() => window.queuescope!.metrics().comparison ?? null);

test('the comparison table shows the engine’s figures for every system', async ({ page }, testInfo) => {
  await openPresetAt(page, 'compare-brokers', 32_000);
  const region = page.getByRole('region', { name: 'Broker comparison table' });
  await expect(region).toBeVisible();
  const table = region.getByRole('table');
  await expect(table.locator('caption')).toHaveText('Measured in this run, one row per system');
  for (const name of ['order kept', 'replay', 'fan-out', 'duplicates', 'losses', 'dead letters'])
    await expect(table.getByRole('columnheader', { name })).toBeVisible();

  const rows = await comparison(page);
  expect(rows).not.toBeNull();
  for (const r of Object.values(rows!)) {
    const row = table.getByRole('row', { name: new RegExp(`^${r.label}`) });
    await expect(row).toBeVisible();
    await expect(row.locator('td[data-col="order"] strong')).toHaveText(r.order);
    await expect(row.locator('td[data-col="duplicates"] strong')).toHaveText(
      r.duplicates.toLocaleString('en-US'),
    );
    await expect(row.locator('td[data-col="losses"] strong')).toHaveText(r.lost.toLocaleString('en-US'));
  }
  // After the crash at 20 s: RabbitMQ requeued at once, SQS waited out its visibility timeout.
  expect(rows!['rabbit-workers'].redeliveryDelayMs).toBe(0);
  await expect(
    table.getByRole('row', { name: /^RabbitMQ quorum/ }).locator('td[data-col="redelivery"] strong'),
  ).toHaveText('0 ms');
  expect(rows!['sqs-workers'].redeliveryDelayMs).toBeGreaterThan(0);
  await expect(page.getByText('Where Queuescope simplifies')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('compare-brokers-desktop.png'), fullPage: true });
});

test('a single-system preset shows no comparison', async ({ page }) => {
  await openPresetAt(page, 'sqs-redrive', 5_000);
  await expect(page.getByRole('region', { name: 'Outcomes for payments' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Broker comparison table' })).toHaveCount(0);
});

test('at 390×844 the table scrolls inside a focusable region, the page does not', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openPresetAt(page, 'compare-brokers', 30_000);
  const region = page.getByRole('region', { name: 'Broker comparison table' });
  await region.scrollIntoViewIfNeeded();
  await region.focus();
  await expect(region).toBeFocused();
  const widths = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(widths.scroll).toBeGreaterThan(widths.client);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('compare-brokers-phone.png'), fullPage: true });
});
