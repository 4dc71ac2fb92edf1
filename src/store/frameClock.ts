// The animation clock: calls back once per animation frame with the wall time since the
// previous frame, only between start() and stop(). The first frame after start() only sets
// the origin, so a pause never counts as elapsed time.

/** A wall-clock frame longer than this (a background tab) is not simulated in full. */
export const MAX_WALL_STEP_MS = 100;

export interface FrameClock {
  start(): void;
  stop(): void;
  isRunning(): boolean;
}

export function createFrameClock(
  raf: (callback: (wallMs: number) => void) => number,
  cancelRaf: (id: number) => void,
  onFrame: (wallDeltaMs: number) => void,
): FrameClock {
  let rafId: number | null = null;
  let lastWallMs: number | null = null;
  const tick = (wallMs: number) => {
    rafId = raf(tick);
    const previous = lastWallMs;
    lastWallMs = wallMs;
    if (previous !== null) onFrame(Math.min(MAX_WALL_STEP_MS, Math.max(0, wallMs - previous)));
  };
  return {
    start() {
      if (rafId === null) rafId = raf(tick);
    },
    stop() {
      if (rafId !== null) cancelRaf(rafId);
      rafId = null;
      lastWallMs = null;
    },
    isRunning: () => rafId !== null,
  };
}
