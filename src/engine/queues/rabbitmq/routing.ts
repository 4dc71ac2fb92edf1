// Exchanges and bindings as AMQP 0-9-1 defines them (rabbitmq-website docs/exchanges.md,
// tutorials 4-5): direct (routing key = binding key), fanout (every bound queue), topic
// (dot-separated words, `*` exactly one word, `#` zero or more), headers (`x-match` all or
// any over the binding's non-`x-` arguments). A message reaches each queue at most once,
// however many of the queue's bindings match. The default exchange "", alternate exchanges
// and `mandatory` are the broker's (../broker.ts). Results for a routing key are cached per
// exchange (bindings are declared up front), so routing allocates nothing on the hot path.

import type { ExchangeRouter, ExchangeState } from '../backend';
import type { ExchangeSnapshot, ExchangeType } from '../types';

export type RabbitBinding = ExchangeState['bindings'][number];

/** The exchange state plus a cache of routing results per routing key (plain object). */
export interface RabbitExchange extends ExchangeState {
  /** Routing key → queue names (direct, fanout, topic); rebuilt when bindings change. */
  routeCache?: Record<string, string[]>;
}

export function validateBinding(type: ExchangeType, b: RabbitBinding): void {
  if (type === 'topic') {
    for (const word of b.key.split('.')) {
      if (word.includes('*') && word !== '*')
        throw new Error(`topic binding "${b.key}": * must be a whole word`);
      if (word.includes('#') && word !== '#')
        throw new Error(`topic binding "${b.key}": # must be a whole word`);
    }
  }
  if (type === 'headers') {
    const xMatch = b.headers?.['x-match'];
    if (xMatch !== undefined && xMatch !== 'all' && xMatch !== 'any')
      throw new Error(`headers binding to ${b.queue}: x-match must be all or any, got "${xMatch}"`);
  }
}

export function createExchange(
  name: string,
  type: ExchangeType,
  bindings: readonly RabbitBinding[] = [],
  alternateExchange: string | null = null,
): RabbitExchange {
  if (name === '' || name.startsWith('amq.')) throw new Error(`exchange name "${name}" is reserved`);
  for (const b of bindings) validateBinding(type, b);
  return {
    name,
    type,
    bindings: bindings.map((b) =>
      b.headers ? { queue: b.queue, key: b.key, headers: { ...b.headers } } : { queue: b.queue, key: b.key },
    ),
    alternateExchange,
    unroutable: { dropped: 0, returned: 0, alternate: 0 },
    routeCache: {},
  };
}

/**
 * Topic matching: `*` stands for exactly one word, `#` for zero or more words. Words are
 * compared whole; the empty routing key is zero words.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  const p = pattern === '' ? [] : pattern.split('.');
  const w = routingKey === '' ? [] : routingKey.split('.');
  // reachable[j]: pattern prefix p[0..i) can match words w[0..j)
  let reachable = new Array<boolean>(w.length + 1).fill(false);
  reachable[0] = true;
  for (const token of p) {
    const next = new Array<boolean>(w.length + 1).fill(false);
    if (token === '#') {
      let seen = false;
      for (let j = 0; j <= w.length; j++) {
        seen = seen || reachable[j];
        next[j] = seen;
      }
    } else {
      for (let j = 0; j < w.length; j++) {
        if (reachable[j] && (token === '*' || token === w[j])) next[j + 1] = true;
      }
    }
    reachable = next;
  }
  return reachable[w.length];
}

/** Headers exchange: `x-match` all (default) needs every binding argument, any needs one. */
export function headersMatch(
  binding: Record<string, string> | undefined,
  headers: Readonly<Record<string, string>> | null,
): boolean {
  const args = binding ?? {};
  const isAny = args['x-match'] === 'any';
  let total = 0;
  let matched = 0;
  for (const [name, value] of Object.entries(args)) {
    // Arguments starting with x- are not matched against headers (x-match, x-… extensions).
    if (name.startsWith('x-')) continue;
    total++;
    if (headers !== null && headers[name] === value) matched++;
  }
  return isAny ? matched > 0 : matched === total;
}

function bindingMatches(
  type: ExchangeType,
  b: RabbitBinding,
  routingKey: string,
  headers: Readonly<Record<string, string>> | null,
): boolean {
  switch (type) {
    case 'fanout':
      return true;
    case 'direct':
      return b.key === routingKey;
    case 'topic':
      return topicMatches(b.key, routingKey);
    case 'headers':
      return headersMatch(b.headers, headers);
  }
}

/**
 * The queues an exchange routes a message to, each once, in binding order (alternate
 * exchanges, `mandatory` and the default exchange are the broker's). The array is shared
 * from the cache for direct, fanout and topic exchanges: callers must not change it.
 */
export function routeExchange(
  ex: RabbitExchange,
  routingKey: string,
  headers: Readonly<Record<string, string>> | null,
): string[] {
  if (ex.type !== 'headers') {
    if (ex.routeCache === undefined) ex.routeCache = {};
    else if (Object.hasOwn(ex.routeCache, routingKey)) return ex.routeCache[routingKey];
  }
  const out: string[] = [];
  for (const b of ex.bindings) {
    if (!out.includes(b.queue) && bindingMatches(ex.type, b, routingKey, headers)) out.push(b.queue);
  }
  if (ex.routeCache !== undefined && ex.type !== 'headers') ex.routeCache[routingKey] = out;
  return out;
}

/** RabbitMQ's side of the broker's routing (backend.ts `ExchangeRouter`). */
export const rabbitRouter: ExchangeRouter = {
  create(name, type, spec) {
    const bindings = (spec.bindings ?? []) as RabbitBinding[];
    const ae = (spec.alternateExchange ?? spec['alternate-exchange'] ?? null) as string | null;
    return createExchange(name, type, bindings, ae);
  },
  route: (exchange, routingKey, headers) => routeExchange(exchange, routingKey, headers),
};

/** An exchange as the snapshot shows it (../types.ts `ExchangeSnapshot`). */
export function exchangeSnapshot(ex: ExchangeState): ExchangeSnapshot {
  return {
    name: ex.name,
    type: ex.type,
    bindings: ex.bindings.map((b) =>
      b.headers ? { queue: b.queue, key: b.key, headers: { ...b.headers } } : { queue: b.queue, key: b.key },
    ),
    alternateExchange: ex.alternateExchange,
    unroutable: { ...ex.unroutable },
  };
}
