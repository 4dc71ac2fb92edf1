// What the engine's modules share: the world, the seeded rng, the scheduler, the event
// stream and the machine hosts. Modules are functions over this context, so each file
// stays one concern and the Simulation class only wires them together.

import type { Rng } from './core/rng';
import type { LoopEvent } from './machines/consumerLoop.machine';
import type { consumerMemberMachine, MemberEvent, MemberHook } from './machines/consumerMember.machine';
import type {
  CoordinatorEvent,
  CoordinatorHook,
  groupCoordinatorMachine,
} from './machines/groupCoordinator.machine';
import type { MachineHost } from './machines/host';
import type { SimEvent, SimEventType } from './types';
import type { EngineEvent, MemberRt, World } from './world';

export interface EngineContext {
  w: World;
  rng: Rng;
  schedule(atMs: number, event: EngineEvent): number;
  /** True when somebody listens for this event type (events are built only then). */
  wants(type: SimEventType): boolean;
  emit(event: SimEvent): void;
  coordinators: MachineHost<typeof groupCoordinatorMachine, CoordinatorHook>;
  memberMachines: MachineHost<typeof consumerMemberMachine, MemberHook>;
  sendToMember(memberId: string, event: MemberEvent): void;
  sendToCoordinator(groupId: string, event: CoordinatorEvent): void;
  /** Steps a member's consumer loop machine (how membership and producers wake the loop). */
  sendToLoop(m: MemberRt, event: LoopEvent): void;
}
