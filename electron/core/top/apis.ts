/** What the client needs to know about an API beyond its name. Unknown APIs default to "write, no lists". */
export interface TopApiInfo {
  /** Safe to repeat after an unknown outcome (no side effect). */
  readOnly: boolean;
  /** Array fields that simplify=false wraps in `{ <element_type>: [...] }` (spec §1.6). */
  lists?: Readonly<Record<string, string>>;
}

export const TOP_METHODS = {
  templateCreate: 'taobao.jst.sms.template.create',
  templateQuery: 'taobao.jst.sms.template.query',
  templateModify: 'taobao.jst.sms.template.modify',
  templateDelete: 'taobao.jst.sms.template.delete',
  templateReport: 'taobao.jst.sms.template.report',
  signNameCreate: 'taobao.jst.sms.signname.create',
  signNameQuery: 'taobao.jst.sms.signname.query',
  signNameModify: 'taobao.jst.sms.signname.modify',
  signNameDelete: 'taobao.jst.sms.signname.delete',
  signNameReport: 'taobao.jst.sms.signname.report',
  batchSend: 'taobao.jst.sms.message.direct.batchsend',
  shortUrlCreate: 'taobao.jst.sms.message.shorturl.create',
  shortUrlQuery: 'taobao.jst.sms.message.shorturl.query',
  smsNumQuery: 'alibaba.aliqin.ta.sms.num.query',
} as const;

const API_INFO: Readonly<Record<string, TopApiInfo>> = {
  [TOP_METHODS.templateQuery]: { readOnly: true },
  [TOP_METHODS.signNameQuery]: { readOnly: true },
  [TOP_METHODS.shortUrlQuery]: { readOnly: true },
  [TOP_METHODS.smsNumQuery]: { readOnly: true, lists: { values: 'fc_partner_sms_detail_dto' } },
};

export function apiInfo(method: string): TopApiInfo {
  return API_INFO[method] ?? { readOnly: false };
}

const responseKeys = new Map<string, string>();

/** Root key of a success body: a leading `taobao.` is dropped, other prefixes stay (spec §1.6). */
export function responseKey(method: string): string {
  let key = responseKeys.get(method);
  if (key === undefined) {
    key = (method.startsWith('taobao.') ? method.slice('taobao.'.length) : method).replaceAll('.', '_') + '_response';
    // Method names come from our code and the CLI: a bounded set, but cap the cache anyway.
    if (responseKeys.size < 1000) responseKeys.set(method, key);
  }
  return key;
}
