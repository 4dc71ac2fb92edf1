// Queue engine throughput (issue 12), measured beside the stream engine in the same process
// and the same rounds, by CPU time (the machine is shared: wall time measures the neighbours).
//
// Workloads: the stream figure is engine.bench's base (12 partitions, 3 groups of 4, 10,000
// records/s, 60 s: 1.8 M deliveries). Each queue figure is one queue fed at 10,000 msg/s for
// 60 s, read by one group of 12 consumers (SQS: batches of up to 10 with long polling;
// RabbitMQ: push within prefetch 10), each message processed (0.2 ms) and deleted / acked:
// 600,000 deliveries. A queue message is produced once per delivery where a stream record is
// produced once per three deliveries, so per delivery the queue does more work, not less.

import { createSimulation, type Scenario } from '../src/engine';
import type { Figure } from './engine.bench';
import { throughputScenario } from './engine.bench';
import { runRabbitmqBenchmark } from './rabbitmq.bench';

export type QueueBenchType = 'sqs-standard' | 'sqs-fifo' | 'rabbitmq-quorum';

export function queueScenario(type: QueueBenchType): Scenario {
  const name = type === 'sqs-fifo' ? 'orders.fifo' : 'orders';
  const isRabbit = type.startsWith('rabbitmq');
  return {
    id: `bench-${type}`,
    topics: [],
    queues: [
      isRabbit ? { name, type } : { name, type, VisibilityTimeout: 30, ReceiveMessageWaitTimeSeconds: 20 },
    ],
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
        ...(isRabbit ? { prefetch: 10 } : { MaxNumberOfMessages: 10 }),
        delivery: 'at-least-once',
        processing: { meanMs: 0.2 },
      },
    ],
  } as Scenario;
}

export interface Pace {
  /** Deliveries applied (and deleted / committed) per second of this process's CPU time. */
  perCpuSec: number;
  perWallSec: number;
}

function paceOf(deliveries: number, cpu: NodeJS.CpuUsage, wallMs: number): Pace {
  return {
    perCpuSec: deliveries / ((cpu.user + cpu.system) / 1e6),
    perWallSec: deliveries / (wallMs / 1000),
  };
}

/** One 60 s run of a queue scenario: deliveries applied, per CPU and wall second. */
export function queuePace(type: QueueBenchType): Pace {
  const sim = createSimulation(queueScenario(type), { seed: 7 });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  sim.advance(60_000);
  const cpu = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  return paceOf(sim.metrics().groups.workers.applied, cpu, wallMs);
}

/** One run of engine.bench's base stream workload, counted as engineThroughput counts it. */
export function streamPace(): Pace {
  const sim = createSimulation(throughputScenario(12, 3, 4), { seed: 7 });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  sim.advance(60_000);
  const cpu = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  let committed = 0;
  for (const p of sim.snapshot().partitions)
    for (const c of Object.values(p.committed)) committed += Math.max(0, c);
  const applied = Object.values(sim.metrics().groups).reduce((s, g) => s + g.applied, 0);
  return paceOf(Math.min(applied, committed), cpu, wallMs);
}

const best = (paces: Pace[]): Pace => ({
  perCpuSec: Math.max(...paces.map((p) => p.perCpuSec)),
  perWallSec: Math.max(...paces.map((p) => p.perWallSec)),
});

/**
 * Interleaved rounds (stream, SQS standard, SQS FIFO, RabbitMQ through the engine, the
 * RabbitMQ backend alone), best round of each by CPU time. The budgeted ratio divides the SQS
 * standard pace by the stream pace of the same rounds. A first round of every workload is not
 * counted: it pays for compiling the code (on background threads, in this process's CPU time),
 * which the rounds after it, on code shaped by all five workloads at once, no longer do.
 */
export function runQueueBenchmarks(rounds = 3): Figure[] {
  const runs: Record<string, Pace[]> = { stream: [], standard: [], fifo: [], rabbit: [], backend: [] };
  runRabbitmqBenchmark(200_000);
  streamPace();
  queuePace('sqs-standard');
  queuePace('sqs-fifo');
  queuePace('rabbitmq-quorum');
  for (let round = 0; round < rounds; round++) {
    runs.stream.push(streamPace());
    runs.standard.push(queuePace('sqs-standard'));
    runs.fifo.push(queuePace('sqs-fifo'));
    runs.rabbit.push(queuePace('rabbitmq-quorum'));
    const backend = runRabbitmqBenchmark(1_000_000);
    runs.backend.push({ perCpuSec: backend.deliveriesPerCpuSec, perWallSec: backend.deliveriesPerSec });
  }
  const stream = best(runs.stream);
  const standard = best(runs.standard);
  const rabbit = best(runs.rabbit);
  const cpu = 'msg/s (per CPU second, best of interleaved rounds)';
  const ratio = (p: Pace) => Number((p.perCpuSec / stream.perCpuSec).toFixed(2));
  return [
    { name: 'engine-queue-stream-deliveries-per-sec', value: Math.round(stream.perCpuSec), unit: cpu },
    { name: 'engine-queue-deliveries-per-sec', value: Math.round(standard.perCpuSec), unit: cpu },
    {
      name: 'engine-queue-deliveries-per-wall-sec',
      value: Math.round(standard.perWallSec),
      unit: 'msg/s (wall clock, best round)',
    },
    {
      name: 'engine-queue-vs-stream',
      value: ratio(standard),
      unit: 'x (SQS standard / stream, per CPU second, same rounds)',
    },
    { name: 'engine-queue-fifo-deliveries-per-sec', value: Math.round(best(runs.fifo).perCpuSec), unit: cpu },
    { name: 'engine-queue-rabbitmq-deliveries-per-sec', value: Math.round(rabbit.perCpuSec), unit: cpu },
    {
      name: 'engine-queue-rabbitmq-vs-stream',
      value: ratio(rabbit),
      unit: 'x (RabbitMQ quorum through the engine / stream, per CPU second)',
    },
    {
      name: 'engine-queue-rabbitmq-backend-deliveries-per-sec',
      value: Math.round(best(runs.backend).perCpuSec),
      unit: 'msg/s (the backend alone, publish + ack, no engine; per CPU second)',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const f of runQueueBenchmarks(Number(process.argv[2] ?? 3)))
    console.log(`bench ${f.name}: ${f.value}${f.unit ? ` ${f.unit}` : ''}`);
