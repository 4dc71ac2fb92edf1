// Screenshots of the built app (dist/, served by `npx vite preview --base /queuescope/
// --port 4174`) on the queue presets at 1440×900 and 390×844, after some simulated time.
// `node dev/shootApp.mjs [outDir] [preset,preset…] [ms]`.
import { chromium } from 'playwright-core';

const out = process.argv[2] ?? 'dev/shots';
const presets = (process.argv[3] ?? 'sqs-visibility-timeout,sqs-redrive,sqs-fifo').split(',');
const ms = Number(process.argv[4] ?? 40_000);
const base = process.env.APP_URL ?? 'http://127.0.0.1:4174/queuescope/';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
for (const preset of presets)
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ]) {
    const page = await browser.newPage({ viewport: { width, height }, reducedMotion: 'reduce' });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${base}?scenario=${preset}&seed=1&paused=1`);
    await page.waitForFunction(() => window.queuescope !== undefined);
    await page.evaluate((x) => {
      window.queuescope.pause();
      window.queuescope.step(x);
    }, ms);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${out}/app-${preset}-${width}x${height}.png`, fullPage: width < 780 });
    if (errors.length) console.log(preset, width, errors.slice(0, 3));
    await page.close();
  }
await browser.close();
