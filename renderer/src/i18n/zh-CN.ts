import { overviewZh } from './overview';
import { hostZh } from './host';
import { demoZh } from './demo';
import { historyZh } from './history';
import { inboxZh } from './inbox';
import { sendingZh } from './sending';
import { suppressionZh } from './suppression';
import { audiencesZh } from './audiences';
import { costsZh } from './costs';
import { statusZh } from './status';
import { vaultZh } from './vault';
import { setupZh } from './setup';
import { diagnosticsZh } from './diagnostics';
import { templatesZh } from './templates';
import { ordersZh } from './orders';
import { automationsZh } from './automations';
import type { Widen } from './widen';
// Default language. en.ts must have exactly the same keys (the type checker enforces it).
const zhCN = {
  app: { title: '聚石塔短信助手', subtitle: '淘宝/天猫店铺短信' },
  nav: {
    overview: '概览',
    templates: '模板与签名',
    send: '发送',
    automations: '自动化',
    history: '发送记录',
    orders: '订单',
    inbox: '收件箱',
    suppression: '免打扰名单',
    audiences: '人群',
    costs: '费用与效果',
    settings: '设置',
  },
  status: statusZh,
  vault: vaultZh,
  setup: setupZh,
  diagnostics: diagnosticsZh,
  templates: templatesZh,
  demo: demoZh,
  overview: overviewZh,
  host: hostZh,
  sending: sendingZh,
  suppression: suppressionZh,
  audiences: audiencesZh,
  costs: costsZh,
  history: historyZh,
  inbox: inboxZh,
  storedText: {
    reportNoSuchNumber: '回执：空号（{{code}}）',
    reportBlocked: '回执：运营商/投诉黑名单（{{code}}）',
    replyOptOut: '回复“{{text}}”自动退订',
    replyOptOutConfirmed: '疑似退订，已人工确认：“{{text}}”',
    inboxBlock: '收件箱拉黑',
    imported: '导入',
    importedFrom: '导入：{{file}}',
    duplicateOfRow: '与第 {{row}} 行重复',
    onListOptOut: '在免打扰名单中：退订',
    onListBlock: '在免打扰名单中：拉黑',
    withNote: '{{label}}（{{note}}）',
    skippedOnList: '发送前号码已在免打扰名单中，已跳过',
    buyerSkippedOnList: '发送前买家已在免打扰名单中，已跳过',
    cancelled: '已取消发送',
    phoneEmpty: '号码为空',
    phoneMasked: '号码已打码（含 * 号），无法发送',
    phoneMultiple: '一个单元格里有多个号码，请每行只放一个',
    phoneLetters: '含有文字或字母，不是手机号码',
    phoneGarbage: '含有无法识别的字符，不是手机号码',
    phoneTooLongText: '内容过长，不是手机号码',
    phoneLossyFloat: '号码被 Excel 存成科学计数法并丢失了位数，请把号码列设为“文本”后重新导出',
    phoneService: '客服/短信端口号码（400、800、106、95 开头）不能接收短信',
    phoneLandline: '固定电话（以区号 0 开头）不能接收短信',
    phoneTooShort: '位数不足（{{digits}} 位，手机号为 11 位）',
    phoneTooLong: '位数过多（{{digits}} 位，手机号为 11 位）',
    phoneNotMobile: '不是内地手机号码（应以 13–19 开头）',
    phoneForeign: '境外号码，只能发送内地手机号',
    phoneForeignRegion: '{{region}}号码（+{{prefix}}），只能发送内地手机号',
  },
  orders: ordersZh,
  automations: automationsZh,
  common: {
    labelled: '{{label}}：{{value}}',
    ok: '确定',
    cancel: '取消',
    retry: '重试',
    loading: '加载中…',
    loadFailed: '加载失败',
    language: { 'zh-CN': '简体中文', en: 'English' },
    recipient: { order: '订单', buyer: '买家', kindPhone: '号码', kindBuyer: '买家' },
  },
  errors: {
    noToken: '缺少访问令牌。请使用程序启动时打印的完整地址（含 #token=…）打开本页面。',
    BAD_REQUEST: '请求参数无效',
    UNKNOWN_METHOD: '未知的请求',
    FORBIDDEN: '请求被拒绝',
    VAULT_LOCKED: '保险箱已锁定',
    VAULT_UNINITIALIZED: '尚未创建保险箱',
    VAULT_UNAVAILABLE: '无法安全保存密钥',
    WRONG_PASSPHRASE: '口令错误',
    VAULT_CORRUPT: '保险箱文件已损坏',
    NOT_CONFIGURED: '尚未完成设置',
    TOP_ERROR: '淘宝开放平台返回错误',
    MQ_ERROR: '消息队列返回错误',
    NETWORK: '网络错误',
    CONFLICT: '操作冲突',
    NOT_FOUND: '未找到',
    STORAGE: '无法写入磁盘',
    PROFILE_DAMAGED: '资料文件已损坏',
    INTERNAL: '内部错误',
  },
};
export default zhCN;

export type Messages = Widen<typeof zhCN>;
