// Numeric codes and labels of the Jushita SMS APIs (shared/spec/top-api.md §2.1, §2.3).

/** template_type of taobao.jst.sms.template.create / query / modify (§2.1) [SDK]. */
export const TEMPLATE_TYPE = {
  VERIFICATION: 0,
  NOTIFICATION: 1,
  MARKETING: 2,
  INTERNATIONAL: 3,
} as const;
export type TemplateType = (typeof TEMPLATE_TYPE)[keyof typeof TEMPLATE_TYPE];
export type TemplateTypeKey = 'verification' | 'notification' | 'marketing' | 'international';

export const TEMPLATE_TYPES: readonly { code: TemplateType; key: TemplateTypeKey; zh: string; en: string }[] = [
  { code: 0, key: 'verification', zh: '验证码', en: 'Verification code' },
  { code: 1, key: 'notification', zh: '短信通知', en: 'Notification' },
  { code: 2, key: 'marketing', zh: '推广短信', en: 'Marketing' },
  { code: 3, key: 'international', zh: '国际/港澳台消息', en: 'International / HK, Macao, Taiwan' },
];

export function isTemplateType(v: unknown): v is TemplateType {
  return v === 0 || v === 1 || v === 2 || v === 3;
}

export function templateTypeLabel(code: TemplateType): { zh: string; en: string } {
  const t = TEMPLATE_TYPES.find((x) => x.code === code);
  return t ? { zh: t.zh, en: t.en } : { zh: String(code), en: String(code) };
}

/** template_type_class (§2.1) [SDK]; NEWGO default NORMAL. */
export const TEMPLATE_TYPE_CLASSES = ['NORMAL', 'DIGITAL'] as const;
export type TemplateTypeClass = (typeof TEMPLATE_TYPE_CLASSES)[number];

/** sign_source of taobao.jst.sms.signname.create / modify (§2.3) [DOC apiId=60264]. */
export const SIGN_SOURCE = {
  ENTERPRISE: 0,
  WEBSITE: 1,
  APP: 2,
  WECHAT: 3,
  ECOMMERCE_SHOP: 4,
  TRADEMARK: 5,
} as const;
export type SignSource = (typeof SIGN_SOURCE)[keyof typeof SIGN_SOURCE];

export const SIGN_SOURCES: readonly { code: SignSource; zh: string; en: string }[] = [
  { code: 0, zh: '企事业单位的全称或简称', en: 'Full or short name of a company or institution' },
  { code: 1, zh: '已备案网站', en: 'ICP-filed website' },
  { code: 2, zh: '已上线APP', en: 'Published app' },
  { code: 3, zh: '公众号或小程序', en: 'WeChat official account or mini program' },
  { code: 4, zh: '电商平台店铺名', en: 'E-commerce shop name' },
  { code: 5, zh: '已注册商标名', en: 'Registered trademark' },
];

export function isSignSource(v: unknown): v is SignSource {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 5;
}
