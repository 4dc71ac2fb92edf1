// Which kinds of system a scenario runs (Kafka, SQS, RabbitMQ): the one part of the broker
// comparison the engine core needs up front. The rest loads with the queue runtime, since only a
// scenario with queues can run two kinds.

import type { EngineConfig } from '../scenario/config';

export function systemKinds(config: Pick<EngineConfig, 'groups' | 'queueGroups' | 'queues'>): string[] {
  const kinds = new Set<string>();
  if (config.groups.length > 0) kinds.add('kafka');
  for (const g of config.queueGroups) {
    const q = config.queues.find((x) => x.name === g.queue);
    if (q) kinds.add(q.type.startsWith('sqs') ? 'sqs' : 'rabbitmq');
  }
  return [...kinds];
}

export function isComparison(config: Pick<EngineConfig, 'groups' | 'queueGroups' | 'queues'>): boolean {
  return systemKinds(config).length >= 2;
}
