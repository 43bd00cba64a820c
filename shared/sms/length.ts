// Length and billing, §4 "Length / billing" [3P help.aliyun.com/document_detail/44335.htm, same 阿里通信 backend;
// Jushita-specific billing doc NOT FOUND]:
//   length = 【签名】 (brackets included) + rendered content; every character counts 1 (CJK, letters, digits,
//   punctuation, full/half width); ≤70 → 1 segment, else ceil(len / 67); 500 chars max.
// Counting unit: Unicode code points, as the §4 helper does (`[...s].length`). So an emoji outside the BMP
// (a UTF-16 surrogate pair) counts 1; a ZWJ sequence counts every code point in it (👨‍👩‍👧 = 5).
// config.length.astralCharWeight = 2 switches to UTF-16 units for supplementary-plane characters [INF].

import { DEFAULT_SMS_RULES_CONFIG, normalizeVariableName, type LengthRange, type SmsRulesConfig } from './config';
import { privacyRuleFor } from './privacy';
import { codePointsWithIndex, firstCodePoints } from './text';
import { TEMPLATE_TYPE } from './types';
import { scanVariables } from './variables';

export interface SmsLength {
  /** 【签名】 including the two brackets; 0 when there is no signature. */
  signatureChars: number;
  contentChars: number;
  /** config.length.marketingAutoSuffix, marketing only. */
  suffixChars: number;
  totalChars: number;
  /** Billed segments (0 for an empty message). */
  segments: number;
  /** 70 for a single segment, 67 when split. */
  charsPerSegment: number;
  /** Characters left before one more segment is billed (negative when over the 500 max). */
  charsLeftInSegment: number;
  maxChars: number;
  overMax: boolean;
}

/** Characters as billed: code points (astral characters weigh config.length.astralCharWeight). */
export function countSmsChars(text: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): number {
  let n = 0;
  for (const { cp } of codePointsWithIndex(text)) n += cp > 0xffff ? config.length.astralCharWeight : 1;
  return n;
}

/** ≤70 → 1, else ceil(len / 67); 0 → 0. */
export function segmentsFor(totalChars: number, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): number {
  const { singleSegmentChars, multiSegmentChars } = config.length;
  if (totalChars <= 0) return 0;
  if (totalChars <= singleSegmentChars) return 1;
  return Math.ceil(totalChars / multiSegmentChars);
}

/** The block the platform prepends: 【签名】 (§4). Empty signature → ''. */
export function signatureBlock(signName: string): string {
  return signName ? `【${signName}】` : '';
}

function buildLength(signatureChars: number, contentChars: number, suffixChars: number, config: SmsRulesConfig): SmsLength {
  const { singleSegmentChars, multiSegmentChars, maxChars } = config.length;
  const totalChars = signatureChars + contentChars + suffixChars;
  const segments = segmentsFor(totalChars, config);
  const charsPerSegment = segments <= 1 ? singleSegmentChars : multiSegmentChars;
  const capacity = segments <= 1 ? singleSegmentChars : segments * multiSegmentChars;
  const charsLeftInSegment = totalChars > maxChars ? maxChars - totalChars : Math.min(capacity, maxChars) - totalChars;
  return {
    signatureChars,
    contentChars,
    suffixChars,
    totalChars,
    segments,
    charsPerSegment,
    charsLeftInSegment,
    maxChars,
    overMax: totalChars > maxChars,
  };
}

export interface MeasureOptions {
  /** Template type; the marketing auto-suffix is added for 2. */
  type?: number;
  config?: SmsRulesConfig;
}

/** Length of a rendered SMS: 【signName】 + content (+ marketing auto-suffix). */
export function measureSms(signName: string, content: string, options: MeasureOptions = {}): SmsLength {
  const config = options.config ?? DEFAULT_SMS_RULES_CONFIG;
  const suffix = options.type === TEMPLATE_TYPE.MARKETING ? config.length.marketingAutoSuffix : '';
  return buildLength(countSmsChars(signatureBlock(signName), config), countSmsChars(content, config), countSmsChars(suffix, config), config);
}

export interface VariableAssumption {
  name: string;
  occurrences: number;
  /** Assumed rendered length of one occurrence. */
  min: number;
  max: number;
  source: 'privacy-mask' | 'config' | 'default';
}

export interface LengthEstimate {
  min: SmsLength;
  max: SmsLength;
  /** True when there are no variables and the signature is known (min = max = real length). */
  exact: boolean;
  signatureKnown: boolean;
  variables: VariableAssumption[];
}

/** Assumed rendered length of variable `name` (masked length when the platform masks it). */
export function assumedVariableLength(
  name: string,
  config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG,
): { min: number; max: number; source: VariableAssumption['source'] } {
  const key = normalizeVariableName(name);
  const configured: LengthRange | undefined = Object.entries(config.variables.assumedLengths).find(([k]) => normalizeVariableName(k) === key)?.[1];
  const base = configured ?? config.variables.defaultAssumedLength;
  const rule = config.privacy.platformMasks ? privacyRuleFor(name, config) : undefined;
  if (rule?.mask) {
    const m = rule.mask;
    const lenOf = (n: number) => {
      if (m.type === 'replace') return countSmsChars(m.with, config);
      const kept = Math.min(n, m.chars);
      return kept + countSmsChars(m.type === 'keepFirst' ? m.suffix : m.prefix, config);
    };
    return { min: lenOf(base.min), max: lenOf(base.max), source: 'privacy-mask' };
  }
  return { min: base.min, max: base.max, source: configured ? 'config' : 'default' };
}

export interface EstimateOptions extends MeasureOptions {
  /** Known signature; otherwise signature.minChars..maxChars is assumed. */
  signName?: string;
}

/** Length range of an unrendered template, using assumed lengths per variable. */
export function estimateTemplateLength(content: string, options: EstimateOptions = {}): LengthEstimate {
  const config = options.config ?? DEFAULT_SMS_RULES_CONFIG;
  const scan = scanVariables(content, config);
  let fixed = '';
  let last = 0;
  for (const o of scan.occurrences) {
    fixed += content.slice(last, o.start);
    last = o.end;
  }
  fixed += content.slice(last);
  const fixedChars = countSmsChars(fixed, config);

  const variables: VariableAssumption[] = [];
  let varMin = 0;
  let varMax = 0;
  for (const name of scan.names) {
    const occurrences = scan.occurrences.filter((o) => o.name === name).length;
    const a = assumedVariableLength(name, config);
    variables.push({ name, occurrences, ...a });
    varMin += a.min * occurrences;
    varMax += a.max * occurrences;
  }

  const signatureKnown = options.signName !== undefined && options.signName !== '';
  const sigMin = signatureKnown ? countSmsChars(signatureBlock(options.signName!), config) : config.signature.minChars + 2;
  const sigMax = signatureKnown ? sigMin : config.signature.maxChars + 2;
  const suffixChars = options.type === TEMPLATE_TYPE.MARKETING ? countSmsChars(config.length.marketingAutoSuffix, config) : 0;

  return {
    min: buildLength(sigMin, fixedChars + varMin, suffixChars, config),
    max: buildLength(sigMax, fixedChars + varMax, suffixChars, config),
    exact: signatureKnown && scan.names.length === 0,
    signatureKnown,
    variables,
  };
}

/** Splits a rendered SMS (with 【签名】) into its billed segments, for a preview of where the cuts fall. */
export function splitSegments(fullText: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): string[] {
  const total = countSmsChars(fullText, config);
  if (total === 0) return [];
  if (total <= config.length.singleSegmentChars) return [fullText];
  const out: string[] = [];
  let rest = fullText;
  while (rest) {
    let take = '';
    let n = 0;
    for (const ch of rest) {
      const w = (ch.codePointAt(0) ?? 0) > 0xffff ? config.length.astralCharWeight : 1;
      if (n + w > config.length.multiSegmentChars) break;
      take += ch;
      n += w;
    }
    if (!take) take = firstCodePoints(rest, 1);
    out.push(take);
    rest = rest.slice(take.length);
  }
  return out;
}
