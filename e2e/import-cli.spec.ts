// Bring your own group: paste the output of kafka-consumer-groups.sh --describe into the Import
// dialog; the diagram shows its topic and partitions and the Lag tab its lag. A malformed line is
// named by line and column and the scenario on screen stays.

import { expect, openScenario, shownPartitionLag, snapshot, test } from './fixtures';

const SAMPLE = `Consumer group 'billing' has 2 active members.

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                                HOST            CLIENT-ID
billing         invoices        0          10400           10450           50              billing-1-6f1c0f0e-5d8a-4b6e-9a43-0c1d2f3e4a5b             /10.0.0.11      billing-1
billing         invoices        1          9800            10200           400             billing-1-6f1c0f0e-5d8a-4b6e-9a43-0c1d2f3e4a5b             /10.0.0.11      billing-1
billing         invoices        2          10100           10180           80              billing-2-a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d             /10.0.0.12      billing-2
`;

async function pasteOutput(page: import('@playwright/test').Page, text: string) {
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Paste kafka-consumer-groups output' }).fill(text);
  await dialog.getByRole('button', { name: 'Build scenario from output' }).click();
  return dialog;
}

test('pasted kafka-consumer-groups output becomes the scenario: its topic, partitions and lag', async ({
  page,
}) => {
  await openScenario(page);
  const dialog = await pasteOutput(page, SAMPLE);
  await expect(dialog).toBeHidden();
  const snap = await snapshot(page);
  expect(snap.topics.map((t) => [t.name, t.partitions])).toEqual([['invoices', 3]]);
  const diagram = page.locator('svg[data-diagram="flow"]');
  for (const p of [0, 1, 2]) await expect(diagram.getByText(`invoices-${p}`, { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Lag' }).click();
  expect(await shownPartitionLag(page, 'billing', 'invoices', 1)).toBe(400);
  expect(await shownPartitionLag(page, 'billing', 'invoices', 0)).toBe(50);
  await expect(page.getByTestId('drain-billing')).toContainText('time to drain');
});

test('a malformed line names its line and column, and the scenario on screen stays', async ({ page }) => {
  await openScenario(page);
  const before = await snapshot(page);
  const broken = SAMPLE.replace('invoices        1          9800', 'invoices        one        9800');
  const dialog = await pasteOutput(page, broken);
  await expect(dialog.getByRole('alert')).toContainText('Line 5, column PARTITION');
  await expect(dialog.getByRole('alert')).toContainText('The current scenario is kept');
  const after = await snapshot(page);
  expect(after.scenarioId).toBe(before.scenarioId);
  expect(after.topics).toEqual(before.topics);
});
