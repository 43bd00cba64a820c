// SMS content lint: template drafts (before taobao.jst.sms.template.create / modify) and rendered messages
// (before taobao.jst.sms.message.direct.batchsend). § = shared/spec/top-api.md; each rule's source is also in
// rules.ts (SMS_RULES).

import { DEFAULT_SMS_RULES_CONFIG, normalizeVariableName, type SmsRulesConfig } from './config';
import { checkUrlValue, findLinks, isAllowedHost } from './links';
import { estimateTemplateLength, measureSms, signatureBlock, type LengthEstimate, type SmsLength } from './length';
import { describeMask, privacyRuleFor } from './privacy';
import { FindingList, hasErrors, type Finding } from './rules';
import { BLANK_OPAQUE, blankRanges, codePointCount, findFolded, findFoldedPattern, foldForMatch, mergeRanges, scanCharacters, type Range } from './text';
import { isTemplateType, TEMPLATE_TYPE, TEMPLATE_TYPE_CLASSES, templateTypeLabel, type TemplateType } from './types';
import { renderTemplate, scanVariables, type RenderPart, type VariableScan } from './variables';

// ---------------------------------------------------------------------------------------------------------------
// shared pieces

const CATEGORY_LABELS: Record<string, { zh: string; en: string }> = {
  review: { zh: '诱导好评/改评价', en: 'review manipulation' },
  contact: { zh: '引导站外联系（微信/QQ）', en: 'off-platform contact (WeChat/QQ)' },
  finance: { zh: '金融/借贷', en: 'finance / loans' },
};

function categoryLabel(c: string): { zh: string; en: string } {
  return CATEGORY_LABELS[c] ?? { zh: c, en: c };
}

/** forbidden-word: §4 Marketing content bans [3P fw199 dd-sms; INF for Taobao]; in values §2.8 BLACK_KEY_CONTROL_LIMIT. */
function lintForbiddenWords(text: string, field: string, out: FindingList, config: SmsRulesConfig, inValue?: string): void {
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
function lintContentChars(text: string, field: string, out: FindingList, config: SmsRulesConfig): void {
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
function lintCharacters(text: string, field: string, out: FindingList, config: SmsRulesConfig): void {
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

function segRange(e: LengthEstimate): string {
  return e.min.segments === e.max.segments ? String(e.min.segments) : `${e.min.segments}–${e.max.segments}`;
}

function lengthFindings(len: SmsLength, out: FindingList): void {
  if (len.overMax) {
    out.add('length-over-max', {
      message: `短信共 ${len.totalChars} 字（含【签名】），超过上限 ${len.maxChars} 字`,
      messageEn: `The SMS has ${len.totalChars} characters (including 【signature】), over the ${len.maxChars} limit`,
      data: { totalChars: len.totalChars, maxChars: len.maxChars },
    });
  } else if (len.segments > 1) {
    out.add('length-segments', {
      message: `短信共 ${len.totalChars} 字（含【签名】），超过 70 字按 67 字一条计费：${len.segments} 条`,
      messageEn: `The SMS has ${len.totalChars} characters (including 【signature】); over 70 it is billed per 67: ${len.segments} segments`,
      data: { totalChars: len.totalChars, segments: len.segments },
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// template lint

export interface TemplateInput {
  content: string;
  /** template_type: 0 verification, 1 notification, 2 marketing, 3 international (§2.1). */
  type: TemplateType | number;
  /** template_type_class, default NORMAL (§2.1). */
  typeClass?: string;
  /** template_name; checked only when given (undefined = not part of this check). */
  name?: string;
  /** remark (usage scenario); checked only when given. */
  remark?: string;
  /** Known signature, for an exact signature length in the estimate. */
  signName?: string;
}

export interface TemplateReport {
  ok: boolean;
  findings: Finding[];
  variables: Pick<VariableScan, 'names' | 'occurrences'>;
  length: LengthEstimate;
}

const LINK_NAME_HINTS = ['url', 'link', 'href', 'lianjie', 'duanlian', 'shorturl'];

/** All template rules. `ok` = no error findings (warnings and info do not block). */
export function lintTemplate(input: TemplateInput, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): TemplateReport {
  const out = new FindingList(config.severityOverrides);
  const { content } = input;
  const type = isTemplateType(input.type) ? input.type : undefined;

  // template-type-invalid: §2.1 0–3 [SDK]
  if (type === undefined) {
    out.add('template-type-invalid', {
      message: `模板类型 ${String(input.type)} 无效，应为 0 验证码、1 短信通知、2 推广短信、3 国际/港澳台消息`,
      messageEn: `Invalid template type ${String(input.type)}; expected 0 verification, 1 notification, 2 marketing, 3 international`,
      field: 'type',
    });
  }
  // template-class-invalid / template-digital: §2.1 NORMAL | DIGITAL [SDK]
  if (input.typeClass !== undefined) {
    if (!(TEMPLATE_TYPE_CLASSES as readonly string[]).includes(input.typeClass)) {
      out.add('template-class-invalid', {
        message: `模板类别 "${input.typeClass}" 无效，应为 NORMAL（普通）或 DIGITAL（数字短信）`,
        messageEn: `Invalid template class "${input.typeClass}"; expected NORMAL or DIGITAL`,
        field: 'typeClass',
      });
    } else if (input.typeClass === 'DIGITAL') {
      out.add('template-digital', {
        message: '数字短信模板：字数与计费规则按普通短信估算，仅供参考',
        messageEn: 'Digital SMS template: length and billing are estimated with text-SMS rules, for reference only',
        field: 'typeClass',
      });
    }
  }
  // template-name-*: §2.1 required [SDK]; max [NOT FOUND], Aliyun ≤30 [3P]
  if (input.name !== undefined) {
    const n = codePointCount(input.name.trim());
    if (n === 0) {
      out.add('template-name-missing', { message: '请填写模板名称', messageEn: 'Template name is required', field: 'templateName' });
    } else if (n > config.template.nameMaxChars) {
      out.add('template-name-length', {
        message: `模板名称 ${n} 字，建议不超过 ${config.template.nameMaxChars} 字`,
        messageEn: `Template name has ${n} characters; keep it within ${config.template.nameMaxChars}`,
        field: 'templateName',
        data: { chars: n, max: config.template.nameMaxChars },
      });
    }
  }
  // template-remark-missing: §2.1 remark required [SDK]
  if (input.remark !== undefined && input.remark.trim() === '') {
    out.add('template-remark-missing', {
      message: '请填写使用场景说明（申请说明）',
      messageEn: 'The usage scenario (remark) is required',
      field: 'remark',
    });
  }

  // content-empty: §2.1 template_content required
  if (content.trim() === '') {
    out.add('content-empty', { message: '模板内容为空', messageEn: 'Template content is empty', field: 'content' });
  }

  const scan = scanVariables(content, config);
  out.addAll(scan.findings);
  const placeholders: Range[] = [...scan.occurrences, ...scan.malformed];
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

  lintCharacters(content, 'content', out, config);

  // length: §4
  const length = estimateTemplateLength(content, { signName: input.signName, type, config });
  if (length.min.overMax) lengthFindings(length.min, out);
  else if (length.max.overMax) {
    out.add('length-may-exceed', {
      message: `按变量的预估长度，短信最多可能 ${length.max.totalChars} 字，超过上限 ${length.max.maxChars} 字`,
      messageEn: `With the assumed variable lengths the SMS may reach ${length.max.totalChars} characters, over the ${length.max.maxChars} limit`,
      data: { minChars: length.min.totalChars, maxChars: length.max.totalChars },
    });
  } else if (length.exact) lengthFindings(length.min, out);
  else if (length.min.segments !== length.max.segments || length.min.segments > 1) {
    out.add('length-estimate', {
      message: `预估 ${length.min.totalChars}–${length.max.totalChars} 字（含【签名】），计费 ${segRange(length)} 条`,
      messageEn: `Estimated ${length.min.totalChars}–${length.max.totalChars} characters (including 【signature】), billed as ${segRange(length)} segments`,
      data: {
        minChars: length.min.totalChars,
        maxChars: length.max.totalChars,
        minSegments: length.min.segments,
        maxSegments: length.max.segments,
      },
    });
  }
  if (type === TEMPLATE_TYPE.INTERNATIONAL) {
    out.add('international-billing', {
      message: '国际/港澳台短信的字数与计费规则未公开，以上按国内规则估算',
      messageEn: 'Length and billing rules for international SMS are not published; estimated with mainland rules',
    });
  }

  const findings = out.sorted();
  return {
    ok: !hasErrors(findings),
    findings,
    variables: { names: scan.names, occurrences: scan.occurrences },
    length,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// message check (before sending)

export interface MessageInput {
  /** Signature without 【】. */
  signName: string;
  /** Template content with `${name}` placeholders. */
  content: string;
  type: TemplateType | number;
  /** One recipient's values (an element of sms_content, §2.4). */
  values: Readonly<Record<string, unknown>>;
}

export interface MessageReport {
  ok: boolean;
  findings: Finding[];
  /** Rendered content as sent (values as given). */
  text: string;
  /** What the buyer sees: values masked when config.privacy.platformMasks. */
  preview: string;
  /** 【签名】 + preview (+ marketing auto-suffix). */
  fullText: string;
  parts: RenderPart[];
  /** Length of fullText. */
  length: SmsLength;
}

/** Checks one message: signature present, every value given and acceptable, rendered length. */
export function checkMessage(input: MessageInput, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): MessageReport {
  const out = new FindingList(config.severityOverrides);
  const type = isTemplateType(input.type) ? input.type : undefined;
  if (type === undefined) {
    out.add('template-type-invalid', {
      message: `模板类型 ${String(input.type)} 无效`,
      messageEn: `Invalid template type ${String(input.type)}`,
      field: 'type',
    });
  }

  // signature: §2.3 / §4 [DOC apiId=60264]
  const sign = input.signName;
  if (sign.trim() === '') {
    out.add('signature-empty', { message: '请选择短信签名', messageEn: 'A signature is required', field: 'signName' });
  } else {
    lintSignatureChars(sign, out, config);
  }
  if (input.content.trim() === '') {
    out.add('content-empty', { message: '模板内容为空', messageEn: 'Template content is empty', field: 'content' });
  }

  const raw = renderTemplate(input.content, input.values, { config });
  out.addAll(raw.findings);
  const shown = config.privacy.platformMasks ? renderTemplate(input.content, input.values, { config, mask: true }) : raw;

  const rendered = new Set(raw.parts.filter((p) => p.kind === 'variable' && !p.missing).map((p) => p.name!));
  for (const name of rendered) {
    const v = input.values[name];
    const value = typeof v === 'string' ? v : String(v);
    const field = `values.${name}`;
    if (value.trim() === '') {
      out.add('variable-value-empty', {
        message: `变量 ${name} 的值为空`,
        messageEn: `The value of ${name} is empty`,
        field,
        data: { name },
      });
      continue;
    }
    // variable-value-too-long: §2.8 PARAM_LENGTH_LIMIT, limit [NOT FOUND]
    const maxV = config.variables.maxValueChars;
    const n = codePointCount(value);
    if (maxV !== null && n > maxV) {
      out.add('variable-value-too-long', {
        message: `变量 ${name} 的值 ${n} 字，可能超过平台的单变量长度限制（按 ${maxV} 字检查）`,
        messageEn: `The value of ${name} has ${n} characters and may exceed the platform's per-variable limit (checked at ${maxV})`,
        field,
        data: { name, chars: n, max: maxV },
      });
    }
    if (name === config.links.urlVariable) {
      // link-domain: §2.5 / §4 [3P]
      const r = checkUrlValue(value, config);
      if (!r.ok) {
        const domains = config.links.allowedDomains.join(', ');
        out.add('link-domain', {
          message:
            r.problem === 'domain' ? `链接域名 ${r.host} 不在允许范围内（允许：${domains}）` : `变量 ${name} 的值必须是一个 http(s) 链接，域名限于：${domains}`,
          messageEn:
            r.problem === 'domain'
              ? `Link domain ${r.host} is not allowed (allowed: ${domains})`
              : `The value of ${name} must be one http(s) link on: ${domains}`,
          range: { start: 0, end: value.length },
          field,
          data: { name, problem: r.problem ?? 'domain' },
        });
      }
    } else {
      // link-in-value: §2.8 isv.PARAM_NOT_SUPPORT_URL
      for (const link of findLinks(value, config)) {
        out.add('link-in-value', {
          message: `变量 ${name} 的值含链接"${link.text}"：链接只能放在变量 \${${config.links.urlVariable}} 中`,
          messageEn: `The value of ${name} contains the link "${link.text}"; links may only go in \${${config.links.urlVariable}}`,
          range: { start: link.start, end: link.end },
          field,
          data: { name, host: link.host },
        });
      }
      lintContentChars(value, field, out, config);
    }
    lintForbiddenWords(value, field, out, config, name);
    lintCharacters(value, field, out, config);
  }

  const length = measureSms(sign, shown.text, { type, config });
  lengthFindings(length, out);
  if (type === TEMPLATE_TYPE.MARKETING) {
    out.add('marketing-signature-filing', {
      message: '推广短信的签名需先在聚石塔报备并开通营销短信权限',
      messageEn: 'Marketing SMS needs a signature filed with Jushita and the marketing-SMS permission',
      field: 'signName',
    });
  } else if (type === TEMPLATE_TYPE.INTERNATIONAL) {
    out.add('international-billing', {
      message: '国际/港澳台短信的字数与计费规则未公开，以上按国内规则估算',
      messageEn: 'Length and billing rules for international SMS are not published; estimated with mainland rules',
    });
  }

  const suffix = type === TEMPLATE_TYPE.MARKETING ? config.length.marketingAutoSuffix : '';
  const findings = out.sorted();
  return {
    ok: !hasErrors(findings),
    findings,
    text: raw.text,
    preview: shown.text,
    fullText: signatureBlock(sign) + shown.text + suffix,
    parts: shown.parts,
    length,
  };
}

/** signature-brackets in a message check (the full rules are in signature-lint.ts). */
function lintSignatureChars(sign: string, out: FindingList, config: SmsRulesConfig): void {
  const ranges: Range[] = [];
  for (const ch of config.signature.forbiddenChars) {
    for (let i = sign.indexOf(ch); i >= 0; i = sign.indexOf(ch, i + ch.length)) ranges.push({ start: i, end: i + ch.length });
  }
  if (ranges.length) {
    out.add('signature-brackets', {
      message: '签名不要带【】、()、[] 等括号，平台会自动加【】',
      messageEn: 'Do not put 【】, () or [] in the signature; the platform adds 【】 itself',
      range: mergeRanges(ranges)[0],
      field: 'signName',
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// sending window

/** send-window: §4 no marketing 20:00–08:00 [3P aliyun]; Jushita [NOT FOUND] → config.sendWindow. */
export function checkSendWindow(type: TemplateType | number, at: Date, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): Finding[] {
  const w = config.sendWindow.marketing;
  if (type !== TEMPLATE_TYPE.MARKETING || !w) return [];
  const local = new Date(at.getTime() + config.sendWindow.utcOffsetMinutes * 60_000);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  const inside = w.startHour <= w.endHour ? hour >= w.startHour && hour < w.endHour : hour >= w.startHour || hour < w.endHour;
  if (inside) return [];
  const out = new FindingList(config.severityOverrides);
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  out.add('send-window', {
    message: `推广短信建议只在 ${hh(w.startHour)}–${hh(w.endHour)} 发送（北京时间），现在发送可能被拦截或打扰买家`,
    messageEn: `Send marketing SMS only between ${hh(w.startHour)} and ${hh(w.endHour)} (China time); now it may be blocked or disturb buyers`,
    data: { startHour: w.startHour, endHour: w.endHour },
  });
  return out.items;
}

/** "an order id", "a waybill number": English article by the noun's first letter (the configured nouns are plain words). */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun.trim()) ? 'an' : 'a'} ${noun}`;
}
