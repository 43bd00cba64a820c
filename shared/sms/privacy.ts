// §4 Privacy masking (Jushita content-security) [3P doc.fw199.com tb_jst_sms_tpl_create]:
// order id `tid` → first 4 digits + `**`; waybill `outSid` → last 4 digits; buyer nick → first char + `**`;
// receiver name → first char + `**`; SKU / item info → only the word "商品".
// Which variable names count as which kind is [INF] and configurable (config.privacy.rules).

import { DEFAULT_SMS_RULES_CONFIG, normalizeVariableName, type PrivacyMask, type PrivacyRule, type SmsRulesConfig } from './config';
import { firstCodePoints, lastCodePoints } from './text';

export function privacyRuleFor(name: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): PrivacyRule | undefined {
  const n = normalizeVariableName(name);
  return config.privacy.rules.find((r) => r.names.some((x) => normalizeVariableName(x) === n));
}

export function applyMask(value: string, mask: PrivacyMask): string {
  switch (mask.type) {
    case 'keepFirst':
      return firstCodePoints(value, mask.chars) + mask.suffix;
    case 'keepLast':
      return mask.prefix + lastCodePoints(value, mask.chars);
    case 'replace':
      return mask.with;
  }
}

/** The value as the platform would show it, or undefined when the variable has no known mask. */
export function maskValueFor(name: string, value: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): string | undefined {
  const rule = privacyRuleFor(name, config);
  return rule?.mask ? applyMask(value, rule.mask) : undefined;
}

/**
 * The one preview rule: previews show the values as submitted (as the pre-send check and the inbox do); each
 * value the platform's rules want masked is listed with its masked form, so the preview says so instead of
 * silently showing "1234**" or "商品".
 */
export function privacyNotes(
  parts: ReadonlyArray<{ kind: string; name?: string; text: string; missing?: boolean }>,
  config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG,
): Array<{ name: string; value: string; masked: string }> {
  const notes = new Map<string, { name: string; value: string; masked: string }>();
  for (const part of parts) {
    if (part.kind !== 'variable' || !part.name || part.missing || notes.has(part.name)) continue;
    const masked = maskValueFor(part.name, part.text, config);
    if (masked !== undefined && masked !== part.text) notes.set(part.name, { name: part.name, value: part.text, masked });
  }
  return [...notes.values()];
}

export function describeMask(mask: PrivacyMask | null): { zh: string; en: string } {
  if (!mask) return { zh: '不建议在短信中出现', en: 'should not appear in an SMS' };
  switch (mask.type) {
    case 'keepFirst':
      return {
        zh: `平台会脱敏为前 ${mask.chars} 位 + "${mask.suffix}"`,
        en: `the platform masks it to the first ${mask.chars} char(s) + "${mask.suffix}"`,
      };
    case 'keepLast':
      return { zh: `平台会脱敏为后 ${mask.chars} 位`, en: `the platform masks it to the last ${mask.chars} char(s)` };
    case 'replace':
      return { zh: `平台会替换为"${mask.with}"`, en: `the platform replaces it with "${mask.with}"` };
  }
}
