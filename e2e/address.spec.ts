// The address bar follows the view (replaceState, throttled): reload keeps it, copying it
// gives the "Copy link" link, Back is not flooded. And Space plays and pauses from wherever
// a click left the focus, while inputs and sliders keep their own keys.

import { expect, inject, openScenario, runFor, snapshot, test, withoutVersion } from './fixtures';

test('reload keeps the scenario, seed, an injected fault and the time', async ({ page }) => {
  await openScenario(page, 'hot-partition', { seed: 23 });
  await runFor(page, 6000);
  await inject(page, { type: 'crash-consumer', memberId: 'p-2' });
  await runFor(page, 2345);
  const link = await page.evaluate(() => window.queuescope!.link());
  // Throttled: within half a second the address bar is the link.
  await expect.poll(() => page.url()).toBe(link);
  const before = await snapshot(page);

  await page.reload();
  await page.waitForFunction(() => window.queuescope !== undefined);
  const after = await snapshot(page);
  expect(after.scenarioId).toBe('hot-partition');
  expect(await page.evaluate(() => window.queuescope!.now())).toBe(8345);
  expect(withoutVersion(after)).toEqual(withoutVersion(before));
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('hot-partition');
  await expect(page.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('23');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('the address bar equals the Copy link result, and playing does not flood Back', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openScenario(page, 'default', { seed: 5 });
  const historyLength = await page.evaluate(() => history.length);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1200);
  await page.getByRole('button', { name: 'Pause' }).click();
  await runFor(page, 1500);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.locator('.qs-status')).toContainText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('paused=1');
  await expect.poll(() => page.url()).toBe(copied);
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
});

test('Space after clicking a tab or a toggle plays and pauses, without re-activating it', async ({
  page,
}) => {
  await openScenario(page, 'default');
  await page.getByRole('tab', { name: 'Lag' }).click();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Lag' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Lag' })).toHaveAttribute('aria-selected', 'true');

  // A toggle that was just clicked is not toggled back by Space.
  const dark = page.getByRole('button', { name: 'Dark theme' });
  const wasPressed = await dark.getAttribute('aria-pressed');
  await dark.click();
  const pressed = await dark.getAttribute('aria-pressed');
  expect(pressed).not.toBe(wasPressed);
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(dark).toHaveAttribute('aria-pressed', pressed as string);
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();

  // The seed field and the timeline slider keep Space for themselves.
  await page.getByRole('spinbutton', { name: 'Seed' }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('slider', { name: 'Simulation time' }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  expect(await page.evaluate(() => window.queuescope!.isPlaying())).toBe(false);
});
