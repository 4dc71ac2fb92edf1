import { Demo } from '../demo';
import { expect, inject, openScenario, runFor, snapshot, test } from '../fixtures';

test('demo: crash during rebalance', async ({ page }) => {
  const demo = new Demo(page, 'crash-during-rebalance');
  await openScenario(page, 'default', { seed: 7 });
  await runFor(page, 10_000);
  await demo.shot('Two groups read orders; every partition has one owner per group.');
  await inject(page, { type: 'add-consumer', groupId: 'payments' });
  await runFor(page, 1500);
  await demo.shot('A new consumer joins: payments starts an eager rebalance and revokes every partition.');
  await inject(page, { type: 'crash-consumer', memberId: 'p-2' });
  await runFor(page, 3000);
  await demo.shot('p-2 crashes mid-rebalance: the coordinator waits for it until its session times out.');
  await runFor(page, 12_000);
  const s = await snapshot(page);
  expect(s.groups.find((g) => g.groupId === 'payments')!.state).toBe('Stable');
  await demo.shot('After session.timeout.ms the group completes without p-2; its partitions moved.');
});
