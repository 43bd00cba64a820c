// Numbers the seller sees about a campaign, computed the same way wherever they are shown (wizard, list, CLI).
import type { CampaignCounts, CampaignState, CampaignView } from './contract';

/** A campaign before anything was imported. */
export const ZERO_COUNTS: Readonly<CampaignCounts> = {
  rows: 0,
  valid: 0,
  duplicate: 0,
  invalid: 0,
  suppressed: 0,
  skipped: 0,
  queued: 0,
  inFlight: 0,
  submitted: 0,
  rejected: 0,
  unconfirmed: 0,
  cancelled: 0,
  orders: null,
  buyers: null,
  noOaid: null,
};

/** Rows that will be sent: every row minus duplicates, invalid and suppressed ones (each row has one status). */
export function finalCount(counts: CampaignCounts): number {
  return Math.max(0, counts.rows - counts.duplicate - counts.invalid - counts.suppressed);
}

/** Well-formed mainland mobile numbers (before dedupe and the suppression list). */
export function wellFormedCount(counts: CampaignCounts): number {
  return Math.max(0, counts.rows - counts.invalid);
}

export type EtaParts = { unit: 'seconds'; n: number } | { unit: 'minutes'; n: number } | { unit: 'hours'; h: number; m: number };

/** A remaining time in the unit a person reads best: seconds under a minute, minutes (rounded up), hours + minutes. */
export function etaParts(seconds: number): EtaParts {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return { unit: 'seconds', n: s };
  if (s < 3600) return { unit: 'minutes', n: Math.ceil(s / 60) };
  return { unit: 'hours', h: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) };
}

/**
 * The bar and "done / total" of a campaign: numbers accounted for, except that a cancelled campaign's cancelled
 * numbers were never sent (a campaign cancelled before it started is at 0 %, not "100 % 9/9").
 */
export function shownProgress(
  state: CampaignState,
  progress: CampaignView['progress'],
  counts: Pick<CampaignCounts, 'cancelled'>,
): { done: number; total: number } {
  const done = state === 'cancelled' ? Math.max(0, progress.done - counts.cancelled) : progress.done;
  return { done, total: progress.total };
}

/** 待发送: numbers not accounted for yet, including those a scheduled campaign has not prepared. */
export function toSendCount(progress: CampaignView['progress']): number {
  return Math.max(0, progress.total - progress.done);
}

/**
 * Template variables each recipient brings its own value for: the mapped columns of an import, or (a resend or a
 * single send, built from earlier rows without a mapping) the values its rows carry. These need no shared value box.
 */
export function perRecipientVariables(mapping: { variableColumns: Record<string, number> } | null, rowVars: Record<string, string> | undefined): string[] {
  if (mapping) return Object.keys(mapping.variableColumns);
  return Object.keys(rowVars ?? {});
}
