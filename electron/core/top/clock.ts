/** Time source for everything time-dependent in the TOP client, so tests can run it on a fake clock. */
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
