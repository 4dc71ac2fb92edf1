// x-max-length with each x-overflow mode (maxlength.md), as metrics().groups[…].overflow
// counts it, and how the group's own accounting (lost, dead-lettered) agrees with it.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../simulation';

describe('x-max-length and x-overflow in the group metrics', () => {
  it.each([1, 2, 3])(
    'rabbitmq-max-length (seed %i): each mode counted under its name, the accounting closes',
    (seed) => {
      const sim = createSimulation('rabbitmq-max-length', { seed });
      sim.advance(30_000);
      const g = sim.metrics().groups;
      const head = g['drop-head-workers'];
      const reject = g['reject-workers'];
      const dlx = g['reject-dlx-workers'];
      expect(head.overflow).toMatchObject({
        'x-max-length': 20,
        'x-overflow': 'drop-head',
        rejectedAtPublish: 0,
      });
      expect(reject.overflow).toMatchObject({
        'x-overflow': 'reject-publish',
        droppedHead: 0,
        isDeadLettered: false,
      });
      expect(dlx.overflow).toMatchObject({
        'x-overflow': 'reject-publish-dlx',
        droppedHead: 0,
        isDeadLettered: true,
      });
      // drop-head without a DLX discards the oldest: lost for the group, one for one.
      expect(head.overflow!.droppedHead).toBeGreaterThan(50);
      expect(head.lost).toBe(head.overflow!.droppedHead);
      // reject-publish: basic.nack to a publisher that does not resend: lost too.
      expect(reject.overflow!.rejectedAtPublish).toBeGreaterThan(50);
      expect(reject.lost).toBe(reject.overflow!.rejectedAtPublish);
      // reject-publish-dlx: refused and dead-lettered (reason maxlen), nothing lost — even though
      // the same message ids were dropped from orders-drop-head (fan-out copies).
      expect(dlx.deadLettered).toBe(dlx.overflow!.rejectedAtPublish);
      expect(dlx.lost).toBe(0);
      const overflowQueue = sim.snapshot().queues!.find((q) => q.name === 'orders-overflow')!;
      expect(overflowQueue.visible).toBe(dlx.overflow!.rejectedAtPublish);
      expect(overflowQueue.messages[0].xDeath?.[0]).toMatchObject({
        queue: 'orders-reject-dlx',
        reason: 'maxlen',
      });
      for (const m of [head, reject, dlx])
        expect(m.applied + m.lost + m.deadLettered + m.inFlight + m.notYetConsumed).toBe(m.produced);
    },
  );

  it('a queue without x-max-length has no overflow entry', () => {
    const sim = createSimulation('rabbitmq-dlx-retry', { seed: 1 });
    sim.advance(5_000);
    expect(sim.metrics().groups.payments.overflow).toBeUndefined();
  });
});
