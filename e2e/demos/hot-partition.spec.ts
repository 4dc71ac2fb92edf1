import { Demo } from '../demo';
import { expect, inject, metrics, openScenario, runFor, test } from '../fixtures';

test('demo: hot partition playbook', async ({ page }) => {
  const demo = new Demo(page, 'hot-partition');
  await openScenario(page, 'hot-partition', { seed: 5 });
  await runFor(page, 8000);
  await demo.shot('Orders spread evenly over 6 partitions.');
  await runFor(page, 20_000);
  await page.getByRole('tab', { name: 'Lag' }).click();
  expect((await metrics(page)).groups.payments.isSkewed).toBe(true);
  await demo.shot('merchant-42 takes 60% of traffic: one partition falls far behind (skew alert).');
  for (let i = 0; i < 4; i++) await inject(page, { type: 'add-consumer', groupId: 'payments' });
  await runFor(page, 15_000);
  await demo.shot(
    'More consumers than partitions: the new ones idle; the hot partition still has one owner.',
  );
});
