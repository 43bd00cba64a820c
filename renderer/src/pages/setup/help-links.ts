/**
 * Where each credential comes from: a console path (i18n `setup.help.<field>`) and a page to open. The exact deep
 * links of these consoles are not documented in ../shared/spec, so each points at the console's entry (or, for the
 * sessionKey, at the authorisation doc, top-api.md §1.9); change them here. Every URL must pass the shell's
 * allow-list (electron/shell/security.ts isAllowedExternalUrl), which test/unit/setup/help-links.test.ts checks.
 */
export const SETUP_HELP_LINKS = {
  // 开放平台控制台 → 应用管理 → 应用信息
  appKey: 'https://open.taobao.com/',
  appSecret: 'https://open.taobao.com/',
  // OAuth2 access_token of the shop (top-api.md §1.9, doc articleId 102635)
  session: 'https://open.taobao.com/doc.htm?docId=102635&docType=1',
  // RocketMQ 实例详情 → 接入点 (HTTP) and 实例 ID
  endpoint: 'https://ons.console.aliyun.com/',
  instanceId: 'https://ons.console.aliyun.com/',
  // The AccessKey pair of the Aliyun account (or RAM user) that owns the instance
  accessKeyId: 'https://ram.console.aliyun.com/manage/ak',
  accessKeySecret: 'https://ram.console.aliyun.com/manage/ak',
  // 聚石塔控制台 → 消息同步: the Topic and Group the push is configured with
  topics: 'https://jst.taobao.com/',
  groupId: 'https://jst.taobao.com/',
} as const;

export type SetupHelpField = keyof typeof SETUP_HELP_LINKS;
