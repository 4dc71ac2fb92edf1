import { expect, inject, openScenario, runFor, snapshot, test, withoutVersion } from './fixtures';

test('a shared link reproduces the same snapshot and the same picture', async ({ page, browser }) => {
  await openScenario(page, 'default', { seed: 11 });
  await runFor(page, 9000);
  await inject(page, { type: 'crash-consumer', memberId: 'p-2' });
  await runFor(page, 4321);
  const link = await page.evaluate(() => window.queuescope!.link());
  const original = await snapshot(page);
  const shot = await page.locator('svg[data-diagram="flow"]').screenshot();

  const other = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await other.goto(link);
  await other.waitForFunction(() => window.queuescope !== undefined);
  const reopened = await other.evaluate(() => window.queuescope!.snapshot());
  expect(withoutVersion(reopened)).toEqual(withoutVersion(original));
  expect(await other.locator('svg[data-diagram="flow"]').screenshot()).toEqual(shot);
  await other.close();
});

test('a malformed link shows a clear message and the default scenario', async ({ page }) => {
  await openScenario(page, 'default', { query: 'scenario=nope&seed=abc&doc=%%%broken' });
  await expect(page.getByRole('alert')).toContainText(/link has a problem/i);
  const s = await snapshot(page);
  expect(s.scenarioId).toBe('default');
  await expect(page.locator('svg[data-diagram="flow"]')).toBeVisible();
});

test('an invalid import names the field and keeps the current view', async ({ page }) => {
  await openScenario(page, 'default');
  await runFor(page, 3000);
  await page.getByRole('button', { name: 'Import' }).click();
  await page
    .getByLabel('Paste scenario JSON')
    .fill(JSON.stringify({ topics: [{ name: 'orders', partitions: 0 }], producers: [], groups: [] }));
  await page.getByRole('button', { name: 'Load pasted scenario' }).click();
  await expect(page.getByRole('alert')).toContainText('scenario.topics.0.partitions');
  expect((await snapshot(page)).nowMs).toBe(3000);
});
