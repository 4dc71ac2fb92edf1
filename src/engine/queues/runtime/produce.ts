// A producer sending to a queue: SQS SendMessage (or a publish to RabbitMQ's default exchange,
// routing key = queue name), at the producer's steady or bursty rate. The key becomes the FIFO
// MessageGroupId; the MessageDeduplicationId is the message's own id, so a producer retry of the
// same send (the producer-retry fault) is dropped by a FIFO queue and stored twice by a
// standard one. Poison messages and hot keys come from the same producer faults as for Kafka.

import type { EngineContext } from '../../engineContext';
import { keyString, sampleKeyIndex } from '../../kafka/keys';
import { currentRatePerSec } from '../../kafka/producer';
import { mark } from '../../metrics/rateMeter';
import { type EnqueueOutcome, newQueueMessage } from '../backend';
import { publishToQueue } from '../broker';
import { armQueueTimer, queueEnv } from './runtime';

export function onQueueProduce(ctx: EngineContext, index: number): void {
  const w = ctx.w;
  const qw = w.queues!;
  const p = w.producers[index];
  const cfg = p.config;
  const queue = cfg.queue!;
  const isOver = w.config.durationMs !== null && w.nowMs >= w.config.durationMs;
  const expected = isOver ? 0 : (currentRatePerSec(cfg, w.nowMs) * cfg.lingerMs) / 1000 + p.carry;
  const n = Math.floor(expected);
  p.carry = expected - n;
  const env = queueEnv(ctx);
  const groups = Object.values(qw.groups).filter((g) => g.config.queue === queue);
  const nowMs = w.nowMs;
  for (let i = 0; i < n; i++) {
    const poison = p.poisonNext.length > 0 ? p.poisonNext.shift() : undefined;
    const key =
      poison && poison.key !== null ? poison.key : keyString(p.sampler, sampleKeyIndex(p.sampler, ctx.rng));
    const messageId = w.nextMessageId++;
    const sendOnce = (): EnqueueOutcome => {
      const message = newQueueMessage(
        {
          messageId,
          key,
          sizeBytes: cfg.messageBytes,
          isPoison: poison !== undefined,
          sentAtMs: nowMs,
          messageGroupId: key ?? cfg.id,
          messageDeduplicationId: `msg-${messageId}`,
          delaySeconds: cfg.delaySeconds,
        },
        nowMs,
      );
      return publishToQueue(qw.broker, queue, message, env);
    };
    const outcome = sendOnce();
    if (outcome === 'enqueued' || outcome === 'delayed') for (const g of groups) g.produced += 1;
    if (p.duplicateNext > 0) {
      // The response was lost and the producer sent again: a second copy unless deduplicated.
      p.duplicateNext -= 1;
      sendOnce();
    }
  }
  p.sent += n;
  if (n > 0) mark(w.produced, nowMs, n);
  armQueueTimer(ctx);
  ctx.schedule(nowMs + Math.max(1, cfg.lingerMs), { kind: 'produce', producer: index });
}
