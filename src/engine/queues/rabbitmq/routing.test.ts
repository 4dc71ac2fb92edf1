import { describe, expect, it } from 'vitest';
import { RabbitHarness } from '../../../../test/support/rabbitHarness';
import { createExchange, headersMatch, rabbitRouter, routeExchange, topicMatches } from './routing';

describe('topic patterns: * is exactly one word, # is zero or more', () => {
  // The rows of RabbitMQ tutorial 5 (topics) and exchanges.md, plus the edge cases.
  const MATRIX: [pattern: string, key: string, matches: boolean][] = [
    ['*.orange.*', 'quick.orange.rabbit', true],
    ['*.*.rabbit', 'quick.orange.rabbit', true],
    ['*.orange.*', 'lazy.orange.elephant', true],
    ['lazy.#', 'lazy.orange.elephant', true],
    ['*.orange.*', 'quick.orange.fox', true],
    ['*.*.rabbit', 'quick.orange.fox', false],
    ['lazy.#', 'lazy.brown.fox', true],
    ['*.*.rabbit', 'lazy.pink.rabbit', true],
    ['lazy.#', 'lazy.pink.rabbit', true],
    ['*.orange.*', 'quick.brown.fox', false],
    ['*.orange.*', 'orange', false],
    ['*.orange.*', 'quick.orange.new.rabbit', false],
    ['lazy.#', 'lazy.orange.new.rabbit', true],
    ['*.*.rabbit', 'lazy.orange.new.rabbit', false],
    ['lazy.#', 'lazy', true],
    ['#', '', true],
    ['#', 'a.b.c', true],
    ['*', '', false],
    ['*', 'a', true],
    ['*', 'a.b', false],
    ['a.#.b', 'a.b', true],
    ['a.#.b', 'a.x.y.b', true],
    ['a.#.b', 'a.x.y', false],
    ['#.error', 'payment.eu.error', true],
    ['#.error', 'error', true],
    ['#.error', 'payment.error.retry', false],
    ['order.*.created', 'order.eu.created', true],
    ['order.*.created', 'order.created', false],
    ['order.created', 'order.created', true],
    ['order.created', 'order.Created', false],
    ['#.#', 'a', true],
    ['*.#', '', false],
  ];
  it.each(MATRIX)('pattern %j against routing key %j matches: %s', (pattern, key, matches) => {
    expect(topicMatches(pattern, key)).toBe(matches);
  });

  it('rejects a wildcard inside a word when the binding is declared', () => {
    expect(() => createExchange('t', 'topic', [{ queue: 'q', key: 'order.eu*' }])).toThrow(/whole word/);
  });
});

describe('headers exchange: x-match all or any over the non-x- arguments', () => {
  const ROWS: [binding: Record<string, string>, headers: Record<string, string> | null, matches: boolean][] =
    [
      [{ 'x-match': 'all', format: 'pdf', type: 'report' }, { format: 'pdf', type: 'report' }, true],
      [{ 'x-match': 'all', format: 'pdf', type: 'report' }, { format: 'pdf', type: 'log' }, false],
      [{ format: 'pdf', type: 'report' }, { format: 'pdf' }, false], // all is the default
      [{ 'x-match': 'any', format: 'pdf', type: 'report' }, { format: 'pdf', type: 'log' }, true],
      [{ 'x-match': 'any', format: 'pdf', type: 'report' }, { format: 'zip' }, false],
      [{ 'x-match': 'any', format: 'pdf' }, null, false],
      [{ 'x-match': 'all', format: 'pdf' }, { format: 'pdf', extra: '1' }, true],
    ];
  it.each(ROWS)('binding %j, headers %j → %s', (binding, headers, matches) => {
    expect(headersMatch(binding, headers)).toBe(matches);
  });
});

describe('routing through exchanges', () => {
  it('direct routes on key equality, fanout to every bound queue, each queue once', () => {
    const direct = createExchange('d', 'direct', [
      { queue: 'a', key: 'eu' },
      { queue: 'b', key: 'us' },
      { queue: 'a', key: 'eu' },
    ]);
    expect(routeExchange(direct, 'eu', null)).toEqual(['a']);
    expect(routeExchange(direct, 'asia', null)).toEqual([]);
    const fanout = createExchange('f', 'fanout', [
      { queue: 'a', key: '' },
      { queue: 'b', key: 'ignored' },
    ]);
    expect(routeExchange(fanout, 'anything', null)).toEqual(['a', 'b']);
  });

  it('caches per routing key, and the cache stays consistent with a fresh route', () => {
    const ex = rabbitRouter.create('t', 'topic', {
      bindings: [
        { queue: 'a', key: 'order.*' },
        { queue: 'b', key: '#' },
      ],
    });
    const first = rabbitRouter.route(ex, 'order.created', null);
    expect(rabbitRouter.route(ex, 'order.created', null)).toBe(first);
    expect(first).toEqual(['a', 'b']);
    expect(rabbitRouter.route(ex, 'refund', null)).toEqual(['b']);
  });

  it('headers exchanges route on the message headers', () => {
    const ex = rabbitRouter.create('h', 'headers', {
      bindings: [
        { queue: 'pdf', key: '', headers: { 'x-match': 'all', format: 'pdf' } },
        { queue: 'any', key: '', headers: { 'x-match': 'any', format: 'zip', type: 'report' } },
      ],
    });
    expect(rabbitRouter.route(ex, '', { format: 'pdf', type: 'report' })).toEqual(['pdf', 'any']);
    expect(rabbitRouter.route(ex, '', { format: 'zip' })).toEqual(['any']);
    expect(rabbitRouter.route(ex, '', null)).toEqual([]);
  });

  it('reserves the default exchange name and amq.*', () => {
    expect(() => createExchange('', 'direct')).toThrow(/reserved/);
    expect(() => createExchange('amq.topic', 'topic')).toThrow(/reserved/);
  });

  it('topic fan-out by wildcard puts one copy in each matching queue', () => {
    const h = new RabbitHarness(
      [{ name: 'all' }, { name: 'eu' }, { name: 'errors' }],
      [
        {
          name: 'events',
          type: 'topic',
          bindings: [
            { queue: 'all', key: '#' },
            { queue: 'eu', key: '*.eu.*' },
            { queue: 'errors', key: '#.error' },
            { queue: 'errors', key: 'payment.#' },
          ],
        },
      ],
    );
    h.publish('events', 'payment.eu.error');
    h.publish('events', 'order.us.created');
    expect([h.queues.all.ready, h.queues.eu.ready, h.queues.errors.ready]).toEqual([2, 1, 1]);
  });
});
