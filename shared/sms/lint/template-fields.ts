import type { SmsRulesConfig } from '../config';
import type { FindingList } from '../rules';
import { codePointCount } from '../text';
import { TEMPLATE_TYPE_CLASSES, type TemplateType } from '../types';

// The template's form fields other than its text: type, class, name, remark, and whether there is any content.

/** The fields of TemplateInput this group checks. */
interface TemplateFields {
  content: string;
  type: unknown;
  typeClass?: string;
  name?: string;
  remark?: string;
}

export function lintTemplateFields(input: TemplateFields, type: TemplateType | undefined, out: FindingList, config: SmsRulesConfig): void {
  const { content } = input;
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
}
