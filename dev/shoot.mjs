// Screenshots of the dev page (dev/queues.html) at the sizes the layout must hold, and the
// dense case's update times in Chromium. `npx vite --port 5174` first, then
// `node dev/shoot.mjs [outDir]`.
import { chromium } from 'playwright-core';

const out = process.argv[2] ?? 'dev/shots';
const base = process.env.DEV_URL ?? 'http://127.0.0.1:5174/dev/queues.html';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
const sizes = [
  [1920, 1080],
  [1440, 900],
  [1280, 800],
  [390, 844],
];
const fixtures = (process.env.FIXTURES ?? 'all,dense,stream').split(',');
for (const fixture of fixtures)
  for (const [width, height] of sizes) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${base}?fixture=${fixture}`);
    await page.waitForSelector('g.queue');
    await page.screenshot({ path: `${out}/${fixture}-${width}x${height}.png`, fullPage: width < 780 });
    await page.close();
  }
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(`${base}?fixture=dense&play=1`);
await page.waitForTimeout(4000);
const times = await page.evaluate(() => window.frameTimes.slice(5));
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
console.log(
  `dense (5,000 in flight, 50 consumers): ${times.length} frames, update p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`,
);
await browser.close();
