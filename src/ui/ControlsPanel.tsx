// Controls that change the run: faults applied now (crash, restart, slow down, pause, hot
// key, poison, duplicates, failures, outage) and scenario settings, which restart the run
// from t = 0 with the same seed (the engine's configs are fixed for a run, as in Kafka
// where most of them need a client restart too).

import { useState } from 'react';
import { scenarioEdit } from '../engine';
import { useController } from '../store/ControllerContext';
import { useApp } from '../store/hooks';
import { hotKeyTarget } from './FaultBar';
import { GroupControls } from './GroupControls';
import { QueueControls } from './QueueControls';

export function ControlsPanel() {
  const controller = useController();
  const groups = useApp((s) => s.panelFrame?.snapshot.groups);
  const producers = useApp((s) => s.panelFrame?.snapshot.producers);
  const topics = useApp((s) => s.panelFrame?.snapshot.topics);
  const snap = useApp((s) => s.panelFrame?.snapshot);
  const [share, setShare] = useState(0.8);
  const [rate, setRate] = useState('');
  const [failureRate, setFailureRate] = useState(0.02);
  const producer = producers?.[0];
  // Kafka settings (idempotence, partitioner, topics, groups) show only where Kafka runs; the
  // hot key only where a key means something (partitions, or SQS FIFO message groups).
  const isKafkaProducer = producer !== undefined && producer.topic !== '';
  const hot = snap ? hotKeyTarget(snap) : null;
  const hotNoun = hot?.noun === 'message group' ? 'message group' : 'key';
  const hasKafka = (groups?.length ?? 0) > 0 || (topics?.length ?? 0) > 0;
  const target = producer && !isKafkaProducer ? ` → ${producer.queue ?? producer.exchange ?? ''}` : '';
  return (
    <div className="qs-controls">
      <fieldset className="qs-fieldset">
        <legend>
          Producer {producer?.producerId}
          {target}
        </legend>
        <p className="qs-muted">
          {producer
            ? isKafkaProducer
              ? `${producer.ratePerSec} msg/s, ${producer.keys}, enable.idempotence=${producer.isIdempotent}`
              : `${producer.ratePerSec} msg/s, ${producer.keys}${hot?.noun === 'message group' ? ' (each key is a MessageGroupId)' : ''}`
            : 'No producer'}
        </p>
        <div className="qs-row">
          <label className="qs-inline">
            Rate (msg/s)
            <input
              type="number"
              min={0}
              max={100000}
              aria-label="Producer rate"
              value={rate}
              placeholder={String(producer?.ratePerSec ?? '')}
              onChange={(e) => setRate(e.target.value)}
            />
          </label>
          <button
            type="button"
            disabled={rate === ''}
            onClick={() => controller.tryInject({ type: 'set-rate', ratePerSec: Number(rate) })}
          >
            Set rate
          </button>
        </div>
        {hot && (
          <div className="qs-row">
            <label className="qs-inline">
              Hot {hotNoun} share {Math.round(share * 100)}%
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                aria-label={`Hot ${hotNoun} share`}
                value={share}
                onChange={(e) => setShare(Number(e.target.value))}
              />
            </label>
            <button
              type="button"
              onClick={() =>
                controller.tryInject({
                  type: 'hot-key',
                  producerId: hot.producerId,
                  key: 'merchant-42',
                  share,
                })
              }
            >
              Create hot {hotNoun}
            </button>
            <button
              type="button"
              onClick={() =>
                controller.tryInject({
                  type: 'hot-key',
                  producerId: hot.producerId,
                  key: 'merchant-42',
                  share: 0,
                })
              }
            >
              Clear hot {hotNoun}
            </button>
          </div>
        )}
        {isKafkaProducer && (
          <div className="qs-row">
            <label className="qs-inline">
              Key distribution
              <select
                value=""
                onChange={(e) => {
                  const type = e.target.value;
                  if (!type) return;
                  controller.editScenario((doc) =>
                    scenarioEdit.setProducerKeys(
                      doc,
                      0,
                      type === 'zipf'
                        ? { type: 'zipf', count: 1000, exponent: 1.1, prefix: 'order-' }
                        : type === 'null'
                          ? { type: 'null' }
                          : { type: 'uniform', count: 5000, prefix: 'order-' },
                    ),
                  );
                }}
              >
                <option value="">change (restarts)…</option>
                <option value="uniform">uniform over 5000 keys</option>
                <option value="zipf">Zipf(1.1) over 1000 keys</option>
                <option value="null">null keys (sticky partitioner)</option>
              </select>
            </label>
          </div>
        )}
        <div className="qs-row">
          <button
            type="button"
            onClick={() => controller.tryInject({ type: 'poison-message', key: 'order-poison' })}
          >
            Send poison message
          </button>
          <button type="button" onClick={() => controller.tryInject({ type: 'producer-retry', count: 10 })}>
            Producer retries ×10 (lost acks)
          </button>
        </div>
      </fieldset>
      <fieldset className="qs-fieldset">
        <legend>Downstream dependency</legend>
        <div className="qs-row">
          <label className="qs-inline">
            Failure rate {(failureRate * 100).toFixed(0)}%
            <input
              type="range"
              min={0}
              max={0.5}
              step={0.01}
              aria-label="Failure rate"
              value={failureRate}
              onChange={(e) => setFailureRate(Number(e.target.value))}
            />
          </label>
          <button
            type="button"
            onClick={() => controller.tryInject({ type: 'failure-rate', rate: failureRate })}
          >
            Apply failure rate
          </button>
          <button type="button" onClick={() => controller.tryInject({ type: 'outage', durationMs: 10_000 })}>
            Outage 10 s
          </button>
        </div>
      </fieldset>
      {groups?.map((g) => (
        <GroupControls key={g.groupId} group={g} />
      ))}
      {snap?.queues?.map((q) => (
        <QueueControls key={q.name} snap={snap} queue={q} />
      ))}
      {hasKafka && (
        <fieldset className="qs-fieldset">
          <legend>Topic (restarts the run)</legend>
          {topics?.map((t) => (
            <div className="qs-row" key={t.name}>
              <span>
                {t.name}: {t.partitions} partitions, retention.ms={t.retentionMs}
              </span>
              <button
                type="button"
                disabled={t.partitions >= scenarioEdit.MAX_PARTITIONS}
                onClick={() => controller.editScenario((doc) => scenarioEdit.addPartition(doc, t.name))}
              >
                Add partition to {t.name}
              </button>
              <button
                type="button"
                onClick={() =>
                  controller.editScenario((doc) =>
                    scenarioEdit.setTopicConfig(doc, t.name, {
                      'retention.ms': t.retentionMs === 30_000 ? 600_000 : 30_000,
                    }),
                  )
                }
              >
                {t.retentionMs === 30_000 ? 'Retention 10 min' : 'Retention 30 s'}
              </button>
            </div>
          ))}
          <div className="qs-row">
            <button
              type="button"
              disabled={(groups?.length ?? 0) >= scenarioEdit.MAX_GROUPS}
              onClick={() => controller.editScenario(scenarioEdit.addGroup)}
            >
              Add consumer group
            </button>
            <button
              type="button"
              disabled={(groups?.length ?? 0) <= 1}
              onClick={() => controller.editScenario(scenarioEdit.removeLastGroup)}
            >
              Remove last group
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}
