// Run in a child with TZ set (beijing.test.ts): prints what the Beijing-time code answers in that PC zone.
import { resolve } from 'node:path';
import {
  beijingDayKey,
  beijingDaysBefore,
  formatBeijing,
  isInsideWindow,
  nextWindowOpen,
  parseBeijingDateTime,
  parseBeijingDay,
} from '../../../shared/time/beijing';

// The renderer's picker helpers (renderer/src/beijing-picker.ts), loaded by a computed path as importRenderer does.
interface PickerDay {
  format(template: string): string;
  subtract(n: number, unit: 'day'): PickerDay;
  startOf(unit: 'day'): PickerDay;
}
interface Picker {
  beijingNowPicker(now: number): PickerDay;
  beijingPickerValue(iso: string): PickerDay | null;
  isoFromBeijingPicker(value: PickerDay): string;
  isBeforeBeijingToday(day: PickerDay, now: number): boolean;
}
const picker = (await import(resolve(import.meta.dirname, '../../../renderer/src/beijing-picker.ts'))) as Picker;

const nowMs = Date.parse(process.argv[2]!);
const at = parseBeijingDateTime('2026-03-29 01:30')!;
const today = picker.beijingNowPicker(nowMs);
const out = {
  zoneOffsetMinutes: new Date(nowMs).getTimezoneOffset(),
  at,
  formatted: formatBeijing(at, true),
  dayKey: beijingDayKey(nowMs),
  day: parseBeijingDay('2026-12-01'),
  daysBefore: beijingDaysBefore(parseBeijingDay('2026-11-30')!, nowMs),
  inside: isInsideWindow({ start: '08:00', end: '20:00' }, nowMs),
  nextOpen: formatBeijing(nextWindowOpen({ start: '08:00', end: '20:00' }, parseBeijingDateTime('2026-12-01 20:00')!)),
  pickerToday: today.format('YYYY-MM-DD HH:mm'),
  yesterdayDisabled: picker.isBeforeBeijingToday(today.subtract(1, 'day'), nowMs),
  todayDisabled: picker.isBeforeBeijingToday(today.startOf('day'), nowMs),
  roundTrip: picker.isoFromBeijingPicker(picker.beijingPickerValue('2026-12-01T12:34:00.000Z')!),
};
process.stdout.write(JSON.stringify(out));
