// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { type Controller, createController } from '../store/controller';
import { createAppStore } from '../store/store';
import { API_VERSION, createScriptingApi, type QueuescopeApi } from './scripting';
import { linkTo, parseLink } from './url';

const here = {
  origin: 'https://example.test',
  href: 'https://example.test/queuescope/',
  pathname: '/queuescope/',
};

let controller: Controller | null = null;

/** Installs window.queuescope against a fresh controller driven by a hand-run frame clock. */
function install(): { api: QueuescopeApi; frame(ms: number): void } {
  let wallMs = 0;
  const pending = new Map<number, (t: number) => void>();
  let nextId = 1;
  controller = createController(createAppStore(), {
    raf: (cb) => {
      pending.set(nextId, cb);
      return nextId++;
    },
    cancelRaf: (id) => pending.delete(id),
    now: () => wallMs,
  });
  controller.load('default', { seed: 1 });
  const c = controller;
  window.queuescope = createScriptingApi(c, () => linkTo(c, here));
  return {
    api: window.queuescope,
    frame(ms) {
      wallMs += ms;
      const due = [...pending.values()];
      pending.clear();
      for (const cb of due) cb(wallMs);
    },
  };
}

afterEach(() => {
  controller?.dispose();
  controller = null;
  window.queuescope = undefined;
});

describe('window.queuescope', () => {
  it('has every documented method and a version', () => {
    const { api } = install();
    expect(api.version).toBe(API_VERSION);
    for (const name of [
      'load',
      'play',
      'pause',
      'isPlaying',
      'step',
      'stepEvent',
      'seek',
      'setSpeed',
      'inject',
      'snapshot',
      'metrics',
      'now',
      'on',
      'link',
    ] as const)
      expect(typeof api[name]).toBe('function');
  });

  it('plays and pauses on the animation clock', () => {
    const { api, frame } = install();
    expect(api.isPlaying()).toBe(false);
    api.play();
    expect(api.isPlaying()).toBe(true);
    frame(16);
    frame(40);
    expect(api.now()).toBe(40);
    api.pause();
    frame(40);
    expect(api.isPlaying()).toBe(false);
    expect(api.now()).toBe(40);
  });

  it('steps, steps one event and seeks', () => {
    const { api } = install();
    api.step();
    expect(api.now()).toBe(100);
    api.step(900);
    expect(api.now()).toBe(1000);
    const version = api.snapshot().version;
    api.stepEvent();
    expect(api.snapshot().version).toBeGreaterThan(version);
    api.seek(10_000);
    expect(api.now()).toBe(10_000);
    api.seek(2_000);
    expect(api.now()).toBe(2_000);
    expect(() => api.step('5' as never)).toThrow(TypeError);
    expect(() => api.seek(-5)).toThrow(RangeError);
  });

  it('sets the speed within 0.25–64', () => {
    const { api, frame } = install();
    api.setSpeed(8);
    api.play();
    frame(16);
    frame(10);
    expect(api.now()).toBe(80);
    expect(() => api.setSpeed(65)).toThrow(RangeError);
    expect(() => api.setSpeed('fast' as never)).toThrow(TypeError);
  });

  it('loads presets and scenario objects, and keeps the run on bad input', () => {
    const { api } = install();
    api.load('at-least-once', { seed: 3 });
    expect(api.snapshot().groups[0].groupId).toBe('payments');
    api.step(1000);
    expect(() => api.load('nope')).toThrow();
    expect(() => api.load(42 as never)).toThrow(TypeError);
    expect(api.now()).toBe(1000);
    api.load({
      id: 'tiny',
      topics: [{ name: 't', partitions: 2 }],
      producers: [{ id: 'p', topic: 't', ratePerSec: 10 }],
      groups: [{ groupId: 'g', topic: 't', consumers: 1 }],
    });
    expect(api.now()).toBe(0);
    expect(api.snapshot().topics).toEqual([expect.objectContaining({ name: 't', partitions: 2 })]);
  });

  it('injects faults and reads the outcome in snapshot and metrics', () => {
    const { api } = install();
    api.step(5000);
    expect(api.inject({ type: 'crash-consumer', memberId: 'p-1' })).toMatch(/p-1/);
    expect(api.snapshot().groups[0].members.find((m) => m.memberId === 'p-1')?.state).toBe('Crashed');
    expect(api.metrics().groups.payments).toBeDefined();
    expect(() => api.inject({ type: 'meteor' } as never)).toThrow();
  });

  it('subscribes to engine events across reloads and unsubscribes', () => {
    const { api } = install();
    const seen: string[] = [];
    const off = api.on('produced', (e) => seen.push(e.type));
    api.step(500);
    expect(seen.length).toBeGreaterThan(0);
    api.load('default', { seed: 5 });
    const before = seen.length;
    api.step(500);
    expect(seen.length).toBeGreaterThan(before);
    off();
    const after = seen.length;
    api.step(500);
    expect(seen.length).toBe(after);
    expect(() => api.on('no-such-event' as never, () => {})).toThrow(TypeError);
    expect(() => api.on('produced', 'nope' as never)).toThrow(TypeError);
  });

  it('gives a link that reproduces the view', () => {
    const { api } = install();
    api.setSpeed(2);
    api.step(2500);
    api.inject({ type: 'crash-consumer', memberId: 'p-1' });
    const link = api.link();
    expect(link.startsWith('https://example.test/queuescope/?')).toBe(true);
    const { state, error } = parseLink(new URL(link).search);
    expect(error).toBeNull();
    expect(state).toMatchObject({ scenario: 'default', seed: 1, speed: 2, timeMs: 2500, isPaused: true });
    expect(state.interventions).toEqual([{ atMs: 2500, fault: { type: 'crash-consumer', memberId: 'p-1' } }]);
  });
});
