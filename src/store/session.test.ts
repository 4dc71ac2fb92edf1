import { describe, expect, it } from 'vitest';
import { Session } from './session';

const stable = (s: Session) => {
  const { version: _v, ...snapshot } = s.sim.snapshot();
  return snapshot;
};

describe('Session time travel', () => {
  it('seeking back and forward gives exactly the snapshot of a straight run', () => {
    const straight = new Session('zombie-consumer', 3);
    straight.advanceTo(27_500);
    const traveller = new Session('zombie-consumer', 3);
    traveller.advanceTo(40_000);
    traveller.seek(9_000);
    traveller.seek(27_500);
    expect(stable(traveller)).toEqual(stable(straight));
    expect(traveller.frame().lagHistory).toEqual(straight.frame().lagHistory);
  });

  it('replays interventions at their times when re-simulating', () => {
    const a = new Session('default', 5);
    a.advanceTo(6_000);
    a.intervene({ type: 'crash-consumer', memberId: 'p-2' });
    a.advanceTo(20_000);
    const expected = stable(a);
    a.seek(2_000);
    a.seek(20_000);
    expect(stable(a)).toEqual(expected);
    const b = new Session('default', 5, a.interventions);
    b.advanceTo(20_000);
    expect(stable(b)).toEqual(expected);
  });

  it('an intervention after seeking back forks and keeps the old branch figures', () => {
    const s = new Session('at-least-once', 4);
    s.advanceTo(40_000);
    const oldDuplicates = s.sim.metrics().groups.payments.duplicates;
    expect(oldDuplicates).toBeGreaterThan(0);
    s.seek(5_000);
    s.intervene({ type: 'add-consumer', groupId: 'payments' });
    expect(s.branches).toHaveLength(1);
    expect(s.branches[0].groups.payments.duplicates).toBe(oldDuplicates);
    expect(s.maxTimeMs).toBe(5_000);
    s.advanceTo(6_000);
    expect(s.sim.snapshot().groups[0].members.length).toBe(3);
  });

  it('the frame keeps the recent activity after a seek (dots are refilled)', () => {
    const s = new Session('default', 1);
    s.advanceTo(20_000);
    const before = s.frame().activity.produced.length;
    s.seek(10_000);
    s.seek(20_000);
    expect(s.frame().activity.produced.length).toBe(before);
    expect(before).toBeGreaterThan(0);
  });
});

describe('Session checkpoints while playing', () => {
  const times = (s: Session) =>
    (s as unknown as { checkpoints: { atMs: number }[] }).checkpoints.map((c) => c.atMs);

  it('a deferred checkpoint is only noted, then taken at whatever instant it is taken', () => {
    const s = new Session('zombie-consumer', 3);
    s.advanceTo(4_990);
    s.advanceTo(5_012, { deferCheckpoints: true });
    expect(times(s)).toEqual([0]);
    expect(s.hasDueCheckpoint()).toBe(true);
    s.advanceTo(5_030, { deferCheckpoints: true });
    s.takeDueCheckpoint();
    expect(s.hasDueCheckpoint()).toBe(false);
    expect(times(s)).toEqual([0, 5_030]);
    expect(s.lastCheckpointMs).toBeGreaterThanOrEqual(0);
  });

  it('seeking through a checkpoint taken off the 5 s grid is as exact as a straight run', () => {
    const straight = new Session('zombie-consumer', 3);
    straight.advanceTo(12_345);
    const traveller = new Session('zombie-consumer', 3);
    for (let t = 17; t <= 20_000; t += 17) {
      traveller.advanceTo(t, { deferCheckpoints: true });
      if (traveller.hasDueCheckpoint() && t % 3 === 0) traveller.takeDueCheckpoint();
    }
    expect(times(traveller).some((t) => t % 5_000 !== 0)).toBe(true);
    traveller.seek(12_345);
    expect(stable(traveller)).toEqual(stable(straight));
    expect(traveller.frame().lagHistory).toEqual(straight.frame().lagHistory);
    expect(traveller.frame().activity.produced).toEqual(straight.frame().activity.produced);
  });

  it('after a seek back, a due checkpoint is dropped rather than saved out of order', () => {
    const s = new Session('default', 1);
    s.advanceTo(11_000);
    s.advanceTo(15_100, { deferCheckpoints: true });
    s.seek(2_000);
    s.takeDueCheckpoint();
    expect(times(s)).toEqual([0, 5_000, 10_000]);
  });
});

describe('Session frames', () => {
  it('a live frame reuses the latest sample metrics; an exact frame computes them', () => {
    const s = new Session('default', 1);
    s.advanceTo(10_130);
    const live = s.frame({ live: true });
    expect(live.nowMs).toBe(10_130);
    expect(live.metrics.nowMs).toBe(10_000);
    const exact = s.frame();
    expect(exact).not.toBe(live);
    expect(exact.metrics.nowMs).toBe(10_130);
    expect(s.frame()).toBe(exact);
    expect(s.frame({ live: true })).toBe(exact);
  });
});

describe('Session.trace', () => {
  it('re-simulates the branch to now with its interventions, the same events as the run', () => {
    const s = new Session('default', 4);
    const live: string[] = [];
    s.sim.on('*', (e) => live.push(JSON.stringify(e)));
    s.advanceTo(3000);
    s.intervene({ type: 'crash-consumer', memberId: 'p-1' });
    s.advanceTo(6000);
    const trace = s.trace();
    const fault = trace.find((e) => e.type === 'fault');
    expect(fault?.description).toBe('crash p-1 now');
    expect(trace.map(({ description: _d, ...e }) => JSON.stringify(e)).slice(-live.length)).toEqual(live);
    expect(s.trace(10)).toHaveLength(10);
  });
});
