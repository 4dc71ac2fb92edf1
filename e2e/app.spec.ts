import { expect, metrics, openScenario, runFor, simTime, snapshot, test } from './fixtures';

test('the production build opens from a sub-path and shows the default scenario', async ({ page }) => {
  await openScenario(page);
  await expect(page.getByRole('heading', { name: 'Queuescope' })).toBeVisible();
  await expect(page.locator('svg[data-diagram="flow"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('play advances simulated time and offsets', async ({ page }) => {
  await openScenario(page);
  await runFor(page, 5000);
  const before = await snapshot(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => simTime(page), { timeout: 15_000 }).toBeGreaterThan(before.nowMs + 1500);
  await page.getByRole('button', { name: 'Pause' }).click();
  const after = await snapshot(page);
  const endOffsets = (s: typeof before) => s.partitions.reduce((n, p) => n + p.logEndOffset, 0);
  const committed = (s: typeof before) =>
    s.partitions.reduce((n, p) => n + Math.max(0, p.committed.payments), 0);
  expect(endOffsets(after)).toBeGreaterThan(endOffsets(before));
  expect(committed(after)).toBeGreaterThan(committed(before));
});

test('keyboard: Space plays and pauses, → steps one event, + and − change speed, ? lists shortcuts', async ({
  page,
}) => {
  await openScenario(page);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const t0 = await simTime(page);
  await page.keyboard.press('ArrowRight');
  expect(await simTime(page)).toBeGreaterThanOrEqual(t0);
  await page.keyboard.press('+');
  await expect(page.getByText('Speed 2.0×')).toBeVisible();
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(page.getByText('Speed 0.50×')).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
});

test('crashing a consumer raises its lag, a rebalance moves its partitions, and lag recovers', async ({
  page,
}) => {
  await openScenario(page);
  await runFor(page, 8000);
  const owned = (await snapshot(page)).groups
    .find((g) => g.groupId === 'payments')!
    .members.find((m) => m.memberId === 'p-1')!.assigned;
  expect(owned.length).toBeGreaterThan(0);
  await page.getByRole('tab', { name: 'Controls' }).click();
  await page.getByRole('button', { name: 'Crash consumer p-1' }).click();
  await runFor(page, 6000);
  const during = await snapshot(page);
  const lagOf = (s: typeof during) => owned.reduce((n, tp) => n + s.partitions[tp.partition].lag.payments, 0);
  expect(lagOf(during)).toBeGreaterThan(20);
  await runFor(page, 8000);
  const after = await snapshot(page);
  const payments = after.groups.find((g) => g.groupId === 'payments')!;
  expect(payments.state).toBe('Stable');
  for (const tp of owned) expect(after.partitions[tp.partition].owner.payments).not.toBe('p-1');
  await runFor(page, 10_000);
  expect(lagOf(await snapshot(page))).toBeLessThan(lagOf(during));
  expect((await metrics(page)).groups.payments.rebalances).toBeGreaterThanOrEqual(2);
  await page.getByRole('tab', { name: 'Outcomes' }).click();
});

test('a hot key at 80% raises the skew alert', async ({ page }) => {
  await openScenario(page, 'hot-partition');
  await runFor(page, 5000);
  await page.getByRole('tab', { name: 'Controls' }).click();
  await page.getByRole('slider', { name: 'Hot key share' }).fill('0.8');
  await page.getByRole('button', { name: 'Create hot key' }).click();
  await runFor(page, 20_000);
  await page.getByRole('tab', { name: 'Lag' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /skew/i })).toBeVisible();
  expect((await metrics(page)).groups.payments.isSkewed).toBe(true);
});
