// @vitest-environment jsdom
// The fault bar lists faults in progress on SQS and RabbitMQ consumers as on Kafka members: by
// consumer, what the fault is, how long a pause has left; a resolved fault leaves the list.

import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithController, unmountRendered } from '../../test/support/renderWithController';
import '../engine'; // provides the queue runtime, as the page's loader does
import type { Controller } from '../store/controller';
import { FaultBar } from './FaultBar';

function renderBar(preset: string, atMs: number): { host: HTMLElement; c: Controller } {
  return renderWithController(<FaultBar />, (c) => c.load(preset, { seed: 1, timeMs: atMs }));
}

const inProgress = (host: HTMLElement) =>
  [...host.querySelectorAll('[aria-label="Faults in progress"] li')].map((li) => li.textContent ?? '');

afterEach(unmountRendered);

describe('FaultBar with queue consumers', () => {
  it('shows a paused SQS consumer with its time left, and a slowed one until it resumes', () => {
    // sqs-visibility-timeout at 2 s: no scripted fault is active yet.
    const { host, c } = renderBar('sqs-visibility-timeout', 2000);
    expect(inProgress(host)).toEqual(['No fault in progress']);
    act(() => {
      c.tryInject({ type: 'pause-consumer', memberId: 'w-1', durationMs: 15_000 });
      c.tryInject({ type: 'slow-consumer', memberId: 'h-2', factor: 3 });
    });
    const shown = inProgress(host);
    expect(shown.find((t) => t.startsWith('w-1: paused'))).toMatch(
      /ChangeMessageVisibility.* · 15\.0 s left$/,
    );
    expect(shown).toContain('h-2: ×3 processing time');
    act(() => {
      c.tryInject({ type: 'slow-consumer', memberId: 'h-2', factor: 1 });
    });
    expect(inProgress(host).some((t) => t.startsWith('h-2'))).toBe(false);
    expect(inProgress(host).some((t) => t.startsWith('w-1: paused'))).toBe(true);
  });
});
