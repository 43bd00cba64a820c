import type { TFunction } from 'i18next';
import type { OrdersProblem, OrdersSyncOverview } from '../../../../shared/orders/contract';
import { beijingTextSpan, formatBeijingClock } from '../../format';

// Words for the order sync state, shared by the 订单 page, the status bar and 概览 (pure: unit-tested).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 天 4 小时", "2 小时 5 分钟", "12 分钟": the two largest units. */
export function durationWords(t: TFunction, ms: number): string {
  if (ms < MINUTE) return t('orders.duration.underMinute');
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const parts: string[] = [];
  if (days) parts.push(t('orders.duration.days', { count: days }));
  if (hours && parts.length < 2) parts.push(t('orders.duration.hours', { count: hours }));
  if (minutes && !days && parts.length < 2) parts.push(t('orders.duration.minutes', { count: minutes }));
  return parts.join(' ');
}

/** The gap's length in words, null when there is none (or it cannot be read). */
export function gapWords(t: TFunction, overview: OrdersSyncOverview): string | null {
  const span = overview.gap ? beijingTextSpan(overview.gap.from, overview.gap.to) : null;
  return span === null ? null : durationWords(t, span);
}

/**
 * A refusal in words. The core writes Chinese (what it means and what to do); other languages get the same by code,
 * with the platform's own text after a generic error.
 */
export function problemText(t: TFunction, language: string, problem: OrdersProblem): string {
  if (language === 'zh-CN') return problem.message;
  const text = t(`orders.problems.${problem.code}`);
  const code = problem.topCode !== undefined ? ` (${t('orders.topCode', { code: problem.topCode })})` : '';
  return problem.code === 'top-error' || problem.code === 'network' ? `${text}${code}: ${problem.message}` : `${text}${code}`;
}

export type SyncTone = 'blocked' | 'running' | 'gap' | 'ok' | 'none';

/** The one-line state for the status bar and 概览: blocked first, then a running job, a gap, the last event. */
export function syncLine(t: TFunction, overview: OrdersSyncOverview, scope: 'bar' | 'overview'): { tone: SyncTone; text: string } {
  if (overview.blocked) return { tone: 'blocked', text: t(`orders.${scope}.blocked`) };
  if (overview.job?.state === 'running') return { tone: 'running', text: t(`orders.${scope}.syncing`, { synced: overview.job.synced }) };
  const gap = gapWords(t, overview);
  if (gap) return { tone: 'gap', text: t(`orders.${scope}.gap`, { duration: gap }) };
  if (overview.lastEventAt) return { tone: 'ok', text: t(`orders.${scope}.lastEvent`, { time: formatBeijingClock(overview.lastEventAt) }) };
  return { tone: 'none', text: t(`orders.${scope}.noEvents`) };
}
