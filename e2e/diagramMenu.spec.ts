// Break it where you see it: faults from the diagram's own menus, by pointer and by keyboard
// alone, change what the sink and the Outcomes tab show; the fault bar shows a fault in
// progress until it resolves in simulated time.

import type { Page } from '@playwright/test';
import { partitionForKey } from '../src/engine';
import { expect, metrics, openScenario, runFor, shownFigure, test } from './fixtures';

const outcomesOf = (page: Page, groupId: string) =>
  page.getByRole('region', { name: `Outcomes for ${groupId}` });

test('pointer: a group menu delivers the next N records twice; the sink and Outcomes count the duplicates', async ({
  page,
}) => {
  await openScenario(page, 'default');
  await runFor(page, 8000);
  const diagram = page.getByRole('main', { name: 'Flow diagram' });
  expect(await shownFigure(outcomesOf(page, 'payments'), 'duplicates')).toBe(0);

  await diagram.getByLabel(/^Consumer group payments: /).click();
  const menu = page.getByRole('menu', { name: 'Actions for group payments' });
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Deliver the next N records of payments twice…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deliver the next N records of payments twice' });
  await dialog.getByLabel('Records delivered twice (N)').fill('7');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Fault bar' })).toContainText(
    'payments: 7 duplicate deliveries pending',
  );

  await runFor(page, 5000);
  const duplicates = (await metrics(page)).groups.payments.duplicates;
  expect(duplicates).toBe(7);
  await page.getByRole('tab', { name: 'Outcomes' }).click();
  expect(await shownFigure(outcomesOf(page, 'payments'), 'duplicates')).toBe(7);
  // The lane's sink in the diagram says it too.
  await expect(diagram.locator('g.lane[data-key="payments"] g.sink')).toContainText('7 twice');
  await expect(page.getByRole('region', { name: 'Fault bar' })).toContainText('No fault in progress');
});

test('keyboard only: Tab into the diagram, arrows to p-1, Shift+F10, crash after process before commit; the fault bar shows the armed crash, then it resolves', async ({
  page,
}) => {
  await openScenario(page, 'default');
  await runFor(page, 8000);
  const before = (await metrics(page)).groups.payments;

  // Tab until focus is in the diagram: it is one tab stop.
  const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
  for (let i = 0; i < 60 && !/^(Producer|Partition|Consumer)/.test(await focusedLabel()); i++)
    await page.keyboard.press('Tab');
  expect(await focusedLabel()).toMatch(/^Producer checkout/);
  for (let i = 0; i < 20 && !(await focusedLabel()).startsWith('Consumer p-1'); i++)
    await page.keyboard.press('ArrowDown');
  expect(await focusedLabel()).toBe('Consumer p-1: Stable');

  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Actions for consumer p-1' });
  await expect(menu).toBeVisible();
  const item = menu.getByRole('menuitem', { name: 'Crash p-1 after process, before commit' });
  for (let i = 0; i < 6; i++) {
    if (await item.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('ArrowDown');
  }
  await expect(item).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  // Focus returns to the consumer it was opened from.
  expect(await focusedLabel()).toMatch(/^Consumer p-1: /);

  const bar = page.getByRole('region', { name: 'Fault bar' });
  await expect(bar.getByRole('listitem')).toHaveText([
    'p-1: crash armed (after processing, before committing)',
  ]);
  await runFor(page, 1000);
  await expect(bar.getByRole('listitem')).toHaveText(['No fault in progress']);
  const diagram = page.getByRole('main', { name: 'Flow diagram' });
  await expect(diagram.getByLabel('Consumer p-1: Crashed')).toBeVisible();

  // The processed but uncommitted records are processed again by the new owners.
  await runFor(page, 20_000);
  const after = (await metrics(page)).groups.payments;
  expect(after.duplicates).toBeGreaterThan(before.duplicates);
  expect(after.rebalances).toBeGreaterThan(before.rebalances);
  await page.getByRole('tab', { name: 'Outcomes' }).click();
  expect(await shownFigure(outcomesOf(page, 'payments'), 'duplicates')).toBe(after.duplicates);
  expect(await shownFigure(outcomesOf(page, 'payments'), 'rebalances')).toBe(after.rebalances);
});

test('Esc closes a menu and gives focus back; a partition menu sends a hot key that lands on that partition', async ({
  page,
}) => {
  await openScenario(page, 'default');
  await runFor(page, 5000);
  const diagram = page.getByRole('main', { name: 'Flow diagram' });
  const strip = diagram.getByLabel(/^Partition orders-4: /);
  await strip.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Actions for partition orders-4' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(strip).toBeFocused();

  await strip.click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Send a hot key to orders-4' }).click();
  await runFor(page, 10_000);
  const snap = await page.evaluate(() => window.queuescope!.snapshot());
  const hot = snap.producers[0].hotKey!;
  expect(hot.share).toBe(0.8);
  expect(partitionForKey(hot.key, snap.partitions.length)).toBe(4);
  // The hot partition grows fastest.
  const ends = snap.partitions.map((p) => p.logEndOffset);
  expect(Math.max(...ends)).toBe(ends[4]);
});
