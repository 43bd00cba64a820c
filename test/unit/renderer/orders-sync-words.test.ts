import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { OrdersProblem, OrdersSyncOverview } from '../../../shared/orders/contract';
import { importRenderer } from '../../helpers/renderer-module';

// The order sync state in words, as the status bar, 概览 and the sync card show it.
const words = await importRenderer<{
  durationWords: (t: TFunction, ms: number) => string;
  syncLine: (t: TFunction, overview: OrdersSyncOverview, scope: 'bar' | 'overview') => { tone: string; text: string };
  problemText: (t: TFunction, language: string, problem: OrdersProblem) => string;
}>('pages/orders/sync-words.ts');
const zh = (await importRenderer<{ default: Record<string, unknown> }>('i18n/zh-CN.ts')).default;
const en = (await importRenderer<{ default: Record<string, unknown> }>('i18n/en.ts')).default;
const i18n = i18next.createInstance();
await i18n.init({ resources: { 'zh-CN': { translation: zh }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false } });
const t: TFunction = i18n.getFixedT('zh-CN');
const tEn: TFunction = i18n.getFixedT('en');

const RESTRICTED: OrdersProblem = {
  code: 'trade-api-restricted',
  message: '交易接口只允许在聚石塔内调用：……',
  topCode: 11,
  subCode: 'isv.permission-ip-whitelist-limit',
};
const base: OrdersSyncOverview = {
  lastEventAt: '2026-12-07 09:30:00',
  lastBackfillAt: null,
  coveredUntil: '2026-12-07 09:30:00',
  gap: null,
  job: null,
  blocked: null,
  orders: 3,
};
const job = (state: 'running' | 'failed') => ({
  id: 1,
  state,
  kind: 'increment' as const,
  from: '2026-12-07 08:00:00',
  to: '2026-12-07 10:00:00',
  cursor: '2026-12-07 09:00:00',
  synced: 42,
  pages: 1,
  calls: 1,
  startedAt: '2026-12-07 10:00:00',
  finishedAt: null,
  error: null,
});

describe('order sync words', () => {
  it('durations keep their two largest units', () => {
    expect(words.durationWords(t, 30_000)).toBe('不到 1 分钟');
    expect(words.durationWords(t, 12 * 60_000)).toBe('12 分钟');
    expect(words.durationWords(t, (2 * 60 + 5) * 60_000)).toBe('2 小时 5 分钟');
    expect(words.durationWords(t, (3 * 24 * 60 + 4 * 60 + 59) * 60_000)).toBe('3 天 4 小时');
    expect(words.durationWords(tEn, 26 * 3_600_000)).toBe('1 d 2 h');
  });

  it('the one line says blocked first, then a running job, a gap, the last event, nothing known', () => {
    const gap = { from: '2026-12-07 06:00:00', to: '2026-12-07 09:30:00' };
    expect(words.syncLine(t, { ...base, blocked: RESTRICTED, job: job('running'), gap }, 'bar')).toEqual({ tone: 'blocked', text: '同步受限（错误码 11）' });
    expect(words.syncLine(t, { ...base, job: job('running'), gap }, 'bar')).toEqual({ tone: 'running', text: '同步中 42 笔' });
    expect(words.syncLine(t, { ...base, job: job('failed'), gap }, 'overview')).toEqual({ tone: 'gap', text: '有 3 小时 30 分钟 未覆盖' });
    expect(words.syncLine(t, base, 'bar').tone).toBe('ok');
    expect(words.syncLine(t, base, 'bar').text).toMatch(/^最后事件 (09:30|12-07 09:30)$/);
    expect(words.syncLine(t, { ...base, lastEventAt: null }, 'bar')).toEqual({ tone: 'none', text: '尚无订单事件' });
  });

  it("a refusal: the core's Chinese as is, other languages by code with the platform text after a generic error", () => {
    expect(words.problemText(t, 'zh-CN', RESTRICTED)).toBe(RESTRICTED.message);
    expect(words.problemText(tEn, 'en', RESTRICTED)).toMatch(/^Taobao allows the trade APIs only from inside Jushita.*\(error 11\)$/s);
    expect(words.problemText(tEn, 'en', { code: 'top-error', message: '服务不可用', topCode: 15 })).toBe(
      'The Taobao Open Platform returned an error (error 15): 服务不可用',
    );
  });
});
