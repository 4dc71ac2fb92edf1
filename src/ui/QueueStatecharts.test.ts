// Which consumer and message the Statechart tab follows in the queue half, and the machine
// states it lights for them.

import { describe, expect, it } from 'vitest';
import { queueFixtureFrame } from '../viz/queueFixture';
import { queueChartFocus } from './QueueStatecharts';

describe('queue statecharts', () => {
  it('follows the selected consumer and the message it holds, in the SQS machine’s state names', () => {
    const snap = queueFixtureFrame('sqs').snapshot;
    const jobs = snap.queues?.find((q) => q.name === 'jobs');
    const focus = queueChartFocus(snap, { kind: 'queue-consumer', queue: 'jobs', consumerId: 'worker-2' });
    expect(focus?.consumer?.consumerId).toBe('worker-2');
    expect(focus?.message?.consumerId).toBe('worker-2');
    expect(focus?.messageState).toBe('InFlight');
    const withState = {
      ...snap,
      queues: snap.queues?.map((q) =>
        q === jobs ? { ...q, consumers: q.consumers.map((c) => ({ ...c, state: 'Processing' })) } : q,
      ),
    };
    expect(queueChartFocus(withState, { kind: 'queue', queue: 'jobs' })?.consumerState).toBe('Processing');
  });

  it('shows a selected DLQ’s next message as Available', () => {
    const snap = queueFixtureFrame('sqs').snapshot;
    const focus = queueChartFocus(snap, { kind: 'queue', queue: 'jobs-dlq' });
    expect(focus?.queue.name).toBe('jobs-dlq');
    expect(focus?.consumer).toBeUndefined();
    expect(focus?.messageState).toBe('Available');
  });

  it('follows the first queue with consumers when nothing is selected', () => {
    const focus = queueChartFocus(queueFixtureFrame('all').snapshot, null);
    expect(focus?.queue.name).toBe('jobs');
    expect(focus?.consumer?.consumerId).toBe('worker-1');
  });
});
