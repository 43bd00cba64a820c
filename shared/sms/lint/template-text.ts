import type { SmsRulesConfig } from '../config';
import { findLinks, isAllowedHost } from '../links';
import type { FindingList } from '../rules';
import { BLANK_OPAQUE, blankRanges, findFolded, findFoldedPattern, foldForMatch, mergeRanges, type Range } from '../text';
import { TEMPLATE_TYPE, templateTypeLabel, type TemplateType } from '../types';
import { lintContentChars, lintForbiddenWords } from './text-rules';

// Rules about a template's literal text (placeholders blanked out): links, 【】, banned wording, the opt-out text.

export function lintTemplateText(content: string, type: TemplateType | undefined, placeholders: Range[], out: FindingList, config: SmsRulesConfig): void {
  const textOnly = blankRanges(content, placeholders);
  // link-literal: §2.5 / §4 [3P]
  for (const link of findLinks(textOnly, config)) {
    const allowed = isAllowedHost(link.host, config);
    out.add('link-literal', {
      message: `模板正文不能直接写链接"${link.text}"，请改用变量 \${${config.links.urlVariable}}${allowed ? '' : `（且 ${link.host} 不在允许的域名内）`}`,
      messageEn: `Do not write the link "${link.text}" in the text; use \${${config.links.urlVariable}}${allowed ? '' : ` (and ${link.host} is not an allowed domain)`}`,
      range: { start: link.start, end: link.end },
      field: 'content',
      data: { host: link.host, allowedDomain: allowed },
    });
  }
  lintContentChars(textOnly, 'content', out, config);
  lintForbiddenWords(blankRanges(content, placeholders, BLANK_OPAQUE), 'content', out, config);

  // unsubscribe-*: §4 Marketing unsubscribe [3P aliyun]; international (3) unspecified → not checked
  const foldedText = foldForMatch(blankRanges(content, placeholders, BLANK_OPAQUE));
  if (type === TEMPLATE_TYPE.MARKETING) {
    const hits = config.unsubscribe.texts.flatMap((t) => findFolded(foldedText, t).map((r) => ({ r, t })));
    if (hits.length === 0) {
      const list = config.unsubscribe.texts.map((t) => `"${t}"`).join(' / ');
      out.add('unsubscribe-missing', {
        message: `推广短信必须带退订方式，请在末尾加上 ${list}`,
        messageEn: `Marketing SMS must carry an opt-out; end it with ${list}`,
        field: 'content',
      });
    } else {
      const lastEnd = Math.max(...hits.map((h) => h.r.end));
      const tail = content.slice(lastEnd).replace(/[\s\p{P}\p{S}]/gu, '');
      if (tail !== '') {
        const last = hits.find((h) => h.r.end === lastEnd)!;
        out.add('unsubscribe-not-at-end', {
          message: `退订提示"${last.t}"建议放在短信末尾`,
          messageEn: `Put the opt-out text "${last.t}" at the end of the SMS`,
          range: last.r,
          field: 'content',
        });
      }
    }
  } else if (type === TEMPLATE_TYPE.VERIFICATION || type === TEMPLATE_TYPE.NOTIFICATION) {
    const ranges = [
      ...config.unsubscribe.texts.flatMap((t) => findFolded(foldedText, t)),
      ...config.unsubscribe.detectPatterns.flatMap((p) => findFoldedPattern(foldedText, p)),
    ];
    const label = templateTypeLabel(type);
    for (const range of mergeRanges(ranges)) {
      const shown = content.slice(range.start, range.end);
      out.add('unsubscribe-forbidden', {
        message: `${label.zh}模板不能含退订提示"${shown}"（退订只用于推广短信）`,
        messageEn: `${label.en} templates must not contain the opt-out text "${shown}" (it is for marketing only)`,
        range,
        field: 'content',
      });
    }
  }
}
