import type { SmsRulesConfig } from '../config';
import type { FindingList } from '../rules';
import { findFolded, foldForMatch, mergeRanges, scanCharacters, type Range } from '../text';

// Rules applied to any text the buyer will read: template text and each variable value.

const CATEGORY_LABELS: Record<string, { zh: string; en: string }> = {
  review: { zh: '诱导好评/改评价', en: 'review manipulation' },
  contact: { zh: '引导站外联系（微信/QQ）', en: 'off-platform contact (WeChat/QQ)' },
  finance: { zh: '金融/借贷', en: 'finance / loans' },
};

function categoryLabel(c: string): { zh: string; en: string } {
  return CATEGORY_LABELS[c] ?? { zh: c, en: c };
}

/** forbidden-word: §4 Marketing content bans [3P fw199 dd-sms; INF for Taobao]; in values §2.8 BLACK_KEY_CONTROL_LIMIT. */
export function lintForbiddenWords(text: string, field: string, out: FindingList, config: SmsRulesConfig, inValue?: string): void {
  const folded = foldForMatch(text);
  const hits: { range: Range; word: string; category: string }[] = [];
  for (const fw of config.forbiddenWords) {
    for (const range of findFolded(folded, fw.word)) hits.push({ range, word: fw.word, category: fw.category });
  }
  // one finding per text span (e.g. 加微信 and 微信号 in 加微信号)
  for (const range of mergeRanges(hits.map((h) => h.range))) {
    const inside = hits.filter((h) => h.range.start >= range.start && h.range.end <= range.end);
    const first = inside[0]!;
    const label = categoryLabel(first.category);
    const shown = text.slice(range.start, range.end);
    out.add('forbidden-word', {
      message: inValue ? `变量 ${inValue} 的值含违禁内容"${shown}"（${label.zh}），会被平台拦截` : `含违禁内容"${shown}"（${label.zh}），审核不会通过`,
      messageEn: inValue
        ? `The value of ${inValue} contains banned wording "${shown}" (${label.en}); the platform blocks it`
        : `Contains banned wording "${shown}" (${label.en}); it will not pass review`,
      range,
      field,
      data: { word: first.word, category: first.category },
    });
  }
}

/** content-brackets: §4 no 【】 in template text [3P]. */
export function lintContentChars(text: string, field: string, out: FindingList, config: SmsRulesConfig): void {
  const ranges: Range[] = [];
  for (const ch of config.contentForbiddenChars) {
    for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + ch.length)) ranges.push({ start: i, end: i + ch.length });
  }
  for (const range of mergeRanges(ranges)) {
    const shown = text.slice(range.start, range.end);
    out.add('content-brackets', {
      message: `正文不能含"${shown}"：【】留给签名，平台会自动加【签名】`,
      messageEn: `The text cannot contain "${shown}": 【】 is reserved for the signature, which the platform adds`,
      range,
      field,
    });
  }
}

/** char-*: [INF] characters handsets cannot show, control and invisible characters. */
export function lintCharacters(text: string, field: string, out: FindingList, config: SmsRulesConfig): void {
  for (const issue of scanCharacters(text, config.characters.allowedControls)) {
    const shown = text.slice(issue.start, issue.end);
    const cps = issue.codePoints.join(' ');
    const range = { start: issue.start, end: issue.end };
    const data = { codePoints: cps };
    switch (issue.kind) {
      case 'emoji':
        out.add('char-emoji', {
          message: `表情符号"${shown}"在很多手机上显示为方框或问号，部分网关还按 2 个字计费`,
          messageEn: `Emoji "${shown}" shows as a box or "?" on many handsets, and some gateways bill it as 2 characters`,
          range,
          field,
          data,
        });
        break;
      case 'rare': {
        const what =
          issue.rareKind === 'cjk-extension'
            ? { zh: '生僻字（CJK 扩展区）', en: 'rare CJK extension character' }
            : issue.rareKind === 'private-use'
              ? { zh: '私用区字符', en: 'private-use character' }
              : issue.rareKind === 'lone-surrogate'
                ? { zh: '不完整的字符（可能是截断的表情）', en: 'broken character (a truncated emoji?)' }
                : issue.rareKind === 'unassigned'
                  ? { zh: '未定义的 Unicode 字符', en: 'unassigned Unicode character' }
                  : { zh: '特殊符号（辅助平面）', en: 'supplementary-plane symbol' };
        out.add('char-rare', {
          message: `${what.zh}"${shown}"（${cps}）很多手机无法显示`,
          messageEn: `${what.en} "${shown}" (${cps}) cannot be shown on many handsets`,
          range,
          field,
          data: { ...data, kind: issue.rareKind ?? 'astral' },
        });
        break;
      }
      case 'control':
        out.add('char-control', {
          message: `控制字符 ${cps} 看不见，可能导致发送失败；换行只用回车换行符`,
          messageEn: `Control character ${cps} is invisible and may make sending fail; use only line feeds for new lines`,
          range,
          field,
          data,
        });
        break;
      case 'invisible':
        out.add('char-invisible', {
          message: `不可见字符 ${cps}（零宽/方向控制等）会计入字数但看不到，建议删除`,
          messageEn: `Invisible character ${cps} (zero-width / bidi control) counts toward the length but is not shown; remove it`,
          range,
          field,
          data,
        });
        break;
    }
  }
}
