// @vitest-environment jsdom
// The queue consumer's statechart names its events in the queue's system's words.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { queueFixtureFrame } from '../viz/queueFixture';
import { QueueStatecharts } from './QueueStatecharts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

function consumerChartText(kind: 'sqs' | 'rabbit'): string {
  const snap = queueFixtureFrame(kind).snapshot;
  const queue = snap.queues!.find((q) => q.consumers.length > 0)!;
  const host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  act(() =>
    root!.render(
      <QueueStatecharts
        snap={snap}
        selection={{ kind: 'queue-consumer', queue: queue.name, consumerId: queue.consumers[0].consumerId }}
      />,
    ),
  );
  return host.querySelector('figure')?.textContent ?? '';
}

describe('queue consumer statechart', () => {
  it('says CRASH_AFTER_ACK for a RabbitMQ consumer (RabbitMQ acks)', () => {
    const text = consumerChartText('rabbit');
    expect(text).toContain('CRASH_AFTER_ACK');
    expect(text).not.toContain('CRASH_AFTER_DELETE');
  });

  it('says CRASH_AFTER_DELETE for an SQS consumer (DeleteMessage)', () => {
    expect(consumerChartText('sqs')).toContain('CRASH_AFTER_DELETE');
  });
});
