import { AppError } from '../../../shared/errors';

/**
 * Where a failure came from:
 * platform = `error_response` from the gateway; business = a normal answer with r_success=false / an error r_code;
 * http = non-200 status; network = socket-level failure; timeout = no answer in time;
 * protocol = 200 but not a TOP body; throttled = our own limiter refused to wait out a long code-7 ban.
 */
export type TopErrorKind = 'platform' | 'business' | 'http' | 'network' | 'timeout' | 'protocol' | 'throttled';

/**
 * What the failed call did on the server:
 * not-executed = certainly rejected before taking effect (safe to resend as is);
 * failed = processed and refused, nothing happened (resending gives the same answer);
 * unknown = may or may not have taken effect — for a send, reconcile before sending again.
 */
export type TopOutcome = 'not-executed' | 'failed' | 'unknown';

/** Machine-readable cause for the UI. */
export type TopErrorCategory =
  | 'app-key'
  | 'signature'
  | 'session'
  | 'permission'
  /** Code 11 isv.permission-ip-whitelist-limit: this API may only be called from allowed IPs (inside Jushita). */
  | 'ip-restricted'
  | 'rate-limit'
  | 'quota'
  | 'clock'
  | 'invalid-argument'
  | 'not-found'
  | 'business'
  | 'server'
  | 'network'
  | 'timeout'
  | 'protocol'
  | 'request';

export interface TopErrorInit {
  method: string;
  kind: TopErrorKind;
  /** Decides whether an unknown outcome may be retried. */
  readOnly: boolean;
  code?: number;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
  request_id?: string;
  httpStatus?: number;
  /** errno-style code of a socket failure (ECONNREFUSED, ECONNRESET, …). */
  networkCode?: string;
  /** Socket failed before the request could be written (DNS, refused, connect timeout). */
  beforeSend?: boolean;
  /** Gateway host, for the network message only. */
  host?: string;
  banSeconds?: number;
  cause?: unknown;
}

/** isp.* sub-codes that mean the backend was never reached: safe to resend even a send (spec §1.8, taobaopy list). */
const ISP_NOT_EXECUTED =
  /^isp\.(top-remote-service-unavailable|top-remote-connection-control-error|remote-connection-error|system-busy|call-limited)(-tmall)?$/;

const BAN_PATTERN = /ban will last for (\d+) more seconds?/i;

export function parseBanSeconds(text: string | undefined): number | null {
  const m = text ? BAN_PATTERN.exec(text) : null;
  return m ? Number(m[1]) : null;
}

interface Classification {
  outcome: TopOutcome;
  retryable: boolean;
  category: TopErrorCategory;
}

/**
 * One error type for every TOP failure. It is an AppError ('TOP_ERROR', or 'NETWORK' for socket/timeout
 * failures) with `detail` = {code, sub_code, sub_msg, request_id, outcome, …}, so a contract handler can let it
 * propagate and the dispatcher hands the Chinese message to the renderer unchanged.
 */
export class TopError extends AppError {
  readonly method: string;
  readonly kind: TopErrorKind;
  /** TOP's numeric error code (platform errors), null otherwise. (`code`, inherited from AppError, is 'TOP_ERROR' | 'NETWORK'.) */
  readonly topCode: number | null;
  readonly msg: string | undefined;
  readonly sub_code: string | undefined;
  readonly sub_msg: string | undefined;
  readonly request_id: string | undefined;
  readonly httpStatus: number | undefined;
  readonly networkCode: string | undefined;
  readonly outcome: TopOutcome;
  /** A caller (or the client's own retry loop) may repeat this exact call. */
  readonly retryable: boolean;
  /** Seconds of a code-7 ban ("This ban will last for N more seconds"), else null. */
  readonly banSeconds: number | null;
  readonly category: TopErrorCategory;

  constructor(init: TopErrorInit) {
    const banSeconds = init.banSeconds ?? parseBanSeconds(init.sub_msg) ?? parseBanSeconds(init.msg);
    const c = classify(init);
    const message = describe(init, c, banSeconds);
    super(init.kind === 'network' || init.kind === 'timeout' ? 'NETWORK' : 'TOP_ERROR', message, {
      cause: init.cause,
      detail: compact({
        method: init.method,
        kind: init.kind,
        code: init.code,
        sub_code: init.sub_code,
        sub_msg: init.sub_msg,
        request_id: init.request_id,
        httpStatus: init.httpStatus,
        networkCode: init.networkCode,
        outcome: c.outcome,
        retryable: c.retryable,
        category: c.category,
        banSeconds: banSeconds ?? undefined,
      }),
    });
    this.name = 'TopError';
    this.method = init.method;
    this.kind = init.kind;
    this.topCode = init.code ?? null;
    this.msg = init.msg;
    this.sub_code = init.sub_code;
    this.sub_msg = init.sub_msg;
    this.request_id = init.request_id;
    this.httpStatus = init.httpStatus;
    this.networkCode = init.networkCode;
    this.outcome = c.outcome;
    this.retryable = c.retryable;
    this.banSeconds = banSeconds;
    this.category = c.category;
  }

  /** Plain data for CLI output and logs; never contains secrets. */
  toJSON() {
    return compact({
      message: this.message,
      method: this.method,
      kind: this.kind,
      code: this.topCode ?? undefined,
      msg: this.msg,
      sub_code: this.sub_code,
      sub_msg: this.sub_msg,
      request_id: this.request_id,
      httpStatus: this.httpStatus,
      networkCode: this.networkCode,
      outcome: this.outcome,
      retryable: this.retryable,
      banSeconds: this.banSeconds ?? undefined,
      category: this.category,
    });
  }
}

export function isTopError(error: unknown): error is TopError {
  return error instanceof TopError;
}

function compact(record: Record<string, string | number | boolean | null | undefined>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out;
}

function classify(e: TopErrorInit): Classification {
  const ifReadOnly = (category: TopErrorCategory): Classification => ({ outcome: 'unknown', retryable: e.readOnly, category });
  const notExecuted = (category: TopErrorCategory, retryable: boolean): Classification => ({ outcome: 'not-executed', retryable, category });
  const failed = (category: TopErrorCategory): Classification => ({ outcome: 'failed', retryable: false, category });

  switch (e.kind) {
    case 'throttled':
      return notExecuted('rate-limit', true);
    case 'network':
      return e.beforeSend ? notExecuted('network', true) : ifReadOnly('network');
    case 'timeout':
      return e.beforeSend ? notExecuted('timeout', true) : ifReadOnly('timeout');
    case 'protocol':
      return ifReadOnly('protocol');
    case 'http':
      if (e.httpStatus === 429) return notExecuted('rate-limit', true);
      if (e.httpStatus !== undefined && e.httpStatus >= 400 && e.httpStatus < 500 && e.httpStatus !== 408) return notExecuted('request', false);
      return ifReadOnly('server');
    case 'business':
      return classifySubCode(e, e.sub_code, failed('business'));
    case 'platform':
      return classifyPlatform(e);
  }
}

function classifySubCode(e: TopErrorInit, sub: string | undefined, fallback: Classification): Classification {
  if (!sub) return fallback;
  if (ISP_NOT_EXECUTED.test(sub)) return { outcome: 'not-executed', retryable: true, category: 'server' };
  if (sub.startsWith('isp.') || sub === 'system_error') return { outcome: 'unknown', retryable: e.readOnly, category: 'server' };
  if (sub.startsWith('accesscontrol.')) return { outcome: 'not-executed', retryable: true, category: 'rate-limit' };
  if (/^isv\.(missing|invalid)-parameter/.test(sub) || sub === 'params_error' || sub === 'isv.INVALID_PARAMETERS') {
    return { outcome: fallback.outcome, retryable: false, category: 'invalid-argument' };
  }
  if (/not_found|NOT_FOUND|not_exist|NOT_EXIST/.test(sub)) return { outcome: fallback.outcome, retryable: false, category: 'not-found' };
  return fallback;
}

function classifyPlatform(e: TopErrorInit): Classification {
  const code = e.code ?? -1;
  const notExecuted = (category: TopErrorCategory, retryable = false): Classification => ({ outcome: 'not-executed', retryable, category });
  switch (code) {
    case 7:
      return notExecuted('rate-limit', true);
    case 4:
    case 5:
    case 6:
    case 8:
      return notExecuted('quota', true);
    case 10:
      return notExecuted('server', true);
    case 11:
      return notExecuted(/ip-whitelist/i.test(e.sub_code ?? '') ? 'ip-restricted' : 'permission');
    case 12:
    case 13:
      return notExecuted('permission');
    case 24:
    case 25:
      return notExecuted('signature');
    case 26:
    case 27:
      return notExecuted('session');
    case 28:
    case 29:
      return notExecuted('app-key');
    case 31:
      return notExecuted('clock');
    case 40:
    case 41:
      return notExecuted('invalid-argument');
    case 15:
    case 50:
      return remoteServiceError(e);
  }
  if (code > 0 && code < 100) return notExecuted('request');
  return remoteServiceError(e);
}

/** Remote service error: the backend ran. isv.* = it refused (nothing happened); isp.* or nothing = it broke. */
function remoteServiceError(e: TopErrorInit): Classification {
  const refused = e.sub_code?.startsWith('isv.') === true;
  return classifySubCode(
    e,
    e.sub_code,
    refused ? { outcome: 'failed', retryable: false, category: 'business' } : { outcome: 'unknown', retryable: e.readOnly, category: 'server' },
  );
}

/** Chinese, actionable text for the seller. Uses codes only, never `msg` casing (spec §1.10 quirk 3). */
const ISV_MESSAGES: Readonly<Record<string, string>> = {
  'isv.OUT_OF_SERVICE': '短信业务已停机（余额不足），请充值后再发送。',
  'isv.PRODUCT_UNSUBSCRIBE': '尚未开通短信产品，请先在聚石塔开通短信服务。',
  'isv.ACCOUNT_NOT_EXISTS': '短信账户不存在，请确认已开通聚石塔短信服务。',
  'isv.ACCOUNT_ABNORMAL': '短信账户异常，请联系聚石塔处理。',
  'isv.SMS_TEMPLATE_ILLEGAL': '短信模板不存在或尚未审核通过，请检查模板 Code。',
  'isv.SMS_SIGNATURE_ILLEGAL': '短信签名不存在或尚未审核通过，请检查签名。',
  'isv.MOBILE_NUMBER_ILLEGAL': '手机号码格式不正确（需为 11 位大陆手机号，不带 +86）。',
  'isv.MOBILE_COUNT_OVER_LIMIT': '一次最多发送 200 个号码，请分批发送。',
  'isv.TEMPLATE_MISSING_PARAMETERS': '模板变量缺失：每个号码都要填写模板中的全部变量。',
  'isv.INVALID_PARAMETERS': '参数错误，请检查填写的内容。',
  'isv.BUSINESS_LIMIT_CONTROL': '触发短信业务流控（同一号码发送过于频繁），请稍后再发，不要立即重发。',
  'isv.INVALID_JSON_PARAM': '模板变量格式错误：变量值必须是文字。',
  'isv.BLACK_KEY_CONTROL_LIMIT': '变量中含有禁用关键词，请把固定文字写进模板。',
  'isv.PARAM_NOT_SUPPORT_URL': '变量中不能包含链接，链接只能通过 url 变量并使用淘宝系域名。',
  'isv.PARAM_LENGTH_LIMIT': '变量或短信内容过长，请缩短。',
  'isv.AMOUNT_NOT_ENOUGH': '短信余额不足，请充值。',
  'isv.ERROR_TEMPLATE_NOT_DELETE': '审核中的模板暂时无法删除，请等审核结束后再删除。',
  'isv.QUERY_DATE_ILLEGAL': '只能查询最近 30 天的发送记录。',
  'isv.SPLIT_PAGE_ILLEGAL': '分页参数错误：每页最多 50 条。',
  template_not_found: '模板不存在，请检查模板 Code。',
  sign_name_not_found: '签名不存在，请检查签名名称。',
  sign_name_duplicate: '该签名已存在，请勿重复申请。',
  signname_name_duplicate: '该签名已存在，请勿重复申请。',
  system_error: '聚石塔系统异常，请稍后再试。',
  params_error: '参数错误，请检查填写的内容。',
};

function describe(e: TopErrorInit, c: Classification, banSeconds: number | null): string {
  const unknownNote = c.outcome === 'unknown' && !e.readOnly ? '操作结果未知：请求可能已经生效，请先核对（如查询发送记录）再决定是否重试。' : '';
  const ref = [e.code !== undefined ? `错误码 ${e.code}` : '', e.sub_code ?? ''].filter(Boolean).join('，');
  const tail = (text: string) => [text, unknownNote, ref ? `（${ref}）` : ''].join('');

  switch (e.kind) {
    case 'network':
      return tail(
        e.beforeSend
          ? `无法连接淘宝开放平台网关${e.host ? ` ${e.host}` : ''}（${e.networkCode ?? '网络错误'}）。请检查网络连接、代理设置和网关地址。`
          : `与网关的连接中断（${e.networkCode ?? '网络错误'}）。`,
      );
    case 'timeout':
      return tail(e.beforeSend ? `连接网关${e.host ? ` ${e.host}` : ''}超时，请检查网络。` : '等待网关响应超时。');
    case 'http':
      return tail(`网关返回了异常的 HTTP 状态 ${e.httpStatus ?? ''}。`);
    case 'protocol':
      return tail('网关的响应无法解析（不是开放平台的 JSON 响应），请检查网关地址是否正确。');
    case 'throttled':
      return `调用过于频繁，开放平台已限流，还需等待约 ${banSeconds ?? '?'} 秒，请稍后再试。`;
    case 'business':
    case 'platform':
      break;
  }

  const sub = e.sub_code ?? '';
  const known = ISV_MESSAGES[sub];
  switch (e.code) {
    case 7:
      return tail(`调用过于频繁，已被开放平台限流${banSeconds !== null ? ` ${banSeconds} 秒` : ''}，请稍后再试。`);
    case 4:
    case 5:
    case 6:
    case 8:
      return tail('开放平台调用次数已超过限额，请稍后再试。');
    case 10:
      return tail('开放平台服务暂时不可用，请稍后再试。');
    case 11:
      return tail(
        /ip-whitelist/i.test(sub)
          ? '本机 IP 不在应用的 IP 白名单中，请在开放平台控制台添加白名单（或通过聚石塔内的服务调用）。'
          : '应用没有调用该接口的权限包，请在开放平台为应用申请“聚石塔短信服务”权限包。',
      );
    case 12:
      return tail('店铺授权的权限不足，请让店铺重新授权本应用。');
    case 13:
      return tail('合作伙伴权限不足。');
    case 24:
    case 25:
      return tail('签名无效：App Secret 不正确，或签名方式与应用设置不一致。请核对 App Secret 和签名方式。');
    case 26:
      return tail('缺少店铺授权 sessionKey，请先完成店铺授权。');
    case 27:
      return tail('店铺授权 sessionKey 已失效，请重新授权。');
    case 28:
    case 29:
      return tail('App Key 不正确，请核对 App Key。');
    case 31:
      return tail('请求时间无效：电脑时间与北京时间相差超过 10 分钟，请校准系统时间后重试。');
    case 40:
      return tail(`缺少必填参数${paramName(sub)}。`);
    case 41:
      return tail(`参数${paramName(sub)}无效。`);
  }
  if (known) return tail(known);
  if (sub.startsWith('isp.') || c.category === 'server') return tail('淘宝开放平台服务暂时异常，请稍后重试。');
  if (/^isv\.(missing|invalid)-parameter/.test(sub)) return tail(`参数${paramName(sub)}无效。`);
  const serverText = e.kind === 'business' ? e.sub_msg : (e.sub_msg ?? e.msg);
  if (e.kind === 'business') return tail(serverText ? `操作失败：${serverText}` : '操作失败。');
  if (e.code !== undefined && e.code > 0 && e.code < 100) return tail(`请求被网关拒绝${serverText ? `：${serverText}` : ''}。`);
  return tail(serverText ? `操作失败：${serverText}` : '操作失败。');
}

function paramName(sub: string): string {
  const name = sub.split(':')[1];
  return name ? ` ${name} ` : '';
}
