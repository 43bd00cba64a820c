import dayjs, { type Dayjs } from 'dayjs';
import { formatBeijing, parseBeijingDateTime } from '../../../../shared/time/beijing';

// The seller picks wall-clock times in Beijing time whatever the PC's zone; antd's DatePicker works in local time,
// so the picker shows the Beijing fields as if they were local, and shared/sending/schedule converts at the edges.
const PICKER_FORMAT = 'YYYY-MM-DD HH:mm';

/** ISO UTC → a Dayjs whose local fields are the Beijing wall clock. */
export function beijingPickerValue(iso: string | null): Dayjs | null {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? null : dayjs(formatBeijing(ms), PICKER_FORMAT);
}

/** A picker value (Beijing fields) → ISO UTC. */
export function isoFromBeijingPicker(value: Dayjs): string {
  return new Date(parseBeijingDateTime(value.format(PICKER_FORMAT))!).toISOString();
}

/** Now in Beijing, as a picker value (for disabledDate). */
export function beijingNowPicker(): Dayjs {
  return beijingPickerValue(new Date().toISOString())!;
}
