import { useTranslation } from 'react-i18next';

// The one date/time formatter of the UI: Beijing time (the platform's and the seller's clock, whatever the PC's
// zone), "2026-12-01 13:49" in both languages so tables line up and exports read the same.
export type Lang = 'zh-CN' | 'en';

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Beijing wall-clock fields of an instant. */
export function beijingParts(date: Date): { year: string; month: string; day: string; hour: string; minute: string; second: string } {
  const out: Record<string, string> = {};
  for (const part of PARTS.formatToParts(date)) out[part.type] = part.value;
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute!, second: out.second! };
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 2026-12-01 13:49 (withYear false: 12-01 13:49; withSeconds: 13:49:05). '—' when absent. */
export function formatTime(iso: string | null | undefined, _lang?: Lang, withYear = true, withSeconds = false): string {
  const date = parse(iso);
  if (!date) return '—';
  const p = beijingParts(date);
  const day = withYear ? `${p.year}-${p.month}-${p.day}` : `${p.month}-${p.day}`;
  return `${day} ${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
}

/** 2026-12-01 */
export function formatDate(iso: string | null | undefined, _lang?: Lang): string {
  const date = parse(iso);
  if (!date) return '—';
  const p = beijingParts(date);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 13:49 today (Beijing), otherwise 12-01 13:49 — for "saved at" stamps. */
export function formatClock(iso: string | null | undefined, _lang?: Lang): string {
  const date = parse(iso);
  if (!date) return '—';
  if (formatDate(iso) !== formatDate(new Date().toISOString())) return formatTime(iso, undefined, false);
  const p = beijingParts(date);
  return `${p.hour}:${p.minute}`;
}
