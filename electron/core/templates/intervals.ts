/** A backoff schedule: the first delay, doubled after each uneventful round, capped at maxMs. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/**
 * Audit review takes up to 2 working days (spec §2.3): ask after 1 minute, then back off to every 30 minutes.
 * Offline retries: 5 s doubling to 5 minutes, so a reconnect is noticed quickly without hammering a dead gateway
 * (any successful TOP call in between — e.g. an audit query — also triggers an immediate retry).
 */
export const DEFAULT_AUDIT_POLL: Backoff = { initialMs: 60_000, maxMs: 30 * 60_000 };
export const DEFAULT_OUTBOX_RETRY: Backoff = { initialMs: 5_000, maxMs: 5 * 60_000 };

/** Delay before attempt n+1 (n ≥ 1), with ±20 % jitter so many queued items do not retry in lockstep. */
export function backoffDelay(schedule: Backoff, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(schedule.maxMs, schedule.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + random() * 0.4));
}

/**
 * Reads "initial[,max]" in milliseconds (e.g. JST_AUDIT_POLL_MS=300,1000 for tests). A single value means a
 * fixed interval. Invalid or missing values fall back to the default; max is never below initial.
 */
export function parseBackoff(value: string | undefined, fallback: Backoff): Backoff {
  if (!value?.trim()) return fallback;
  const [a, b] = value.split(',').map((part) => Number(part.trim()));
  if (!Number.isFinite(a) || a! <= 0) return fallback;
  const initialMs = Math.round(a!);
  const maxMs = b !== undefined && Number.isFinite(b) && b > 0 ? Math.max(initialMs, Math.round(b)) : initialMs;
  return { initialMs, maxMs };
}
