import { Demo } from '../demo';
import {
  expect,
  inject,
  metrics,
  openScenario,
  runFor,
  shownFigure,
  shownPartitionLag,
  snapshot,
  test,
} from '../fixtures';

test('demo: poison message to DLQ and redrive', async ({ page }) => {
  const demo = new Demo(page, 'poison-to-dlq');
  await openScenario(page, 'poison-message', { seed: 3 });
  const panel = page.getByRole('tabpanel');
  const dlqRows = () => panel.getByRole('table').getByRole('row');
  await runFor(page, 9000);
  // The poison record blocks its partition: attempts fail, nothing is dead-lettered yet.
  expect((await snapshot(page)).deadLetters).toHaveLength(0);
  expect((await metrics(page)).groups.payments.failedAttempts).toBeGreaterThan(0);
  await page.getByRole('tab', { name: 'DLQ' }).click();
  await expect(dlqRows()).toHaveCount(1);
  await page.getByRole('tab', { name: 'Lag' }).click();
  const blockedLag = await shownPartitionLag(page, 'payments', 'orders', 0);
  expect(blockedLag).toBeGreaterThan(0);
  await demo.shot('A record with a broken schema arrives; every attempt fails.');

  await runFor(page, 9000);
  const s = await snapshot(page);
  expect(s.deadLetters).toHaveLength(1);
  const letter = s.deadLetters[0];
  expect(letter.reason).toBe('poison');
  expect(letter.attempts).toBe(4);
  // Its partition flows again once the record is set aside.
  expect(await shownPartitionLag(page, 'payments', 'orders', letter.source.partition)).toBeLessThan(
    blockedLag,
  );
  // On screen: the Outcomes counter, then the DLQ table row with its reason and attempts.
  await page.getByRole('tab', { name: 'Outcomes' }).click();
  expect(
    await shownFigure(panel.getByRole('region', { name: 'Outcomes for payments' }), 'dead-lettered'),
  ).toBe(1);
  await page.getByRole('tab', { name: 'DLQ' }).click();
  await expect(dlqRows()).toHaveCount(2);
  const row = dlqRows().filter({ hasText: `#${letter.messageId}` });
  await expect(row.getByRole('cell').nth(0)).toContainText(letter.key ?? 'null key');
  await expect(row.getByRole('cell').nth(1)).toHaveText('poison');
  await expect(row.getByRole('cell').nth(2)).toHaveText('4');
  await expect(row.getByRole('cell').nth(3)).toContainText(
    `${letter.source.topic}-${letter.source.partition}@${letter.source.offset}`,
  );
  await expect(row.getByRole('button', { name: `Redrive message ${letter.messageId}` })).toBeEnabled();
  await demo.shot('After 4 attempts with backoff it is dead-lettered; its partition flows again.');

  await inject(page, { type: 'redrive' });
  await runFor(page, 2000);
  // Redriven: gone from the DLQ, back in orders at a new offset ...
  expect((await snapshot(page)).deadLetters).toHaveLength(0);
  await expect(dlqRows()).toHaveCount(1);
  await runFor(page, 8000);
  // ... where it fails again and returns, counted as redriven once.
  const back = (await snapshot(page)).deadLetters;
  expect(back).toHaveLength(1);
  expect(back[0].messageId).toBe(letter.messageId);
  expect(back[0].redriveCount).toBe(1);
  expect(back[0].source.offset).toBeGreaterThan(letter.source.offset);
  await expect(
    dlqRows()
      .filter({ hasText: `#${letter.messageId}` })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('poison · redriven 1×');
  await demo.shot('Redrive sends it back to orders: it fails again, and the loop guard will park it.');
});
