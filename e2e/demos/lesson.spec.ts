// A lesson as a scripted demo: `npm run demo -- lesson:<id>` (DEMO_LESSON, default
// why-a-queue) opens the lesson, answers each prediction with the lesson's intended answer,
// does each awaited action, and takes a numbered, captioned screenshot of every narration,
// prediction and reveal. Runs end with "Skip to the end" (an exact seek), so two runs of a
// demo give the same screenshots.

import { Demo } from '../demo';
import { expect, test } from '../fixtures';

const lessonId = process.env.DEMO_LESSON ?? 'why-a-queue';

test(`demo: lesson ${lessonId}`, async ({ page }) => {
  test.setTimeout(180_000);
  const demo = new Demo(page, `lesson-${lessonId}`);
  await page.goto(`./?lesson=${encodeURIComponent(lessonId)}`);
  await page.waitForFunction(() => window.queuescope !== undefined);
  const lesson = page.getByRole('complementary', { name: 'Lesson panel' });
  const state = () => page.evaluate(() => window.queuescope!.lessonState());
  const first = await state();
  expect(first?.lessonId).toBe(lessonId);
  await demo.shot(`${first!.title}: ${first!.concept}`);
  await lesson.getByRole('button', { name: 'Start lesson', exact: true }).click();

  for (let guard = 0; guard < first!.stepCount * 6 + 2; guard++) {
    const view = (await state())!;
    const label = `Step ${view.stepIndex + 1}/${view.stepCount}`;
    if (view.phase === 'Done') break;
    if (view.phase === 'Reading') {
      await demo.shot(`${label}${view.step?.title ? ` · ${view.step.title}` : ''}: ${view.step?.narration}`);
      await lesson.getByRole('button', { name: /^(Run|Next: predict)$/ }).click();
    } else if (view.phase === 'Predicting') {
      const p = view.step!.prediction!;
      if (p.kind === 'choice') await lesson.locator(`input[type=radio][value="${p.expect}"]`).check();
      else {
        const guess = ((p.expect.min ?? p.expect.max ?? 0) + (p.expect.max ?? p.expect.min ?? 0)) / 2;
        await lesson.getByRole('spinbutton').fill(String(guess));
      }
      await demo.shot(`${label} · Predict first: ${p.question}`);
      await lesson.getByRole('button', { name: 'Run', exact: true }).click();
    } else if (view.phase === 'Waiting') {
      await demo.shot(`${label} · Your turn: ${view.step?.await?.prompt}`);
      await lesson.getByRole('button', { name: 'Do it for me' }).click();
    } else if (view.phase === 'Running') {
      await lesson.getByRole('button', { name: 'Skip to the end' }).click();
    } else if (view.phase === 'Revealed') {
      const reveal = view.result?.reveal;
      if (reveal) {
        await expect(lesson.getByRole('region', { name: 'Reveal' })).toBeVisible();
        await demo.shot(
          `${label} · The engine: ${reveal.value}${reveal.unit ? ` ${reveal.unit}` : ''}. ${reveal.why.join(' ')}`,
        );
        // The engine agrees with what the lesson teaches (its `expect`).
        const p = view.step!.prediction!;
        const what = `lesson ${lessonId} step ${view.stepIndex + 1}: the engine's figure is what the lesson teaches`;
        if (p.kind === 'choice') expect(reveal.correctChoice, what).toBe(p.expect);
        else {
          expect(reveal.value, what).toBeGreaterThanOrEqual(p.expect.min ?? Number.NEGATIVE_INFINITY);
          expect(reveal.value, what).toBeLessThanOrEqual(p.expect.max ?? Number.POSITIVE_INFINITY);
        }
      }
      await lesson.getByRole('button', { name: /^(Next step|Finish)$/ }).click();
    }
    await page.waitForTimeout(50);
  }
  const done = (await state())!;
  expect(done.phase).toBe('Done');
  await demo.shot(`Lesson complete: ${done.score.right} of ${done.score.asked} predictions right.`);
});
