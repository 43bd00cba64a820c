// Shape of a template code the seller types (导入已有模板, linking an unknown outcome), checked before any query.

import { DEFAULT_SMS_RULES_CONFIG, type SmsRulesConfig } from './config';

export interface TemplateCodeProblem {
  message: string;
  messageEn: string;
}

/** Null when `code` (trimmed) looks like a platform template code; otherwise a clear reason in both languages. */
export function templateCodeProblem(code: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): TemplateCodeProblem | null {
  const value = code.trim();
  if (!value) return { message: '请填写模板 Code', messageEn: 'Enter the template code' };
  if (new RegExp(config.template.codePattern).test(value)) return null;
  if (/^sms_\d+$/i.test(value)) {
    return {
      message: `模板 Code 的前缀是大写的 SMS_，例如 ${value.replace(/^sms_/i, 'SMS_')}`,
      messageEn: `Template codes start with upper-case SMS_, e.g. ${value.replace(/^sms_/i, 'SMS_')}`,
    };
  }
  if (/^\d+$/.test(value)) {
    return { message: `模板 Code 以 SMS_ 开头，例如 SMS_${value}`, messageEn: `Template codes start with SMS_, e.g. SMS_${value}` };
  }
  return {
    message: '模板 Code 应为 SMS_ 加数字，例如 SMS_123456789（在聚石塔或阿里云短信控制台的模板列表中可以看到）',
    messageEn: 'A template code is SMS_ followed by digits, e.g. SMS_123456789 (shown in the template list of the Jushita or Aliyun SMS console)',
  };
}
