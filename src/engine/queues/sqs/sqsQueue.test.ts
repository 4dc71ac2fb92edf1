import { describe, expect, it } from 'vitest';
import { startMessageMoveTask } from '../broker';
import { createHarness } from '../testHarness';
import { fifoGroupMessages, type SqsQueueState } from './sqsQueue';

const standard = (extra: Record<string, unknown> = {}) => ({
  name: 'orders',
  type: 'sqs-standard' as const,
  ...extra,
});
const fifo = (extra: Record<string, unknown> = {}) => ({
  name: 'orders.fifo',
  type: 'sqs-fifo' as const,
  ...extra,
});

describe('SQS visibility timeout', () => {
  it('a received message is invisible for VisibilityTimeout, then received again', () => {
    const h = createHarness([standard({ VisibilityTimeout: 30 })]);
    h.send('orders');
    const first = h.receive('orders', 'c-1');
    expect(h.ids(first)).toEqual([0]);
    h.runUntil(29_999);
    expect(h.ids(h.receive('orders', 'c-2'))).toEqual([]);
    h.runUntil(30_000);
    const again = h.receive('orders', 'c-2');
    expect(h.ids(again)).toEqual([0]);
    expect(again![0].receiveCount).toBe(2);
    expect(h.events.filter((e) => e.type === 'queue-returned')).toHaveLength(1);
  });

  it.each([
    {
      name: 'DeleteMessage before the timeout removes it',
      settleAtMs: 10_000,
      kind: 'delete',
      visibleAgainAtMs: null,
    },
    {
      name: 'ChangeMessageVisibility restarts the timer from the call',
      settleAtMs: 20_000,
      kind: 'extend-60',
      visibleAgainAtMs: 80_000,
    },
    {
      name: 'ChangeMessageVisibility 0 makes it visible at once',
      settleAtMs: 5_000,
      kind: 'extend-0',
      visibleAgainAtMs: 5_000,
    },
  ])('$name', ({ settleAtMs, kind, visibleAgainAtMs }) => {
    const h = createHarness([standard({ VisibilityTimeout: 30 })]);
    h.send('orders');
    const [d] = h.receive('orders', 'c-1')!;
    h.runUntil(settleAtMs);
    const settlement =
      kind === 'delete'
        ? ({ kind: 'delete' } as const)
        : ({ kind: 'change-visibility', visibilityTimeoutSeconds: kind === 'extend-60' ? 60 : 0 } as const);
    expect(h.settle('orders', d, settlement)).toBe('ok');
    let seenAt: number | null = null;
    for (let t = settleAtMs; t <= 200_000 && seenAt === null; t += 1000) {
      h.runUntil(t);
      if (h.ids(h.receive('orders', 'c-2')).length > 0) seenAt = t;
    }
    expect(seenAt).toBe(visibleAgainAtMs);
  });

  it('DeleteMessage with an old receipt handle succeeds but does not delete', () => {
    const h = createHarness([standard({ VisibilityTimeout: 10 })]);
    h.send('orders');
    const [old] = h.receive('orders', 'c-1')!;
    h.runUntil(10_000);
    const [current] = h.receive('orders', 'c-2')!;
    expect(h.settle('orders', old)).toBe('stale-receipt');
    expect(h.counts('orders')).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    expect(h.settle('orders', current)).toBe('ok');
    expect(h.counts('orders')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });
});

describe('SQS ReceiveMessage', () => {
  it.each([
    { max: 1, expected: 1 },
    { max: 3, expected: 3 },
    { max: 10, expected: 10 },
    { max: 25, expected: 10 },
  ])('MaxNumberOfMessages $max returns $expected of 15 visible messages', ({ max, expected }) => {
    const h = createHarness([standard()]);
    for (let i = 0; i < 15; i++) h.send('orders');
    expect(h.receive('orders', 'c-1', max)).toHaveLength(expected);
  });

  it('short polling answers at once, empty when nothing is visible', () => {
    const h = createHarness([standard()]);
    expect(h.receive('orders', 'c-1', 10, 0)).toEqual([]);
  });

  it('long polling waits for the first message, and returns empty when WaitTimeSeconds runs out', () => {
    const h = createHarness([standard()]);
    expect(h.receive('orders', 'c-1', 10, 20)).toBeUndefined();
    h.runUntil(4_000);
    h.send('orders');
    expect(h.batches.at(-1)).toMatchObject({ consumerId: 'c-1', atMs: 4_000 });
    expect(h.ids(h.batches.at(-1)!.batch)).toEqual([0]);
    expect(h.receive('orders', 'c-1', 10, 20)).toBeUndefined();
    h.runUntil(24_000);
    expect(h.batches.at(-1)).toMatchObject({ consumerId: 'c-1', atMs: 24_000, batch: [] });
  });

  it.each([
    { name: 'the same WaitTimeSeconds', waits: [5, 5], emptyAtMs: 6_000 },
    { name: 'a shorter WaitTimeSeconds parked later', waits: [20, 3], emptyAtMs: 4_000 },
  ])(
    'parked polls with $name: the oldest is served first, the other answers empty at its own deadline',
    ({ waits, emptyAtMs }) => {
      const h = createHarness([standard()]);
      expect(h.receive('orders', 'c-1', 10, waits[0])).toBeUndefined();
      h.runUntil(1_000);
      expect(h.receive('orders', 'c-2', 10, waits[1])).toBeUndefined();
      h.runUntil(2_000);
      h.send('orders');
      expect(h.batches.at(-1)).toMatchObject({ consumerId: 'c-1', atMs: 2_000 });
      h.runUntil(emptyAtMs - 1);
      expect(h.batches).toHaveLength(1);
      h.runUntil(60_000);
      expect(h.batches.slice(1)).toEqual([{ consumerId: 'c-2', atMs: emptyAtMs, batch: [] }]);
    },
  );

  it('best-effort order: a message that comes back goes behind the ones already visible', () => {
    const h = createHarness([standard({ VisibilityTimeout: 5 })]);
    h.send('orders');
    h.receive('orders', 'c-1', 1);
    h.send('orders');
    h.send('orders');
    h.runUntil(5_000);
    expect(h.ids(h.receive('orders', 'c-2', 10))).toEqual([1, 2, 0]);
  });

  it('past the in-flight limit ReceiveMessage returns nothing (OverLimit) until a delete', () => {
    const h = createHarness([standard({ inFlightLimit: 2 })]);
    for (let i = 0; i < 3; i++) h.send('orders');
    const batch = h.receive('orders', 'c-1', 10)!;
    expect(batch).toHaveLength(2);
    expect(h.receive('orders', 'c-2', 10)).toEqual([]);
    h.settle('orders', batch[0]);
    expect(h.ids(h.receive('orders', 'c-2', 10))).toEqual([2]);
  });

  it('duplicateDeliveryRate 1 leaves a second copy visible: a second consumer gets it too', () => {
    const h = createHarness([standard({ duplicateDeliveryRate: 1 })]);
    h.send('orders');
    const [first] = h.receive('orders', 'c-1', 1)!;
    const [second] = h.receive('orders', 'c-2', 1)!;
    expect(second.message.messageId).toBe(first.message.messageId);
    expect(second.receiveCount).toBe(2);
    expect(h.settle('orders', first)).toBe('stale-receipt');
    expect(h.settle('orders', second)).toBe('ok');
  });

  it('duplicateDeliveryRate is off by default', () => {
    const h = createHarness([standard()]);
    h.send('orders');
    h.receive('orders', 'c-1', 1);
    expect(h.receive('orders', 'c-2', 1)).toEqual([]);
  });
});

describe('SQS DelaySeconds and MessageRetentionPeriod', () => {
  it.each([
    { name: 'queue DelaySeconds', queueDelay: 10, messageDelay: undefined, visibleAtMs: 10_000 },
    { name: 'per-message DelaySeconds overrides it', queueDelay: 10, messageDelay: 3, visibleAtMs: 3_000 },
    { name: 'no delay', queueDelay: 0, messageDelay: undefined, visibleAtMs: 0 },
  ])('$name', ({ queueDelay, messageDelay, visibleAtMs }) => {
    const h = createHarness([standard({ DelaySeconds: queueDelay })]);
    h.send('orders', messageDelay === undefined ? {} : { delaySeconds: messageDelay });
    if (visibleAtMs > 0) {
      expect(h.counts('orders')).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
      h.runUntil(visibleAtMs - 1);
      expect(h.receive('orders', 'c-1')).toEqual([]);
    }
    h.runUntil(visibleAtMs);
    expect(h.ids(h.receive('orders', 'c-1'))).toEqual([0]);
  });

  it('FIFO queues take the queue delay only (per-message DelaySeconds is a standard-queue feature)', () => {
    const h = createHarness([fifo({ DelaySeconds: 10 })]);
    h.send('orders.fifo', { messageGroupId: 'g', messageDeduplicationId: 'a', delaySeconds: 2 });
    h.runUntil(2_000);
    expect(h.receive('orders.fifo', 'c-1')).toEqual([]);
    h.runUntil(10_000);
    expect(h.receive('orders.fifo', 'c-1')).toHaveLength(1);
  });

  it('a message not deleted within MessageRetentionPeriod is deleted, in flight or not', () => {
    const h = createHarness([standard({ MessageRetentionPeriod: 60, VisibilityTimeout: 600 })]);
    h.send('orders');
    h.send('orders');
    h.receive('orders', 'c-1', 1);
    h.runUntil(60_000);
    expect(h.counts('orders')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(h.events.filter((e) => e.type === 'queue-dropped')).toHaveLength(2);
  });
});

describe('SQS RedrivePolicy', () => {
  it.each([1, 3, 5])(
    'maxReceiveCount %i: delivered that many times, the next receive moves it to the DLQ with its id',
    (maxReceiveCount) => {
      const h = createHarness([
        standard({
          VisibilityTimeout: 1,
          RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:1:dlq', maxReceiveCount },
        }),
        { name: 'dlq', type: 'sqs-standard' },
      ]);
      h.send('orders', { messageId: 42 });
      let deliveries = 0;
      for (let t = 0; t < 20_000; t += 1000) {
        h.runUntil(t);
        deliveries += h.receive('orders', 'c-1')!.length;
      }
      expect(deliveries).toBe(maxReceiveCount);
      expect(h.counts('dlq').visible).toBe(1);
      const [moved] = h.receive('dlq', 'inspector')!;
      expect(moved.message.messageId).toBe(42);
      expect(h.events.find((e) => e.type === 'queue-dead-lettered')).toMatchObject({
        queue: 'orders',
        reason: 'maxReceiveCount',
        target: 'dlq',
      });
    },
  );

  it.each([
    { source: 'sqs-fifo', dlq: 'sqs-standard' },
    { source: 'sqs-standard', dlq: 'sqs-fifo' },
  ] as const)('a $source queue cannot use a $dlq DLQ', ({ source, dlq }) => {
    const name = (base: string, t: string) => (t === 'sqs-fifo' ? `${base}.fifo` : base);
    expect(() =>
      createHarness([
        {
          name: name('a', source),
          type: source,
          RedrivePolicy: { deadLetterTargetArn: name('d', dlq), maxReceiveCount: 3 },
        },
        { name: name('d', dlq), type: dlq },
      ]),
    ).toThrow(/same type/);
  });

  it.each(['sqs-standard', 'sqs-fifo'] as const)(
    '%s: a receive that moves a message to a DLQ with a parked long poll hands each batch only its own messages',
    (type) => {
      const isFifo = type === 'sqs-fifo';
      const src = isFifo ? 'src.fifo' : 'src';
      const dlq = isFifo ? 'dlq.fifo' : 'dlq';
      const h = createHarness([
        {
          name: src,
          type,
          VisibilityTimeout: 1,
          RedrivePolicy: { deadLetterTargetArn: dlq, maxReceiveCount: 1 },
        },
        { name: dlq, type },
      ]);
      h.send(src, { messageId: 1, messageGroupId: 'a', messageDeduplicationId: '1' });
      expect(h.ids(h.receive(src, 'worker'))).toEqual([1]);
      // The DLQ's reader waits in a long poll; message 2 is sent, then 1 comes back visible.
      expect(h.receive(dlq, 'dlq-reader', 10, 20)).toBeUndefined();
      h.runUntil(500);
      h.send(src, { messageId: 2, messageGroupId: 'b', messageDeduplicationId: '2' });
      h.runUntil(2_000);
      // This receive takes 2, then moves 1 to the DLQ, which serves the parked poll meanwhile.
      expect(h.ids(h.receive(src, 'worker'))).toEqual([2]);
      const served = h.batches.find((b) => b.consumerId === 'dlq-reader');
      expect(h.ids(served?.batch)).toEqual([1]);
    },
  );

  it('a standard DLQ keeps the original enqueue time for retention; a FIFO DLQ resets it', () => {
    for (const isFifo of [false, true]) {
      const src = isFifo ? 'src.fifo' : 'src';
      const dlq = isFifo ? 'dlq.fifo' : 'dlq';
      const type = isFifo ? ('sqs-fifo' as const) : ('sqs-standard' as const);
      const h = createHarness([
        {
          name: src,
          type,
          VisibilityTimeout: 1,
          RedrivePolicy: { deadLetterTargetArn: dlq, maxReceiveCount: 1 },
        },
        { name: dlq, type, MessageRetentionPeriod: 120 },
      ]);
      h.send(src, { messageGroupId: 'g', messageDeduplicationId: 'x' });
      h.receive(src, 'c-1');
      h.runUntil(100_000);
      h.receive(src, 'c-1'); // the second receive moves it at 100 s
      expect(h.counts(dlq).visible).toBe(1);
      h.runUntil(120_000);
      expect(h.counts(dlq).visible).toBe(isFifo ? 1 : 0);
      h.runUntil(220_000);
      expect(h.counts(dlq).visible).toBe(0);
    }
  });

  it('StartMessageMoveTask moves the oldest first, at MaxNumberOfMessagesPerSecond, back to the source', () => {
    const h = createHarness([
      standard({ VisibilityTimeout: 1, RedrivePolicy: { deadLetterTargetArn: 'dlq', maxReceiveCount: 1 } }),
      { name: 'dlq', type: 'sqs-standard' },
    ]);
    for (let i = 0; i < 3; i++) h.send('orders');
    h.receive('orders', 'c-1');
    h.runUntil(1_000);
    h.receive('orders', 'c-1');
    expect(h.counts('dlq').visible).toBe(3);
    expect(startMessageMoveTask(h.broker, 'dlq', null, 2, h.nowMs)).toBe(true);
    expect(startMessageMoveTask(h.broker, 'dlq', null, 2, h.nowMs)).toBe(false);
    h.runUntil(1_000);
    expect(h.counts('orders').visible).toBe(1);
    h.runUntil(2_000);
    expect(h.counts('orders').visible).toBe(3);
    expect(
      h.events.filter((e) => e.type === 'queue-moved').map((e) => 'messageId' in e && e.messageId),
    ).toEqual([0, 1, 2]);
    const again = h.receive('orders', 'c-1')!;
    expect(again.map((d) => d.receiveCount)).toEqual([1, 1, 1]);
    expect(h.broker.moveTasks).toEqual([]);
  });
});

describe('SQS FIFO', () => {
  const send = (h: ReturnType<typeof createHarness>, group: string, dedup: string) =>
    h.send('orders.fifo', { messageGroupId: group, messageDeduplicationId: dedup });

  it('no message of a group is returned while one of it is in flight; other groups go on', () => {
    const h = createHarness([fifo()]);
    send(h, 'a', 'a1');
    send(h, 'a', 'a2');
    send(h, 'b', 'b1');
    const first = h.receive('orders.fifo', 'c-1', 1)!;
    expect(h.ids(first)).toEqual([0]);
    expect(h.ids(h.receive('orders.fifo', 'c-2', 10))).toEqual([2]);
    expect(h.receive('orders.fifo', 'c-3', 10)).toEqual([]);
    h.settle('orders.fifo', first[0]);
    expect(h.ids(h.receive('orders.fifo', 'c-3', 10))).toEqual([1]);
  });

  it('a batch takes as many messages of one group as it can, in order', () => {
    const h = createHarness([fifo()]);
    for (let i = 0; i < 4; i++) send(h, 'a', `a${i}`);
    send(h, 'b', 'b0');
    expect(h.ids(h.receive('orders.fifo', 'c-1', 10))).toEqual([0, 1, 2, 3, 4]);
  });

  it('a message whose visibility runs out goes back to the head of its group', () => {
    const h = createHarness([fifo({ VisibilityTimeout: 5 })]);
    for (let i = 0; i < 3; i++) send(h, 'a', `a${i}`);
    const batch = h.receive('orders.fifo', 'c-1', 2)!;
    h.settle('orders.fifo', batch[0]);
    h.runUntil(5_000);
    expect(fifoGroupMessages(h.queue('orders.fifo') as SqsQueueState, 'a')).toEqual([1, 2]);
    expect(h.ids(h.receive('orders.fifo', 'c-2', 10))).toEqual([1, 2]);
  });

  it.each([
    {
      name: 'the same MessageDeduplicationId within 5 minutes is dropped',
      gapMs: 299_999,
      content: false,
      kept: 1,
    },
    { name: 'after 5 minutes it is accepted again', gapMs: 300_000, content: false, kept: 2 },
    { name: 'ContentBasedDeduplication drops the same body', gapMs: 1_000, content: true, kept: 1 },
  ])('$name', ({ gapMs, content, kept }) => {
    const h = createHarness([fifo({ ContentBasedDeduplication: content })]);
    const input = content
      ? { messageGroupId: 'g', messageId: 7 }
      : { messageGroupId: 'g', messageDeduplicationId: 'same' };
    expect(h.send('orders.fifo', input).outcome).toBe('enqueued');
    h.runUntil(gapMs);
    h.send('orders.fifo', input);
    expect(h.counts('orders.fifo').visible).toBe(kept);
  });

  it('a FIFO queue name must end in .fifo', () => {
    expect(() => createHarness([{ name: 'orders', type: 'sqs-fifo' }])).toThrow(/\.fifo/);
  });

  it('a poison message moves to the FIFO DLQ and unblocks its group', () => {
    const h = createHarness([
      fifo({ VisibilityTimeout: 1, RedrivePolicy: { deadLetterTargetArn: 'dlq.fifo', maxReceiveCount: 2 } }),
      { name: 'dlq.fifo', type: 'sqs-fifo' },
    ]);
    send(h, 'a', 'a0');
    send(h, 'a', 'a1');
    const seen: number[] = [];
    for (let t = 0; t <= 5_000; t += 1000) {
      h.runUntil(t);
      const batch = h.receive('orders.fifo', 'c-1', 1)!;
      seen.push(...h.ids(batch));
      if (batch[0]?.message.messageId === 1) h.settle('orders.fifo', batch[0]);
    }
    expect(seen).toEqual([0, 0, 1]);
    expect(h.counts('dlq.fifo').visible).toBe(1);
  });
});
