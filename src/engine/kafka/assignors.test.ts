// The assignors: the examples of Kafka's javadoc, member ordering, input checks, cooperative
// rounds, and fast-check properties (validity, balance, stickiness). Over 400 lines because
// the property helpers (Kafka's isBalanced) are shared by several describes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSIGNOR_NAMES,
  type Assignment,
  type AssignorMember,
  type AssignorName,
  assign,
  isCooperative,
  partitionsTransferring,
  type TopicPartition,
} from './assignors';

/** 't0p2' → { topic: 't0', partition: 2 }, so tables read like Kafka's javadoc. */
const tp = (name: string): TopicPartition => {
  const [, topic, partition] = /^(.+)p(\d+)$/.exec(name)!;
  return { topic, partition: Number(partition) };
};
const names = (assignment: Assignment): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(assignment).map(([id, tps]) => [id, tps.map((p) => `${p.topic}p${p.partition}`)]),
  );
const owned = (table: Record<string, string[]>): Assignment =>
  Object.fromEntries(Object.entries(table).map(([id, list]) => [id, list.map(tp)]));
const member = (memberId: string, topics: string[], groupInstanceId?: string): AssignorMember =>
  groupInstanceId === undefined ? { memberId, topics } : { memberId, topics, groupInstanceId };
const key = (p: TopicPartition) => `${p.topic}p${p.partition}`;
const ownerMap = (assignment: Assignment) => {
  const owners = new Map<string, string>();
  for (const [id, tps] of Object.entries(assignment)) for (const p of tps) owners.set(key(p), id);
  return owners;
};
const counts = (assignment: Assignment) => Object.values(assignment).map((tps) => tps.length);

describe('assignor examples from the Kafka javadoc', () => {
  const twoByThree = { t0: 3, t1: 3 };
  const c0c1 = [member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])];

  it.each<[AssignorName, Record<string, string[]>]>([
    ['range', { C0: ['t0p0', 't0p1', 't1p0', 't1p1'], C1: ['t0p2', 't1p2'] }],
    ['roundrobin', { C0: ['t0p0', 't0p2', 't1p1'], C1: ['t0p1', 't1p0', 't1p2'] }],
  ])('%s splits two topics of three partitions between C0 and C1', (strategy, expected) => {
    expect(names(assign(strategy, c0c1, twoByThree))).toEqual(expected);
  });

  it('roundrobin skips members not subscribed to the topic', () => {
    const members = [member('C0', ['t0']), member('C1', ['t0', 't1']), member('C2', ['t0', 't1', 't2'])];
    expect(names(assign('roundrobin', members, { t0: 1, t1: 2, t2: 3 }))).toEqual({
      C0: ['t0p0'],
      C1: ['t1p0'],
      C2: ['t1p1', 't2p0', 't2p1', 't2p2'],
    });
  });

  it('sticky deals four topics of two partitions among three members', () => {
    const members = ['C0', 'C1', 'C2'].map((id) => member(id, ['t0', 't1', 't2', 't3']));
    expect(names(assign('sticky', members, { t0: 2, t1: 2, t2: 2, t3: 2 }))).toEqual({
      C0: ['t0p0', 't1p1', 't3p0'],
      C1: ['t0p1', 't2p0', 't3p1'],
      C2: ['t1p0', 't2p1'],
    });
  });

  it('sticky keeps everything the survivors owned when C1 leaves', () => {
    const members = ['C0', 'C2'].map((id) => member(id, ['t0', 't1', 't2', 't3']));
    const previous = owned({
      C0: ['t0p0', 't1p1', 't3p0'],
      C1: ['t0p1', 't2p0', 't3p1'],
      C2: ['t1p0', 't2p1'],
    });
    const result = names(assign('sticky', members, { t0: 2, t1: 2, t2: 2, t3: 2 }, previous));
    expect(result.C0).toEqual(expect.arrayContaining(['t0p0', 't1p1', 't3p0']));
    expect(result.C2).toEqual(expect.arrayContaining(['t1p0', 't2p1']));
    expect(counts(owned(result))).toEqual([4, 4]);
  });

  it('sticky gives the partitions of a topic only C2 reads to C2 and balances the rest', () => {
    const members = [member('C0', ['t0']), member('C1', ['t0', 't1']), member('C2', ['t0', 't1', 't2'])];
    const first = assign('sticky', members, { t0: 1, t1: 2, t2: 3 });
    expect(names(first)).toEqual({ C0: ['t0p0'], C1: ['t1p0', 't1p1'], C2: ['t2p0', 't2p1', 't2p2'] });
    const afterC0Leaves = assign('sticky', members.slice(1), { t0: 1, t1: 2, t2: 3 }, first);
    expect(names(afterC0Leaves)).toEqual({ C1: ['t0p0', 't1p0', 't1p1'], C2: ['t2p0', 't2p1', 't2p2'] });
  });
});

describe('member ordering', () => {
  it('range gives the extra partitions to the first members in order', () => {
    const members = ['c', 'a', 'b'].map((id) => member(id, ['t']));
    expect(names(assign('range', members, { t: 7 }))).toEqual({
      a: ['tp0', 'tp1', 'tp2'],
      b: ['tp3', 'tp4'],
      c: ['tp5', 'tp6'],
    });
  });

  it('range works per topic, so one-partition topics all land on the first member', () => {
    const members = ['a', 'b'].map((id) => member(id, ['t0', 't1', 't2']));
    expect(names(assign('range', members, { t0: 1, t1: 1, t2: 1 }))).toEqual({
      a: ['t0p0', 't1p0', 't2p0'],
      b: [],
    });
  });

  it.each<AssignorName>(['range', 'roundrobin'])(
    '%s orders static members first by group.instance.id, then dynamic ones by member.id',
    (strategy) => {
      const members = [
        member('a', ['t']),
        member('z', ['t'], 'i-2'),
        member('m', ['t'], 'i-1'),
        member('b', ['t']),
      ];
      expect(names(assign(strategy, members, { t: 4 }))).toEqual({
        m: ['tp0'],
        z: ['tp1'],
        a: ['tp2'],
        b: ['tp3'],
      });
    },
  );

  it('compares ids by UTF-16 code unit like Java, not by locale', () => {
    const members = ['b', 'B', 'a'].map((id) => member(id, ['t']));
    expect(names(assign('range', members, { t: 3 }))).toEqual({ B: ['tp0'], a: ['tp1'], b: ['tp2'] });
  });
});

describe('inputs', () => {
  it.each(ASSIGNOR_NAMES)('%s lists every member, even one with nothing to read', (strategy) => {
    const members = [member('a', ['t']), member('b', ['t']), member('idle', [])];
    const result = assign(strategy, members, { t: 1 });
    expect(Object.keys(result).sort()).toEqual(['a', 'b', 'idle']);
    expect(result.idle).toEqual([]);
  });

  it.each(ASSIGNOR_NAMES)(
    '%s skips subscribed topics without metadata and unsubscribed topics',
    (strategy) => {
      const result = assign(strategy, [member('a', ['t', 'missing'])], { t: 2, other: 5 });
      expect(names(result)).toEqual({ a: ['tp0', 'tp1'] });
    },
  );

  it.each<[string, () => unknown, RegExp]>([
    ['an unknown strategy', () => assign('fair' as AssignorName, [], {}), /Unknown assignor strategy "fair"/],
    [
      'a duplicate memberId',
      () => assign('range', [member('a', []), member('a', [])], {}),
      /Duplicate memberId "a"/,
    ],
    [
      'a duplicate groupInstanceId',
      () => assign('range', [member('a', [], 'i'), member('b', [], 'i')], {}),
      /Duplicate groupInstanceId "i"/,
    ],
    ['a negative partition count', () => assign('range', [], { t: -1 }), /topic "t".*non-negative integer/],
    [
      'a fractional partition count',
      () => assign('sticky', [], { t: 1.5 }),
      /topic "t".*non-negative integer/,
    ],
    ['a NaN partition count', () => assign('roundrobin', [], { t: Number.NaN }), /topic "t"/],
  ])('rejects %s', (_, run, message) => {
    expect(run).toThrow(message);
  });

  it('drops previous claims on partitions that no longer exist or are claimed twice', () => {
    const members = [member('a', ['t']), member('b', ['t'])];
    const previous = owned({ a: ['tp0', 'tp1', 'tp9', 'gonep0'], b: ['tp1', 'tp2'] });
    // tp1 is claimed by both, so neither keeps it; a keeps tp0, b keeps tp2.
    const result = names(assign('sticky', members, { t: 4 }, previous));
    expect(result.a).toContain('tp0');
    expect(result.b).toContain('tp2');
  });

  it('does not depend on the order members are listed in', () => {
    fc.assert(
      fc.property(
        scenario('mixed').chain((s) =>
          fc.tuple(fc.constant(s), fc.shuffledSubarray(s.members, { minLength: s.members.length })),
        ),
        fc.constantFrom(...ASSIGNOR_NAMES),
        ([s, shuffled], strategy) => {
          expect(assign(strategy, shuffled, s.partitionsPerTopic, s.previous)).toEqual(
            assign(strategy, s.members, s.partitionsPerTopic, s.previous),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('cooperative-sticky', () => {
  it.each<[AssignorName, boolean]>([
    ['range', false],
    ['roundrobin', false],
    ['sticky', false],
    ['cooperative-sticky', true],
  ])('isCooperative(%s) is %s', (strategy, expected) => {
    expect(isCooperative(strategy)).toBe(expected);
  });

  it('withholds moving partitions for a second round when a member joins', () => {
    const members = [member('a', ['t']), member('b', ['t'])];
    const previous = owned({ a: ['tp0', 'tp1', 'tp2', 'tp3'] });
    expect(names(assign('sticky', members, { t: 4 }, previous))).toEqual({
      a: ['tp0', 'tp1'],
      b: ['tp2', 'tp3'],
    });
    const round1 = assign('cooperative-sticky', members, { t: 4 }, previous);
    expect(names(round1)).toEqual({ a: ['tp0', 'tp1'], b: [] });
    expect(names(assign('cooperative-sticky', members, { t: 4 }, round1))).toEqual({
      a: ['tp0', 'tp1'],
      b: ['tp2', 'tp3'],
    });
  });

  it('hands over the partitions of a member that left at once', () => {
    const members = [member('a', ['t'])];
    const previous = owned({ a: ['tp0'], gone: ['tp1'] });
    expect(names(assign('cooperative-sticky', members, { t: 2 }, previous))).toEqual({ a: ['tp0', 'tp1'] });
  });

  it('partitionsTransferring lists partitions a current member loses and another gains', () => {
    const previous = owned({ a: ['tp0', 'tp1'], gone: ['tp2'] });
    const next = owned({ a: ['tp0'], b: ['tp1', 'tp2'] });
    expect(partitionsTransferring(previous, next)).toEqual([tp('tp1')]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property tests.

interface Scenario {
  members: AssignorMember[];
  partitionsPerTopic: Record<string, number>;
  previous: Assignment;
}

/**
 * A group of 1–6 members (some static) over 1–4 topics; `previous` gives each partition to a random current
 * member, to a member that has left, or to nobody.
 */
function scenario(subscriptions: 'identical' | 'mixed'): fc.Arbitrary<Scenario> {
  return fc
    .record({
      partitionCounts: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 4 }),
      ids: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,3}$/), { minLength: 1, maxLength: 6 }),
    })
    .chain(({ partitionCounts, ids }) => {
      const topics = partitionCounts.map((_, i) => `t${i}`);
      const subscription = fc.subarray(topics, { minLength: 1 });
      const subscriptionsArb =
        subscriptions === 'identical'
          ? subscription.map((s) => ids.map(() => s))
          : fc.array(subscription, { minLength: ids.length, maxLength: ids.length });
      const total = partitionCounts.reduce((a, b) => a + b, 0);
      return fc.record({
        subscriptions: subscriptionsArb,
        instanceRanks: fc.array(fc.option(fc.nat(9)), { minLength: ids.length, maxLength: ids.length }),
        owners: fc.array(fc.integer({ min: -1, max: ids.length }), { minLength: total, maxLength: total }),
        partitionsPerTopic: fc.constant(Object.fromEntries(topics.map((t, i) => [t, partitionCounts[i]]))),
        ids: fc.constant(ids),
      });
    })
    .map(({ subscriptions: subs, instanceRanks, owners, partitionsPerTopic, ids }) => {
      const members = ids.map((id, i) =>
        member(id, subs[i], instanceRanks[i] === null ? undefined : `g${instanceRanks[i]}-${id}`),
      );
      const previous: Assignment = {};
      let index = 0;
      for (const [topic, count] of Object.entries(partitionsPerTopic)) {
        for (let partition = 0; partition < count; partition++, index++) {
          const owner = owners[index];
          if (owner < 0) continue;
          const id = owner === ids.length ? 'departed' : ids[owner];
          previous[id] = [...(previous[id] ?? []), { topic, partition }];
        }
      }
      return { members, partitionsPerTopic, previous };
    });
}

const RUNS = { numRuns: 300 };

function subscribedPartitions(s: Scenario): string[] {
  const topics = new Set(s.members.flatMap((m) => m.topics));
  return Object.entries(s.partitionsPerTopic)
    .filter(([t]) => topics.has(t))
    .flatMap(([topic, count]) => Array.from({ length: count }, (_, partition) => key({ topic, partition })));
}

function expectOnlySubscribersAtMostOnce(s: Scenario, result: Assignment) {
  const seen = new Set<string>();
  for (const m of s.members) {
    for (const p of result[m.memberId]) {
      expect(m.topics).toContain(p.topic);
      expect(seen.has(key(p))).toBe(false);
      seen.add(key(p));
    }
  }
  return seen;
}

/** Kafka's isBalanced: no member could take a partition of its topics from a member with 2+ more. */
function expectKafkaBalanced(s: Scenario, result: Assignment) {
  const owners = ownerMap(result);
  for (const m of s.members) {
    const mine = result[m.memberId].length;
    for (const topic of m.topics) {
      for (let partition = 0; partition < (s.partitionsPerTopic[topic] ?? 0); partition++) {
        const other = owners.get(key({ topic, partition }))!;
        expect(result[other].length).toBeLessThanOrEqual(mine + 1 + (other === m.memberId ? 1 : 0));
      }
    }
  }
}

describe('assignment validity', () => {
  it.each<AssignorName>(['range', 'roundrobin', 'sticky'])(
    '%s assigns every subscribed partition exactly once, only to subscribers',
    (strategy) => {
      fc.assert(
        fc.property(scenario('mixed'), (s) => {
          const result = assign(strategy, s.members, s.partitionsPerTopic, s.previous);
          expect(Object.keys(result).sort()).toEqual(s.members.map((m) => m.memberId).sort());
          const seen = expectOnlySubscribersAtMostOnce(s, result);
          expect([...seen].sort()).toEqual(subscribedPartitions(s).sort());
        }),
        RUNS,
      );
    },
  );

  it('cooperative-sticky assigns the sticky target minus the partitions changing owner', () => {
    fc.assert(
      fc.property(scenario('mixed'), (s) => {
        const target = assign('sticky', s.members, s.partitionsPerTopic, s.previous);
        const result = assign('cooperative-sticky', s.members, s.partitionsPerTopic, s.previous);
        const withheld = new Set(partitionsTransferring(s.previous, target).map(key));
        for (const m of s.members) {
          expect(result[m.memberId]).toEqual(target[m.memberId].filter((p) => !withheld.has(key(p))));
        }
        expectOnlySubscribersAtMostOnce(s, result);
      }),
      RUNS,
    );
  });
});

describe('balance', () => {
  it.each<AssignorName>(['roundrobin', 'sticky'])(
    '%s keeps counts within one of each other when subscriptions are identical',
    (strategy) => {
      fc.assert(
        fc.property(scenario('identical'), (s) => {
          const c = counts(assign(strategy, s.members, s.partitionsPerTopic, s.previous));
          expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
        }),
        RUNS,
      );
    },
  );

  it('range keeps each topic within one partition per subscriber', () => {
    fc.assert(
      fc.property(scenario('mixed'), (s) => {
        const result = assign('range', s.members, s.partitionsPerTopic);
        for (const topic of Object.keys(s.partitionsPerTopic)) {
          const perMember = s.members
            .filter((m) => m.topics.includes(topic))
            .map((m) => result[m.memberId].filter((p) => p.topic === topic).length);
          if (perMember.length > 0)
            expect(Math.max(...perMember) - Math.min(...perMember)).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it('sticky leaves no partition that a member with two fewer could take, whatever the subscriptions', () => {
    fc.assert(
      fc.property(scenario('mixed'), (s) => {
        expectKafkaBalanced(s, assign('sticky', s.members, s.partitionsPerTopic, s.previous));
      }),
      RUNS,
    );
  });
});

describe('stickiness', () => {
  it('sticky moves only as many partitions as balance requires', () => {
    fc.assert(
      fc.property(scenario('identical'), (s) => {
        const present = new Set(s.members.map((m) => m.memberId));
        const subscribed = new Set(subscribedPartitions(s));
        const total = subscribed.size;
        const quota = Math.floor(total / s.members.length);
        const withExtra = total % s.members.length;
        const claims = (id: string) => (s.previous[id] ?? []).filter((p) => subscribed.has(key(p)));
        const previouslyOwned = s.members.map((m) => claims(m.memberId).length);
        const surplus = previouslyOwned.reduce((sum, n) => sum + Math.max(0, n - quota), 0);
        const canKeepExtra = previouslyOwned.filter((n) => n > quota).length;
        const minimumMoves = surplus - Math.min(withExtra, canKeepExtra);

        const after = ownerMap(assign('sticky', s.members, s.partitionsPerTopic, s.previous));
        const moved = [...ownerMap(s.previous)].filter(
          ([p, owner]) => subscribed.has(p) && present.has(owner) && after.get(p) !== owner,
        );
        expect(moved.length).toBe(minimumMoves);
      }),
      RUNS,
    );
  });

  it('sticky lets a surviving member keep all it owned when it ends with at least as many', () => {
    fc.assert(
      fc.property(scenario('identical'), fc.boolean(), (s, isJoin) => {
        const before = assign('sticky', s.members, s.partitionsPerTopic);
        const members = isJoin
          ? [...s.members, member('newcomer', s.members[0].topics)]
          : s.members.slice(0, -1);
        const after = assign('sticky', members, s.partitionsPerTopic, before);
        for (const { memberId } of members) {
          const previous = before[memberId] ?? [];
          if (after[memberId].length >= previous.length)
            expect(after[memberId]).toEqual(expect.arrayContaining(previous));
        }
      }),
      RUNS,
    );
  });

  it('sticky changes nothing when fed its own result, whatever the subscriptions', () => {
    fc.assert(
      fc.property(scenario('mixed'), (s) => {
        const first = assign('sticky', s.members, s.partitionsPerTopic, s.previous);
        expect(assign('sticky', s.members, s.partitionsPerTopic, first)).toEqual(first);
      }),
      RUNS,
    );
  });
});

describe('cooperative rebalancing', () => {
  it('never revokes a partition from one member and adds it to another in the same round', () => {
    fc.assert(
      fc.property(scenario('mixed'), (s) => {
        const result = assign('cooperative-sticky', s.members, s.partitionsPerTopic, s.previous);
        const revoked = new Set<string>();
        const added = new Set<string>();
        for (const { memberId } of s.members) {
          const before = new Set((s.previous[memberId] ?? []).map(key));
          const now = new Set(result[memberId].map(key));
          for (const p of before) if (!now.has(p)) revoked.add(p);
          for (const p of now) if (!before.has(p)) added.add(p);
        }
        for (const p of added) expect(revoked.has(p)).toBe(false);
      }),
      RUNS,
    );
  });

  it('settles in the second round when subscriptions are identical', () => {
    fc.assert(
      fc.property(scenario('identical'), (s) => {
        const round1 = assign('cooperative-sticky', s.members, s.partitionsPerTopic, s.previous);
        const round2 = assign('cooperative-sticky', s.members, s.partitionsPerTopic, round1);
        // Round 2 revokes nothing and withholds nothing, so a third round has nothing left to do.
        for (const { memberId } of s.members)
          expect(round2[memberId]).toEqual(expect.arrayContaining(round1[memberId]));
        expect(round2).toEqual(assign('sticky', s.members, s.partitionsPerTopic, round1));
        expect(assign('cooperative-sticky', s.members, s.partitionsPerTopic, round2)).toEqual(round2);
        const c = counts(round2);
        expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('settles within the four rounds Kafka allows, whatever the subscriptions', () => {
    fc.assert(
      fc.property(scenario('mixed'), (s) => {
        let owned = s.previous;
        let rounds = 0;
        for (; rounds < 4; rounds++) {
          const next = assign('cooperative-sticky', s.members, s.partitionsPerTopic, owned);
          if (rounds > 0 && JSON.stringify(next) === JSON.stringify(owned)) break;
          owned = next;
        }
        expect(assign('cooperative-sticky', s.members, s.partitionsPerTopic, owned)).toEqual(owned);
        expect(expectOnlySubscribersAtMostOnce(s, owned).size).toBe(subscribedPartitions(s).length);
        expectKafkaBalanced(s, owned);
      }),
      RUNS,
    );
  });
});
