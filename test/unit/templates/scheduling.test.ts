import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../electron/core/log/logger';
import { AuditPoller } from '../../../electron/core/templates/audit';
import { backoffDelay, DEFAULT_AUDIT_POLL, parseBackoff } from '../../../electron/core/templates/intervals';
import { intervalsFromEnv } from '../../../electron/core/templates';
import { errors } from './fake-platform';
import { fakeModule, GOOD_NOTICE } from './helpers';

const log = createLogger({ secrets: () => [], sink: () => undefined });

describe('intervals', () => {
  it('parses "initial[,max]" and falls back on nonsense', () => {
    expect(parseBackoff('300,1000', DEFAULT_AUDIT_POLL)).toEqual({ initialMs: 300, maxMs: 1000 });
    expect(parseBackoff('500', DEFAULT_AUDIT_POLL)).toEqual({ initialMs: 500, maxMs: 500 });
    expect(parseBackoff('900,100', DEFAULT_AUDIT_POLL)).toEqual({ initialMs: 900, maxMs: 900 });
    expect(parseBackoff('abc', DEFAULT_AUDIT_POLL)).toBe(DEFAULT_AUDIT_POLL);
    expect(parseBackoff(undefined, DEFAULT_AUDIT_POLL)).toBe(DEFAULT_AUDIT_POLL);
    expect(intervalsFromEnv({ JST_AUDIT_POLL_MS: '200', JST_OUTBOX_RETRY_MS: '50,400' })).toEqual({
      auditPoll: { initialMs: 200, maxMs: 200 },
      outboxRetry: { initialMs: 50, maxMs: 400 },
    });
    expect(intervalsFromEnv({}).auditPoll).toEqual({ initialMs: 60_000, maxMs: 1_800_000 });
  });

  it('doubles per attempt, caps, and jitters ±20 %', () => {
    const s = { initialMs: 1000, maxMs: 5000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(s, n, () => 0.5))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffDelay(s, 1, () => 0)).toBe(800);
    expect(backoffDelay(s, 1, () => 1)).toBe(1200);
  });
});

describe('audit poller schedule', () => {
  it('polls at start, backs off while nothing changes, starts over after a change, sleeps with nothing pending', async () => {
    vi.useFakeTimers();
    try {
      const rounds: number[] = [];
      let pending = true;
      const poller = new AuditPoller({
        schedule: { initialMs: 1_000, maxMs: 4_000 },
        hasPending: () => pending,
        log,
        poll: async () => {
          rounds.push(Date.now());
          return { checked: 1, changed: rounds.length === 4 ? 1 : 0 };
        },
      });
      const t0 = Date.now();
      poller.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(rounds).toEqual([t0]);
      await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000); // no change: 1 s, 2 s, 4 s (round 4 changes)
      await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 4_000); // after the change: 1 s again, then capped at 4 s
      expect(rounds.map((t) => t - t0)).toEqual([0, 1_000, 3_000, 7_000, 8_000, 10_000, 14_000, 18_000]);
      pending = false;
      await vi.advanceTimersByTimeAsync(4_000); // the round already scheduled runs, then it sleeps
      await vi.advanceTimersByTimeAsync(60_000);
      expect(rounds).toHaveLength(9);
      pending = true;
      poller.reset(); // a new submission wakes it at the initial interval
      await vi.advanceTimersByTimeAsync(1_000);
      expect(rounds).toHaveLength(10);
      await poller.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a "刷新" while a round runs shares it', async () => {
    let calls = 0;
    const poller = new AuditPoller({
      schedule: { initialMs: 10_000, maxMs: 10_000 },
      hasPending: () => true,
      log,
      poll: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
        return { checked: 2, changed: 0 };
      },
    });
    const [a, b] = await Promise.all([poller.refreshNow(), poller.refreshNow()]);
    expect(a).toEqual(b);
    expect(calls).toBe(1);
    await poller.stop();
  });
});

describe('outbox worker', () => {
  it('serialises attempts: two immediate attempts of one op send it once', async () => {
    const env = fakeModule();
    env.platform.fail('createTemplate', errors.offline());
    const t = env.module.templates.save({ ...GOOD_NOTICE, typeClass: 'NORMAL', sampleValues: {}, previewSignName: '' });
    const queued = await env.module.templates.submit(t.id);
    void env.module.outbox.retryNow();
    void env.module.outbox.retryNow();
    await until(() => env.module.templates.get(t.id).status === 'pending');
    expect(env.platform.count('createTemplate')).toBe(2);
    expect(queued.pendingOp!.attempts).toBe(1);
    await env.close();
  });

  it('background retry on the backoff schedule once the gateway is back', async () => {
    const env = fakeModule({ outboxRetry: { initialMs: 30, maxMs: 30 }, now: Date.now });
    env.module.start();
    env.platform.fail('createTemplate', errors.offline(), { times: 3 });
    const t = env.module.templates.save({ ...GOOD_NOTICE, typeClass: 'NORMAL', sampleValues: {}, previewSignName: '' });
    expect((await env.module.templates.submit(t.id)).status).toBe('queued');
    await until(() => env.module.templates.get(t.id).status === 'pending', 3_000);
    expect(env.platform.count('createTemplate')).toBe(4);
    const outboxEvents = env.seen.filter((e) => e.name === 'templates.outboxChanged');
    expect(outboxEvents.at(-1)!.payload.items).toEqual([]);
    await env.close();
  });
});

async function until(check: () => boolean, timeoutMs = 2_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
