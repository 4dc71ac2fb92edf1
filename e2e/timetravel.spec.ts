import { expect, inject, openScenario, runFor, snapshot, test, withoutVersion } from './fixtures';

test('seeking back and forward returns identical snapshots', async ({ page }) => {
  await openScenario(page, 'zombie-consumer', { seed: 2 });
  await runFor(page, 30_000);
  const at30 = await snapshot(page);
  await page.evaluate(() => window.queuescope!.seek(12_345));
  const at12 = await snapshot(page);
  expect(at12.nowMs).toBe(12_345);
  await page.evaluate(() => window.queuescope!.seek(30_000));
  expect(withoutVersion(await snapshot(page))).toEqual(withoutVersion(at30));
  await page.evaluate(() => window.queuescope!.seek(12_345));
  expect(withoutVersion(await snapshot(page))).toEqual(withoutVersion(at12));
});

test('an intervention after seeking back forks the run and keeps the old branch figures', async ({
  page,
}) => {
  await openScenario(page, 'at-least-once', { seed: 4 });
  await runFor(page, 40_000);
  const before = (await page.evaluate(() => window.queuescope!.metrics())).groups.payments;
  expect(before.duplicates).toBeGreaterThan(0);
  await page.evaluate(() => window.queuescope!.seek(5000));
  await inject(page, { type: 'add-consumer', groupId: 'payments' });
  await runFor(page, 5000);
  await page.getByRole('tab', { name: 'Outcomes' }).click();
  await expect(page.getByText(/branch A/i)).toBeVisible();
});
