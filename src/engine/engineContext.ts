// What the engine's modules share: the world, the seeded rng, the scheduler, the event
// stream and the machine hosts. Modules are functions over this context, so each file
// stays one concern and the Simulation class only wires them together.

import type { Rng } from './core/rng';
import type { consumerMemberMachine, MemberEvent } from './machines/consumerMember.machine';
import type { CoordinatorEvent, groupCoordinatorMachine } from './machines/groupCoordinator.machine';
import type { MachineHost } from './machines/host';
import type { SimEvent, SimEventType } from './types';
import type { EngineEvent, World } from './world';

export interface EngineContext {
  w: World;
  rng: Rng;
  schedule(atMs: number, event: EngineEvent): number;
  /** True when somebody listens for this event type (events are built only then). */
  wants(type: SimEventType): boolean;
  emit(event: SimEvent): void;
  coordinators: MachineHost<typeof groupCoordinatorMachine>;
  memberMachines: MachineHost<typeof consumerMemberMachine>;
  sendToMember(memberId: string, event: MemberEvent): void;
  sendToCoordinator(groupId: string, event: CoordinatorEvent): void;
}
