import { BEIJING_OFFSET_MS, beijingDaysBefore } from '../../../shared/time/beijing';
import { NUM_QUERY_WINDOW_DAYS } from '../top/schemas';

/** True when num.query still covers the Beijing day of epochMs: today and the 29 days before it. */
export function withinQueryWindow(epochMs: number, now: number): boolean {
  const days = beijingDaysBefore(epochMs, now);
  return days >= 0 && days < NUM_QUERY_WINDOW_DAYS;
}

/** SQLite datetime() modifier that turns a stored UTC time into Beijing wall-clock text. */
export const SQL_BEIJING_SHIFT = `+${BEIJING_OFFSET_MS / 1000} seconds`;
