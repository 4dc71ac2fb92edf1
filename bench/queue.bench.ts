// Queue engine throughput (issue 12): an SQS standard queue fed at 10,000 msg/s, read by one
// group of 12 consumers in batches of 10 (MaxNumberOfMessages), each message processed and
// deleted. Deliveries applied per wall second; compared with the stream engine in the same run.

import { createSimulation, type Scenario } from '../src/engine';

function queueScenario(type: 'sqs-standard' | 'sqs-fifo'): Scenario {
  const name = type === 'sqs-fifo' ? 'orders.fifo' : 'orders';
  return {
    id: `bench-${type}`,
    topics: [],
    queues: [{ name, type, VisibilityTimeout: 30, ReceiveMessageWaitTimeSeconds: 20 }],
    producers: [
      {
        id: 'checkout',
        queue: name,
        ratePerSec: 10_000,
        keys: { type: 'uniform', count: 100_000, prefix: 'order-' },
      },
    ],
    groups: [
      {
        groupId: 'workers',
        queue: name,
        consumers: 12,
        MaxNumberOfMessages: 10,
        delivery: 'at-least-once',
        processing: { meanMs: 0.2 },
      },
    ],
  };
}

/** Messages applied and deleted per wall second, best of three 60 s runs. */
export function queueThroughput(type: 'sqs-standard' | 'sqs-fifo' = 'sqs-standard'): number {
  let best = 0;
  for (let run = 0; run < 3; run++) {
    const sim = createSimulation(queueScenario(type), { seed: 7 });
    const t0 = performance.now();
    sim.advance(60_000);
    const seconds = (performance.now() - t0) / 1000;
    best = Math.max(best, sim.metrics().groups.workers.applied / seconds);
  }
  return best;
}
