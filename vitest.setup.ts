// Property tests run the same random schedules on every CI run (a fixed fast-check seed),
// so a landing never depends on luck. Set FC_SEED to explore other schedules locally.
import fc from 'fast-check';

const seed = process.env.FC_SEED === undefined ? 20_261_122 : Number(process.env.FC_SEED);
fc.configureGlobal({ seed });
