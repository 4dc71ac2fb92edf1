// Phones and tablets get one scrolling column: the diagram at the full width in its
// vertical layout, a Menu button for the toolbar, every control reachable at a touch size,
// no sideways page scroll. Desktop keeps its side-by-side layout.

import type { Page } from '@playwright/test';
import { expect, openScenario, runFor, test } from './fixtures';

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Visible controls outside the diagram smaller than a 44 px touch target. */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, select, input, [role="tab"], summary')]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .filter((el) => !el.closest('dialog:not([open])'))
      .map((el) => ({
        name: el.getAttribute('aria-label') ?? el.textContent?.trim(),
        h: el.getBoundingClientRect().height,
      }))
      .filter((x) => x.h < 43.5),
  );

/** Visible text drawn under 12 px anywhere on the page, the diagram included. */
const smallText = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<Element>('body *')]
      .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== ''))
      .filter(
        (el) =>
          el.getClientRects().length > 0 && !el.closest('.qs-visually-hidden, [aria-hidden="true"] text'),
      )
      .map((el) => ({
        text: el.textContent?.trim().slice(0, 40),
        px: Number.parseFloat(getComputedStyle(el).fontSize),
      }))
      .filter((x) => x.px < 12),
  );

for (const { width, height } of [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
]) {
  test.describe(`at ${width}×${height}`, () => {
    test.use({ viewport: { width, height }, hasTouch: true });

    test('the diagram takes the full width and every control is reachable', async ({ page }, testInfo) => {
      // Many steps (every tab, the menu, three faults): more than the default minute on a busy machine.
      test.setTimeout(150_000);
      await openScenario(page, 'default');
      await runFor(page, 12_000);
      const diagram = page.locator('svg[data-diagram="flow"]');
      const box = await diagram.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(0.9 * width);
      // The vertical layout draws at 1:1: its viewBox is as wide as the diagram.
      const viewBox = (await diagram.getAttribute('viewBox'))?.split(' ').map(Number) ?? [];
      expect(viewBox[2]).toBeCloseTo(box?.width ?? 0, 0);
      await expect(diagram.getByRole('button', { name: /^Partition orders-5: log end \d+$/ })).toBeVisible();
      await expect(diagram.getByRole('button', { name: 'Consumer p-1: Stable' })).toBeVisible();
      expect(await noSidewaysScroll(page)).toBe(true);
      expect(await smallText(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`phone-${width}.png`) });

      // Play stays in the bar; the rest of the toolbar is behind the Menu button.
      await page.getByRole('button', { name: 'Play' }).click();
      await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
      await page.getByRole('button', { name: 'Pause' }).click();
      const menu = page.getByRole('button', { name: 'Menu' });
      await expect(menu).toHaveAttribute('aria-expanded', 'false');
      await expect(page.getByRole('button', { name: 'Step event' })).toBeHidden();
      await menu.click();
      await expect(menu).toHaveAttribute('aria-expanded', 'true');
      for (const name of [
        'Step event',
        'Step 100 ms',
        'Reset',
        'Copy link',
        'Import',
        'Export',
        'Dark theme',
        'Presentation',
        'Shortcuts',
      ])
        await expect(page.getByRole('button', { name })).toBeVisible();
      await expect(page.getByRole('combobox', { name: 'Scenario' })).toBeVisible();
      await expect(page.getByRole('slider', { name: 'Speed' })).toBeVisible();
      await expect(page.getByRole('spinbutton', { name: 'Seed' })).toBeVisible();
      expect(await noSidewaysScroll(page)).toBe(true);
      expect(await smallTargets(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`menu-${width}.png`) });
      await page.getByRole('button', { name: 'Step event' }).click();
      await page.keyboard.press('Escape');
      await expect(menu).toHaveAttribute('aria-expanded', 'false');

      // Every tab opens; the fault buttons of the Controls tab work at a touch size.
      for (const tab of ['Outcomes', 'Lag', 'DLQ', 'Statechart', 'Inspector', 'Controls']) {
        await page.getByRole('tab', { name: tab }).click();
        await expect(page.getByRole('tabpanel')).toBeVisible();
        expect(await noSidewaysScroll(page), `${tab} tab`).toBe(true);
        expect(await smallTargets(page), `${tab} tab`).toEqual([]);
      }
      await page.getByRole('button', { name: 'Crash consumer p-1' }).click();
      await page.getByRole('button', { name: 'Create hot key' }).click();
      await page.getByRole('button', { name: 'Deliver next 10 twice (payments)' }).click();
      const faults = await page.evaluate(() => window.queuescope!.link());
      expect(faults).toContain('&i=');
      await runFor(page, 500);
      await expect(diagram.getByRole('button', { name: 'Consumer p-1: Crashed' })).toBeVisible();
      expect(await noSidewaysScroll(page)).toBe(true);
    });
  });
}

for (const { width, height } of [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  // A 4K screen at 1× density: the 1920 page, enlarged twice.
  { width: 3840, height: 2160 },
]) {
  const zoom = width >= 3200 ? 2 : 1;
  test(`at ${width}×${height} the desktop layout is unchanged`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openScenario(page, 'default');
    // No Menu button: every control of the toolbar is in the bar itself.
    await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
    for (const name of ['Step event', 'Reset', 'Copy link', 'Shortcuts'])
      await expect(page.getByRole('button', { name })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Scenario' })).toBeVisible();
    const play = await page.getByRole('button', { name: 'Play' }).boundingBox();
    // Play sits 6 px before Step event, as in the Playback group.
    const step = await page.getByRole('button', { name: 'Step event' }).boundingBox();
    expect((step?.x ?? 0) - ((play?.x ?? 0) + (play?.width ?? 0))).toBeCloseTo(6 * zoom, 0);
    // The diagram and the panels side by side, the page fitting the window.
    const diagram = await page.locator('svg[data-diagram="flow"]').boundingBox();
    const panels = await page.getByRole('complementary', { name: 'Panels' }).boundingBox();
    expect((panels?.x ?? 0) + 1).toBeGreaterThanOrEqual((diagram?.x ?? 0) + (diagram?.width ?? 0));
    expect(diagram?.width ?? 0).toBeGreaterThan(0.6 * width);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    expect(await noSidewaysScroll(page)).toBe(true);
  });
}
