import { useTranslation } from 'react-i18next';
import { shownRecipient } from '../../shared/orders/fields';
import { beijingDayKey, formatBeijing, parseBeijingDateTime } from '../../shared/time/beijing';

// The one date/time formatter of the UI, built on shared/time/beijing.ts: Beijing time (the platform's and the
// seller's clock, whatever the PC's zone), "2026-12-01 13:49" in both languages so tables line up and exports read the same.
export type Lang = 'zh-CN' | 'en';

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

function parse(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** 2026-12-01 13:49 (withYear false: 12-01 13:49; withSeconds: 13:49:05). '—' when absent. */
export function formatTime(iso: string | null | undefined, _lang?: Lang, withYear = true, withSeconds = false): string {
  const ms = parse(iso);
  if (ms === null) return '—';
  const text = formatBeijing(ms, withSeconds);
  return withYear ? text : text.slice(5);
}

/** 2026-12-01 */
export function formatDate(iso: string | null | undefined, _lang?: Lang): string {
  const ms = parse(iso);
  return ms === null ? '—' : beijingDayKey(ms);
}

/** 13:49 today (Beijing), otherwise 12-01 13:49 — for "saved at" stamps. */
export function formatClock(iso: string | null | undefined, _lang?: Lang, now = Date.now()): string {
  const ms = parse(iso);
  if (ms === null) return '—';
  const text = formatBeijing(ms);
  return beijingDayKey(ms) === beijingDayKey(now) ? text.slice(11) : text.slice(5);
}

/** 13:49 today (Beijing), otherwise 12-01 — for list rows. '' when absent. */
export function formatShort(iso: string | null | undefined, now = Date.now()): string {
  const ms = parse(iso);
  if (ms === null) return '';
  const text = formatBeijing(ms);
  return beijingDayKey(ms) === beijingDayKey(now) ? text.slice(11) : text.slice(5, 10);
}

// The orders contract writes times as the platform does, Beijing 'yyyy-MM-dd HH:mm:ss' text: the same look as above.
function parseBeijingText(text: string | null | undefined): number | null {
  return text ? parseBeijingDateTime(text) : null;
}

/** A Beijing time text shown like formatTime. '—' when absent. */
export function formatBeijingText(text: string | null | undefined, withYear = true, withSeconds = false): string {
  const ms = parseBeijingText(text);
  if (ms === null) return '—';
  const shown = formatBeijing(ms, withSeconds);
  return withYear ? shown : shown.slice(5);
}

/** A Beijing time text shown like formatClock (13:49 today, otherwise 12-01 13:49). '—' when absent. */
export function formatBeijingClock(text: string | null | undefined, now = Date.now()): string {
  const ms = parseBeijingText(text);
  if (ms === null) return '—';
  const shown = formatBeijing(ms);
  return beijingDayKey(ms) === beijingDayKey(now) ? shown.slice(11) : shown.slice(5);
}

/** Milliseconds between two Beijing time texts (null when either is absent or unreadable). */
export function beijingTextSpan(from: string | null | undefined, to: string | null | undefined): number | null {
  const a = parseBeijingText(from);
  const b = parseBeijingText(to);
  return a === null || b === null ? null : b - a;
}

/**
 * A ledger / do-not-send / inbox key as the seller reads it, in the UI's language: a number as is, an order row as
 * "订单 <tid> · 张**" / "Order <tid> · 张**", a buyer as "买家 张**" (or the masked uid). Never a receiver's number.
 */
export function useRecipientText(): (key: string, buyerNick?: string) => string {
  const { t } = useTranslation();
  const words = { order: t('common.recipient.order'), buyer: t('common.recipient.buyer') };
  return (key, buyerNick = '') => shownRecipient(key, buyerNick, words);
}
