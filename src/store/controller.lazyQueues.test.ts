// The page loads the queue runtime on demand: a scenario with queues waits for it, the run on
// screen stays until it is in, and a later load wins over one still waiting.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUEUE_RUNTIME } from '../engine/queues/runtime/queueRuntime';

/** A fresh controller over a queue runtime slot that this test fills by hand. */
async function setup() {
  vi.resetModules();
  let release = () => {};
  let isLoaded = false;
  const loaded = new Promise<void>((resolve) => {
    release = () => {
      isLoaded = true;
      resolve();
    };
  });
  const loadQueueRuntime = vi.fn(() => loaded);
  vi.doMock('../engine/queueRuntimeSlot', async (importOriginal) => ({
    ...(await importOriginal<typeof import('../engine/queueRuntimeSlot')>()),
    provideQueueRuntime: () => {},
    hasQueueRuntime: () => isLoaded,
    loadQueueRuntime,
    queueRuntime: () => {
      if (!isLoaded) throw new Error('queue runtime used before it loaded');
      return QUEUE_RUNTIME;
    },
  }));
  const { createController } = await import('./controller');
  const { createAppStore } = await import('./store');
  const store = createAppStore();
  const controller = createController(store, { raf: () => 1, cancelRaf: () => {}, now: () => 0 });
  controller.load('default', { seed: 1 });
  return { store, controller, release, loadQueueRuntime };
}

afterEach(() => {
  vi.doUnmock('../engine/queueRuntimeSlot');
  vi.resetModules();
});

describe('controller with the queue runtime loading on demand', () => {
  it('a Kafka scenario loads at once, without the queue runtime', async () => {
    const { store, controller, loadQueueRuntime } = await setup();
    expect(controller.load('hot-partition', { seed: 2 })).toBeUndefined();
    expect(store.getState().scenarioId).toBe('hot-partition');
    expect(loadQueueRuntime).not.toHaveBeenCalled();
  });

  it('a scenario with queues starts once the runtime is in; until then the current run stays', async () => {
    const { store, controller, release } = await setup();
    const pending = controller.load('sqs-redrive', { seed: 3 });
    expect(pending).toBeInstanceOf(Promise);
    expect(store.getState().scenarioId).toBe('default');
    expect(store.getState().notice).toMatch(/Loading the SQS and RabbitMQ engine/);
    expect(controller.snapshot().queues).toBeUndefined();
    release();
    await pending;
    expect(store.getState()).toMatchObject({ scenarioId: 'sqs-redrive', seed: 3, notice: null });
    expect(controller.snapshot().queues?.length).toBeGreaterThan(0);
  });

  it('invalid options still throw at once, before anything loads', async () => {
    const { controller, loadQueueRuntime } = await setup();
    expect(() => controller.load('sqs-redrive', { seed: -1 })).toThrow(/seed must be an integer/);
    expect(loadQueueRuntime).not.toHaveBeenCalled();
  });

  it('a later load wins over one still waiting for the runtime', async () => {
    const { store, controller, release } = await setup();
    const pending = controller.load('sqs-redrive', { seed: 3 });
    controller.load('hot-partition', { seed: 4 });
    release();
    await pending;
    expect(store.getState().scenarioId).toBe('hot-partition');
  });

  it('tryLoad reports a runtime that fails to load in the status line', async () => {
    vi.resetModules();
    vi.doMock('../engine/queueRuntimeSlot', async (importOriginal) => ({
      ...(await importOriginal<typeof import('../engine/queueRuntimeSlot')>()),
      provideQueueRuntime: () => {},
      hasQueueRuntime: () => false,
      loadQueueRuntime: () => Promise.reject(new Error('offline')),
    }));
    const { createController } = await import('./controller');
    const { createAppStore } = await import('./store');
    const store = createAppStore();
    const controller = createController(store, { raf: () => 1, cancelRaf: () => {}, now: () => 0 });
    expect(controller.tryLoad('sqs-redrive')).toBe(true);
    await vi.waitFor(() => expect(store.getState().error).toMatch(/Could not load the scenario: offline/));
    expect(store.getState().notice).toBeNull();
  });
});
