import { Demo } from '../demo';
import {
  expect,
  inject,
  metrics,
  openScenario,
  runFor,
  shownPartitionLag,
  snapshot,
  test,
} from '../fixtures';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

test('demo: hot partition playbook', async ({ page }) => {
  const demo = new Demo(page, 'hot-partition');
  await openScenario(page, 'hot-partition', { seed: 5 });
  await runFor(page, 8000);
  await page.getByRole('tab', { name: 'Lag' }).click();
  const skewAlert = page.getByRole('alert').filter({ hasText: /skew/i });
  const partitions = (await snapshot(page)).partitions.map((p) => p.partition);
  const shownLags = async () => {
    const lags: number[] = [];
    for (const p of partitions) lags.push(await shownPartitionLag(page, 'payments', 'orders', p));
    return lags;
  };
  expect((await metrics(page)).groups.payments.isSkewed).toBe(false);
  await expect(skewAlert).toHaveCount(0);
  const early = await shownLags();
  await demo.shot('Orders spread evenly over 6 partitions.');

  await runFor(page, 20_000);
  const m = (await metrics(page)).groups.payments;
  expect(m.isSkewed).toBe(true);
  const hot = m.lagByPartition.indexOf(Math.max(...m.lagByPartition));
  // On screen: the hot partition's bar is far above the median of all bars, it grew
  // from what it was, and the alert names it.
  const late = await shownLags();
  expect(late).toEqual(m.lagByPartition);
  expect(late[hot]).toBeGreaterThan(early[hot] + 50);
  expect(late[hot]).toBeGreaterThan(10 * Math.max(1, median(late)));
  await expect(skewAlert).toContainText(`orders-${hot}`);
  await demo.shot('merchant-42 takes 60% of traffic: one partition falls far behind (skew alert).');

  for (let i = 0; i < 4; i++) await inject(page, { type: 'add-consumer', groupId: 'payments' });
  await runFor(page, 15_000);
  // Seven consumers, six partitions: one idles, the hot partition still has one owner,
  // and its lag is still far above the rest.
  const s = await snapshot(page);
  const payments = s.groups.find((g) => g.groupId === 'payments')!;
  expect(payments.state).toBe('Stable');
  expect(payments.members).toHaveLength(7);
  const idle = payments.members.filter((x) => x.assigned.length === 0);
  expect(idle.length).toBeGreaterThanOrEqual(1);
  expect(payments.members.filter((x) => x.assigned.some((tp) => tp.partition === hot))).toHaveLength(1);
  expect(s.partitions[hot].owner.payments).toBeTruthy();
  const after = await shownLags();
  expect(after[hot]).toBeGreaterThan(10 * Math.max(1, median(after)));
  await expect(skewAlert).toContainText(`orders-${hot}`);
  await demo.shot(
    'More consumers than partitions: the new ones idle; the hot partition still has one owner.',
  );
});
