import { describe, expect, it } from 'vitest';
import { newQueueMessage } from '../backend';
import { createFifoGroups, dropGroup, findGroup, findGroupById, groupFor, liveGroups } from './fifoGroups';

function message(messageGroupId: string, key: string | null = messageGroupId) {
  return newQueueMessage(
    { messageId: 1, key, sizeBytes: 1, isPoison: false, sentAtMs: 0, messageGroupId },
    0,
  );
}

describe('FIFO message groups', () => {
  it('one MessageGroupId is one group, whether it is found through the key or the id', () => {
    const gs = createFifoGroups();
    const byKey = groupFor(gs, message('order-42'));
    expect(byKey.space).toBe('order-');
    expect(groupFor(gs, message('order-42', null))).toBe(byKey);
    expect(groupFor(gs, message('order-42', 'other-1'))).toBe(byKey);
    expect(findGroupById(gs, 'order-42')).toBe(byKey);
    // Not canonical, or another id: other groups, in the Map.
    const padded = groupFor(gs, message('order-042'));
    const plain = groupFor(gs, message('g'));
    expect(new Set([byKey, padded, plain]).size).toBe(3);
    expect(padded.space).toBeNull();
    expect(findGroupById(gs, 'order-042')).toBe(padded);
    expect(findGroupById(gs, 'g')).toBe(plain);
    expect(findGroupById(gs, 'order-43')).toBeUndefined();
    // Far past the first key indexes: the table and its bit set grow.
    const far = groupFor(gs, message('order-100000'));
    expect(findGroup(gs, message('order-100000'))).toBe(far);
    expect(findGroupById(gs, 'order-99999')).toBeUndefined();
    dropGroup(gs, far);
    expect(findGroupById(gs, 'order-100000')).toBeUndefined();
    expect(findGroupById(gs, 'order-42')).toBe(byKey);
  });

  it('lists groups in the order they were made, a dropped one gone and a remade one last', () => {
    const gs = createFifoGroups();
    const ids = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? `k-${i}` : `g${i}x`));
    for (const id of ids) groupFor(gs, message(id));
    for (const id of ids.slice(0, 150)) dropGroup(gs, findGroupById(gs, id)!);
    groupFor(gs, message('k-0'));
    expect([...liveGroups(gs)].map((g) => g.id)).toEqual([...ids.slice(150), 'k-0']);
    expect(findGroupById(gs, 'k-2')).toBeUndefined();
    expect(findGroup(gs, message('k-0'))?.id).toBe('k-0');
  });

  it('reuses a dropped group object, emptied', () => {
    const gs = createFifoGroups();
    const g = groupFor(gs, message('a'));
    g.messages.items.push(message('a'));
    g.messages.head = 1;
    dropGroup(gs, g);
    const h = groupFor(gs, message('order-7'));
    expect(h).toBe(g);
    expect(h.id).toBe('order-7');
    expect(h.messages).toEqual({ items: [], head: 0 });
    expect(findGroupById(gs, 'a')).toBeUndefined();
  });
});
