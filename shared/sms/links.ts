// Links, §2.5 / §4 "Links" [3P doc.fw199.com tb_jst_sms_tpl_create, apparently Jushita content-security]:
// a link may only be embedded through the variable `url`, and only on allow-listed domains.
// Bare-domain detection (which TLDs) is [INF].

import { DEFAULT_SMS_RULES_CONFIG, type SmsRulesConfig } from './config';
import type { Range } from './text';

export interface LinkMatch extends Range {
  text: string;
  /** Lower-case host, without port. */
  host: string;
}

const STOP = '\\s<>"\'，。！？、；：（）【】「」『』《》“”‘’…';

function linkRegex(tlds: readonly string[]): RegExp {
  const tld = [...tlds]
    .map((t) => t.replace(/[^a-z0-9-]/gi, ''))
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .join('|');
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  const explicit = `(?:https?:\\/\\/|www\\.)[^${STOP}]+`;
  const bare = `(?<![a-z0-9.@_-])(?:${label}\\.)+(?:${tld})(?![a-z0-9-])(?::\\d{1,5})?(?:[/?#][^${STOP}]*)?`;
  return new RegExp(tld ? `${explicit}|${bare}` : explicit, 'gi');
}

/** Host of a link-like string: scheme stripped, up to the first / ? # or :. */
export function hostOf(link: string): string {
  return link
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split(/[/?#:]/)[0]!
    .toLowerCase()
    .replace(/\.$/, '');
}

/** Links written in text: http(s)://…, www.…, and bare domains with a known TLD. */
export function findLinks(text: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): LinkMatch[] {
  const out: LinkMatch[] = [];
  for (const m of text.matchAll(linkRegex(config.links.bareDomainTlds))) {
    // trailing ASCII punctuation is sentence punctuation, not part of the link
    const t = m[0].replace(/[.,;:!?)\]]+$/, '');
    if (!t) continue;
    const start = m.index ?? 0;
    out.push({ start, end: start + t.length, text: t, host: hostOf(t) });
  }
  return out;
}

/** Host equals an allowed domain or is a subdomain of one. */
export function isAllowedHost(host: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): boolean {
  const h = host.toLowerCase();
  return config.links.allowedDomains.some((d) => {
    const dd = d.toLowerCase().replace(/^\.+/, '');
    return h === dd || h.endsWith('.' + dd);
  });
}

export type UrlValueProblem = 'empty' | 'not-a-link' | 'scheme' | 'domain';

/**
 * Checks the value of the `url` variable: one http(s) link (or a scheme-less one such as `s.tb.cn/Y9.X8sU`,
 * which shorturl.create returns with need_https_prefix=false, §2.5) on an allowed domain.
 */
export function checkUrlValue(value: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): { ok: boolean; host?: string; problem?: UrlValueProblem } {
  const v = value.trim();
  if (!v) return { ok: false, problem: 'empty' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(v);
  if (scheme && !/^https?$/i.test(scheme[1]!)) return { ok: false, problem: 'scheme', host: hostOf(v) };
  if (!/^(?:https?:\/\/)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\.?(?::\d{1,5})?(?:[/?#]\S*)?$/i.test(v)) {
    return { ok: false, problem: 'not-a-link' };
  }
  const host = hostOf(v);
  if (!isAllowedHost(host, config)) return { ok: false, host, problem: 'domain' };
  return { ok: true, host };
}
