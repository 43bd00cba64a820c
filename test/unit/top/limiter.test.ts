import { describe, expect, it } from 'vitest';
import { RATE_HEADROOM, RateLimiter, sharedRateLimiter } from '../../../electron/core/top/limiter';
import { fakeClock, manualClock } from './fakes';

describe('RateLimiter', () => {
  it('spaces releases by 1/(qps·headroom), FIFO, measured from the actual previous release', async () => {
    const { clock, state, run } = manualClock(0);
    const limiter = new RateLimiter(10, clock);
    const releases: Array<{ id: number; at: number }> = [];
    const all = Promise.all([0, 1, 2, 3, 4].map((id) => limiter.acquire().then(() => releases.push({ id, at: state.now }))));
    await run();
    await all;
    expect(releases.map((r) => r.id)).toEqual([0, 1, 2, 3, 4]);
    const interval = 1000 / (10 * RATE_HEADROOM);
    for (let i = 1; i < releases.length; i++) expect(releases[i]!.at - releases[i - 1]!.at).toBeGreaterThanOrEqual(interval - 1e-9);
    expect(releases[4]!.at).toBeCloseTo(4 * interval, 6);
    expect(limiter.pending).toBe(0);
  });

  it('does not let a late caller use up past slots (no bursts after idle)', async () => {
    const { clock, state } = fakeClock(0);
    const limiter = new RateLimiter(10, clock);
    await limiter.acquire();
    state.now += 5_000; // idle for a long time
    const start = state.now;
    await limiter.acquire();
    await limiter.acquire();
    expect(state.now - start).toBeCloseTo(1000 / (10 * RATE_HEADROOM), 6);
  });

  it('pauseFor holds every caller until the ban ends', async () => {
    const { clock, state } = fakeClock(0);
    const limiter = new RateLimiter(100, clock);
    await limiter.acquire();
    limiter.pauseFor(2_000);
    expect(limiter.pauseRemainingMs()).toBe(2_000);
    await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(state.now).toBeGreaterThanOrEqual(2_000);
    expect(limiter.pauseRemainingMs()).toBe(0);
  });

  it('follows a QPS change', async () => {
    const { clock, state } = fakeClock(0);
    const limiter = new RateLimiter(1, clock);
    limiter.setQps(50);
    await limiter.acquire();
    await limiter.acquire();
    expect(state.now).toBeCloseTo(1000 / (50 * RATE_HEADROOM), 6);
    expect(() => limiter.setQps(0)).toThrow(RangeError);
  });

  it('one shared limiter per (gateway, app key)', () => {
    const a = sharedRateLimiter('http://gw.one/', 'key-1', 5);
    expect(sharedRateLimiter('http://gw.one/', 'key-1', 8)).toBe(a);
    expect(a.intervalMs).toBeCloseTo(1000 / (8 * RATE_HEADROOM), 6);
    expect(sharedRateLimiter('http://gw.one/', 'key-2', 5)).not.toBe(a);
    expect(sharedRateLimiter('http://gw.two/', 'key-1', 5)).not.toBe(a);
  });
});

describe('RateLimiter low-priority lane', () => {
  it('a low caller waits while normal callers are queued or were released recently, and never delays them', async () => {
    const { clock, state, run } = manualClock(0);
    const limiter = new RateLimiter(10, clock);
    const interval = 1000 / (10 * RATE_HEADROOM);
    const order: string[] = [];
    const normal = [0, 1, 2].map((i) => limiter.acquire().then(() => order.push(`n${i}@${Math.round(state.now)}`)));
    const low = limiter.acquire('low').then(() => order.push(`low@${Math.round(state.now)}`));
    await run();
    await Promise.all([...normal, low]);
    expect(order.slice(0, 3)).toEqual(['n0@0', `n1@${Math.round(interval)}`, `n2@${Math.round(2 * interval)}`]);
    // the low call went only after the normal lane had been idle for LOW_IDLE_INTERVALS intervals
    const lowAt = Number(order[3]!.split('@')[1]);
    expect(lowAt).toBeGreaterThanOrEqual(Math.round(4 * interval) - 1);
  });

  it('a low caller arriving mid-interval goes at the next free slot, not an interval later', async () => {
    const { clock, state } = fakeClock(0);
    const limiter = new RateLimiter(10, clock);
    const interval = 1000 / (10 * RATE_HEADROOM);
    await limiter.acquire('low');
    state.now += 60; // the previous call's answer came back 60 ms after its release
    await limiter.acquire('low');
    expect(state.now).toBeCloseTo(interval, 6);
    await limiter.acquire('low');
    expect(state.now).toBeCloseTo(2 * interval, 6);
  });
});
