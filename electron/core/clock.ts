/**
 * The one time source of the core: every feature reads `ctx.clock`, never Date.now() or setTimeout directly, so
 * tests drive time instead of sleeping. Wall-clock text (Beijing time) comes from shared/time/beijing.ts.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** [0, 1) — backoff jitter. */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  random: () => Math.random(),
};
