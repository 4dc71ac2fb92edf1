import { describe, expect, it } from 'vitest';
import { createSimulation, getPreset, partitionForKey, type Scenario, type Snapshot } from '../engine';
import { type DiagramMenu, keyForPartition, menuFor } from './diagramMenu';

function at(preset: string, ms: number, faults: object[] = []): { snap: Snapshot; scenario: Scenario } {
  const scenario = getPreset(preset) as Scenario;
  const sim = createSimulation(scenario, { seed: 1 });
  sim.advance(ms);
  for (const f of faults) sim.inject(f);
  sim.advance(1);
  return { snap: sim.snapshot(), scenario };
}
const names = (menu: DiagramMenu | null) => menu?.items.map((i) => i.name);
const item = (menu: DiagramMenu | null, name: string) => menu?.items.find((i) => i.name === name);

describe('the diagram menu', () => {
  it('offers a running consumer every crash point, slow down, pause past the session timeout and remove', () => {
    const { snap, scenario } = at('default', 8000);
    const menu = menuFor({ kind: 'member', memberId: 'p-1' }, snap, scenario);
    expect(menu?.title).toBe('Actions for consumer p-1');
    expect(names(menu)).toEqual([
      'Crash p-1 now',
      'Crash p-1 before process',
      'Crash p-1 after process, before commit',
      'Crash p-1 after commit, before process completes',
      'Slow down p-1 ×10',
      'Pause p-1 past the session timeout',
      'Remove p-1',
    ]);
    expect(item(menu, 'Crash p-1 after process, before commit')?.action).toEqual({
      kind: 'fault',
      fault: { type: 'crash-consumer', memberId: 'p-1', point: 'after-process-before-commit' },
    });
    const timeout = scenario.groups.find((g) => g.groupId === 'payments')?.['session.timeout.ms'] ?? 45_000;
    expect(item(menu, 'Pause p-1 past the session timeout')?.action).toEqual({
      kind: 'fault',
      fault: { type: 'pause-consumer', memberId: 'p-1', durationMs: timeout + 5000 },
    });
  });

  it('offers a crashed consumer a restart instead of crashes, and a slowed one its normal speed', () => {
    const { snap, scenario } = at('default', 8000, [
      { type: 'crash-consumer', memberId: 'p-1' },
      { type: 'slow-consumer', memberId: 'p-2', factor: 10 },
    ]);
    expect(names(menuFor({ kind: 'member', memberId: 'p-1' }, snap, scenario))).toEqual([
      'Restart p-1',
      'Remove p-1',
    ]);
    expect(names(menuFor({ kind: 'member', memberId: 'p-2' }, snap, scenario))).toContain(
      'Restore p-2 to normal speed',
    );
  });

  it('sends a partition a hot key and a poison message whose keys murmur2 puts on that partition', () => {
    const { snap, scenario } = at('default', 8000);
    const partitions = snap.topics[0].partitions;
    for (let partition = 0; partition < partitions; partition++) {
      const menu = menuFor({ kind: 'partition', topic: 'orders', partition }, snap, scenario);
      const hot = item(menu, `Send a hot key to orders-${partition}`)?.action;
      const poison = item(menu, `Publish a poison message to orders-${partition}`)?.action;
      expect(
        hot?.kind === 'fault' && hot.fault.type === 'hot-key' && partitionForKey(hot.fault.key, partitions),
      ).toBe(partition);
      expect(
        poison?.kind === 'fault' &&
          poison.fault.type === 'poison-message' &&
          partitionForKey(poison.fault.key ?? '', partitions),
      ).toBe(partition);
    }
    const menu = menuFor({ kind: 'partition', topic: 'orders', partition: 2 }, snap, scenario);
    expect(names(menu)).toContain('Reset payments to earliest on orders-2');
    const reset = item(menu, 'Reset payments to an offset on orders-2…')?.value;
    expect(reset?.act(7)).toEqual({
      kind: 'fault',
      fault: { type: 'reset-offsets', groupId: 'payments', to: 7, partition: 2 },
    });
  });

  it('finds the first key of a prefix that lands on a partition', () => {
    const key = keyForPartition('merchant-', 4, 6);
    expect(partitionForKey(key, 6)).toBe(4);
    const n = Number(key.slice('merchant-'.length));
    for (let i = 0; i < n; i++) expect(partitionForKey(`merchant-${i}`, 6)).not.toBe(4);
  });

  it('offers a group new consumers, duplicates, replays (earliest, an offset, a time) and the other assignors', () => {
    const { snap, scenario } = at('default', 30_000);
    const menu = menuFor({ kind: 'group', groupId: 'payments' }, snap, scenario);
    const protocol = snap.groups.find((g) => g.groupId === 'payments')?.protocol;
    expect(names(menu)?.slice(0, 5)).toEqual([
      'Add a consumer to payments',
      'Deliver the next N records of payments twice…',
      'Replay payments from earliest',
      'Replay payments from an offset…',
      'Replay payments from a time…',
    ]);
    expect(names(menu)?.filter((n) => n.startsWith('Change payments assignor'))).toHaveLength(3);
    expect(names(menu)).not.toContain(`Change payments assignor to ${protocol} (restarts)`);
    const time = item(menu, 'Replay payments from a time…')?.value;
    expect(time?.initial).toBe(20);
    expect(time?.act(12.5)).toEqual({
      kind: 'fault',
      fault: { type: 'reset-offsets', groupId: 'payments', to: { timestampMs: 12_500 } },
    });
    const twice = item(menu, 'Deliver the next N records of payments twice…')?.value;
    expect(twice?.act(5)).toEqual({
      kind: 'fault',
      fault: { type: 'duplicate-delivery', groupId: 'payments', count: 5 },
    });
  });

  it('changes a group assignor and a producer key distribution through scenario edits', () => {
    const { snap, scenario } = at('default', 1000);
    const group = menuFor({ kind: 'group', groupId: 'payments' }, snap, scenario);
    const edit = group?.items.find((i) => i.action?.kind === 'edit')?.action;
    const edited = edit?.kind === 'edit' ? edit.edit(scenario) : null;
    expect(edited?.groups.find((g) => g.groupId === 'payments')?.['partition.assignment.strategy']).toBe(
      edit && group?.items.find((i) => i.action === edit)?.name.match(/to (\S+) \(restarts\)$/)?.[1],
    );
    const producer = menuFor({ kind: 'producer', producerId: 'checkout' }, snap, scenario);
    const zipf = item(producer, 'checkout key distribution: Zipf (restarts)')?.action;
    expect(zipf?.kind === 'edit' && zipf.edit(scenario).producers[0].keys).toMatchObject({ type: 'zipf' });
  });

  it('offers the producer its rate and hot key share, and clearing a hot key once there is one', () => {
    const { snap, scenario } = at('default', 8000, [{ type: 'hot-key', key: 'merchant-7', share: 0.5 }]);
    const menu = menuFor({ kind: 'producer', producerId: snap.producers[0].producerId }, snap, scenario);
    const id = snap.producers[0].producerId;
    expect(names(menu)?.slice(0, 3)).toEqual([
      `Set ${id} rate…`,
      `Set ${id} hot key share…`,
      `Clear ${id} hot key`,
    ]);
    expect(item(menu, `Set ${id} rate…`)?.value?.act(120)).toEqual({
      kind: 'fault',
      fault: { type: 'set-rate', ratePerSec: 120, producerId: id },
    });
  });

  it('offers the DLQ inspect, redrive and purge; redrive and purge only with dead letters', () => {
    const empty = at('poison-message', 100);
    const full = at('poison-message', 40_000);
    expect(full.snap.deadLetters.length).toBeGreaterThan(0);
    const menuOf = (x: typeof empty) => menuFor({ kind: 'dlq' }, x.snap, x.scenario);
    expect(names(menuOf(full))).toEqual([
      'Inspect the dead-letter queue',
      'Redrive all dead letters',
      'Purge the dead-letter queue',
    ]);
    expect(menuOf(empty)?.items.map((i) => Boolean(i.isDisabled))).toEqual([false, true, true]);
    expect(menuOf(full)?.items.map((i) => Boolean(i.isDisabled))).toEqual([false, false, false]);
  });

  it('has no menu for a single record or an id that is gone', () => {
    const { snap, scenario } = at('default', 1000);
    expect(menuFor({ kind: 'message', topic: 'orders', partition: 0, offset: 1 }, snap, scenario)).toBeNull();
    expect(menuFor({ kind: 'member', memberId: 'nobody' }, snap, scenario)).toBeNull();
  });
});
