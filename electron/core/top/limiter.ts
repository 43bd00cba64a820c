import { systemClock, type Clock } from '../clock';

/**
 * Calls are released at most `qps × RATE_HEADROOM` per second, spaced from the actual previous release
 * (not from a planned slot), so a late timer can never bunch two calls together. The 2 % headroom absorbs
 * network jitter: the gateway counts calls per second, and a limiter set exactly at the quota would
 * occasionally land an extra call in one counting window and earn a code-7 ban.
 */
export const RATE_HEADROOM = 0.98;

/**
 * normal = FIFO at the quota. low = background work (delivery reconciliation): it takes a slot only when no
 * normal caller is waiting and none was released for LOW_IDLE_INTERVALS intervals, so a running campaign never
 * waits behind it — it only uses capacity the campaign leaves idle.
 */
export type Priority = 'normal' | 'low';
export const LOW_IDLE_INTERVALS = 2;

export class RateLimiter {
  private lastRelease = Number.NEGATIVE_INFINITY;
  private lastNormalRelease = Number.NEGATIVE_INFINITY;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(
    private qps: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.setQps(qps);
  }

  setQps(qps: number) {
    if (!(qps > 0)) throw new RangeError(`qps must be > 0, got ${qps}`);
    this.qps = qps;
  }

  get intervalMs(): number {
    return 1000 / (this.qps * RATE_HEADROOM);
  }

  /** Callers currently queued in acquire(). */
  get pending(): number {
    return this.waiting;
  }

  /** Stops every caller of this app key for `ms` (a code-7 ban applies to the whole app, not one call). */
  pauseFor(ms: number) {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  pauseRemainingMs(): number {
    return Math.max(0, this.pausedUntil - this.clock.now());
  }

  /** Resolves when the caller may send; FIFO within normal priority. */
  acquire(priority: Priority = 'normal'): Promise<void> {
    if (priority === 'low') return this.acquireLow();
    // Nobody queued and the slot is free: release now, without a trip through the queue's promise chain.
    if (this.waiting === 0 && this.releaseIfReady(true)) return Promise.resolve();
    this.waiting++;
    const turn = this.queue.then(() => this.waitTurn(true));
    // The queue must survive a rejected turn (it cannot reject today, but a broken sleep must not wedge every caller).
    this.queue = turn.catch(() => undefined);
    return turn.finally(() => {
      this.waiting--;
    });
  }

  private lowQueue: Promise<void> = Promise.resolve();

  private acquireLow(): Promise<void> {
    const turn = this.lowQueue.then(async () => {
      for (;;) {
        const now = this.clock.now();
        const idleAt = Math.max(this.lastNormalRelease + LOW_IDLE_INTERVALS * this.intervalMs, this.lastRelease + this.intervalMs, this.pausedUntil);
        if (this.waiting === 0 && idleAt <= now) {
          this.lastRelease = now;
          return;
        }
        // Wake exactly when the lane turns idle (oversleeping costs a background job a third of its rate); while normal
        // callers are queued there is no such time, so look again an interval later.
        await this.clock.sleep(idleAt > now ? idleAt - now : this.intervalMs);
      }
    });
    this.lowQueue = turn.catch(() => undefined);
    return turn;
  }

  private async waitTurn(normal: boolean) {
    while (!this.releaseIfReady(normal)) await this.clock.sleep(this.readyAt() - this.clock.now());
  }

  private readyAt(): number {
    return Math.max(this.lastRelease + this.intervalMs, this.pausedUntil);
  }

  private releaseIfReady(normal: boolean): boolean {
    const now = this.clock.now();
    if (this.readyAt() > now) return false;
    this.lastRelease = now;
    if (normal) this.lastNormalRelease = now;
    return true;
  }
}

const registry = new Map<string, RateLimiter>();

/**
 * One limiter per (gateway, app key) for the whole process: every client built for the same app — the
 * setup test, template screens, the sender — shares the quota and sees the same bans.
 */
export function sharedRateLimiter(gatewayUrl: string, appKey: string, qps: number): RateLimiter {
  const key = `${gatewayUrl}\u0000${appKey}`;
  let limiter = registry.get(key);
  if (!limiter) registry.set(key, (limiter = new RateLimiter(qps)));
  else limiter.setQps(qps);
  return limiter;
}
