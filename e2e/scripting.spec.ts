// window.queuescope as a demo author uses it: load, playback, time travel, faults,
// reading the run, subscribing to events, and clear errors that leave the run on screen.

import type { SimEvent } from '../src/engine';
import { expect, openScenario, snapshot, test, withoutVersion } from './fixtures';

declare global {
  interface Window {
    qsSeen?: SimEvent[];
    qsAll?: number;
  }
}

test('window.queuescope drives the page the way a demo script does', async ({ page }) => {
  await openScenario(page);
  const clock = page.getByRole('status', { name: 'Simulated time' });
  const diagram = page.getByRole('main', { name: 'Flow diagram' });
  expect(await page.evaluate(() => window.queuescope!.version)).toMatch(/^\d+\.\d+\.\d+$/);

  // load a preset with a seed: the page switches to it, at t = 0, paused.
  await page.evaluate(() => window.queuescope!.load('hot-partition', { seed: 5 }));
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('hot-partition');
  await expect(page.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('5');
  await expect(clock).toHaveText('t = 0:00.0');
  expect(await page.evaluate(() => window.queuescope!.now())).toBe(0);

  // play / pause, as the toolbar shows it.
  await page.evaluate(() => window.queuescope!.play());
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  expect(await page.evaluate(() => window.queuescope!.isPlaying())).toBe(true);
  await page.evaluate(() => window.queuescope!.pause());
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  expect(await page.evaluate(() => window.queuescope!.isPlaying())).toBe(false);

  // step, seek back and forward, stepEvent: exact simulated times, shown on the clock.
  await page.evaluate(() => window.queuescope!.seek(0));
  await page.evaluate(() => window.queuescope!.step(4000));
  await expect(clock).toHaveText('t = 0:04.0');
  const at4 = await snapshot(page);
  expect(at4.nowMs).toBe(4000);
  await page.evaluate(() => window.queuescope!.seek(1500));
  await expect(clock).toHaveText('t = 0:01.5');
  await page.evaluate(() => window.queuescope!.seek(4000));
  expect(withoutVersion(await snapshot(page))).toEqual(withoutVersion(at4));
  await page.evaluate(() => window.queuescope!.stepEvent());
  const afterEvent = await page.evaluate(() => window.queuescope!.now());
  expect(afterEvent).toBeGreaterThan(4000);
  // step() with no argument advances 100 ms.
  await page.evaluate(() => window.queuescope!.step());
  expect(await page.evaluate(() => window.queuescope!.now())).toBeCloseTo(afterEvent + 100, 6);
  await page.evaluate(() => window.queuescope!.seek(6000));

  // speed, shown in the toolbar.
  await page.evaluate(() => window.queuescope!.setSpeed(4));
  await expect(page.getByText('Speed 4.0×')).toBeVisible();

  // Subscribe, inject a fault, receive its events; an unsubscribed callback hears nothing.
  const description = await page.evaluate(() => {
    const q = window.queuescope!;
    window.qsSeen = [];
    window.qsAll = 0;
    q.on('member-state', (e) => window.qsSeen!.push(e));
    const off = q.on('*', () => {
      window.qsAll! += 1;
    });
    const text = q.inject({ type: 'crash-consumer', memberId: 'p-1' });
    q.step(1000);
    off();
    return text;
  });
  expect(description).toContain('p-1');
  const seen = await page.evaluate(() => window.qsSeen!);
  expect(seen.length).toBeGreaterThan(0);
  for (const e of seen) expect(e.type).toBe('member-state');
  expect(seen).toContainEqual(
    expect.objectContaining({ type: 'member-state', memberId: 'p-1', to: 'Crashed' }),
  );
  for (const e of seen) {
    expect(e.atMs).toBeGreaterThanOrEqual(6000);
    expect(e.atMs).toBeLessThanOrEqual(7000);
  }
  const all = await page.evaluate(() => window.qsAll!);
  expect(all).toBeGreaterThan(seen.length);
  await page.evaluate(() => window.queuescope!.step(1000));
  expect(await page.evaluate(() => window.qsAll!)).toBe(all);
  await expect(diagram.getByLabel('Consumer p-1: Crashed')).toBeVisible();

  // snapshot, metrics and link read the same run.
  const read = await page.evaluate(() => {
    const q = window.queuescope!;
    return { now: q.now(), snap: q.snapshot(), metrics: q.metrics(), link: q.link() };
  });
  expect(read.snap.nowMs).toBe(read.now);
  expect(read.now).toBe(8000);
  const p1 = read.snap.groups
    .find((g) => g.groupId === 'payments')!
    .members.find((m) => m.memberId === 'p-1')!;
  expect(p1.state).toBe('Crashed');
  expect(read.metrics.groups.payments.lag).toBe(read.snap.partitions.reduce((n, p) => n + p.lag.payments, 0));
  expect(read.link).toContain('scenario=hot-partition');
  expect(read.link).toContain('seed=5');

  // Subscriptions follow a reload to the new run.
  await page.evaluate(() => {
    const q = window.queuescope!;
    q.load('default', { seed: 2 });
    window.qsSeen = [];
    q.step(12_000);
  });
  expect((await page.evaluate(() => window.qsSeen!)).length).toBeGreaterThan(0);

  // Invalid input: a clear error, and the current run stays on screen unchanged.
  await page.evaluate(() => {
    const q = window.queuescope!;
    q.load('hot-partition', { seed: 5 });
    q.step(8000);
  });
  await expect(clock).toHaveText('t = 0:08.0');
  const before = await snapshot(page);
  const errors = await page.evaluate(() => {
    const q = window.queuescope!;
    const attempt = (f: () => unknown) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    return {
      unknownPreset: attempt(() => q.load('no-such-preset')),
      badScenario: attempt(() => q.load({ topics: [{ name: 'orders', partitions: -3 }] } as never)),
      notAScenario: attempt(() => q.load(42 as never)),
      stepText: attempt(() => q.step('1000' as never)),
      stepNegative: attempt(() => q.step(-5)),
      seekNegative: attempt(() => q.seek(-1)),
      speedTooHigh: attempt(() => q.setSpeed(1000)),
      unknownEvent: attempt(() => q.on('no-such-event' as never, () => {})),
      badFault: attempt(() => q.inject({ type: 'melt-broker' } as never)),
    };
  });
  expect(errors.unknownPreset).toMatch(/no preset "no-such-preset"/);
  expect(errors.badScenario).toMatch(/partitions/);
  expect(errors.notAScenario).toMatch(/TypeError: load: pass a preset id/);
  expect(errors.stepText).toMatch(/TypeError: step: ms must be a number/);
  expect(errors.stepNegative).toMatch(/RangeError: step: ms must be from 0/);
  expect(errors.seekNegative).toMatch(/RangeError: seek: ms must be from 0/);
  expect(errors.speedTooHigh).toMatch(/RangeError: speed must be a number from 0\.25 to 64, got 1000/);
  expect(errors.unknownEvent).toMatch(/unknown event type "no-such-event"/);
  expect(errors.badFault).toMatch(/melt-broker/);
  expect(withoutVersion(await snapshot(page))).toEqual(withoutVersion(before));
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('hot-partition');
  await expect(clock).toHaveText('t = 0:08.0');
  await expect(page.getByText('Speed 4.0×')).toBeVisible();
  await expect(diagram.getByLabel('Consumer group payments: Stable')).toBeVisible();
});
