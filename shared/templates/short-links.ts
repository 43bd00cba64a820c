import { DEFAULT_SMS_RULES_CONFIG, isAllowedHost, type SmsRulesConfig } from '../sms';
import type { ShortLinkExpiry } from './contract';

// 淘短链 rules shared by main (shorturl.create) and the renderer (the form): lifetime, expiry and which long links qualify.

/** Short links live 2 months (spec §2.5); warn a week before. */
export const SHORT_LINK_LIFETIME_MONTHS = 2;
export const SHORT_LINK_WARN_DAYS = 7;

const DAY_MS = 86_400_000;

export function shortLinkExpiry(expiresAt: string, now: number): { daysLeft: number; expiry: ShortLinkExpiry } {
  const left = Date.parse(expiresAt) - now;
  const daysLeft = Math.floor(left / DAY_MS);
  return { daysLeft, expiry: left <= 0 ? 'expired' : left < SHORT_LINK_WARN_DAYS * DAY_MS ? 'soon' : 'ok' };
}

/** createdAt + 2 calendar months (the platform's rule; used when shorturl.query gives no life_end). */
export function shortLinkExpiresAt(createdAt: Date): Date {
  const end = new Date(createdAt.getTime());
  end.setUTCMonth(end.getUTCMonth() + SHORT_LINK_LIFETIME_MONTHS);
  return end;
}

const SHORT_LINK_HOSTS = ['s.tb.cn', 'c.tb.cn'];

export type LongUrlProblem = 'not-a-link' | 'scheme' | 'domain' | 'short-link';

/**
 * shorturl.create takes only long H5 links of an item or shop on the Taobao family of domains (spec §2.5):
 * http(s), host on the SMS link allow-list, and not already a short link.
 */
export function checkLongUrl(value: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): { ok: boolean; problem?: LongUrlProblem; host?: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: 'not-a-link' };
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'scheme', host };
  if (SHORT_LINK_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) return { ok: false, problem: 'short-link', host };
  if (!isAllowedHost(host, config)) return { ok: false, problem: 'domain', host };
  return { ok: true, host };
}

export const LONG_URL_PROBLEM_TEXT: Readonly<Record<LongUrlProblem, { zh: string; en: string }>> = {
  'not-a-link': { zh: '请输入完整的链接（以 https:// 开头）', en: 'Enter a full link (starting with https://)' },
  scheme: { zh: '只支持 http:// 或 https:// 链接', en: 'Only http:// or https:// links' },
  domain: { zh: '只支持淘宝/天猫商品或店铺的链接（taobao.com、tmall.com 等）', en: 'Only Taobao/Tmall item or shop links (taobao.com, tmall.com, …)' },
  'short-link': { zh: '这已经是短链，请填写商品或店铺的原始长链接', en: 'This is already a short link; enter the original item or shop link' },
};
