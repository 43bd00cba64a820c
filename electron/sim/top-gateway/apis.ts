// Per-API validation and behaviour (spec §2). Gateway-level argument problems answer 40/41 with
// `isv.missing-parameter:<name>` / `isv.invalid-parameter:<name>`; SMS backend refusals answer 15 with the
// 阿里通信 isv.* sub-codes (§2.8); jst.sms management refusals are normal answers with r_success/r_code.
import { errors, formatGmt8, gmt8Day, gmt8DayStart, type SuccessBody } from './protocol';
import { codePointLength, renderTemplate, templateVariables, VARIABLE_NAME, type SimSend } from './state';
import type { ApiContext, ApiSpec } from './api-spec';
import { TRADE_APIS } from './trade-apis';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function param(ctx: ApiContext, name: string): string | undefined {
  const v = ctx.params.get(name);
  return v === undefined || v === '' ? undefined : v;
}

function requiredParam(ctx: ApiContext, name: string): string {
  const v = param(ctx, name);
  if (v === undefined) throw errors.missingArgument(name);
  return v;
}

function parseJson(text: string, name: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw errors.invalidArgument(name, `${name} 不是合法的 JSON（应为${what}）`);
  }
}

/** A struct parameter: one form field holding a JSON object (spec §1.4). */
function structParam(ctx: ApiContext, name: string): StructReader {
  const raw = requiredParam(ctx, name);
  const value = parseJson(raw, name, 'JSON 对象');
  if (!isObject(value)) throw errors.invalidArgument(name, `${name} 必须是 JSON 对象`);
  return new StructReader(value, name);
}

class StructReader {
  constructor(
    private readonly obj: Json,
    private readonly prefix: string,
  ) {}

  private path(field: string) {
    return `${this.prefix}.${field}`;
  }

  string(field: string, opts: { required: boolean }): string | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null || v === '') {
      if (opts.required) throw errors.missingArgument(this.path(field));
      return undefined;
    }
    if (typeof v !== 'string') throw errors.invalidArgument(this.path(field), `${this.path(field)} 必须是字符串`);
    return v;
  }

  requiredString(field: string): string {
    return this.string(field, { required: true })!;
  }

  number(field: string, allowed: readonly number[], opts: { required: boolean }): number | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (opts.required) throw errors.missingArgument(this.path(field));
      return undefined;
    }
    if (typeof v !== 'number' || !allowed.includes(v)) throw errors.invalidArgument(this.path(field), `${this.path(field)} 取值必须是 ${allowed.join('/')}`);
    return v;
  }

  files(field: string): void {
    const v = this.obj[field];
    if (v === undefined || v === null) return;
    const path = this.path(field);
    if (!Array.isArray(v)) throw errors.invalidArgument(path, `${path} 必须是数组`);
    v.forEach((f, i) => {
      if (!isObject(f)) throw errors.invalidArgument(`${path}[${i}]`, '文件必须是对象');
      for (const key of ['file_name', 'file_suffix', 'file_contents']) {
        if (f[key] !== undefined && typeof f[key] !== 'string') throw errors.invalidArgument(`${path}[${i}].${key}`, `${key} 必须是字符串`);
      }
      if (f.file_size !== undefined && typeof f.file_size !== 'number') throw errors.invalidArgument(`${path}[${i}].file_size`, 'file_size 必须是数字');
      if (typeof f.file_contents === 'string' && !/^[A-Za-z0-9+/]*={0,2}$/.test(f.file_contents)) {
        throw errors.invalidArgument(`${path}[${i}].file_contents`, 'file_contents 必须是 Base64');
      }
    });
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined && this.obj[field] !== null;
  }
}

function failure(ctx: ApiContext, code: string, message: string, rSuccessAsString = false): SuccessBody {
  const success = ctx.rSuccessTrueOnFailure;
  return { fields: { r_success: rSuccessAsString ? String(success) : success, r_code: code, message } };
}

function ok(module: unknown, rSuccessAsString = false): SuccessBody {
  return { fields: { r_success: rSuccessAsString ? 'true' : true, module } };
}

const TEMPLATE_TYPES = [0, 1, 2, 3] as const;
const SIGN_SOURCES = [0, 1, 2, 3, 4, 5] as const;
// Limits for which the spec has no Jushita value; Alibaba Cloud's (same backend) are used [INF].
const TEMPLATE_NAME_MAX = 30;
const TEMPLATE_CONTENT_MAX = 500;
const SIGN_NAME_MIN = 2;
const SIGN_NAME_MAX = 12;
const MAX_RECIPIENTS = 200;
const MAX_PAGE_SIZE = 50;
const QUERY_WINDOW_DAYS = 30;
const SMS_MAX_CHARS = 500;
const URL_DOMAINS = ['taobao.com', 'tmall.com', 'tmall.hk', 'g.alicdn.com', 'taobao.net', 'tmall.net', 'etao.com', 'm.duanqu.com', 's.tb.cn', 'c.tb.cn'];
const PHONE = /^1\d{10}$/;

function templateContentProblem(content: string): string | null {
  if (codePointLength(content) > TEMPLATE_CONTENT_MAX) return `模板内容不能超过 ${TEMPLATE_CONTENT_MAX} 个字`;
  const bad = [...content.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!).find((name) => !VARIABLE_NAME.test(name));
  if (bad !== undefined) return `模板变量 \${${bad}} 不合法：变量名只能由字母、数字、下划线组成并以字母开头`;
  if (/\$\{[^}]*$/.test(content)) return '模板变量缺少右花括号 }';
  return null;
}

function signNameProblem(name: string): string | null {
  if (/[【】()（）[\]]/.test(name)) return '签名不能包含【】、() 或 []';
  const length = codePointLength(name);
  if (length < SIGN_NAME_MIN || length > SIGN_NAME_MAX) return `签名长度须为 ${SIGN_NAME_MIN}-${SIGN_NAME_MAX} 个字`;
  return null;
}

function hostAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
    return URL_DOMAINS.some((d) => u.hostname === d || u.hostname.endsWith(`.${d}`));
  } catch {
    return false;
  }
}

// ---- templates ----

const templateCreate: ApiSpec = {
  sessionRequired: false,
  handle(ctx) {
    const req = structParam(ctx, 'sms_template_for_isv_request');
    const type = req.number('template_type', TEMPLATE_TYPES, { required: true })!;
    const typeClass = req.requiredString('template_type_class');
    if (typeClass !== 'NORMAL' && typeClass !== 'DIGITAL')
      throw errors.invalidArgument('sms_template_for_isv_request.template_type_class', 'template_type_class 只能是 NORMAL 或 DIGITAL');
    const name = req.requiredString('template_name');
    const content = req.requiredString('template_content');
    const remark = req.requiredString('remark');
    req.files('template_infos');
    if (codePointLength(name) > TEMPLATE_NAME_MAX) return failure(ctx, 'params_error', `模板名称不能超过 ${TEMPLATE_NAME_MAX} 个字`);
    const problem = templateContentProblem(content);
    if (problem) return failure(ctx, 'params_error', problem);
    if (typeClass === 'DIGITAL' && !req.has('template_infos')) return failure(ctx, 'params_error', '数字短信模板需要上传 template_infos 文件');
    const code = ctx.state.nextTemplateCode();
    ctx.state.templates.set(code, {
      code,
      name,
      content,
      type,
      typeClass,
      remark,
      status: 0,
      reason: '无审批备注',
      createdAt: ctx.now(),
      reviewAt: ctx.state.scheduleReview(),
      variables: templateVariables(content),
    });
    return ok(code);
  },
};

const templateQuery: ApiSpec = {
  sessionRequired: false,
  handle(ctx) {
    const req = structParam(ctx, 'query_sms_template_request');
    const code = req.requiredString('template_code');
    const t = ctx.state.template(code);
    if (!t) return failure(ctx, 'template_not_found', '请求失败,模板未找到');
    return ok({
      template_type: t.type,
      template_status: t.status,
      reason: t.reason,
      template_name: t.name,
      template_content: t.content,
      template_code: t.code,
      create_date: formatGmt8(t.createdAt),
    });
  },
};

const templateModify: ApiSpec = {
  sessionRequired: false,
  handle(ctx) {
    const req = structParam(ctx, 'modify_sms_template_request');
    const type = req.number('template_type', TEMPLATE_TYPES, { required: true })!;
    const remark = req.requiredString('remark');
    const code = req.requiredString('template_code');
    const name = req.requiredString('template_name');
    const content = req.requiredString('template_content');
    const t = ctx.state.template(code);
    if (!t) return failure(ctx, 'template_not_found', '模板未找到');
    if (t.type !== type) return failure(ctx, 'params_error', '模板类型不能修改');
    // "只能修改还未被审核的" is documented for signatures; the same rule is assumed for templates.
    if (t.status === 1) return failure(ctx, 'isv.ERROR_TEMPLATE_NOT_MODIFY', '已审核通过的模板不能修改');
    if (codePointLength(name) > TEMPLATE_NAME_MAX) return failure(ctx, 'params_error', `模板名称不能超过 ${TEMPLATE_NAME_MAX} 个字`);
    const problem = templateContentProblem(content);
    if (problem) return failure(ctx, 'params_error', problem);
    Object.assign(t, {
      name,
      content,
      remark,
      status: 0,
      reason: '无审批备注',
      reviewAt: ctx.state.scheduleReview(),
      variables: templateVariables(content),
    });
    return ok(true);
  },
};

const templateDelete: ApiSpec = {
  sessionRequired: false,
  handle(ctx) {
    const req = structParam(ctx, 'delete_sms_template_request');
    const code = req.requiredString('template_code');
    const t = ctx.state.template(code);
    if (!t) return failure(ctx, 'template_not_found', '模板未找到');
    if (t.status === 0) return failure(ctx, 'isv.ERROR_TEMPLATE_NOT_DELETE', '审核中的模板,暂时无法删除');
    ctx.state.templates.delete(code);
    return ok(true);
  },
};

const templateReport: ApiSpec = {
  sessionRequired: true,
  handle(ctx) {
    const req = structParam(ctx, 'sms_template_request');
    // template_type is a String here, unlike every other template API (spec §2.2).
    const typeText = req.requiredString('template_type');
    if (!/^[0-3]$/.test(typeText)) throw errors.invalidArgument('sms_template_request.template_type', 'template_type 只能是 "0"-"3"');
    const name = req.requiredString('template_name');
    const content = req.requiredString('template_content');
    const code = req.requiredString('template_code');
    req.string('desc', { required: false });
    const templateClass = req.string('template_class', { required: false });
    if (templateClass !== undefined && templateClass !== '1' && templateClass !== '2') {
      throw errors.invalidArgument('sms_template_request.template_class', 'template_class 只能是 "1" 或 "2"');
    }
    const problem = templateContentProblem(content);
    if (problem) return failure(ctx, 'params_error', problem, true);
    // Stock templates were approved at 阿里通信 already: they arrive approved (re-reporting updates them).
    const existing = ctx.state.templates.get(code);
    ctx.state.templates.set(code, {
      code,
      name,
      content,
      type: Number(typeText),
      typeClass: templateClass === '2' ? 'DIGITAL' : 'NORMAL',
      remark: existing?.remark ?? '',
      status: 1,
      reason: '无审批备注',
      createdAt: existing?.createdAt ?? ctx.now(),
      reviewAt: null,
      variables: templateVariables(content),
    });
    return ok(true, true);
  },
};

// ---- signatures ----

function readSignRequest(ctx: ApiContext, structName: string) {
  const req = structParam(ctx, structName);
  const name = req.requiredString('sign_name');
  const remark = req.requiredString('remark');
  const source = req.number('sign_source', SIGN_SOURCES, { required: true })!;
  req.files('sign_file_list');
  return { name, remark, source };
}

const signNameCreate: ApiSpec = {
  sessionRequired: true,
  handle(ctx) {
    const { name, remark, source } = readSignRequest(ctx, 'add_sms_sign_request');
    const problem = signNameProblem(name);
    if (problem) return failure(ctx, 'params_error', problem);
    if (ctx.state.signatures.has(name)) return failure(ctx, 'sign_name_duplicate', '签名重复');
    ctx.state.signatures.set(name, { name, remark, source, status: 0, reason: '无审批备注', createdAt: ctx.now(), reviewAt: ctx.state.scheduleReview() });
    return ok(true);
  },
};

const signNameQuery: ApiSpec = {
  sessionRequired: true,
  handle(ctx) {
    const req = structParam(ctx, 'query_sms_sign_request');
    const name = req.requiredString('sign_name');
    const s = ctx.state.signature(name);
    if (!s) return failure(ctx, 'sign_name_not_found', '请求失败,签名未找到');
    return ok({ sign_status: s.status, reason: s.reason, sign_name: s.name, create_date: formatGmt8(s.createdAt) });
  },
};

const signNameModify: ApiSpec = {
  sessionRequired: true,
  handle(ctx) {
    const { name, remark, source } = readSignRequest(ctx, 'modify_sms_sign_request');
    const s = ctx.state.signature(name);
    if (!s) return failure(ctx, 'sign_name_not_found', '请求失败,签名未找到');
    // OTB: "只能修改还未被审核的签名".
    if (s.status !== 0) return failure(ctx, 'isv.ERROR_SIGN_NOT_MODIFY', '只能修改还未被审核的签名');
    Object.assign(s, { remark, source, reviewAt: ctx.state.scheduleReview() });
    return ok(true);
  },
};

const signNameDelete: ApiSpec = {
  sessionRequired: true,
  handle(ctx) {
    const req = structParam(ctx, 'delete_sms_sign_request');
    // sign_name is not marked required in the metadata: a missing one is a business refusal, not code 40.
    const name = req.string('sign_name', { required: false });
    if (!name) return failure(ctx, 'params_error', '参数错误');
    if (!ctx.state.signature(name)) return failure(ctx, 'sign_name_not_found', '请求失败,签名未找到');
    ctx.state.signatures.delete(name);
    return ok(true);
  },
};

const signNameReport: ApiSpec = {
  sessionRequired: true,
  handle(ctx) {
    const req = structParam(ctx, 'sms_sign_name_request');
    const name = req.requiredString('sign_name');
    const description = req.string('description', { required: false });
    const problem = signNameProblem(name);
    if (problem) return failure(ctx, 'params_error', problem, true);
    const existing = ctx.state.signatures.get(name);
    ctx.state.signatures.set(name, {
      name,
      remark: description ?? existing?.remark ?? '',
      source: existing?.source ?? 4,
      status: 1,
      reason: '无审批备注',
      createdAt: existing?.createdAt ?? ctx.now(),
      reviewAt: null,
    });
    return ok(true, true);
  },
};

// ---- sending ----

function jsonStringArray(ctx: ApiContext, name: string, text: string, example: string): string[] {
  const value = parseJson(text, name, `JSON 数组，如 ${example}`);
  if (!Array.isArray(value)) throw errors.invalidArgument(name, `${name} 必须是 JSON 数组，如 ${example}`);
  if (!value.every((v) => typeof v === 'string')) throw errors.invalidArgument(name, `${name} 的每一项都必须是字符串`);
  return value;
}

const MAX_OAIDS = 50;

/** oaids / order_ids / sign_name of an OAID send: JSON arrays of strings by default, comma lists as a setting. */
function oaidList(ctx: ApiContext, name: string, text: string): string[] {
  if (ctx.oaidListEncoding === 'comma') {
    if (text.trimStart().startsWith('[')) throw errors.invalidArgument(name, `${name} 应为逗号分隔的列表`);
    return text.split(',').map((v) => v.trim());
  }
  return jsonStringArray(ctx, name, text, '["…","…"]');
}

interface Recipient {
  phone: string;
  oaid?: string;
  orderId?: string;
  signName: string;
}

/** The OAID form: oaids + order_ids (one to one, ≤ 50), sign_name one per OAID, no rec_num (orders-oaid.md §1c). */
function oaidRecipients(ctx: ApiContext, oaidText: string, signText: string): Recipient[] {
  const oaids = oaidList(ctx, 'oaids', oaidText);
  const orderText = param(ctx, 'order_ids');
  if (orderText === undefined) throw errors.missingArgument('order_ids');
  const orderIds = oaidList(ctx, 'order_ids', orderText);
  if (oaids.length === 0) throw errors.invalidArgument('oaids', 'oaids 至少包含 1 个 OAID');
  if (orderIds.length !== oaids.length)
    throw errors.invalidArgument('order_ids', `order_ids 有 ${orderIds.length} 个，oaids 有 ${oaids.length} 个，必须一一对应`);
  if (!signText.trimStart().startsWith('[') && ctx.oaidListEncoding === 'json')
    throw errors.invalidArgument('sign_name', '通过 OAID 发送时 sign_name 必须是数组，长度与 OAID 数量一致');
  const signs = oaidList(ctx, 'sign_name', signText);
  if (signs.length !== oaids.length) throw errors.invalidArgument('sign_name', `sign_name 有 ${signs.length} 个，OAID 有 ${oaids.length} 个，数量必须相同`);
  if (oaids.length > MAX_OAIDS) throw errors.remote('isv.MOBILE_COUNT_OVER_LIMIT', `OAID 数量超过限制（最多 ${MAX_OAIDS} 个）`);
  return oaids.map((oaid, i) => {
    const orderId = orderIds[i]!;
    if (!/^\d{1,20}$/.test(orderId)) throw errors.invalidArgument('order_ids', `第 ${i + 1} 个订单号不是数字：${orderId}`);
    const trade = ctx.trades.get(orderId);
    const maxAge = ctx.trades.oaidMaxOrderAgeDays;
    if (trade && maxAge !== null && ctx.now() - trade.created > maxAge * 86_400_000) {
      throw errors.remote('isv.OAID_EXPIRED', `第 ${i + 1} 个订单 ${orderId} 创建于 ${maxAge} 天以前，OAID 已失效（模拟器假设）`);
    }
    if (!trade || !ctx.trades.canHaveOaid(orderId) || ctx.trades.oaidFor(orderId, ctx.appKey) !== oaid) {
      throw errors.remote(
        'isv.OAID_ILLEGAL',
        trade
          ? `第 ${i + 1} 个 OAID 与订单 ${orderId} 不匹配（OAID 随 appkey 与下单自然周变化，请用 trade.fullinfo.get 重新获取）`
          : `第 ${i + 1} 个订单 ${orderId} 不存在`,
      );
    }
    return { phone: '', oaid, orderId, signName: signs[i]! };
  });
}

function phoneRecipients(ctx: ApiContext, recText: string, signName: string): Recipient[] {
  if (signName.trimStart().startsWith('[')) throw errors.invalidArgument('sign_name', '明文号码发送时 sign_name 是单个签名，不是数组');
  const phones = jsonStringArray(ctx, 'rec_num', recText, '["13800000000"]');
  if (phones.length === 0) throw errors.invalidArgument('rec_num', 'rec_num 至少包含 1 个号码');
  return phones.map((phone) => ({ phone, signName }));
}

function signatureAccepted(ctx: ApiContext, signName: string, templateType: number): boolean {
  // Marketing needs a filed, approved signature; Jushita does not control signatures of system SMS (notification,
  // verification): any valid signature text goes, unless it is filed and not approved.
  const signature = ctx.state.signature(signName);
  return templateType === 2 ? signature?.status === 1 : signature ? signature.status === 1 : signNameProblem(signName) === null;
}

const batchSend: ApiSpec = {
  sessionRequired: false,
  handle(ctx) {
    const signText = requiredParam(ctx, 'sign_name');
    const templateCode = requiredParam(ctx, 'sms_template_code');
    const recText = param(ctx, 'rec_num');
    const oaidText = param(ctx, 'oaids');
    if (recText !== undefined && oaidText !== undefined) throw errors.invalidArgument('oaids', '传 oaids 时不需要传 rec_num，两者只能二选一');
    if (recText === undefined && oaidText === undefined) throw errors.missingArgument('rec_num');
    const byOaid = oaidText !== undefined;
    const recipients = byOaid ? oaidRecipients(ctx, oaidText, signText) : phoneRecipients(ctx, recText!, signText);
    const count = recipients.length;

    const contentText = param(ctx, 'sms_content');
    let contents: unknown[] | undefined;
    if (contentText !== undefined) {
      const value = parseJson(contentText, 'sms_content', '与号码一一对应的对象数组');
      if (!Array.isArray(value) || !value.every(isObject)) throw errors.invalidArgument('sms_content', 'sms_content 必须是对象数组，每个号码一个对象');
      if (value.length !== count) throw errors.invalidArgument('sms_content', `sms_content 有 ${value.length} 项，号码有 ${count} 个，数量必须相同`);
      contents = value;
    }

    const extendText = param(ctx, 'extend_num');
    let extendNums: string[] | undefined;
    if (extendText !== undefined) {
      extendNums = jsonStringArray(ctx, 'extend_num', extendText, '["01","02"]');
      if (extendNums.length !== count) throw errors.invalidArgument('extend_num', 'extend_num 的数量必须与号码数量相同');
      if (!extendNums.every((e) => /^\d{1,12}$/.test(e))) throw errors.invalidArgument('extend_num', '扩展码只能是 1-12 位数字');
    }
    const taskSign = param(ctx, 'task_sign');
    if (taskSign !== undefined && taskSign.length > 64) throw errors.invalidArgument('task_sign', 'task_sign 不能超过 64 个字符');
    const extraData = param(ctx, 'extra_data');
    if (extraData !== undefined && !isObject(parseJson(extraData, 'extra_data', 'JSON 对象')))
      throw errors.invalidArgument('extra_data', 'extra_data 必须是 JSON 对象');

    // Backend (阿里通信) checks, answered as code 15 + isv.* (spec §2.8).
    if (!byOaid) {
      if (count > MAX_RECIPIENTS) throw errors.remote('isv.MOBILE_COUNT_OVER_LIMIT', `号码数量超过限制（最多 ${MAX_RECIPIENTS} 个）`);
      const badPhone = recipients.find((r) => !PHONE.test(r.phone));
      if (badPhone !== undefined) throw errors.remote('isv.MOBILE_NUMBER_ILLEGAL', `号码格式错误：${badPhone.phone}`);
    }
    const template = ctx.state.template(templateCode);
    if (!template || template.status !== 1) throw errors.remote('isv.SMS_TEMPLATE_ILLEGAL', '模板不存在或未审核通过');
    for (const signName of new Set(recipients.map((r) => r.signName))) {
      if (!signatureAccepted(ctx, signName, template.type)) throw errors.remote('isv.SMS_SIGNATURE_ILLEGAL', `签名不存在或未审核通过：${signName}`);
    }
    if (template.variables.length > 0 && contents === undefined) throw errors.missingArgument('sms_content');

    const rendered: Array<{ params: Record<string, string>; content: string }> = [];
    for (let i = 0; i < count; i++) {
      const params = (contents?.[i] ?? {}) as Json;
      for (const [key, value] of Object.entries(params)) {
        if (typeof value !== 'string') throw errors.remote('isv.INVALID_JSON_PARAM', `变量 ${key} 的值必须是字符串`);
        if (key === 'url' ? !hostAllowed(value) : /https?:\/\/|www\./i.test(value)) {
          throw errors.remote('isv.PARAM_NOT_SUPPORT_URL', key === 'url' ? `url 变量只能使用淘宝系域名：${value}` : `变量 ${key} 不能包含链接`);
        }
      }
      const missing = template.variables.find((v) => typeof params[v] !== 'string' || params[v] === '');
      if (missing !== undefined) throw errors.remote('isv.TEMPLATE_MISSING_PARAMETERS', `第 ${i + 1} 个号码缺少模板变量 ${missing}`);
      const content = `【${recipients[i]!.signName}】${renderTemplate(template.content, params as Record<string, string>)}`;
      if (codePointLength(content) > SMS_MAX_CHARS) throw errors.remote('isv.PARAM_LENGTH_LIMIT', `短信内容超过 ${SMS_MAX_CHARS} 字`);
      rendered.push({ params: params as Record<string, string>, content });
    }

    // Per-number rules key on the phone, or on the order for OAID sends (the plaintext number stays inside the platform).
    const keys = recipients.map((r) => r.phone || `oaid:${r.orderId}`);
    ctx.state.checkSendRules({ phones: keys, signName: recipients[0]!.signName, templateCode, contents: rendered, now: ctx.now(), appKey: ctx.appKey });

    const bizId = ctx.state.nextBizId();
    const sentAt = ctx.now();
    for (let i = 0; i < count; i++) {
      const r = recipients[i]!;
      const send: SimSend = {
        bizId,
        phone: r.phone,
        oaid: r.oaid,
        orderId: r.orderId,
        position: i,
        templateCode,
        signName: r.signName,
        content: rendered[i]!.content,
        params: rendered[i]!.params,
        sentAt,
        taskSign,
        extendNum: extendNums?.[i],
        outcome: ctx.state.deliveryFor(r.phone || r.orderId!),
        deliverAt: sentAt + ctx.state.deliveryDelayMs,
      };
      ctx.state.recordSend(send);
      ctx.onSend(send);
    }
    return { fields: { module: bizId } };
  },
};

// ---- short links ----

const shortUrlCreate: ApiSpec = {
  sessionRequired: false,
  handle(ctx) {
    const url = requiredParam(ctx, 'url');
    const tag = requiredParam(ctx, 'tag');
    const batchNumber = requiredParam(ctx, 'batch_number');
    const prefix = param(ctx, 'need_https_prefix');
    if (prefix !== undefined && prefix !== 'true' && prefix !== 'false')
      throw errors.invalidArgument('need_https_prefix', 'need_https_prefix 只能是 true 或 false');
    const refuse = (message: string): SuccessBody => ({
      fields: { r_success: ctx.rSuccessTrueOnFailure, r_code: 'params_error', message, r_request_id: ctx.requestId },
    });
    if (!hostAllowed(url)) return refuse('只支持淘宝/天猫商品或店铺的 H5 长链接');
    if (/^https?:\/\/(s|c)\.tb\.cn\//i.test(url)) return refuse('只支持长链接，不能再次缩短短链');
    const shortName = randomShortName();
    const lifeStart = ctx.now();
    const end = new Date(lifeStart);
    end.setUTCMonth(end.getUTCMonth() + 2); // "有效期2个月"
    ctx.state.shortUrls.set(shortName, { shortName, url, tag, batchNumber, lifeStart, lifeEnd: end.getTime() });
    return { fields: { r_code: '200', r_success: true, r_request_id: ctx.requestId, module: `${prefix === 'false' ? '' : 'https://'}s.tb.cn/${shortName}` } };
  },
};

function randomShortName(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
  return `${pick(2)}.${pick(4)}`;
}

const shortUrlQuery: ApiSpec = {
  sessionRequired: false,
  handle(ctx) {
    const shortName = requiredParam(ctx, 'short_name');
    const s = ctx.state.shortUrls.get(shortName);
    if (!s) return { fields: { r_success: ctx.rSuccessTrueOnFailure, r_code: 'isp.short_url_query_service_error', message: '短链信息查询失败' } };
    return {
      fields: {
        r_code: '200',
        r_success: true,
        request_id: ctx.requestId,
        short_name: s.shortName,
        life_start: formatGmt8(s.lifeStart),
        life_end: formatGmt8(s.lifeEnd),
      },
    };
  },
};

// ---- delivery records ----

function positiveInt(ctx: ApiContext, name: string): number {
  const text = requiredParam(ctx, name);
  if (!/^[1-9]\d{0,8}$/.test(text)) throw errors.invalidArgument(name, `${name} 必须是正整数`);
  return Number(text);
}

const smsNumQuery: ApiSpec = {
  sessionRequired: false,
  handle(ctx) {
    const phone = requiredParam(ctx, 'rec_num');
    const queryDate = requiredParam(ctx, 'query_date');
    const page = positiveInt(ctx, 'current_page');
    const pageSize = positiveInt(ctx, 'page_size');
    const bizId = param(ctx, 'biz_id');
    if (!/^\d{8}$/.test(queryDate)) throw errors.invalidArgument('query_date', 'query_date 格式为 yyyyMMdd');
    const day = gmt8DayStart(queryDate);
    if (day === null) throw errors.invalidArgument('query_date', `${queryDate} 不是有效日期`);
    if (!PHONE.test(phone)) throw errors.remote('isv.MOBILE_NUMBER_ILLEGAL', `号码格式错误：${phone}`);
    if (pageSize > MAX_PAGE_SIZE) throw errors.remote('isv.SPLIT_PAGE_ILLEGAL', `每页最多 ${MAX_PAGE_SIZE} 条`);
    const daysBack = Math.round((gmt8DayStart(gmt8Day(ctx.now()))! - day) / 86_400_000);
    if (daysBack < 0 || daysBack >= QUERY_WINDOW_DAYS) throw errors.remote('isv.QUERY_DATE_ILLEGAL', `只能查询最近 ${QUERY_WINDOW_DAYS} 天的记录`);

    const records = (ctx.state.sendsByPhone.get(phone) ?? []).filter((s) => gmt8Day(s.sentAt) === queryDate && (bizId === undefined || s.bizId === bizId));
    const totalPage = Math.ceil(records.length / pageSize);
    const values = records.slice((page - 1) * pageSize, page * pageSize).map((s) => {
      const status = ctx.state.deliveryCode(s);
      const record: Json = { rec_num: s.phone, sms_code: s.templateCode, sms_content: s.content, sms_send_time: formatGmt8(s.sentAt), sms_status: status };
      if (status !== 1) {
        record.result_code = s.outcome.resultCode;
        record.sms_receiver_time = formatGmt8(s.deliverAt);
      }
      return record;
    });
    return {
      fields: { current_page: page, page_size: pageSize, total_count: records.length, total_page: totalPage, values },
      lists: { values: 'fc_partner_sms_detail_dto' },
    };
  },
};

export const APIS: Readonly<Record<string, ApiSpec>> = {
  'taobao.jst.sms.template.create': templateCreate,
  'taobao.jst.sms.template.query': templateQuery,
  'taobao.jst.sms.template.modify': templateModify,
  'taobao.jst.sms.template.delete': templateDelete,
  'taobao.jst.sms.template.report': templateReport,
  'taobao.jst.sms.signname.create': signNameCreate,
  'taobao.jst.sms.signname.query': signNameQuery,
  'taobao.jst.sms.signname.modify': signNameModify,
  'taobao.jst.sms.signname.delete': signNameDelete,
  'taobao.jst.sms.signname.report': signNameReport,
  'taobao.jst.sms.message.direct.batchsend': batchSend,
  'taobao.jst.sms.message.shorturl.create': shortUrlCreate,
  'taobao.jst.sms.message.shorturl.query': shortUrlQuery,
  'alibaba.aliqin.ta.sms.num.query': smsNumQuery,
  ...TRADE_APIS,
};
