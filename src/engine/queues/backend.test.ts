import { describe, expect, it } from 'vitest';
import {
  canonicalKey,
  createQueueMessage,
  KEY_INDEX_LIMIT,
  keyOf,
  keySpaceOfPrefix,
  messageGroupIdOf,
  newQueueMessage,
} from './backend';

describe('canonicalKey: a key read as (space, index) for the per-key order check', () => {
  it.each([
    ['order-42', ['order-', 42]],
    ['order-0', ['order-', 0]],
    ['42', ['', 42]],
    ['merchant-7x9', ['merchant-7x', 9]],
  ] as const)('%s splits into %j', (key, expected) => {
    expect(canonicalKey(key)).toEqual(expected);
  });

  it.each(['order-', 'order-042', 'order-00', '', `k-${KEY_INDEX_LIMIT}`, 'k-12345678'])(
    '%s has no canonical index (the string itself is the key)',
    (key) => {
      expect(canonicalKey(key)).toBeNull();
    },
  );

  it('maps two keys to the same pair only when they are the same string', () => {
    const keys = ['a1', 'a10', 'a01', 'a-1', 'a1-1', '1', '10', 'x9', 'x09', 'x90', 'order-15', 'order-1'];
    const pairs = keys.map((k) => JSON.stringify(canonicalKey(k) ?? k));
    expect(new Set(pairs).size).toBe(keys.length);
    for (const k of keys) {
      const c = canonicalKey(k);
      if (c) expect(`${c[0]}${c[1]}`).toBe(k);
    }
  });

  it('a sampler prefix ending in a digit gives no key space (its keys are parsed instead)', () => {
    expect(keySpaceOfPrefix('order-')).toBe('order-');
    expect(keySpaceOfPrefix('')).toBe('');
    expect(keySpaceOfPrefix('shard1-x')).toBe('shard1-x');
    expect(keySpaceOfPrefix('order-1')).toBeNull();
  });

  it('newQueueMessage keeps a producer-given (space, index) and parses the key otherwise', () => {
    const base = { messageId: 1, sizeBytes: 1, isPoison: false, sentAtMs: 0 };
    expect(newQueueMessage({ ...base, key: 'order-5', keySpace: 'order-', keyIndex: 5 }, 0)).toMatchObject({
      keySpace: 'order-',
      keyIndex: 5,
    });
    expect(newQueueMessage({ ...base, key: 'hot-17' }, 0)).toMatchObject({ keySpace: 'hot-', keyIndex: 17 });
    expect(newQueueMessage({ ...base, key: 'golden-poison' }, 0)).toMatchObject({
      keySpace: null,
      keyIndex: -1,
    });
    expect(newQueueMessage({ ...base, key: null }, 0)).toMatchObject({ keySpace: null, keyIndex: -1 });
  });
});

describe('keyOf and messageGroupIdOf: a key left unbuilt by the producer', () => {
  const message = (key: string | null, keySpace: string | null, keyIndex: number, groupId: string | null) =>
    createQueueMessage(1, key, keySpace, keyIndex, key, null, groupId, null, null, 1, false, 0, 0, -1);

  it('builds the key from (keySpace, keyIndex) on first read and keeps it', () => {
    const m = message(null, 'order-', 42, null);
    expect(m.key).toBeNull();
    expect(keyOf(m)).toBe('order-42');
    expect(m.key).toBe('order-42');
    expect(keyOf(m)).toBe(m.key);
  });

  it.each([
    { name: 'an unbuilt key', key: null, space: 'order-', index: 7, groupId: null, expected: 'order-7' },
    { name: 'a built key', key: 'order-7', space: 'order-', index: 7, groupId: null, expected: 'order-7' },
    {
      name: 'a MessageGroupId sent',
      key: 'order-7',
      space: 'order-',
      index: 7,
      groupId: 'vip',
      expected: 'vip',
    },
    { name: 'no key', key: null, space: null, index: -1, groupId: null, expected: '' },
  ])(
    'the MessageGroupId of a message with $name is $expected',
    ({ key, space, index, groupId, expected }) => {
      expect(messageGroupIdOf(message(key, space, index, groupId))).toBe(expected);
    },
  );
});
