// Queues beside the stream (issue 12): the SQS and RabbitMQ presets draw their queues, the
// diagram's queue buttons open their menus, a fault from the menu changes what the engine
// counts, and axe finds no serious or critical WCAG 2.1 A/AA violation on a queue view.

import type { Page } from '@playwright/test';
import { expect, runFor, test } from './fixtures';
import { openPresetAt, seriousViolations } from './support/queuePage';

test.describe.configure({ timeout: 240_000 });

const diagram = (page: Page) => page.getByRole('main', { name: 'Flow diagram' });

for (const preset of [
  'sqs-visibility-timeout',
  'sqs-redrive',
  'sqs-fifo',
  'rabbitmq-routing',
  'rabbitmq-dlx-retry',
]) {
  test(`${preset}: queues are drawn and have no serious violation`, async ({ page }, testInfo) => {
    await openPresetAt(page, preset, 20_000);
    const queues = await page.evaluate(() => window.queuescope!.snapshot().queues ?? []);
    expect(queues.length).toBeGreaterThan(0);
    // Every queue of the snapshot is a button in the diagram named after it.
    for (const q of queues) await expect(diagram(page).getByLabel(new RegExp(q.name)).first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`${preset}-desktop.png`) });
  });
}

test('the menu of a queue consumer, opened from the keyboard, crashes that consumer', async ({ page }) => {
  await openPresetAt(page, 'sqs-visibility-timeout', 5_000);
  const consumerId = await page.evaluate(
    () => window.queuescope!.snapshot().queues!.find((q) => q.consumers.length > 0)!.consumers[0].consumerId,
  );
  await diagram(page).locator(`g.queue-consumer[data-key="${consumerId}"]`).first().focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: `Actions for queue consumer ${consumerId}` });
  await expect(menu).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await menu.getByRole('menuitem', { name: new RegExp(`^Crash ${consumerId} now`) }).click();
  const state = await page.evaluate(
    (id) =>
      window
        .queuescope!.snapshot()
        .queues!.flatMap((q) => q.consumers)
        .find((c) => c.consumerId === id)?.state,
    consumerId,
  );
  expect(state).toBe('Crashed');
});

test('at 390×844 a queue preset fits the width and has no serious violation', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openPresetAt(page, 'rabbitmq-routing', 10_000);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('rabbitmq-routing-phone.png'), fullPage: true });
});

test('the fault bar crashes a queue consumer and delivers a queue group twice', async ({ page }) => {
  await openPresetAt(page, 'sqs-redrive', 5_000);
  const consumers = () =>
    page.evaluate(() => window.queuescope!.snapshot().queues!.flatMap((q) => q.consumers));
  const first = (await consumers()).find((c) => c.state !== 'Crashed')!;
  await page.getByRole('button', { name: `Crash ${first.consumerId}` }).click();
  expect((await consumers()).find((c) => c.consumerId === first.consumerId)?.state).toBe('Crashed');
  const duplicates = () => page.evaluate(() => window.queuescope!.metrics().groups.payments.duplicates);
  const before = await duplicates();
  const twice = page.getByRole('button', { name: /^Deliver 10 twice/ });
  await expect(twice).toBeEnabled();
  await twice.click();
  await runFor(page, 10_000);
  expect(await duplicates()).toBeGreaterThan(before);
});

test('a RabbitMQ DLQ offers a shovel back to its source, and the queue names its consumer_timeout', async ({
  page,
}) => {
  await openPresetAt(page, 'rabbitmq-nack-requeue', 15_000);
  const dlqSize = () =>
    page.evaluate(() => window.queuescope!.snapshot().queues!.find((q) => q.name === 'orders-dlq')!.visible);
  expect(await dlqSize()).toBe(1);
  await expect(
    diagram(page).getByRole('button', { name: /^Queue orders-quorum\b.*consumer_timeout 30 min/ }),
  ).toHaveCount(1);
  await diagram(page).locator('g.queue[data-key="orders-dlq"] g.queue-frame').focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Actions for dead-letter queue orders-dlq' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /redrive/i })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Shovel orders-dlq back to orders-quorum' }).click();
  await runFor(page, 1_000);
  expect(await dlqSize()).toBe(0);
});
