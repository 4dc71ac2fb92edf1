// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerProvider } from '../store/ControllerContext';
import { type Controller, createController } from '../store/controller';
import { createAppStore } from '../store/store';
import { Toolbar } from './Toolbar';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let controller: Controller | null = null;

function renderToolbar(): HTMLElement {
  controller = createController(createAppStore(), { raf: () => 1, cancelRaf: () => {}, now: () => 0 });
  controller.load('default', { seed: 1 });
  const host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  const c = controller;
  act(() =>
    root?.render(
      <ControllerProvider controller={c}>
        <Toolbar onCopyLink={() => {}} onImport={() => {}} onExport={() => {}} />
      </ControllerProvider>,
    ),
  );
  return host;
}

const button = (host: HTMLElement, name: string) =>
  [...host.querySelectorAll('button')].find((b) => b.textContent === name);

afterEach(() => {
  act(() => root?.unmount());
  controller?.dispose();
  document.body.innerHTML = '';
});

describe('Toolbar', () => {
  it('shows the player machine: Play becomes Pause, presentation is pressed', () => {
    const host = renderToolbar();
    act(() => button(host, 'Play')?.click());
    expect(controller?.isPlaying()).toBe(true);
    expect(button(host, 'Pause')).toBeDefined();
    act(() => controller?.pause());
    expect(button(host, 'Play')).toBeDefined();
    act(() => button(host, 'Presentation')?.click());
    expect(button(host, 'Presentation')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('steps one event from the Step event button and shows the speed', () => {
    const host = renderToolbar();
    const version = controller?.snapshot().version ?? 0;
    act(() => button(host, 'Step event')?.click());
    expect(controller?.snapshot().version).toBeGreaterThan(version);
    act(() => controller?.setSpeed(4));
    expect(host.textContent).toContain('Speed 4.0×');
  });
});
