// Turns whatever the SDK throws into something the poller can act on and the seller can read.
// The SDK throws three kinds of things (mq-http.md §2.8): server errors (plain Error + Code + RequestId),
// httpx/Node transport errors (no Code; maybe err.code like ECONNREFUSED), and TypeErrors/sax errors
// caused by unexpected responses (200 with empty <Messages>, text/plain 5xx, malformed XML).

export type MqErrorCategory =
  | 'empty' // MessageNotExist: nothing to consume, a normal outcome
  | 'signature' // SignatureDoesNotMatch: wrong AccessKey Secret (or a mangled request)
  | 'accessKey' // InvalidAccessKeyId
  | 'permission' // AccessDenied: wrong instance / region / resource owner
  | 'topic' // TopicNotExist
  | 'group' // SubscriptionNotExist / group missing
  | 'clock' // TimeExpired: the computer's clock is off by more than 15 minutes
  | 'argument' // the request itself was rejected (InvalidArgument …)
  | 'throttled' // QpsLimitExceeded
  | 'server' // InternalError or a 5xx without XML
  | 'timeout'
  | 'network'
  | 'protocol'; // a response the SDK could not digest

export interface MqErrorInfo {
  category: MqErrorCategory;
  /** Chinese, for the status bar and the connection test. */
  message: string;
  /** Retrying soon can help (network blips, server errors); otherwise the settings must change. */
  transient: boolean;
  /** Server error code or Node error code, when there is one. */
  code?: string;
  requestId?: string;
}

const SERVER_CODES: Record<string, Omit<MqErrorInfo, 'code' | 'requestId'>> = {
  MessageNotExist: { category: 'empty', message: '暂无新消息。', transient: true },
  SignatureDoesNotMatch: {
    category: 'signature',
    message: 'AccessKey Secret 不正确（签名不匹配），请核对 AccessKey ID 与 Secret 是否成对。',
    transient: false,
  },
  InvalidAccessKeyId: { category: 'accessKey', message: 'AccessKey ID 不存在或已被禁用，请检查 AccessKey ID。', transient: false },
  AccessDenied: { category: 'permission', message: '无权访问：实例 ID、Topic 或 Group ID 不属于该账号，或接入点地域不对。', transient: false },
  TopicNotExist: { category: 'topic', message: 'Topic 不存在，请检查 Topic 名称和实例 ID。', transient: false },
  SubscriptionNotExist: { category: 'group', message: 'Group ID 不存在，请在控制台创建 HTTP 协议的 Group 后再试。', transient: false },
  GroupNotExist: { category: 'group', message: 'Group ID 不存在，请在控制台创建 HTTP 协议的 Group 后再试。', transient: false },
  TimeExpired: { category: 'clock', message: '电脑时间与服务器相差超过 15 分钟，请校准系统时间。', transient: false },
  QpsLimitExceeded: { category: 'throttled', message: '请求过于频繁，已被限流，稍后自动重试。', transient: true },
  InternalError: { category: 'server', message: 'MQ 服务端内部错误，稍后自动重试。', transient: true },
  InternalServerError: { category: 'server', message: 'MQ 服务端内部错误，稍后自动重试。', transient: true },
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

export function isMessageNotExist(error: unknown): boolean {
  // Guard e.Code: transport errors have none (the official sample crashes on `e.Code.indexOf`).
  return typeof error === 'object' && error !== null && (error as { Code?: unknown }).Code === 'MessageNotExist';
}

export function describeMqError(error: unknown): MqErrorInfo {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
    Code?: unknown;
    RequestId?: unknown;
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.Code === 'string' && e.Code) {
    const requestId = typeof e.RequestId === 'string' ? e.RequestId : undefined;
    const known = SERVER_CODES[e.Code];
    if (known) return { ...known, code: e.Code, requestId };
    const status = /failed with (\d{3})/.exec(message)?.[1];
    if (status?.startsWith('5')) return { category: 'server', message: `MQ 服务端错误（${e.Code}），稍后自动重试。`, transient: true, code: e.Code, requestId };
    return { category: 'argument', message: `MQ 拒绝了请求（${e.Code}）。`, transient: false, code: e.Code, requestId };
  }
  const nodeCode = typeof e.code === 'string' ? e.code : undefined;
  if (e.name === 'RequestTimeoutError')
    return { category: 'timeout', message: 'MQ 请求超时，网络可能不稳定，稍后自动重试。', transient: true, code: 'Timeout' };
  if (nodeCode === 'ENOTFOUND' || nodeCode === 'EAI_AGAIN') {
    return { category: 'network', message: '无法解析 MQ 接入点的域名，请检查接入点地址和网络。', transient: true, code: nodeCode };
  }
  if (nodeCode === 'ECONNREFUSED')
    return { category: 'network', message: '无法连接 MQ 接入点（连接被拒绝），请检查接入点地址和端口。', transient: true, code: nodeCode };
  if ((nodeCode && NETWORK_CODES.has(nodeCode)) || /socket hang up/i.test(message)) {
    return { category: 'network', message: '与 MQ 的连接中断，稍后自动重试。', transient: true, code: nodeCode ?? 'ECONNRESET' };
  }
  if (
    error instanceof TypeError ||
    /Invalid character|Unexpected close tag|Unclosed root tag|Non-whitespace before first tag|Text data outside of root node/i.test(message)
  ) {
    return {
      category: 'protocol',
      message: 'MQ 返回了无法解析的响应，稍后自动重试。',
      transient: true,
      code: error instanceof TypeError ? 'TypeError' : 'MalformedXML',
    };
  }
  return { category: 'network', message: `MQ 请求失败：${message.slice(0, 160) || '未知错误'}`, transient: true, code: nodeCode };
}
