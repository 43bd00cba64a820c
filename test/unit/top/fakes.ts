import type { Clock } from '../../../electron/core/clock';
import { TransportFailure, type TopTransport, type TransportResponse } from '../../../electron/core/top/transport';

/** A clock whose sleep() advances time instantly, so waits are observable without waiting. */
export function fakeClock(start = Date.UTC(2024, 4, 1, 4, 0, 0), random = 0) {
  const state = { now: start, sleeps: [] as number[] };
  const clock: Clock = {
    now: () => state.now,
    sleep: async (ms) => {
      state.sleeps.push(ms);
      state.now += Math.max(0, ms);
    },
    random: () => random,
  };
  return { clock, state };
}

export type Scripted = TransportResponse | TransportFailure | ((params: URLSearchParams) => TransportResponse | TransportFailure);

/** Answers calls from a script (the last entry repeats) and records each request with the fake time it was sent. */
export function scriptedTransport(script: Scripted[], clock?: Clock) {
  const calls: Array<{ params: URLSearchParams; at: number }> = [];
  const transport: TopTransport = {
    async post(_url, body) {
      const params = new URLSearchParams(body);
      calls.push({ params, at: clock?.now() ?? 0 });
      const step = script[Math.min(calls.length - 1, script.length - 1)]!;
      const result = typeof step === 'function' ? step(params) : step;
      if (result instanceof TransportFailure) throw result;
      return result;
    },
    close() {},
  };
  return { transport, calls };
}

export const json = (value: unknown, status = 200): TransportResponse => ({ status, text: JSON.stringify(value) });
export const topError = (code: number, extra: Record<string, unknown> = {}) => json({ error_response: { code, msg: 'x', request_id: 'req1', ...extra } });

/** A clock whose sleeps only end when run() advances time to them, one wake-up at a time. */
export function manualClock(start = 0) {
  const state = { now: start };
  const timers: Array<{ at: number; resolve: () => void }> = [];
  const clock: Clock = {
    now: () => state.now,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: state.now + Math.max(0, ms), resolve })),
    random: () => 0,
  };
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  /** Fires timers in time order until nothing is waiting. */
  async function run() {
    for (;;) {
      await settle();
      if (timers.length === 0) return;
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift()!;
      state.now = Math.max(state.now, next.at);
      next.resolve();
    }
  }
  return { clock, state, run };
}
