// A small RabbitMQ broker for backend tests: queues run by the RabbitMQ backend, exchanges
// routed by its router, the default exchange, dead-lettering through a DLX (with fan-out
// copies), a virtual clock that runs each queue's due work, and a log of deliveries and
// events. It stands in for the engine's queue runtime so the backend's rules are tested alone.

import { Rng } from '../../src/engine/core/rng';
import {
  type Delivery,
  newQueueMessage,
  type QueueEnv,
  type QueueEvent,
  type QueueMessage,
  type Settlement,
} from '../../src/engine/queues/backend';
import { rabbitmqBackend } from '../../src/engine/queues/rabbitmq/rabbitQueue';
import { type RabbitExchange, rabbitRouter } from '../../src/engine/queues/rabbitmq/routing';
import type { RabbitMessage, RabbitQueueState } from '../../src/engine/queues/rabbitmq/state';
import { unackedInOrder } from '../../src/engine/queues/rabbitmq/view';
import type { ExchangeType, QueueType } from '../../src/engine/queues/types';

export interface QueueDecl {
  name: string;
  type?: Extract<QueueType, 'rabbitmq-classic' | 'rabbitmq-quorum'>;
  [arg: string]: unknown;
}

export interface ExchangeDecl {
  name: string;
  type: ExchangeType;
  bindings?: { queue: string; key: string; headers?: Record<string, string> }[];
  alternateExchange?: string;
}

export class RabbitHarness {
  nowMs = 0;
  readonly queues: Record<string, RabbitQueueState> = {};
  readonly exchanges: Record<string, RabbitExchange> = {};
  readonly deliveries: Delivery[] = [];
  readonly events: QueueEvent[] = [];
  /** Messages the DLX could not route anywhere. */
  readonly unroutedDeadLetters: QueueMessage[] = [];
  receipt = 1;
  private nextId = 1;
  readonly env: QueueEnv;

  constructor(queues: QueueDecl[], exchanges: ExchangeDecl[] = [], onDeliver?: (d: Delivery) => void) {
    for (const { name, type = 'rabbitmq-classic', ...args } of queues)
      this.queues[name] = rabbitmqBackend.create(name, type, args);
    for (const ex of exchanges)
      this.exchanges[ex.name] = rabbitRouter.create(ex.name, ex.type, {
        bindings: ex.bindings ?? [],
        alternateExchange: ex.alternateExchange ?? null,
      });
    const rng = new Rng(1);
    const self = this;
    this.env = {
      get nowMs() {
        return self.nowMs;
      },
      rng,
      deliver: (_consumerId, batch) => {
        for (const d of batch) {
          this.deliveries.push(d);
          onDeliver?.(d);
        }
      },
      deadLetter: (_from, message, _reason, target) => {
        if (target.kind !== 'exchange') throw new Error('RabbitMQ dead-letters through an exchange');
        const key = target.routingKey ?? message.routingKey ?? '';
        if (this.route(target.exchange, key, message).length === 0) this.unroutedDeadLetters.push(message);
      },
      nextReceipt: () => this.receipt++,
      wants: () => true,
      emit: (event) => this.events.push(event),
    };
  }

  /** Routes like the broker: the default exchange by queue name, else the router (+ alternate). */
  private route(exchange: string, routingKey: string, message: QueueMessage): string[] {
    let names: string[];
    if (exchange === '') names = this.queues[routingKey] ? [routingKey] : [];
    else {
      const ex = this.exchanges[exchange];
      if (!ex) return [];
      names = rabbitRouter.route(ex, routingKey, message.headers);
      if (names.length === 0 && ex.alternateExchange !== null)
        names = this.route(ex.alternateExchange, routingKey, message);
    }
    names.forEach((name, i) => {
      const copy = i === 0 ? message : { ...message, xDeath: message.xDeath?.map((x) => ({ ...x })) ?? null };
      rabbitmqBackend.enqueue(this.queues[name], copy, this.env);
    });
    return names;
  }

  publish(
    exchange: string,
    routingKey: string,
    opts: { messageId?: number; expiration?: string; headers?: Record<string, string>; key?: string } = {},
  ): QueueMessage {
    const m = newQueueMessage(
      {
        messageId: opts.messageId ?? this.nextId++,
        key: opts.key ?? null,
        sizeBytes: 100,
        isPoison: false,
        sentAtMs: this.nowMs,
        routingKey,
        headers: opts.headers ?? null,
        expiration: opts.expiration ?? null,
      },
      this.nowMs,
    );
    // The broker records the exchange a message was published to (x-death's `exchange`).
    (m as RabbitMessage).exchange = exchange;
    this.route(exchange, routingKey, m);
    return m;
  }

  /** Publishes `n` messages to a queue through the default exchange; returns their ids. */
  fill(queue: string, n: number, expiration?: string): number[] {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(this.publish('', queue, { expiration }).messageId);
    return ids;
  }

  consume(queue: string, consumerId: string, prefetch: number): void {
    rabbitmqBackend.attach(this.queues[queue], { consumerId, groupId: 'g', prefetch }, this.env);
  }

  detach(queue: string, consumerId: string): void {
    rabbitmqBackend.detach(this.queues[queue], consumerId, this.env);
  }

  settle(d: Delivery, settlement: Settlement): string {
    return rabbitmqBackend.settle(this.queues[d.queue], d.consumerId, d.receipt, settlement, this.env);
  }

  ack(d: Delivery): string {
    return this.settle(d, { kind: 'ack' });
  }

  nack(d: Delivery, requeue: boolean, isMultiple = false): string {
    return this.settle(d, { kind: 'nack', requeue, isMultiple });
  }

  /** Deliveries to `consumerId` still unacked by it, in delivery order (read from the queues). */
  unacked(consumerId: string): Delivery[] {
    const out: Delivery[] = [];
    for (const q of Object.values(this.queues)) {
      for (const m of unackedInOrder(q, Number.POSITIVE_INFINITY)) {
        if (m.consumerId !== consumerId) continue;
        out.push({
          queue: q.name,
          consumerId,
          receipt: m.receipt,
          message: m,
          receiveCount: m.receiveCount,
          redelivered: m.redelivered,
          receivedAtMs: m.deliveredAtMs,
        });
      }
    }
    return out;
  }

  /** Message ids delivered so far, in order (optionally to one consumer). */
  deliveredIds(consumerId?: string): number[] {
    return this.deliveries
      .filter((d) => !consumerId || d.consumerId === consumerId)
      .map((d) => d.message.messageId);
  }

  /** Ready message ids in delivery order. */
  readyIds(queue: string): number[] {
    return rabbitmqBackend
      .view(this.queues[queue], this.nowMs)
      .messages.filter((m) => m.state === 'ready')
      .map((m) => m.messageId);
  }

  /** Runs virtual time to `targetMs`, running each queue's due work at its due time. */
  advanceTo(targetMs: number): void {
    for (;;) {
      let due = Number.POSITIVE_INFINITY;
      for (const q of Object.values(this.queues)) due = Math.min(due, rabbitmqBackend.nextDueMs(q));
      if (due > targetMs) break;
      this.nowMs = Math.max(this.nowMs, due);
      for (const q of Object.values(this.queues))
        if (rabbitmqBackend.nextDueMs(q) <= this.nowMs) rabbitmqBackend.advance(q, this.env);
    }
    this.nowMs = targetMs;
  }

  eventsOf<T extends QueueEvent['type']>(type: T): Extract<QueueEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<QueueEvent, { type: T }> => e.type === type);
  }
}
