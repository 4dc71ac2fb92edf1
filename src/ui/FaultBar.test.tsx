// @vitest-environment jsdom
// The fault bar lists faults in progress on SQS and RabbitMQ consumers as on Kafka members: by
// consumer, what the fault is, how long a pause has left; a resolved fault leaves the list.

import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../engine'; // provides the queue runtime, as the page's loader does
import { ControllerProvider } from '../store/ControllerContext';
import { type Controller, createController } from '../store/controller';
import { createAppStore } from '../store/store';
import { FaultBar } from './FaultBar';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let controller: Controller | null = null;

afterEach(() => {
  act(() => root?.unmount());
  root = null;
  controller?.dispose();
  document.body.innerHTML = '';
});

function renderBar(preset: string, atMs: number): { host: HTMLElement; c: Controller } {
  const c = createController(createAppStore(), { raf: () => 1, cancelRaf: () => {}, now: () => 0 });
  controller = c;
  c.load(preset, { seed: 1, timeMs: atMs });
  const host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  act(() =>
    root?.render(
      <ControllerProvider controller={c}>
        <FaultBar />
      </ControllerProvider>,
    ),
  );
  return { host, c };
}

const inProgress = (host: HTMLElement) =>
  [...host.querySelectorAll('[aria-label="Faults in progress"] li')].map((li) => li.textContent ?? '');

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
