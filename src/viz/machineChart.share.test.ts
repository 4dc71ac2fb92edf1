// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { shareConsumerMachine, shareRecordMachine } from '../engine';
import { chartModel, createMachineChart } from './machineChart';

describe('the share-group statecharts', () => {
  it('draw the record machine with KIP-932 states, the guarded archive edges included', () => {
    const model = chartModel(shareRecordMachine);
    expect(model.states.map((s) => s.name)).toEqual(['Available', 'Acquired', 'Acknowledged', 'Archived']);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    document.body.append(svg);
    const chart = createMachineChart(svg, model);
    chart.update('Acquired', 400);
    expect(svg.textContent).toContain('Archived');
    expect(svg.textContent).toContain('LOCK_EXPIRED');
    chart.destroy();
  });

  it('draw the share consumer machine with its poll and pause states', () => {
    expect(chartModel(shareConsumerMachine).states.map((s) => s.name)).toEqual([
      'Stopped',
      'Polling',
      'Idle',
      'Processing',
      'Paused',
      'Crashed',
    ]);
  });
});
