import { AppError } from '../../../shared/errors';
import { TopError } from '../top/errors';

/**
 * What a failed platform call means for a queued operation:
 * - offline: certainly not executed and worth repeating (no network, timeout before sending, rate limit,
 *   platform busy) → stay queued and retry with backoff;
 * - blocked: the client cannot be built (settings incomplete, vault locked) → stay queued until fixed;
 * - unknown: the write may have taken effect → reconcile before sending again;
 * - refused: the platform (or our own input check) said no → stop and show the reason.
 * This follows the TOP client's own classification (outcome / retryable), never a guess from the message.
 */
export type FailureKind = 'offline' | 'blocked' | 'unknown' | 'refused';

export interface Failure {
  kind: FailureKind;
  /** Chinese, actionable (the TopError / AppError message). */
  message: string;
  error: unknown;
}

const BLOCKING_CODES = new Set(['NOT_CONFIGURED', 'VAULT_LOCKED', 'VAULT_UNINITIALIZED', 'VAULT_UNAVAILABLE']);

export function classifyFailure(error: unknown): Failure {
  if (error instanceof TopError) {
    if (error.outcome === 'unknown') return { kind: 'unknown', message: error.message, error };
    if (error.outcome === 'not-executed' && error.retryable) return { kind: 'offline', message: error.message, error };
    return { kind: 'refused', message: error.message, error };
  }
  if (error instanceof AppError) return { kind: BLOCKING_CODES.has(error.code) ? 'blocked' : 'refused', message: error.message, error };
  return { kind: 'refused', message: error instanceof Error ? error.message : String(error), error };
}

/** The platform answered "no such template / signature" (r_code template_not_found, sign_name_not_found). */
export function isNotFound(error: unknown): boolean {
  return error instanceof TopError && error.kind === 'business' && error.category === 'not-found';
}

export function hasSubCode(error: unknown, subCode: string): boolean {
  return error instanceof TopError && error.sub_code === subCode;
}
