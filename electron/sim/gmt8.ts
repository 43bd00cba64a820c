// The simulators' own GMT+8 (Beijing, no DST) arithmetic, written apart from shared/time/beijing.ts on purpose: the
// product's time code is under test against these simulators, so a shared mistake must not make both sides agree.
const GMT8_OFFSET_MS = 8 * 3600_000;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Epoch ms of a GMT+8 `yyyy-MM-dd HH:mm:ss`, or null when malformed or not a real date/time. */
export function parseGmt8(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return utc - GMT8_OFFSET_MS;
}

/** `yyyy-MM-dd HH:mm:ss` GMT+8 of epoch ms. */
export function formatGmt8(epochMs: number): string {
  const d = new Date(epochMs + GMT8_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** `yyyyMMdd` of the GMT+8 day containing epochMs. */
export function gmt8Day(epochMs: number): string {
  return formatGmt8(epochMs).slice(0, 10).replaceAll('-', '');
}

/** Epoch ms of the GMT+8 midnight starting a `yyyyMMdd` day; null when it is not a real date. */
export function gmt8DayStart(day: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(day);
  return m ? parseGmt8(`${m[1]}-${m[2]}-${m[3]} 00:00:00`) : null;
}
