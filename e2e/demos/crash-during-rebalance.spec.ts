import { Demo } from '../demo';
import { expect, inject, metrics, openScenario, runFor, shownFigure, snapshot, test } from '../fixtures';

/** "3 rebalances, last 9.0 s, …" in the Lag tab: the last rebalance's duration, in ms. */
function shownLastRebalanceMs(text: string): number {
  const match = /rebalances?, last ([\d.]+) (s|ms)/.exec(text);
  if (!match) throw new Error(`no rebalance duration in: ${text}`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

test('demo: crash during rebalance', async ({ page }) => {
  const demo = new Demo(page, 'crash-during-rebalance');
  await openScenario(page, 'default', { seed: 7 });
  await runFor(page, 10_000);
  const diagram = page.getByRole('main', { name: 'Flow diagram' });
  const panel = page.getByRole('tabpanel');
  const owned = (await snapshot(page)).groups
    .find((g) => g.groupId === 'payments')!
    .members.find((m) => m.memberId === 'p-2')!.assigned;
  expect(owned.length).toBeGreaterThan(0);
  await page.getByRole('tab', { name: 'Lag' }).click();
  const lagRegion = panel.getByRole('region', { name: 'Lag of payments' });
  const lagBefore = await shownFigure(lagRegion, 'records behind');
  await demo.shot('Two groups read orders; every partition has one owner per group.');

  await inject(page, { type: 'add-consumer', groupId: 'payments' });
  await runFor(page, 1500);
  await expect(diagram.getByLabel('Consumer group payments: PreparingRebalance')).toBeVisible();
  await demo.shot('A new consumer joins: payments starts an eager rebalance and revokes every partition.');

  await inject(page, { type: 'crash-consumer', memberId: 'p-2' });
  await runFor(page, 3000);
  // The coordinator still waits for p-2: the group is stuck rebalancing, nobody consumes,
  // and the lag on screen climbs on every partition.
  await expect(diagram.getByLabel('Consumer p-2: Crashed')).toBeVisible();
  await expect(diagram.getByLabel('Consumer group payments: PreparingRebalance')).toBeVisible();
  const lagStuck = await shownFigure(lagRegion, 'records behind');
  expect(lagStuck).toBeGreaterThan(lagBefore + 50);
  expect(lagStuck).toBe((await metrics(page)).groups.payments.lag);
  await demo.shot('p-2 crashes mid-rebalance: the coordinator waits for it until its session times out.');

  await runFor(page, 12_000);
  const s = await snapshot(page);
  const m = (await metrics(page)).groups.payments;
  expect(s.groups.find((g) => g.groupId === 'payments')!.state).toBe('Stable');
  await expect(diagram.getByLabel('Consumer group payments: Stable')).toBeVisible();
  // The crash held the rebalance for about session.timeout.ms (a join alone takes ~2 s),
  // and the records that piled up meanwhile arrived seconds late.
  expect(m.rebalanceLastMs).toBeGreaterThan(5000);
  expect(await shownLastRebalanceMs(await lagRegion.innerText())).toBeGreaterThan(5000);
  expect(m.latencyMs.p99).toBeGreaterThan(5000);
  // The lag peaked while the group was stuck and the new generation is draining it.
  const lagAfter = await shownFigure(lagRegion, 'records behind');
  expect(lagAfter).toBeLessThan(lagStuck);
  await demo.shot('After session.timeout.ms the group completes without p-2; the backlog drains.');

  // p-2's partitions now belong to live members, as the partition inspector shows.
  const live = new Set(
    s.groups
      .find((g) => g.groupId === 'payments')!
      .members.filter((x) => x.state === 'Stable')
      .map((x) => x.memberId),
  );
  expect(live.has('p-2')).toBe(false);
  for (const tp of owned) {
    const owner = s.partitions[tp.partition].owner.payments;
    expect(owner).not.toBe('p-2');
    expect(live.has(owner!)).toBe(true);
    await diagram.getByLabel(new RegExp(`^Partition ${tp.topic}-${tp.partition}: `)).press('Enter');
    await expect(panel.getByRole('heading', { name: `Partition ${tp.topic}-${tp.partition}` })).toBeVisible();
    const row = panel
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'payments', exact: true }) });
    await expect(row.getByRole('cell').last()).toHaveText(owner!);
  }
  await demo.shot(
    `p-2's partitions moved: ${owned.map((tp) => `${tp.topic}-${tp.partition}`).join(', ')} now have a live owner.`,
  );
});
