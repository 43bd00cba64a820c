import { DEFAULT_SMS_RULES_CONFIG, type SmsRulesConfig } from '../config';
import { checkUrlValue, findLinks } from '../links';
import { measureSms, signatureBlock, type SmsLength } from '../length';
import { FindingList, hasErrors, type Finding } from '../rules';
import { codePointCount, mergeRanges, type Range } from '../text';
import { isTemplateType, TEMPLATE_TYPE, type TemplateType } from '../types';
import { renderTemplate, type RenderPart } from '../variables';
import { lengthFindings } from './length-rules';
import { lintCharacters, lintContentChars, lintForbiddenWords } from './text-rules';

// Message check: one rendered message before taobao.jst.sms.message.direct.batchsend. § = top-api.md.

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
    lintVariableValue(name, typeof v === 'string' ? v : String(v), out, config);
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

/** signature-brackets in a message check (the full rules are in lint/signature.ts). */
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

/** One recipient's value for ${name}: empty, too long, links (only ${url} may hold one, on an allowed domain), wording. */
function lintVariableValue(name: string, value: string, out: FindingList, config: SmsRulesConfig): void {
  const field = `values.${name}`;
  if (value.trim() === '') {
    out.add('variable-value-empty', {
      message: `变量 ${name} 的值为空`,
      messageEn: `The value of ${name} is empty`,
      field,
      data: { name },
    });
    return;
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
