// Property tests run the same random schedules on every CI run (a fixed fast-check seed),
// so a landing never depends on luck. Set FC_SEED to explore other schedules locally.
import fc from 'fast-check';
import { provideQueueRuntime } from './src/engine/queueRuntimeSlot';
import { QUEUE_RUNTIME } from './src/engine/queues/runtime/queueRuntime';

const seed = process.env.FC_SEED === undefined ? 20_261_122 : Number(process.env.FC_SEED);
fc.configureGlobal({ seed });

// Tests import engine modules directly (simulation.ts, test/support): provide the queue runtime
// as the headless API (src/engine/index.ts) does; the page loads it on demand instead.
provideQueueRuntime(QUEUE_RUNTIME);
