import { normalizeVariableName, type SmsRulesConfig } from '../config';
import { describeMask, privacyRuleFor } from '../privacy';
import type { FindingList } from '../rules';
import { blankRanges } from '../text';
import { TEMPLATE_TYPE, type TemplateType } from '../types';
import type { VariableScan } from '../variables';

// Rules about a template's ${variables}: how many, which kinds a template type may use, privacy and link names.

const LINK_NAME_HINTS = ['url', 'link', 'href', 'lianjie', 'duanlian', 'shorturl'];

export function lintTemplateVariables(content: string, type: TemplateType | undefined, scan: VariableScan, out: FindingList, config: SmsRulesConfig): void {
  const firstOf = (name: string) => {
    const o = scan.occurrences.find((x) => x.name === name)!;
    return { start: o.start, end: o.end };
  };

  // variable-count: limit [NOT FOUND] → config
  const maxVars = config.variables.maxPerTemplate;
  if (maxVars !== null && scan.names.length > maxVars) {
    out.add('variable-count', {
      message: `模板有 ${scan.names.length} 个变量，超过 ${maxVars} 个`,
      messageEn: `The template has ${scan.names.length} variables, more than ${maxVars}`,
      field: 'content',
      data: { count: scan.names.length, max: maxVars },
    });
  }
  // variable-all-variable-template: §4 all-variable templates need offline approval
  if (scan.occurrences.length > 0) {
    const rest = blankRanges(content, scan.occurrences).replace(/[\s\p{P}\p{S}]/gu, '');
    if (rest === '') {
      out.add('variable-all-variable-template', {
        message: '全变量模板（内容只有变量）需聚石塔线下审批，通常无法直接通过审核',
        messageEn: 'All-variable template (content is only variables): needs offline approval by Jushita and usually fails review',
        field: 'content',
      });
    }
  }
  // variable-in-marketing: §4 Douyin forbids variables in marketing [3P]; Jushita unknown → policy
  if (type === TEMPLATE_TYPE.MARKETING && config.variables.marketingPolicy !== 'allow') {
    const allowed = config.variables.marketingPolicy === 'url-only' ? [config.links.urlVariable] : [];
    for (const name of scan.names.filter((n) => !allowed.includes(n))) {
      out.add('variable-in-marketing', {
        message: `推广短信模板不允许使用变量 \${${name}}${allowed.length ? `（只允许 \${${config.links.urlVariable}}）` : ''}`,
        messageEn: `Marketing templates may not use the variable \${${name}}${allowed.length ? ` (only \${${config.links.urlVariable}})` : ''}`,
        range: firstOf(name),
        field: 'content',
        data: { name },
      });
    }
  }
  // verification-no-variable [INF]
  if (type === TEMPLATE_TYPE.VERIFICATION && scan.names.length === 0 && content.trim() !== '') {
    out.add('verification-no-variable', {
      message: '验证码模板通常包含验证码变量，例如 ${code}',
      messageEn: 'A verification template normally carries the code as a variable, e.g. ${code}',
      field: 'content',
    });
  }
  // privacy-variable: §4 Privacy masking [3P]
  for (const name of scan.names) {
    const rule = privacyRuleFor(name, config);
    if (!rule) continue;
    const d = describeMask(rule.mask);
    out.add('privacy-variable', {
      message: `变量 \${${name}} 是${rule.zh}，${d.zh}；请勿依赖完整内容`,
      messageEn: `\${${name}} is ${withArticle(rule.en)}; ${d.en}. Do not rely on the full value`,
      range: firstOf(name),
      field: 'content',
      data: { name, kind: rule.kind },
    });
  }
  // link-variable-name: §2.5 / §4 links only through ${url} [3P]
  for (const name of scan.names) {
    if (name === config.links.urlVariable) continue;
    const n = normalizeVariableName(name);
    if (LINK_NAME_HINTS.some((h) => n.includes(h))) {
      out.add('link-variable-name', {
        message: `链接只能通过变量 \${${config.links.urlVariable}} 插入，\${${name}} 会被当作普通文本变量（链接会被拦截）`,
        messageEn: `Links may only go through \${${config.links.urlVariable}}; \${${name}} is a plain text variable (links in it are blocked)`,
        range: firstOf(name),
        field: 'content',
        data: { name },
      });
    }
  }
}

/** "an order id", "a waybill number": English article by the noun's first letter (the configured nouns are plain words). */
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun.trim()) ? 'an' : 'a'} ${noun}`;
}
