import type { TopError } from './errors';

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Backoff before attempt n+1 is baseDelayMs·2^(n-1), capped at maxDelayMs, with ±50 % jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A code-7 ban longer than this is not waited out: the call fails at once with banSeconds set. */
  maxBanWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 5_000, maxBanWaitMs: 30_000 };

/**
 * Retries only what is safe (TopError.retryable: reads, and writes that certainly did not execute), never a
 * throttled call, never past a ban longer than the policy waits out.
 */
export function shouldRetry(error: TopError, attempt: number, maxAttempts: number, policy: RetryPolicy): boolean {
  const banTooLong = error.banSeconds !== null && error.banSeconds * 1000 > policy.maxBanWaitMs;
  return error.retryable && attempt < maxAttempts && !banTooLong && error.kind !== 'throttled';
}

/** Exponential backoff with jitter; `random` in [0, 1). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp * (0.5 + random * 0.5));
}
