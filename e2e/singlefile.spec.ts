import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from './fixtures';

test('the single-file build works from file:// with no network request', async ({ page }) => {
  const file = resolve('dist-single/index.html');
  test.skip(!existsSync(file), 'run npm run build:single first');
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => window.queuescope !== undefined);
  await page.evaluate(() => window.queuescope!.step(5000));
  await expect(page.locator('svg[data-diagram="flow"]')).toBeVisible();
  expect(await page.evaluate(() => window.queuescope!.now())).toBe(5000);
  expect(requests).toEqual([]);
});
