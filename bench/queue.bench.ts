// Queue engine throughput (issue 12), measured beside the stream engine in the same rounds,
// each workload in a process of its own, by CPU time (the machine is shared: wall time
// measures the neighbours).
//
// Workloads: the stream figure is engine.bench's base (12 partitions, 3 groups of 4, 10,000
// records/s, 60 s: 1.8 M deliveries). Each queue figure is one queue fed at 10,000 msg/s for
// 60 s, read by one group of 12 consumers (SQS: batches of up to 10 with long polling;
// RabbitMQ: push within prefetch 10), each message processed (0.2 ms) and deleted / acked:
// 600,000 deliveries. A queue message is produced once per delivery where a stream record is
// produced once per three deliveries, so per delivery the queue does more work, not less.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

/** What each child process runs, one workload each. */
type Workload = 'stream' | 'standard' | 'fifo' | 'rabbit' | 'backend';
const WORKLOADS: Workload[] = ['stream', 'standard', 'fifo', 'rabbit', 'backend'];

function runWorkload(workload: Workload): Pace {
  switch (workload) {
    case 'stream':
      return streamPace();
    case 'standard':
      return queuePace('sqs-standard');
    case 'fifo':
      return queuePace('sqs-fifo');
    case 'rabbit':
      return queuePace('rabbitmq-quorum');
    case 'backend': {
      const backend = runRabbitmqBenchmark(1_000_000);
      return { perCpuSec: backend.deliveriesPerCpuSec, perWallSec: backend.deliveriesPerSec };
    }
  }
}

/** Set in a child: the workload it runs on each request from the parent. */
const CHILD_ENV = 'QS_QUEUE_BENCH_WORKLOAD';

/** One child process, one workload: `run()` answers with one run's pace. */
interface Child {
  run(): Promise<Pace>;
  close(): void;
}

function startChild(workload: Workload): Child {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, [CHILD_ENV]: workload },
    execArgv: ['--import', 'tsx'],
  });
  return {
    run: () =>
      new Promise<Pace>((resolve, reject) => {
        const onExit = (code: number | null) =>
          reject(new Error(`queue bench ${workload}: exited with ${code}`));
        child.once('exit', onExit);
        child.once('message', (pace) => {
          child.off('exit', onExit);
          resolve(pace as Pace);
        });
        child.send('run');
      }),
    close: () => child.kill(),
  };
}

/**
 * Each workload (stream, SQS standard, SQS FIFO, RabbitMQ through the engine, the RabbitMQ
 * backend alone) runs in a process of its own, as a headless run of one scenario does: in one
 * process the others' type feedback makes the shared code polymorphic (the FIFO figure read
 * about 10% lower after the other four, and lower again after engine.bench). The rounds
 * interleave the processes in time, so they share the machine's state alike; best round of
 * each by CPU time. Each process's first run is not counted: it pays for compiling the code
 * (on background threads, in its CPU time). The ratios divide by the stream pace of the same
 * rounds.
 */
export async function runQueueBenchmarks(rounds = 3): Promise<Figure[]> {
  const runs: Record<Workload, Pace[]> = { stream: [], standard: [], fifo: [], rabbit: [], backend: [] };
  const children = WORKLOADS.map((w) => [w, startChild(w)] as const);
  try {
    for (const [, child] of children) await child.run();
    for (let round = 0; round < rounds; round++)
      for (const [workload, child] of children) runs[workload].push(await child.run());
  } finally {
    for (const [, child] of children) child.close();
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

const childWorkload = process.env[CHILD_ENV] as Workload | undefined;
if (childWorkload !== undefined && process.send !== undefined)
  process.on('message', () => process.send!(runWorkload(childWorkload)));
else if (import.meta.url === `file://${process.argv[1]}`)
  for (const f of await runQueueBenchmarks(Number(process.argv[2] ?? 3)))
    console.log(`bench ${f.name}: ${f.value}${f.unit ? ` ${f.unit}` : ''}`);
