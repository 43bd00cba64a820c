/**
 * The one time source of the core: every feature reads `ctx.clock`, never Date.now() or setTimeout directly, so
 * tests drive time instead of sleeping. Wall-clock text (Beijing time) comes from shared/time/beijing.ts.
 */
export interface Clock {
  now(): number;
  /** Resolves after ms, or at once when `signal` aborts (so a stopping loop is not held up). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** [0, 1) — backoff jitter. */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
  random: () => Math.random(),
};
