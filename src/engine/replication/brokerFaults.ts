// The broker faults: crash-broker, restart-broker, isolate-broker { durationMs } and
// slow-follower { factor }. Each checks its target against the scenario's brokers.

import type { EngineContext } from '../engineContext';
import { ScenarioError } from '../scenario/schema';
import type { ActiveFault, Fault } from '../types';
import { brokerDown, brokerUp } from './replication';
import type { BrokerRt } from './state';

type BrokerFault = Extract<Fault, { brokerId: number }>;

function broker(ctx: EngineContext, brokerId: number): BrokerRt {
  const rep = ctx.w.replication;
  if (!rep)
    throw new ScenarioError(
      'fault.brokerId: the scenario models no brokers (set "brokers")',
      'fault.brokerId',
    );
  const b = rep.brokers[brokerId];
  if (!b)
    throw new ScenarioError(
      `fault.brokerId: no broker ${brokerId} (brokers 0–${rep.brokers.length - 1})`,
      'fault.brokerId',
    );
  return b;
}

export function applyBrokerFault(ctx: EngineContext, f: BrokerFault): string {
  const b = broker(ctx, f.brokerId);
  switch (f.type) {
    case 'crash-broker':
      if (b.state === 'crashed')
        throw new ScenarioError(`fault.brokerId: broker ${f.brokerId} is already crashed`, 'fault.brokerId');
      b.isolatedUntilMs = -1;
      brokerDown(ctx, f.brokerId, 'crashed');
      return `broker ${f.brokerId} crashed`;
    case 'restart-broker':
      if (b.state !== 'crashed')
        throw new ScenarioError(
          `fault.brokerId: broker ${f.brokerId} is ${b.state}, not crashed`,
          'fault.brokerId',
        );
      brokerUp(ctx, f.brokerId);
      return `broker ${f.brokerId} restarted`;
    case 'isolate-broker': {
      if (b.state !== 'up')
        throw new ScenarioError(`fault.brokerId: broker ${f.brokerId} is ${b.state}`, 'fault.brokerId');
      const untilMs = ctx.w.nowMs + f.durationMs;
      brokerDown(ctx, f.brokerId, 'isolated');
      b.isolatedUntilMs = untilMs;
      ctx.schedule(untilMs, { kind: 'broker-return', brokerId: f.brokerId, untilMs });
      return `broker ${f.brokerId} cut off for ${f.durationMs / 1000} s`;
    }
    case 'slow-follower':
      b.slowFactor = f.factor;
      return f.factor === 1
        ? `broker ${f.brokerId} fetches at normal speed`
        : `broker ${f.brokerId} fetches ×${f.factor} slower`;
  }
}

export function describeBrokerFaults(ctx: EngineContext): ActiveFault[] {
  const rep = ctx.w.replication;
  if (!rep) return [];
  const out: ActiveFault[] = [];
  for (const b of rep.brokers) {
    if (b.state === 'crashed')
      out.push({ type: 'crash-broker', label: `broker ${b.id} crashed`, untilMs: null });
    if (b.state === 'isolated')
      out.push({ type: 'isolate-broker', label: `broker ${b.id} isolated`, untilMs: b.isolatedUntilMs });
    if (b.slowFactor !== 1)
      out.push({
        type: 'slow-follower',
        label: `broker ${b.id}: fetches ×${b.slowFactor} slower`,
        untilMs: null,
      });
  }
  return out;
}
