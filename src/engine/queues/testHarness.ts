// A broker on a hand-driven clock, for backend tests (SQS here, RabbitMQ beside it): publish,
// receive, settle, move time, and read what each consumer was handed and which events fired.

import { Rng } from '../core/rng';
import {
  type Delivery,
  newQueueMessage,
  type PublishInput,
  type QueueEvent,
  type Settlement,
} from './backend';
import {
  advanceBroker,
  brokerNextDueMs,
  createBroker,
  createQueueEnv,
  publishToQueue,
  type QueueSpec,
} from './broker';
import { backendOf } from './registry';

export function createHarness(specs: QueueSpec[], seed = 1) {
  const clock = { nowMs: 0 };
  const rng = new Rng(seed);
  const broker = createBroker(specs);
  const batches: { consumerId: string; atMs: number; batch: Delivery[] }[] = [];
  const events: (QueueEvent & { atMs: number })[] = [];
  const env = createQueueEnv(() => broker, {
    nowMs: () => clock.nowMs,
    rng: () => rng,
    deliver: (consumerId, batch) => batches.push({ consumerId, atMs: clock.nowMs, batch }),
    wants: () => true,
    emit: (e) => events.push({ ...e, atMs: clock.nowMs }),
  });
  let nextId = 0;
  const h = {
    broker,
    env,
    batches,
    events,
    get nowMs() {
      return clock.nowMs;
    },
    queue(name: string) {
      return broker.queues[name];
    },
    send(queue: string, input: Partial<PublishInput> = {}) {
      const messageId = input.messageId ?? nextId++;
      const m = newQueueMessage(
        { key: null, sizeBytes: 100, isPoison: false, sentAtMs: clock.nowMs, ...input, messageId },
        clock.nowMs,
      );
      return { messageId, outcome: publishToQueue(broker, queue, m, env) };
    },
    /** ReceiveMessage; returns the batch handed over now (undefined while a long poll waits). */
    receive(
      queue: string,
      consumerId: string,
      max = 10,
      waitTimeSeconds = 0,
      visibilityTimeoutSeconds: number | null = null,
    ) {
      const before = batches.length;
      const q = broker.queues[queue];
      backendOf(q).receive!(
        q,
        { consumerId, maxNumberOfMessages: max, waitTimeSeconds, visibilityTimeoutSeconds },
        env,
      );
      return batches.length > before ? batches[batches.length - 1].batch : undefined;
    },
    settle(queue: string, d: Delivery, settlement: Settlement = { kind: 'delete' }) {
      const q = broker.queues[queue];
      return backendOf(q).settle(q, d.consumerId, d.receipt, settlement, env);
    },
    counts(queue: string) {
      const q = broker.queues[queue];
      return backendOf(q).counts(q);
    },
    /** Moves the clock to `toMs`, running every due step on the way, as the runtime does. */
    runUntil(toMs: number) {
      for (;;) {
        const due = brokerNextDueMs(broker);
        if (due > toMs) break;
        clock.nowMs = Math.max(clock.nowMs, due);
        advanceBroker(broker, env);
      }
      clock.nowMs = toMs;
    },
    ids(batch: Delivery[] | undefined) {
      return (batch ?? []).map((d) => d.message.messageId);
    },
  };
  return h;
}
