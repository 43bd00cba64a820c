// Beijing time (GMT+8, no DST since 1991) for everything the seller sees or the platform expects.
const OFFSET_MS = 8 * 3600_000;

/** 'YYYY-MM-DD' of the Beijing day containing epochMs. */
export function beijingDay(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of Beijing midnight starting `day` ('YYYY-MM-DD'). */
export function beijingDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS;
}

/** 'yyyy-MM-dd HH:mm:ss' Beijing time of an ISO UTC string ('' when null/invalid). */
export function beijingText(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** num.query covers today and the 29 days before it (Beijing calendar days). */
export const QUERY_WINDOW_DAYS = 30;
export function withinQueryWindow(epochMs: number, now: number): boolean {
  const days = Math.round((beijingDayStart(beijingDay(now)) - beijingDayStart(beijingDay(epochMs))) / 86_400_000);
  return days >= 0 && days < QUERY_WINDOW_DAYS;
}
