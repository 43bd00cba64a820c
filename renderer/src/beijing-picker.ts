import dayjs, { type Dayjs } from 'dayjs';
import { formatBeijing, parseBeijingDateTime } from '../../shared/time/beijing';

// The seller picks wall-clock times in Beijing time whatever the PC's zone; antd's DatePicker works in local time,
// so the picker shows the Beijing fields as if they were local (its "now" too: components/BeijingDatePicker), and these
// functions convert at the edges through shared/time/beijing.ts.
const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** Epoch ms → a Dayjs whose local fields are the Beijing wall clock. */
export function beijingPickerAt(ms: number): Dayjs {
  return dayjs(formatBeijing(ms, true), PICKER_FORMAT);
}

/** ISO UTC → a picker value (Beijing fields); null when absent or invalid. */
export function beijingPickerValue(iso: string | null): Dayjs | null {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? null : beijingPickerAt(ms);
}

/** A picker value (Beijing fields) → ISO UTC. */
export function isoFromBeijingPicker(value: Dayjs): string {
  return new Date(parseBeijingDateTime(value.format(PICKER_FORMAT))!).toISOString();
}

/** Now in Beijing, as a picker value: the picker's "today", "now" and default time. */
export function beijingNowPicker(now = Date.now()): Dayjs {
  return beijingPickerAt(now);
}

/** disabledDate of a schedule picker: days before today in Beijing. */
export function isBeforeBeijingToday(day: Dayjs, now = Date.now()): boolean {
  return day.isBefore(beijingNowPicker(now), 'day');
}
