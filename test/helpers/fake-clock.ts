import type { Clock } from '../../electron/core/clock';
import { parseBeijingDateTime } from '../../shared/time/beijing';

/**
 * A Clock for tests that wait for time: now() stands still, sleep() resolves only when advance() moves time past it
 * (or its signal aborts). Start it at a Beijing wall-clock time so windows and day keys are what the test says.
 */
export class FakeClock implements Clock {
  private time: number;
  private sleepers: Array<{ at: number; wake: () => void }> = [];

  constructor(
    start: number | string = '2026-12-01 10:00',
    private readonly jitter = 0.5,
  ) {
    this.time = typeof start === 'number' ? start : parseBeijingDateTime(start)!;
  }

  now(): number {
    return this.time;
  }

  random(): number {
    return this.jitter;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = {
        at: this.time + Math.max(0, ms),
        wake: () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          signal?.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', sleeper.wake, { once: true });
    });
  }

  /** Sleeps in progress, earliest first (ms from now): what the code under test is waiting for. */
  pending(): number[] {
    return this.sleepers.map((s) => s.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time forward by ms, waking each sleeper due on the way in time order (and letting it run). */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.at);
      next.wake();
    }
    this.time = target;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
