// Accessibility checked by axe-core: no serious or critical WCAG 2.1 A/AA violation on the
// built page, in both themes, paused and playing, with every side tab open, with a diagram
// menu open, and on a phone-sized screen.

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openScenario, runFor, test } from './fixtures';

// axe takes a few seconds per page state on a busy 2-core machine.
test.describe.configure({ timeout: 360_000 });

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const TABS = ['Outcomes', 'Lag', 'Controls', 'DLQ', 'Statechart', 'Inspector'];

/** Serious and critical violations, one line each: rule, impact, count and the first targets. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  if ((await toggle.getAttribute('aria-pressed')) !== String(theme === 'dark')) await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

for (const theme of ['light', 'dark'] as const) {
  test(`${theme} theme: every side tab, paused and playing, has no serious violation`, async ({ page }) => {
    await openScenario(page, 'poison-message');
    await setTheme(page, theme);
    await runFor(page, 20_000);
    const found: Record<string, string[]> = {};
    for (const tab of TABS) {
      await page.getByRole('tab', { name: tab }).click();
      if (tab === 'Inspector')
        await page
          .getByRole('main', { name: 'Flow diagram' })
          .getByLabel(/^Consumer p-1/)
          .click();
      await page.keyboard.press('Escape');
      found[`paused, ${tab}`] = await violations(page);
    }
    await page.getByRole('tab', { name: 'Outcomes' }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    found.playing = await violations(page);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });
}

test('a diagram menu open has no serious violation', async ({ page }) => {
  await openScenario(page, 'default');
  await runFor(page, 8000);
  const consumer = page.getByRole('main', { name: 'Flow diagram' }).getByLabel(/^Consumer p-1/);
  await consumer.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Actions for consumer p-1' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  expect(await violations(page)).toEqual([]);
  // An item that takes a number opens a small dialog in its place.
  await page.keyboard.press('Escape');
  await page
    .getByRole('main', { name: 'Flow diagram' })
    .getByLabel(/^Producer checkout/)
    .click();
  await page.getByRole('menuitem', { name: 'Set checkout rate…' }).click();
  await expect(
    page.getByRole('dialog', { name: 'Set checkout rate' }).getByLabel('Rate (msg/s)'),
  ).toBeFocused();
  expect(await violations(page)).toEqual([]);
});

test('at 390×844 the page has no serious violation', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openScenario(page, 'default');
  await runFor(page, 8000);
  expect(await violations(page)).toEqual([]);
});
