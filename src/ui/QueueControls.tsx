// Controls for one SQS or RabbitMQ queue in the Controls tab: the same operations the diagram's
// queue and consumer menus offer (queueMenu.ts), under the real systems' names: a poison message,
// purge, redrive of a DLQ to its source, and per consumer a crash at a point (before/after
// DeleteMessage or ack), slow down, pause past the visibility timeout or consumer_timeout, restart.

import type { Snapshot } from '../engine';
import type { QueueSnapshot } from '../engine/queues/types';
import { useController } from '../store/ControllerContext';
import { QUEUE_TYPE_NAMES } from '../viz/queueModel';
import { type QueueMenuItem, queueConsumerMenu, queueMenu } from './queueMenu';

function Buttons({ items }: { items: QueueMenuItem[] }) {
  const controller = useController();
  return (
    <div className="qs-row">
      {items.map((item) =>
        item.action.kind === 'fault' ? (
          <button
            key={item.name}
            type="button"
            disabled={item.isDisabled}
            onClick={() => item.action.kind === 'fault' && controller.tryInject(item.action.fault)}
          >
            {item.name}
          </button>
        ) : null,
      )}
    </div>
  );
}

export function QueueControls({ snap, queue }: { snap: Snapshot; queue: QueueSnapshot }) {
  const menu = queueMenu(snap, queue.name);
  return (
    <fieldset className="qs-fieldset">
      <legend>
        {queue.isDeadLetterQueue ? 'Dead-letter queue' : 'Queue'} {queue.name}{' '}
        <small>({QUEUE_TYPE_NAMES[queue.type]})</small>
      </legend>
      {menu && <Buttons items={menu.items} />}
      {queue.consumers.length > 0 && (
        <ul className="qs-members">
          {queue.consumers.map((c) => {
            const consumer = queueConsumerMenu(snap, queue.name, c.consumerId);
            return (
              <li key={c.consumerId} className="qs-member-controls">
                <span className="qs-member-name">
                  {c.consumerId} <small>{c.state ?? ''}</small>
                </span>
                {consumer && <Buttons items={consumer.items} />}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
