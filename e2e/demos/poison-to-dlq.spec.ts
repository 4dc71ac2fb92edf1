import { Demo } from '../demo';
import { expect, inject, openScenario, runFor, snapshot, test } from '../fixtures';

test('demo: poison message to DLQ and redrive', async ({ page }) => {
  const demo = new Demo(page, 'poison-to-dlq');
  await openScenario(page, 'poison-message', { seed: 3 });
  await runFor(page, 9000);
  await demo.shot('A record with a broken schema arrives; every attempt fails.');
  await runFor(page, 9000);
  await page.getByRole('tab', { name: 'DLQ' }).click();
  const s = await snapshot(page);
  expect(s.deadLetters.length).toBeGreaterThan(0);
  await demo.shot('After 4 attempts with backoff it is dead-lettered; its partition flows again.');
  await inject(page, { type: 'redrive' });
  await runFor(page, 2000);
  await demo.shot('Redrive sends it back to orders: it fails again, and the loop guard will park it.');
});
