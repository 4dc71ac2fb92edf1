// Lessons as a learner meets them: one lesson completed with the keyboard alone (including
// the presentation keys), one by touch on a phone, a malformed lesson link, and the
// first-visit "Start here" line.

import type { Locator, Page } from '@playwright/test';
import LZString from 'lz-string';
import { expect, test } from './fixtures';

const panel = (page: Page) => page.getByRole('complementary', { name: 'Lesson panel' });

async function boxesApart(a: Locator, b: Locator) {
  const x = (await a.boundingBox())!;
  const y = (await b.boundingBox())!;
  const isApart =
    x.x + x.width <= y.x + 1 ||
    y.x + y.width <= x.x + 1 ||
    x.y + x.height <= y.y + 1 ||
    y.y + y.height <= x.y + 1;
  expect(isApart, `${JSON.stringify(x)} and ${JSON.stringify(y)} overlap`).toBe(true);
}

async function lessonState(page: Page) {
  return page.evaluate(() => window.queuescope!.lessonState());
}

test('a lesson completed by keyboard only, with the presentation keys', async ({ page }) => {
  // Each run plays at the speed a learner watches (about 5 s of wall time per step).
  test.setTimeout(300_000);
  await page.goto('./?lesson=why-a-queue');
  const lesson = panel(page);
  await expect(lesson.getByRole('heading', { name: /Why a queue/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Start here' })).toHaveCount(0);
  // The panel sits beside the diagram, never over it.
  await boxesApart(lesson, page.locator('svg.qs-flow'));

  await expect(lesson.getByRole('button', { name: 'Start lesson', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  // Step 1: no prediction; Run plays the page's own player to the step's end.
  await expect(lesson.getByText('Step 1 of 4')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(lesson.getByRole('button', { name: 'Next step', exact: true })).toBeFocused({
    timeout: 40_000,
  });
  expect(await page.evaluate(() => window.queuescope!.now())).toBe(8000);
  await page.keyboard.press('Enter');

  // Step 2: predict with the keyboard (Space picks the focused choice), then Run.
  await expect(lesson.getByText('Step 2 of 4')).toBeVisible();
  await page.keyboard.press('Enter');
  const first = lesson.getByRole('radio').first();
  await expect(first).toBeFocused();
  await page.keyboard.press('Space');
  await expect(first).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(lesson.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  const reveal = lesson.getByRole('region', { name: 'Reveal' });
  await expect(reveal).toBeVisible({ timeout: 40_000 });
  await expect(reveal.getByTestId('lesson-guess')).toContainText('keeps publishing');
  await expect(reveal.getByTestId('lesson-figure')).toContainText('orders/s published');
  await expect(reveal).toContainText('Right');
  // The step's part of the diagram is lit.
  await expect(page.locator('svg.qs-flow rect.highlight').first()).toBeVisible();
  expect(await page.evaluate(() => window.queuescope!.now())).toBe(18_000);

  // Step 3: a number, typed; Enter submits it.
  await page.keyboard.press('Enter');
  await expect(lesson.getByText('Step 3 of 4')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(lesson.getByRole('spinbutton')).toBeFocused();
  // The run is 0 ms: the answer is the lag on screen now (the Outcomes panel shows it too).
  const engineLag = (await page.evaluate(() => window.queuescope!.metrics())).groups.payments.lag;
  await page.keyboard.type(String(engineLag));
  await page.keyboard.press('Enter');
  await expect(reveal.getByTestId('lesson-guess')).toHaveText(engineLag.toLocaleString('en-US'));
  await expect(reveal.getByTestId('lesson-figure')).toContainText(
    `${engineLag.toLocaleString('en-US')} records`,
  );
  await expect(reveal).toContainText('Right');
  expect(engineLag).toBeGreaterThan(300);

  // Step 4 with the presentation keys: PageDown reads on, answers the picked choice, runs.
  await page.keyboard.press('PageDown');
  await expect(lesson.getByText('Step 4 of 4')).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect(lesson.getByRole('radio').first()).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('PageDown');
  await expect(reveal).toBeVisible({ timeout: 40_000 });
  // B blanks the screen for the room, and brings it back.
  await page.keyboard.press('b');
  await expect(page.getByRole('dialog', { name: /Blank screen/ })).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.getByRole('dialog', { name: /Blank screen/ })).toHaveCount(0);
  // PageUp goes back to the start of this step (replayed), PageDown comes forward again.
  await page.keyboard.press('PageUp');
  await expect(lesson.getByRole('button', { name: 'Next: predict' })).toBeVisible();
  expect(await page.evaluate(() => window.queuescope!.now())).toBe(18_000);
  await page.keyboard.press('PageDown');
  await page.keyboard.press('Space');
  await page.keyboard.press('PageDown');
  // While it runs, PageDown skips to the step's end (an exact seek).
  await expect(lesson.getByRole('button', { name: 'Skip to the end' })).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect(reveal).toBeVisible();
  expect(await page.evaluate(() => window.queuescope!.now())).toBe(58_000);
  await expect(lesson.getByRole('button', { name: 'Finish', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(lesson.getByText(/Lesson complete\. Predictions right: 3 of 3/)).toBeVisible();
  expect(await lessonState(page)).toMatchObject({ lessonId: 'why-a-queue', phase: 'Done' });

  // The index shows the progress, and it survives a reload.
  await page.keyboard.press('Enter');
  await expect(lesson.getByTestId('lesson-progress')).toContainText(
    '1 lessons done · predictions right 3 of 3',
  );
  await page.goto('./');
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await expect(panel(page).getByTestId('lesson-progress')).toContainText('1 lessons done');
});

test('at 1280×800 an open lesson leaves the diagram its side-by-side drawing and every side tab in view', async ({
  page,
}) => {
  await page.goto('./?lesson=sqs-visibility-timeout&step=3');
  await expect(panel(page).getByText('Step 3 of 3')).toBeVisible();
  await expect(page.locator('.qs-flow-wrap')).not.toHaveAttribute('data-layout', 'vertical');
  const tabs = page.getByRole('tablist', { name: 'Panels' }).getByRole('tab');
  expect(await tabs.count()).toBe(6);
  for (const tab of await tabs.all()) {
    const box = (await tab.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
  }
  await expect(page.locator('.qs-flow g.queue-consumer[data-key="h-1"]')).toBeInViewport();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a lesson completed by touch, its sheet held at the bottom of the screen', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('./');
    const start = page.getByRole('region', { name: 'Start here' });
    await expect(start).toBeVisible();
    await start.getByRole('button', { name: 'Start the first lesson' }).tap();
    const lesson = panel(page);
    await expect(lesson.getByRole('heading', { name: /Why a queue/ })).toBeVisible();
    // The sheet is held at the bottom of the screen, under half its height; the diagram
    // keeps more than 200 px in view above it.
    const sheet = (await lesson.boundingBox())!;
    const diagram = (await page.locator('svg.qs-flow').boundingBox())!;
    expect(sheet.y + sheet.height).toBeLessThanOrEqual(844 + 1);
    expect(sheet.height).toBeLessThanOrEqual(844 * 0.45);
    expect(Math.min(sheet.y, diagram.y + diagram.height) - Math.max(diagram.y, 0)).toBeGreaterThan(200);
    await expect(lesson.getByRole('button', { name: 'Start lesson', exact: true })).toBeInViewport();

    await lesson.getByRole('button', { name: 'Start lesson', exact: true }).tap();
    for (let step = 1; step <= 4; step++) {
      await expect(lesson.getByText(`Step ${step} of 4`)).toBeVisible();
      const state = await lessonState(page);
      const next = lesson.getByRole('button', { name: /^(Run|Next: predict)$/ });
      await next.tap();
      if (state?.step?.prediction) {
        if (state.step.prediction.kind === 'choice') await lesson.getByRole('radio').first().tap();
        else {
          await lesson.getByRole('spinbutton').tap();
          await page.keyboard.type('500');
        }
        await lesson.getByRole('button', { name: 'Run', exact: true }).tap();
        // The 40 s drain is skipped to its end (an exact seek); the others play out.
        if (step === 4) await lesson.getByRole('button', { name: 'Skip to the end' }).tap();
        await expect(lesson.getByRole('region', { name: 'Reveal' })).toBeVisible({ timeout: 40_000 });
      }
      await lesson
        .getByRole('button', { name: step === 4 ? 'Finish' : 'Next step' })
        .tap({ timeout: 40_000 });
    }
    await expect(lesson.getByText(/Lesson complete/)).toBeVisible();
    expect(await lessonState(page)).toMatchObject({ phase: 'Done', stepCount: 4 });
  });

  test('with the browser toolbars showing (390×664), a long intro keeps "Start lesson" on the sheet’s first screen', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 390, height: 664 });
    const lesson = panel(page);
    // The longest intros (title and concept) of the curriculum.
    for (const id of ['rabbitmq-nack-requeue', 'transactions-eos']) {
      await page.goto(`./?lesson=${id}`);
      await expect(lesson.getByRole('heading', { level: 2 })).toBeInViewport({ ratio: 1 });
      await expect(lesson.getByRole('button', { name: 'Start lesson', exact: true })).toBeInViewport({
        ratio: 1,
      });
    }
    // Opened from the index scrolled down to it, the lesson still starts at its title.
    await lesson.getByRole('button', { name: 'Lesson index' }).tap();
    await lesson.getByRole('button', { name: /^Exactly-once with transactions/ }).tap();
    await expect(lesson.getByRole('heading', { level: 2 })).toBeInViewport({ ratio: 1 });
    await expect(lesson.getByRole('button', { name: 'Close lessons' })).toBeInViewport({ ratio: 1 });
    await expect(lesson.getByRole('button', { name: 'Start lesson', exact: true })).toBeInViewport({
      ratio: 1,
    });
  });

  test('a shared lesson link shows the lesson on the first screen, and the consumer a step names', async ({
    page,
  }) => {
    await page.goto('./?lesson=compare-brokers');
    await expect(panel(page).getByRole('button', { name: 'Start lesson', exact: true })).toBeInViewport();
    await page.goto('./?lesson=sqs-visibility-timeout&step=3');
    await expect(panel(page).getByText('Step 3 of 3')).toBeInViewport();
    // Step 3 asks for h-1's menu: h-1 is scrolled into view above the sheet.
    const h1 = page.locator('.qs-flow g.queue-consumer[data-key="h-1"]');
    await expect(h1).toBeInViewport();
    const box = (await h1.boundingBox())!;
    const sheet = (await panel(page).boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(sheet.y + 1);
  });
});

test('a malformed lesson link shows a clear message naming the field, and the normal page', async ({
  page,
}) => {
  const broken = {
    id: 'broken',
    title: 'Broken',
    concept: 'x',
    track: 'custom',
    scenario: 'default',
    steps: [{ narration: 'Runs backwards', runMs: -5 }],
  };
  await page.goto(`./?lessonDoc=${LZString.compressToEncodedURIComponent(JSON.stringify(broken))}`);
  await expect(page.getByRole('alert')).toContainText('lesson.steps.0.runMs');
  await expect(page.locator('svg.qs-flow')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(panel(page)).toHaveCount(0);
  expect(await lessonState(page)).toBeNull();

  await page.goto('./?lesson=no-such-lesson&step=2');
  await expect(page.getByRole('alert')).toContainText('There is no lesson "no-such-lesson"');
  await expect(page.locator('svg.qs-flow')).toBeVisible();
});

test('"Start here" shows on a first visit, is dismissible and stays dismissed', async ({ page }) => {
  await page.goto('./');
  const start = page.getByRole('region', { name: 'Start here' });
  await expect(start).toBeVisible();
  // It takes its own room: neither the diagram nor the playback controls are under it.
  await boxesApart(start, page.locator('svg.qs-flow'));
  await boxesApart(start, page.getByRole('button', { name: 'Play', exact: true }));
  await start.getByRole('button', { name: 'Dismiss start here' }).click();
  await expect(start).toHaveCount(0);
  await page.reload();
  await page.waitForFunction(() => window.queuescope !== undefined);
  await expect(page.getByRole('region', { name: 'Start here' })).toHaveCount(0);
});

test('"Start here" stays out of links that open a scenario, and of embeds', async ({ page }) => {
  await page.goto('./?scenario=default&seed=1&paused=1');
  await page.waitForFunction(() => window.queuescope !== undefined);
  await expect(page.getByRole('region', { name: 'Start here' })).toHaveCount(0);
  await page.goto('./?embed=1');
  await page.waitForFunction(() => window.queuescope !== undefined);
  await expect(page.getByRole('region', { name: 'Start here' })).toHaveCount(0);
});

test('window.queuescope lists, starts and reports lessons', async ({ page }) => {
  await page.goto('./?seed=1');
  await page.waitForFunction(() => window.queuescope !== undefined);
  const list = await page.evaluate(() => window.queuescope!.lessons());
  expect(list.length).toBeGreaterThanOrEqual(14);
  expect(list[0]).toEqual({
    id: 'why-a-queue',
    title: expect.any(String),
    concept: expect.any(String),
    steps: 4,
  });
  await page.evaluate(() => window.queuescope!.startLesson('at-least-once', 2));
  await expect(panel(page).getByText(/Step 2 of/)).toBeVisible();
  expect(await lessonState(page)).toMatchObject({
    lessonId: 'at-least-once',
    phase: 'Reading',
    stepIndex: 1,
  });
  const error = await page.evaluate(() => {
    try {
      window.queuescope!.startLesson('nope');
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  });
  expect(error).toMatch(/there is no lesson "nope"/);
});

test('drill mode: answer first, then the model answer; the score is kept with the progress', async ({
  page,
}) => {
  await page.goto('./?scenario=default&seed=1&paused=1');
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const lesson = panel(page);
  await lesson.getByRole('button', { name: 'Interview drills' }).click();
  const drills = lesson.getByRole('region', { name: 'Interview drills' });
  await expect(drills.getByText(/card 1 of \d+ · right 0 of 0/)).toBeVisible();
  const reveal = drills.getByRole('button', { name: 'Reveal the answer' });
  // A multiple-choice card waits for a choice before it reveals.
  if ((await drills.getByRole('radio').count()) > 0) {
    await expect(reveal).toBeDisabled();
    await drills.getByRole('radio').first().check();
  }
  await reveal.click();
  const model = drills.getByRole('region', { name: 'Model answer' });
  await expect(model).toBeVisible();
  await expect(model.getByRole('button', { name: 'Show me' })).toBeVisible();
  await model.getByRole('button', { name: /^(Next card|I had it)$/ }).click();
  await expect(drills.getByText(/card 2 of \d+ · right [01] of 1/)).toBeVisible();
  await drills.getByRole('button', { name: 'Lesson index' }).click();
  await expect(lesson.getByTestId('lesson-progress')).toContainText(/drills right [01] of 1/);
});
