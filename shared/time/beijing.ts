// The one Beijing-time module (GMT+8, no DST since 1991): the platform's and the seller's clock, whatever the PC's
// zone. Pure functions on epoch milliseconds, for main and the renderer alike. Nothing else adds 8 hours by hand.

export const BEIJING_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

export interface DailyWindow {
  /** 'HH:mm' Beijing time. */
  start: string;
  /** 'HH:mm'; before start = the window wraps past midnight; equal to start = always open. */
  end: string;
}

function minutesOf(clock: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!m) throw new RangeError(`not a HH:mm time: ${clock}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Milliseconds since Beijing midnight of `ms`, and that midnight as epoch ms. */
export function beijingMidnight(ms: number): { midnight: number; offset: number } {
  const local = ms + BEIJING_OFFSET_MS;
  const offset = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  return { midnight: ms - offset, offset };
}

/** True when `ms` is inside the daily window (start inclusive, end exclusive). */
export function isInsideWindow(window: DailyWindow, ms: number): boolean {
  const start = minutesOf(window.start) * 60_000;
  const end = minutesOf(window.end) * 60_000;
  if (start === end) return true;
  const { offset } = beijingMidnight(ms);
  return start < end ? offset >= start && offset < end : offset >= start || offset < end;
}

/** The next moment ≥ ms when the window opens (ms itself when already inside). */
export function nextWindowOpen(window: DailyWindow, ms: number): number {
  if (isInsideWindow(window, ms)) return ms;
  const start = minutesOf(window.start) * 60_000;
  const { midnight, offset } = beijingMidnight(ms);
  return offset < start ? midnight + start : midnight + DAY_MS + start;
}

/** When the window that contains `ms` closes; null when always open or when ms is outside. */
export function windowCloseAt(window: DailyWindow, ms: number): number | null {
  const start = minutesOf(window.start) * 60_000;
  const end = minutesOf(window.end) * 60_000;
  if (start === end || !isInsideWindow(window, ms)) return null;
  const { midnight, offset } = beijingMidnight(ms);
  if (start < end) return midnight + end;
  // Wrapping window: before midnight it closes tomorrow at `end`, after midnight today.
  return offset >= start ? midnight + DAY_MS + end : midnight + end;
}

/** "YYYY-MM-DD HH:mm" (or with :ss) read as Beijing time → epoch ms; null when malformed or not a real date. */
export function parseBeijingDateTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return utc - BEIJING_OFFSET_MS;
}

/** Epoch ms → "YYYY-MM-DD HH:mm" Beijing time (what the seller sees). */
export function formatBeijing(ms: number, withSeconds = false): string {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  const base = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  return withSeconds ? `${base}:${p(d.getUTCSeconds())}` : base;
}

/** Beijing calendar day `yyyyMMdd` of ms (num.query's query_date). */
export function beijingDate(ms: number): string {
  return formatBeijing(ms).slice(0, 10).replace(/-/g, '');
}

/** Beijing days from `fromMs` to `toMs` inclusive, newest first, at most `maxDays`. */
export function beijingDatesBetween(fromMs: number, toMs: number, maxDays: number): string[] {
  const out: string[] = [];
  const first = beijingMidnight(fromMs).midnight;
  for (let day = beijingMidnight(toMs).midnight; day >= first && out.length < maxDays; day -= DAY_MS) out.push(beijingDate(day));
  return out;
}

/** 'YYYY-MM-DD' of the Beijing day containing `ms` (a day key). */
export function beijingDayKey(ms: number): string {
  return formatBeijing(ms).slice(0, 10);
}

/** Epoch ms of the Beijing midnight that starts `day` ('YYYY-MM-DD'). */
export function beijingDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) - BEIJING_OFFSET_MS;
}

/** 'yyyy-MM-dd HH:mm:ss' Beijing time of an ISO string or epoch ms ('' when absent or invalid) — CLI/TOP format. */
export function beijingText(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? '' : formatBeijing(ms, true);
}

/** Epoch ms of the Beijing midnight starting a 'YYYY-MM-DD' or 'yyyyMMdd' day; null when it is not a real date. */
export function parseBeijingDay(text: string): number | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  return m ? parseBeijingDateTime(`${m[1]}-${m[2]}-${m[3]} 00:00`) : null;
}

/** Whole Beijing calendar days from the day of `ms` to the day of `now` (0 = same day, negative = a later day). */
export function beijingDaysBefore(ms: number, now: number): number {
  return Math.round((beijingMidnight(now).midnight - beijingMidnight(ms).midnight) / DAY_MS);
}

/** Epoch ms of the Monday 00:00 (Beijing) after `ms`: the end of its natural week. */
export function beijingWeekEnd(ms: number): number {
  const { midnight } = beijingMidnight(ms);
  const weekday = new Date(midnight + BEIJING_OFFSET_MS).getUTCDay(); // 0 = Sunday
  return midnight + ((8 - weekday) % 7 || 7) * DAY_MS;
}

/** Epoch ms → "M月d日H时" Beijing time: how order times appear in an SMS (short, no leading zeros). */
export function formatBeijingMonthDayHour(ms: number): string {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日${d.getUTCHours()}时`;
}
