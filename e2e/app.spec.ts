import {
  expect,
  metrics,
  openScenario,
  runFor,
  shownFigure,
  shownPartitionLag,
  simTime,
  snapshot,
  test,
} from './fixtures';

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

  // → runs exactly the next engine event: the clock moves strictly forward to it and
  // playback stays paused. Twenty presses land on the same times as twenty calls of the
  // API's stepEvent from the same start (the engine is deterministic).
  await runFor(page, 5000);
  const t0 = await simTime(page);
  await page.keyboard.press('ArrowRight');
  const t1 = await simTime(page);
  expect(t1).toBeGreaterThan(t0);
  expect(t1 - t0).toBeLessThan(100);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  expect(await page.evaluate(() => window.queuescope!.isPlaying())).toBe(false);
  const pressed = [t1];
  for (let i = 0; i < 19; i++) {
    await page.keyboard.press('ArrowRight');
    pressed.push(await simTime(page));
  }
  for (let i = 1; i < pressed.length; i++) expect(pressed[i]).toBeGreaterThanOrEqual(pressed[i - 1]);
  expect(pressed[pressed.length - 1]).toBeGreaterThan(t1);
  const stepped = await page.evaluate((from) => {
    const q = window.queuescope!;
    q.seek(from);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      q.stepEvent();
      times.push(q.now());
    }
    return times;
  }, t0);
  expect(pressed).toEqual(stepped);
  // Shift+→ is 100 ms: the clock on screen reads a tenth of a second more.
  await page.evaluate((t) => window.queuescope!.seek(t), 5000);
  await expect(page.getByRole('status', { name: 'Simulated time' })).toHaveText('t = 0:05.0');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByRole('status', { name: 'Simulated time' })).toHaveText('t = 0:05.1');

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

test('each side tab shows its own content', async ({ page }) => {
  await openScenario(page);
  await runFor(page, 8000);
  const panel = page.getByRole('tabpanel');
  const m = (await metrics(page)).groups.payments;

  // Outcomes (the default tab): the counters per group, with the engine's figures.
  await expect(page.getByRole('tab', { name: 'Outcomes' })).toHaveAttribute('aria-selected', 'true');
  const outcomes = panel.getByRole('region', { name: 'Outcomes for payments' });
  await expect(outcomes).toBeVisible();
  await expect(panel.getByRole('region', { name: 'Outcomes for analytics' })).toBeVisible();
  for (const label of ['duplicates', 'lost', 'dead-lettered']) await expect(outcomes).toContainText(label);
  expect(await shownFigure(outcomes, 'rebalances')).toBe(m.rebalances);
  expect(await shownFigure(outcomes, 'duplicates')).toBe(m.duplicates);

  // Lag: the history chart, one bar per partition, the figures.
  await page.getByRole('tab', { name: 'Lag' }).click();
  await expect(page.getByRole('tab', { name: 'Lag' })).toHaveAttribute('aria-selected', 'true');
  await expect(outcomes).toBeHidden();
  await expect(panel.getByRole('img', { name: 'Lag over time per consumer group' })).toBeVisible();
  const bars = panel.getByRole('list', { name: 'Lag per partition for payments' }).getByRole('listitem');
  await expect(bars).toHaveCount(6);
  await expect(bars.first()).toContainText('orders-0');
  const lagRegion = panel.getByRole('region', { name: 'Lag of payments' });
  expect(await shownFigure(lagRegion, 'records behind')).toBe(m.lag);
  const s = await snapshot(page);
  for (let p = 0; p < 6; p++)
    expect(await shownPartitionLag(page, 'payments', 'orders', p)).toBe(s.partitions[p].lag.payments);

  // Controls: a button per fault and per consumer.
  await page.getByRole('tab', { name: 'Controls' }).click();
  await expect(panel.getByRole('img', { name: 'Lag over time per consumer group' })).toBeHidden();
  for (const id of ['p-1', 'p-2', 'p-3'])
    await expect(panel.getByRole('button', { name: `Crash consumer ${id}` })).toBeVisible();

  // DLQ: the depth chart and the table of dead letters (empty here).
  await page.getByRole('tab', { name: 'DLQ' }).click();
  await expect(panel.getByRole('button', { name: 'Crash consumer p-1' })).toBeHidden();
  await expect(panel.getByRole('heading', { name: /Dead-letter queue/ })).toBeVisible();
  await expect(panel.getByRole('img', { name: /DLQ depth over time/ })).toBeVisible();
  const table = panel.getByRole('table');
  for (const column of ['Message', 'Reason', 'Attempts', 'From'])
    await expect(table.getByRole('columnheader', { name: column })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(1);

  // Statechart: the coordinator's, the member's and the poll loop's charts, their current states named.
  await page.getByRole('tab', { name: 'Statechart' }).click();
  await expect(panel.getByRole('table')).toBeHidden();
  await expect(
    panel.getByRole('img', { name: /Group coordinator of payments statechart, current state Stable/ }),
  ).toBeVisible();
  await expect(
    panel.getByRole('img', { name: /Consumer member p-1 statechart, current state Stable/ }),
  ).toBeVisible();
  await expect(
    panel.getByRole('img', {
      name: /Poll loop of p-1 statechart, current state [A-Z][a-z]+/,
    }),
  ).toBeAttached();
  await expect(
    panel.getByRole('img', { name: /Group coordinator of payments/ }).getByText('Stable', { exact: true }),
  ).toBeVisible();

  // Inspector: asks for a selection; a click on a consumer in the diagram fills it.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await expect(panel).toContainText('Click a partition, a consumer');
  await page.getByLabel('Consumer p-2: Stable').click();
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('heading', { name: /Consumer p-2/ })).toBeVisible();
  const assigned = s.groups
    .find((g) => g.groupId === 'payments')!
    .members.find((x) => x.memberId === 'p-2')!
    .assigned.map((tp) => `${tp.topic}-${tp.partition}`)
    .join(', ');
  expect(assigned).not.toBe('');
  await expect(panel).toContainText(assigned);
});

test('crashing a consumer: shown crashed, its lag rises on screen, a rebalance moves its partitions, lag recovers', async ({
  page,
}) => {
  await openScenario(page);
  await runFor(page, 8000);
  const owned = (await snapshot(page)).groups
    .find((g) => g.groupId === 'payments')!
    .members.find((m) => m.memberId === 'p-1')!.assigned;
  expect(owned.length).toBeGreaterThan(0);
  const diagram = page.getByRole('main', { name: 'Flow diagram' });
  await expect(diagram.getByLabel('Consumer p-1: Stable')).toBeVisible();
  await page.getByRole('tab', { name: 'Lag' }).click();
  const lagRegion = page.getByRole('region', { name: 'Lag of payments' });
  const shownLagOf = async () => {
    let n = 0;
    for (const tp of owned) n += await shownPartitionLag(page, 'payments', tp.topic, tp.partition);
    return n;
  };
  const lagBefore = await shownLagOf();
  const behindBefore = await shownFigure(lagRegion, 'records behind');

  await page.getByRole('tab', { name: 'Controls' }).click();
  await page.getByRole('button', { name: 'Crash consumer p-1' }).click();
  await runFor(page, 6000);

  // What a person sees: the consumer drawn as crashed, the crash in the event log, its
  // partitions' lag climbing in the Lag tab, and the inspector saying so.
  await expect(diagram.getByLabel('Consumer p-1: Crashed')).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Event log' }).getByRole('listitem').filter({ hasText: 'p-1' }).first(),
  ).toContainText(/crash/i);
  await page.getByRole('tab', { name: 'Lag' }).click();
  const lagDuring = await shownLagOf();
  expect(lagDuring).toBeGreaterThan(lagBefore + 20);
  expect(await shownFigure(lagRegion, 'records behind')).toBeGreaterThan(behindBefore);
  const during = await snapshot(page);
  expect(lagDuring).toBe(owned.reduce((n, tp) => n + during.partitions[tp.partition].lag.payments, 0));
  await diagram.getByLabel('Consumer p-1: Crashed').click();
  const panel = page.getByRole('tabpanel');
  await expect(panel.getByRole('heading', { name: /Consumer p-1/ })).toBeVisible();
  await expect(panel).toContainText(/Crashed since/);

  // After session.timeout.ms the group rebalances without p-1: each of its partitions
  // shows a new owner in the inspector.
  await runFor(page, 8000);
  const after = await snapshot(page);
  expect(after.groups.find((g) => g.groupId === 'payments')!.state).toBe('Stable');
  await expect(diagram.getByLabel('Consumer group payments: Stable')).toBeVisible();
  for (const tp of owned) {
    const owner = after.partitions[tp.partition].owner.payments;
    expect(owner).not.toBe('p-1');
    expect(owner).toBeTruthy();
    // A click on the strip lands on a record; the keyboard selects the partition itself.
    await diagram.getByLabel(new RegExp(`^Partition ${tp.topic}-${tp.partition}: `)).press('Enter');
    await expect(panel.getByRole('heading', { name: `Partition ${tp.topic}-${tp.partition}` })).toBeVisible();
    const row = panel
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'payments', exact: true }) });
    await expect(row.getByRole('cell').last()).toHaveText(owner!);
  }

  // The Outcomes tab counts the rebalance; then the survivors drain the lag.
  await page.getByRole('tab', { name: 'Outcomes' }).click();
  const outcomes = page.getByRole('region', { name: 'Outcomes for payments' });
  const rebalances = (await metrics(page)).groups.payments.rebalances;
  expect(rebalances).toBeGreaterThanOrEqual(2);
  expect(await shownFigure(outcomes, 'rebalances')).toBe(rebalances);
  await runFor(page, 10_000);
  await page.getByRole('tab', { name: 'Lag' }).click();
  expect(await shownLagOf()).toBeLessThan(lagDuring);
});

test('a hot key at 80% raises the skew alert naming the hot partition', async ({ page }) => {
  await openScenario(page, 'hot-partition');
  await runFor(page, 5000);
  await page.getByRole('tab', { name: 'Lag' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /skew/i })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Controls' }).click();
  await page.getByRole('slider', { name: 'Hot key share' }).fill('0.8');
  await page.getByRole('button', { name: 'Create hot key' }).click();
  await runFor(page, 20_000);
  await page.getByRole('tab', { name: 'Lag' }).click();
  const m = (await metrics(page)).groups.payments;
  expect(m.isSkewed).toBe(true);
  const hot = m.lagByPartition.indexOf(Math.max(...m.lagByPartition));
  await expect(page.getByRole('alert').filter({ hasText: /skew/i })).toContainText(`orders-${hot}`);
  const hotShown = await shownPartitionLag(page, 'payments', 'orders', hot);
  expect(hotShown).toBe(m.lagByPartition[hot]);
  for (let p = 0; p < m.lagByPartition.length; p++)
    if (p !== hot) expect(await shownPartitionLag(page, 'payments', 'orders', p)).toBeLessThan(hotShown / 3);
});
