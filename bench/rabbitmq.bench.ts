// RabbitMQ backend throughput, headless: producers publish through a topic exchange into a
// quorum queue read by 4 consumers (prefetch 10), which ack every delivery; TTL and a DLX are
// set so the expiry index and x-death paths are live. Figures: deliveries per second, and
// with a poison share nacked with requeue (the redelivery path).

import { Rng } from '../src/engine/core/rng';
import { type Delivery, newQueueMessage } from '../src/engine/queues/backend';
import { createBroker, createQueueEnv, publishToExchange } from '../src/engine/queues/broker';
import { backendOf, EXCHANGE_ROUTER } from '../src/engine/queues/registry';

export interface RabbitFigures {
  /** Per wall-clock second. */
  deliveriesPerSec: number;
  /** Per second of this process's CPU time (fairer on a machine shared by other jobs). */
  deliveriesPerCpuSec: number;
  redeliveriesShare: number;
}

export function runRabbitmqBenchmark(messages = 2_000_000, poisonEvery = 0): RabbitFigures {
  let nowMs = 0;
  const rng = new Rng(1);
  const broker = createBroker([
    { name: 'work', type: 'rabbitmq-quorum', 'x-message-ttl': 600_000, 'x-dead-letter-exchange': 'dlx' },
    { name: 'dlq', type: 'rabbitmq-classic' },
  ]);
  broker.exchanges.orders = EXCHANGE_ROUTER.current!.create('orders', 'topic', {
    bindings: [{ queue: 'work', key: 'order.*' }],
  });
  broker.exchanges.dlx = EXCHANGE_ROUTER.current!.create('dlx', 'fanout', {
    bindings: [{ queue: 'dlq', key: '' }],
  });
  const pending: Delivery[] = [];
  let delivered = 0;
  let redelivered = 0;
  const env = createQueueEnv(() => broker, {
    nowMs: () => nowMs,
    rng: () => rng,
    deliver: (_c, batch) => {
      delivered += batch.length;
      for (const d of batch) {
        if (d.redelivered) redelivered++;
        pending.push(d);
      }
    },
    wants: () => false,
    emit: () => {},
  });
  const work = broker.queues.work;
  const backend = backendOf(work);
  for (let c = 0; c < 4; c++) backend.attach(work, { consumerId: `c${c}`, groupId: 'g', prefetch: 10 }, env);
  const keys = ['order.created', 'order.paid', 'order.shipped'];
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let id = 0; id < messages; id++) {
    nowMs = id >> 4;
    const m = newQueueMessage(
      { messageId: id, key: null, sizeBytes: 100, isPoison: false, sentAtMs: nowMs },
      nowMs,
    );
    publishToExchange(broker, 'orders', keys[id % 3], m, false, env);
    while (pending.length > 0) {
      const d = pending.pop()!;
      const isPoison = poisonEvery > 0 && d.message.messageId % poisonEvery === 0;
      backend.settle(
        work,
        d.consumerId,
        d.receipt,
        isPoison ? { kind: 'nack', requeue: true } : { kind: 'ack' },
        env,
      );
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    deliveriesPerSec: Math.round(delivered / seconds),
    deliveriesPerCpuSec: Math.round(delivered / cpuSeconds),
    redeliveriesShare: redelivered / Math.max(1, delivered),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runRabbitmqBenchmark(200_000);
  const plain = runRabbitmqBenchmark();
  console.log(
    `bench rabbitmq-deliveries-per-sec: ${plain.deliveriesPerSec} (per CPU second ${plain.deliveriesPerCpuSec})`,
  );
  const poison = runRabbitmqBenchmark(1_000_000, 50);
  console.log(
    `bench rabbitmq-deliveries-per-sec-poison: ${poison.deliveriesPerSec} (per CPU second ${poison.deliveriesPerCpuSec}, redeliveries ${(poison.redeliveriesShare * 100).toFixed(1)}%)`,
  );
}
