// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithController, unmountRendered } from '../../test/support/renderWithController';
import type { Controller } from '../store/controller';
import { ControlsPanel } from './ControlsPanel';
import { FaultBar } from './FaultBar';

let controller: Controller;

function render(preset: string, ms: number): HTMLElement {
  const rendered = renderWithController(
    <>
      <FaultBar />
      <ControlsPanel />
    </>,
    (c) => {
      c.load(preset, { seed: 1 });
      c.seek(ms, { pause: true });
    },
  );
  controller = rendered.c;
  return rendered.host;
}

const buttons = (host: HTMLElement) => [...host.querySelectorAll('button')].map((b) => b.textContent ?? '');
const faultBar = (host: HTMLElement) => host.querySelector<HTMLElement>('[aria-label="Fault bar"]')!;

afterEach(unmountRendered);

describe('Controls and fault bar by broker', () => {
  it('offers no Kafka settings and no hot key on a RabbitMQ preset, but its queue operations', () => {
    const host = render('rabbitmq-routing', 5000);
    const text = host.textContent ?? '';
    for (const kafka of [
      'enable.idempotence',
      'sticky partitioner',
      'Topic (restarts the run)',
      'Add consumer group',
    ])
      expect(text, kafka).not.toContain(kafka);
    expect(buttons(faultBar(host)).some((b) => /hot/i.test(b))).toBe(false);
    expect(buttons(host).some((b) => /hot/i.test(b))).toBe(false);
    const queue = controller.snapshot().queues![0];
    expect(buttons(host)).toContain(`Purge ${queue.name}`);
    const consumer = queue.consumers[0].consumerId;
    expect(buttons(host)).toContain(`Crash ${consumer} after ack, before process completes`);
  });

  it('names the hot key a hot message group on SQS FIFO, and it skews the MessageGroupIds', () => {
    const host = render('sqs-fifo', 5000);
    expect(host.textContent).not.toContain('enable.idempotence');
    expect(host.textContent).not.toContain('Add consumer group');
    expect(host.textContent).toContain('each key is a MessageGroupId');
    expect(buttons(host)).toContain('Create hot message group');
    const hot = [...faultBar(host).querySelectorAll('button')].find(
      (b) => b.textContent === 'Create a hot message group',
    );
    expect(hot).toBeDefined();
    act(() => hot!.click());
    expect(buttons(faultBar(host))).toContain('Clear the hot message group');
    act(() => controller.seek(15_000, { pause: true }));
    const groups = controller!
      .snapshot()
      .queues!.flatMap((q) => q.messages)
      .filter((m) => m.sentAtMs > 5000)
      .map((m) => m.messageGroupId);
    expect(groups).toContain('merchant-42');
  });

  it('keeps the Kafka controls on a Kafka preset', () => {
    const host = render('default', 2000);
    expect(host.textContent).toContain('enable.idempotence');
    expect(host.textContent).toContain('Topic (restarts the run)');
    expect(buttons(host)).toContain('Add consumer group');
    expect(buttons(host)).toContain('Create hot key');
    expect(buttons(faultBar(host))).toContain('Create a hot key');
  });
});
