import fc from 'fast-check';
import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { getPreset, PRESET_IDS, parseScenario, type Scenario } from '../engine';
import { createController } from '../store/controller';
import { createAppStore } from '../store/store';
import { DEFAULT_LINK, encodeLink, followAddressBar, type LinkState, linkTo, parseLink } from './url';

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    partitions: fc.integer({ min: 1, max: 64 }),
    rate: fc.integer({ min: 0, max: 5000 }),
    consumers: fc.integer({ min: 0, max: 16 }),
    strategy: fc.constantFrom('range', 'roundrobin', 'sticky', 'cooperative-sticky' as const),
    delivery: fc.constantFrom('at-most-once', 'at-least-once', 'effectively-once' as const),
    keyCount: fc.integer({ min: 1, max: 10_000 }),
    hotShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    caption: fc.option(fc.string({ minLength: 1, maxLength: 80 })),
    retentionMs: fc.integer({ min: 1000, max: 3_600_000 }),
  })
  .map(
    (r): Scenario => ({
      id: 'generated',
      topics: [{ name: 'orders', partitions: r.partitions, 'retention.ms': r.retentionMs }],
      producers: [
        {
          id: 'checkout',
          topic: 'orders',
          ratePerSec: r.rate,
          keys:
            r.hotShare === null
              ? { type: 'uniform', count: r.keyCount }
              : { type: 'hot', count: r.keyCount, hotKey: 'hot-1', share: r.hotShare },
        },
      ],
      groups: [
        {
          groupId: 'payments',
          topic: 'orders',
          consumers: r.consumers,
          delivery: r.delivery,
          'partition.assignment.strategy': r.strategy,
        },
      ],
      timeline: r.caption === null ? [] : [{ at: 1000, caption: r.caption }],
    }),
  );

describe('shareable links', () => {
  it('round-trips a preset link with time, speed, seed and interventions', () => {
    const state: LinkState = {
      ...DEFAULT_LINK,
      scenario: 'zombie-consumer',
      seed: 42,
      speed: 4,
      timeMs: 12_345.5,
      isPaused: false,
      interventions: [
        { atMs: 5000, fault: { type: 'crash-consumer', memberId: 'p-1', point: 'before-process' } },
      ],
    };
    const parsed = parseLink(encodeLink(state));
    expect(parsed.error).toBeNull();
    expect(parsed.state).toEqual(state);
  });

  it('encode → decode of any valid scenario document is lossless', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (scenario, seed) => {
        const doc = parseScenario(scenario);
        const parsed = parseLink(encodeLink({ ...DEFAULT_LINK, scenario: doc, seed }));
        expect(parsed.error).toBeNull();
        expect(parsed.state.scenario).toEqual(doc);
        expect(parsed.state.seed).toBe(seed);
      }),
      { numRuns: 300 },
    );
  });

  it('names the problem and falls back to the default scenario for an unknown preset', () => {
    const parsed = parseLink('scenario=nope&seed=3');
    expect(parsed.state.scenario).toBe('default');
    expect(parsed.error).toMatch(/no preset scenario "nope"/);
    expect(parsed.state.seed).toBe(3);
  });

  it('reports a bad field inside an encoded scenario by its path', () => {
    const bad = { ...getPreset('default'), topics: [{ name: 'orders', partitions: 0 }] };
    const parsed = parseLink(`doc=${compressToEncodedURIComponent(JSON.stringify(bad))}`);
    expect(parsed.state.scenario).toBe('default');
    expect(parsed.error).toContain('scenario.topics.0.partitions');
  });

  it('never throws on 10,000 random or mutated inputs', () => {
    const valid = encodeLink({
      ...DEFAULT_LINK,
      scenario: getPreset(PRESET_IDS[1]),
      interventions: [{ atMs: 10, fault: { type: 'hot-key', key: 'k', share: 0.5 } }],
    });
    const mutated = fc
      .tuple(fc.nat({ max: valid.length }), fc.nat({ max: 40 }), fc.string({ maxLength: 20 }))
      .map(
        ([at, cut, insert]) => valid.slice(0, at) + insert + valid.slice(Math.min(valid.length, at + cut)),
      );
    const randomQuery = fc
      .array(
        fc.tuple(
          fc.constantFrom('scenario', 'doc', 'seed', 'speed', 't', 'paused', 'i', 'embed', 'x'),
          fc.string({ maxLength: 30 }),
        ),
        { maxLength: 8 },
      )
      .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
    fc.assert(
      fc.property(fc.oneof(mutated, randomQuery, fc.string({ maxLength: 200 })), (input) => {
        const parsed = parseLink(input);
        expect(parsed.state.seed).toBeGreaterThanOrEqual(0);
        expect(parsed.state.speed).toBeGreaterThanOrEqual(0.25);
        expect(typeof parsed.state.scenario === 'string' || typeof parsed.state.scenario === 'object').toBe(
          true,
        );
      }),
      { numRuns: 10_000 },
    );
  });

  it('never lets a random scenario-like object through the schema without a clear error', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        try {
          parseScenario(input);
        } catch (error) {
          expect((error as Error).name).toBe('ScenarioError');
          expect((error as Error).message).toMatch(/^scenario/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the address bar follows the view', () => {
  const here = { origin: 'https://example.org', pathname: '/queuescope/', href: '' };

  function setup() {
    let wallMs = 0;
    const timers: { at: number; run: () => void }[] = [];
    const writes: string[] = [];
    let current = 'https://example.org/queuescope/';
    const controller = createController(createAppStore(), {
      raf: () => 1,
      cancelRaf: () => {},
      now: () => wallMs,
    });
    controller.load('default', { seed: 7 });
    const stop = followAddressBar(controller, {
      here,
      now: () => wallMs,
      setTimer: (run, ms) => {
        const t = { at: wallMs + ms, run };
        timers.push(t);
        return t;
      },
      clearTimer: (t) => timers.splice(timers.indexOf(t as (typeof timers)[number]), 1),
      bar: {
        current: () => current,
        replace: (url) => {
          writes.push(url);
          current = url;
        },
      },
    });
    const advanceWall = (ms: number) => {
      wallMs += ms;
      for (const t of timers.filter((x) => x.at <= wallMs)) {
        timers.splice(timers.indexOf(t), 1);
        t.run();
      }
    };
    return { controller, writes, advanceWall, stop, current: () => current };
  }

  it('writes the Copy link address at once, then at most once per 500 ms, and the last change wins', () => {
    const { controller, writes, advanceWall, current } = setup();
    expect(writes).toHaveLength(1);
    expect(current()).toBe(linkTo(controller, here));
    // A burst of changes inside one interval becomes one trailing write with the final view.
    controller.stepMs(100);
    controller.stepMs(100);
    controller.tryInject({ type: 'crash-consumer', memberId: 'p-1' });
    controller.seek(4000);
    expect(writes).toHaveLength(1);
    advanceWall(499);
    expect(writes).toHaveLength(1);
    advanceWall(1);
    expect(writes).toHaveLength(2);
    expect(current()).toBe(linkTo(controller, here));
    const state = parseLink(new URL(current()).search).state;
    expect(state).toMatchObject({ scenario: 'default', seed: 7, timeMs: 4000, isPaused: true });
    expect(state.interventions.map((x) => x.fault)).toEqual([{ type: 'crash-consumer', memberId: 'p-1' }]);
  });

  it('does not rewrite an unchanged address and stops writing once stopped', () => {
    const { controller, writes, advanceWall, stop } = setup();
    controller.select(null);
    advanceWall(1000);
    expect(writes).toHaveLength(1);
    stop();
    controller.seek(2000);
    advanceWall(1000);
    expect(writes).toHaveLength(1);
  });

  it('while playing leaves the time alone (replaceState costs frames) and writes it on pause', () => {
    let wallMs = 0;
    const clock: { frame: ((t: number) => void) | null } = { frame: null };
    const writes: string[] = [];
    let current = 'https://example.org/queuescope/';
    const controller = createController(createAppStore(), {
      raf: (cb) => {
        clock.frame = cb;
        return 1;
      },
      cancelRaf: () => {
        clock.frame = null;
      },
      now: () => wallMs,
    });
    controller.load('default', { seed: 7 });
    followAddressBar(controller, {
      here,
      now: () => wallMs,
      // Every write is due at once here (the throttle has its own test above).
      setTimer: (run) => {
        run();
        return null;
      },
      clearTimer: () => {},
      bar: {
        current: () => current,
        replace: (url) => {
          writes.push(url);
          current = url;
        },
      },
    });
    const timeOf = () => parseLink(new URL(current).search).state.timeMs;
    controller.play();
    const afterPlay = writes.length;
    expect(parseLink(new URL(current).search).state.isPaused).toBe(false);
    for (let i = 0; i < 120; i++) {
      wallMs += 16;
      clock.frame?.(wallMs);
      wallMs += 1000; // past any throttle interval
    }
    expect(controller.now()).toBeGreaterThan(1000);
    expect(writes.length).toBe(afterPlay);
    controller.setSpeed(2); // not the time alone: written, with the time of now
    expect(writes.length).toBe(afterPlay + 1);
    expect(timeOf()).toBe(controller.now());
    wallMs += 16;
    clock.frame?.(wallMs);
    controller.pause();
    expect(parseLink(new URL(current).search).state).toMatchObject({
      isPaused: true,
      timeMs: controller.now(),
    });
  });
});
