// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { consumerMemberMachine } from '../engine/machines/consumerMember.machine';
import { groupCoordinatorMachine } from '../engine/machines/groupCoordinator.machine';
import { chartModel, createMachineChart } from './machineChart';

describe('statecharts generated from the machines', () => {
  it('the coordinator chart has Kafka group states and their transitions', () => {
    const model = chartModel(groupCoordinatorMachine);
    expect(model.states.map((s) => s.name)).toEqual([
      'Empty',
      'PreparingRebalance',
      'CompletingRebalance',
      'Stable',
      'Dead',
    ]);
    const edge = (from: string, to: string) =>
      model.edges.find((e) => e.from === from && e.to === to)?.events ?? [];
    expect(edge('Stable', 'PreparingRebalance')).toEqual(
      expect.arrayContaining(['JOIN_GROUP', 'LEAVE_GROUP', 'SESSION_EXPIRED']),
    );
    expect(edge('PreparingRebalance', 'CompletingRebalance')).toEqual(expect.arrayContaining(['always']));
    expect(edge('CompletingRebalance', 'Stable')).toEqual(['SYNC_DONE']);
    expect(model.global).toEqual(expect.arrayContaining(['HEARTBEAT', 'DELETE_GROUP']));
  });

  it('the member chart folds the transient Resuming state into edges from Paused', () => {
    const model = chartModel(consumerMemberMachine);
    const names = model.states.map((s) => s.name);
    expect(names).toEqual([
      'Unjoined',
      'Joining',
      'AwaitingAssignment',
      'Stable',
      'Stale',
      'Paused',
      'Crashed',
      'Left',
    ]);
    expect(
      model.edges.some((e) => e.from === 'Stable' && e.to === 'Stale' && e.events.includes('POLL_TIMEOUT')),
    ).toBe(true);
    expect(model.edges.some((e) => e.from === 'Paused' && e.to === 'Stable')).toBe(true);
  });

  it('highlights the current state and moves the highlight on update', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const chart = createMachineChart(svg, chartModel(groupCoordinatorMachine));
    chart.update('Stable', 380);
    expect(svg.querySelector('[aria-current="true"]')?.getAttribute('data-state')).toBe('Stable');
    chart.update('PreparingRebalance', 380);
    expect(svg.querySelectorAll('[aria-current="true"]')).toHaveLength(1);
    expect(svg.querySelector('[aria-current="true"]')?.getAttribute('data-state')).toBe('PreparingRebalance');
  });
});
