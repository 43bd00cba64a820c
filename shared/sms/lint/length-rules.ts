import type { SmsRulesConfig } from '../config';
import { estimateTemplateLength, type LengthEstimate, type SmsLength } from '../length';
import type { FindingList } from '../rules';
import { TEMPLATE_TYPE, type TemplateType } from '../types';

// Length and billing findings (§4): exact for a rendered message, a min–max estimate for a template.

function segRange(e: LengthEstimate): string {
  return e.min.segments === e.max.segments ? String(e.min.segments) : `${e.min.segments}–${e.max.segments}`;
}

export function lengthFindings(len: SmsLength, out: FindingList): void {
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

/** length-*: the template's estimated length with the assumed variable lengths; international billing is unpublished. */
export function lintTemplateLength(
  content: string,
  signName: string | undefined,
  type: TemplateType | undefined,
  out: FindingList,
  config: SmsRulesConfig,
): LengthEstimate {
  const length = estimateTemplateLength(content, { signName, type, config });
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
  return length;
}
