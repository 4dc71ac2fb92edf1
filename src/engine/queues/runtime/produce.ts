// A producer sending to a queue: SQS SendMessage (or a publish to RabbitMQ's default exchange,
// routing key = queue name), at the producer's steady or bursty rate. The key becomes the FIFO
// MessageGroupId; the MessageDeduplicationId is the message's own id (its number), so a
// producer retry of the same send (the producer-retry fault) is dropped by a FIFO queue and
// stored twice by a standard one. Poison messages and hot keys come from the same producer
// faults as for Kafka.

import type { EngineContext } from '../../engineContext';
import { keyString, sampleKeyIndex } from '../../kafka/keys';
import { currentRatePerSec } from '../../kafka/producer';
import { mark } from '../../metrics/rateMeter';
import type { ProducerRt } from '../../world';
import {
  canonicalKey,
  createQueueMessage,
  type EnqueueOutcome,
  KEY_INDEX_LIMIT,
  keySpaceOfPrefix,
  newQueueMessage,
  type QueueBackend,
  type QueueEnv,
  type QueueStateBase,
} from '../backend';
import { publishToExchange, publishToQueue } from '../broker';
import { backendOf } from '../registry';
import { isRabbitMq } from '../types';
import { armQueueTimer, queueEnv } from './runtime';

/**
 * The next key of a producer, with its (key space, index) when the sampler made it: the poison
 * fault's key if it names one, else a sampled key. With `isStringNeeded` false the string is
 * left null when (key space, index) give it (`keyOf` builds it if anything reads it). Reuses
 * `out`.
 */
function nextKey(
  ctx: EngineContext,
  p: ProducerRt,
  poisonKey: string | null,
  isStringNeeded: boolean,
  out: SampledKey,
): SampledKey {
  out.keySpace = null;
  out.keyIndex = -1;
  if (poisonKey !== null) {
    out.key = poisonKey;
    return out;
  }
  const index = sampleKeyIndex(p.sampler, ctx.rng);
  const keys = p.sampler.config;
  if (index >= 0 && keys.type !== 'null') {
    if (index < KEY_INDEX_LIMIT) {
      out.keySpace = keySpaceOfPrefix(keys.prefix);
      if (out.keySpace !== null) out.keyIndex = index;
    }
    // keyString's `${prefix}${index}`, built here: its interned copy is a random read in a
    // table as large as the key space, slower than the few bytes of a new string.
    out.key = isStringNeeded || out.keySpace === null ? `${keys.prefix}${index}` : null;
  } else out.key = keyString(p.sampler, index);
  return out;
}

interface SampledKey {
  key: string | null;
  keySpace: string | null;
  keyIndex: number;
}

/** Scratch for `nextKey` (read at once, never kept). */
const SAMPLED: SampledKey = { key: null, keySpace: null, keyIndex: -1 };

/** Where one producer's sends go: the queue (null when none has that name) and its backend. */
interface SendTarget {
  queue: string;
  q: QueueStateBase | null;
  backend: QueueBackend | null;
  isFifo: boolean;
  isRabbit: boolean;
  env: QueueEnv;
}

function sendOnce(
  ctx: EngineContext,
  cfg: ProducerRt['config'],
  target: SendTarget,
  messageId: number,
  sampled: SampledKey,
  isPoison: boolean,
  nowMs: number,
): EnqueueOutcome {
  const key = sampled.key;
  let keySpace = sampled.keySpace;
  let keyIndex = keySpace === null ? -1 : sampled.keyIndex;
  // The key string is made only if read (keyOf); a FIFO queue's group id is the key then.
  const isKeyUnbuilt = key === null && keySpace !== null;
  if (keyIndex < 0 && key !== null) {
    // A key the sampler did not split (a poison or hot key): as newQueueMessage reads it.
    const canonical = canonicalKey(key);
    if (canonical !== null) [keySpace, keyIndex] = canonical;
  }
  const delaySeconds = cfg.delaySeconds;
  const message = createQueueMessage(
    messageId,
    key,
    keySpace,
    keyIndex,
    // RabbitMQ: a publish to the default exchange, whose routing key is the queue's name (a DLX
    // without x-dead-letter-routing-key routes the dead letter by it). SQS has none.
    target.isRabbit ? target.queue : null,
    null,
    isKeyUnbuilt ? null : (key ?? cfg.id),
    // Only a FIFO queue reads it (deduplication); a standard queue never does.
    target.isFifo ? messageId : null,
    null,
    cfg.messageBytes,
    isPoison,
    nowMs,
    nowMs,
    delaySeconds ? nowMs + delaySeconds * 1000 : -1,
  );
  // publishToQueue, with the queue and its backend looked up once per produce tick.
  if (target.q === null) return publishToQueue(ctx.w.queues!.broker, target.queue, message, target.env);
  return target.backend!.enqueue(target.q, message, target.env);
}

export function onQueueProduce(ctx: EngineContext, index: number): void {
  const w = ctx.w;
  const qw = w.queues!;
  const p = w.producers[index];
  const cfg = p.config;
  if (cfg.publish !== null) {
    onExchangeProduce(ctx, index);
    return;
  }
  const queue = cfg.queue!;
  const isOver = w.config.durationMs !== null && w.nowMs >= w.config.durationMs;
  const expected = isOver ? 0 : (currentRatePerSec(cfg, w.nowMs) * cfg.lingerMs) / 1000 + p.carry;
  const n = Math.floor(expected);
  p.carry = expected - n;
  const groups = Object.values(qw.groups).filter((g) => g.config.queue === queue);
  const nowMs = w.nowMs;
  const q = qw.broker.queues[queue] ?? null;
  const target: SendTarget = {
    queue,
    q,
    backend: q === null ? null : backendOf(q),
    isFifo: q?.type === 'sqs-fifo',
    isRabbit: q !== null && isRabbitMq(q.type),
    env: queueEnv(ctx),
  };
  for (let i = 0; i < n; i++) {
    const poison = p.poisonNext.length > 0 ? p.poisonNext.shift() : undefined;
    const sampled = nextKey(ctx, p, poison && poison.key !== null ? poison.key : null, false, SAMPLED);
    const messageId = w.nextMessageId++;
    const isPoison = poison !== undefined;
    const outcome = sendOnce(ctx, cfg, target, messageId, sampled, isPoison, nowMs);
    if (outcome === 'enqueued' || outcome === 'delayed') for (const g of groups) g.produced += 1;
    if (p.duplicateNext > 0) {
      // The response was lost and the producer sent again: a second copy unless deduplicated.
      p.duplicateNext -= 1;
      sendOnce(ctx, cfg, target, messageId, sampled, isPoison, nowMs);
    }
  }
  p.sent += n;
  if (n > 0) mark(w.produced, nowMs, n);
  armQueueTimer(ctx);
  ctx.schedule(nowMs + Math.max(1, cfg.lingerMs), { kind: 'produce', producer: index });
}

/**
 * A RabbitMQ producer: basic.publish to an exchange, the routing key taken in turn from the
 * producer's list (or the message key). Every queue the message reaches counts it as produced
 * for the groups reading that queue.
 */
function onExchangeProduce(ctx: EngineContext, index: number): void {
  const w = ctx.w;
  const qw = w.queues!;
  const p = w.producers[index];
  const cfg = p.config;
  const publish = cfg.publish!;
  const isOver = w.config.durationMs !== null && w.nowMs >= w.config.durationMs;
  const expected = isOver ? 0 : (currentRatePerSec(cfg, w.nowMs) * cfg.lingerMs) / 1000 + p.carry;
  const n = Math.floor(expected);
  p.carry = expected - n;
  const env = queueEnv(ctx);
  const nowMs = w.nowMs;
  const keys = publish.routingKeys;
  for (let i = 0; i < n; i++) {
    const poison = p.poisonNext.length > 0 ? p.poisonNext.shift() : undefined;
    const sampled = nextKey(ctx, p, poison && poison.key !== null ? poison.key : null, true, SAMPLED);
    const key = sampled.key;
    const routingKey = keys.length > 0 ? keys[(p.sent + i) % keys.length] : (key ?? '');
    const message = newQueueMessage(
      {
        messageId: w.nextMessageId++,
        key,
        keySpace: sampled.keySpace,
        keyIndex: sampled.keyIndex,
        sizeBytes: cfg.messageBytes,
        isPoison: poison !== undefined,
        sentAtMs: nowMs,
        routingKey,
        headers: publish.headers,
        expiration: publish.expiration,
        isMandatory: publish.isMandatory,
      },
      nowMs,
    );
    const reached = publishToExchange(
      qw.broker,
      publish.exchange,
      routingKey,
      message,
      publish.isMandatory,
      env,
    );
    for (const queue of reached)
      for (const id in qw.groups) if (qw.groups[id].config.queue === queue) qw.groups[id].produced += 1;
  }
  p.sent += n;
  if (n > 0) mark(w.produced, nowMs, n);
  armQueueTimer(ctx);
  ctx.schedule(nowMs + Math.max(1, cfg.lingerMs), { kind: 'produce', producer: index });
}
