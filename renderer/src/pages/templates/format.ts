import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../../shared/sms';

export type Lang = 'zh-CN' | 'en';

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** Local date and time, e.g. 2025/03/01 10:02 — no dependency on a date library. */
export function formatTime(iso: string | null | undefined, lang: Lang, withYear = true): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(lang, {
    ...(withYear ? { year: 'numeric' } : {}),
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

/** HH:mm today, otherwise date and time — for "saved at" stamps. */
export function formatClock(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (date.toDateString() !== new Date().toDateString()) return formatTime(iso, lang, false);
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** shared/sms findings carry Chinese and English text. */
export function findingText(finding: Finding, lang: Lang): string {
  return lang === 'en' ? finding.messageEn : finding.message;
}

export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
