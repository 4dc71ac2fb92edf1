// What the queue specs (queues.spec.ts, compare.spec.ts) share: open a preset paused and run it
// to a simulated time, and the axe check they both make (serious or critical WCAG 2.1 A/AA
// violations only, as a11y.spec.ts does for the stream view).

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { openScenario, runFor } from '../fixtures';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Opens `preset` (paused, seed 1) and advances it by `ms` of simulated time. */
export async function openPresetAt(page: Page, preset: string, ms: number): Promise<void> {
  await openScenario(page, preset);
  await runFor(page, ms);
}

/** Axe's serious and critical WCAG 2.1 A/AA violations on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')}`);
}
