import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { parseBanSeconds, TopError, type TopErrorInit } from '../../../electron/core/top/errors';

const SEND = 'taobao.jst.sms.message.direct.batchsend';
const QUERY = 'taobao.jst.sms.template.query';
const platform = (code: number, extra: Partial<TopErrorInit> = {}, readOnly = false) =>
  new TopError({ method: readOnly ? QUERY : SEND, kind: 'platform', readOnly, code, ...extra });

describe('TopError classification', () => {
  it.each([
    [25, 'signature', /App Secret/],
    [24, 'signature', /签名/],
    [27, 'session', /sessionKey 已失效，请重新授权/],
    [26, 'session', /缺少店铺授权/],
    [29, 'app-key', /App Key 不正确/],
    [28, 'app-key', /App Key/],
    [11, 'permission', /权限包/],
    [12, 'permission', /重新授权/],
    [31, 'clock', /校准系统时间/],
    [22, 'request', /网关拒绝/],
  ] as const)('code %i → %s, not executed, not retryable, Chinese advice', (code, category, text) => {
    const e = platform(code);
    expect(e.category).toBe(category);
    expect(e.outcome).toBe('not-executed');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(text);
    expect(e.message).toContain(`错误码 ${code}`);
  });

  it('code 11 with an IP white-list sub_code says so', () => {
    expect(platform(11, { sub_code: 'isv.permission-ip-whitelist-limit' }).message).toMatch(/白名单/);
  });

  it('code 7 parses the ban and is retryable even for a send (nothing was executed)', () => {
    const e = platform(7, {
      msg: 'App Call Limited',
      sub_code: 'accesscontrol.limited-by-app-api-access-count',
      sub_msg: 'This ban will last for 2 more seconds',
    });
    expect(e).toMatchObject({ banSeconds: 2, outcome: 'not-executed', retryable: true, category: 'rate-limit' });
    expect(e.message).toMatch(/限流 2 秒/);
    expect(parseBanSeconds('This ban will last for 1 more second')).toBe(1);
    expect(parseBanSeconds('nothing')).toBeNull();
    expect(platform(7).banSeconds).toBeNull();
  });

  it.each([4, 5, 6, 8, 10])('code %i is transient and retryable', (code) => {
    expect(platform(code)).toMatchObject({ outcome: 'not-executed', retryable: true });
  });

  it('40/41 name the parameter', () => {
    const missing = platform(40, { sub_code: 'isv.missing-parameter:rec_num' });
    expect(missing).toMatchObject({ category: 'invalid-argument', outcome: 'not-executed', retryable: false });
    expect(missing.message).toContain('rec_num');
    expect(platform(41, { sub_code: 'isv.invalid-parameter:sms_content' }).message).toContain('sms_content');
  });

  it('15 + isv.* is a definite business refusal with its Chinese meaning', () => {
    const e = platform(15, { msg: 'Remote service error', sub_code: 'isv.MOBILE_NUMBER_ILLEGAL' });
    expect(e).toMatchObject({ outcome: 'failed', retryable: false, category: 'business' });
    expect(e.message).toMatch(/手机号码格式不正确/);
    expect(platform(15, { sub_code: 'isv.BUSINESS_LIMIT_CONTROL' }).message).toMatch(/不要立即重发/);
  });

  it('15 + isp.* that never reached the backend is retryable even for a send', () => {
    for (const sub of [
      'isp.top-remote-service-unavailable',
      'isp.remote-connection-error',
      'isp.system-busy',
      'isp.top-remote-connection-control-error-tmall',
    ]) {
      expect(platform(15, { sub_code: sub })).toMatchObject({ outcome: 'not-executed', retryable: true, category: 'server' });
    }
  });

  it('15 + other isp.* is an unknown outcome: retried for reads only', () => {
    for (const sub of ['isp.top-remote-connection-timeout', 'isp.top-remote-unknown-error', 'isp.SYSTEM_ERROR']) {
      expect(platform(15, { sub_code: sub })).toMatchObject({ outcome: 'unknown', retryable: false });
      expect(platform(15, { sub_code: sub }, true)).toMatchObject({ outcome: 'unknown', retryable: true });
    }
    expect(platform(15, { sub_code: 'isp.top-remote-connection-timeout' }).message).toMatch(/结果未知/);
  });

  it('business answers: not found, duplicates, params', () => {
    const notFound = new TopError({ method: QUERY, kind: 'business', readOnly: true, sub_code: 'template_not_found', sub_msg: '请求失败,模板未找到' });
    expect(notFound).toMatchObject({ category: 'not-found', outcome: 'failed', retryable: false });
    expect(notFound.message).toMatch(/模板不存在/);
    expect(new TopError({ method: 'x', kind: 'business', readOnly: false, sub_code: 'sign_name_duplicate' }).message).toMatch(/已存在/);
    expect(new TopError({ method: 'x', kind: 'business', readOnly: false, sub_code: 'params_error' }).category).toBe('invalid-argument');
    const unknownCode = new TopError({ method: 'x', kind: 'business', readOnly: false, sub_code: 'weird_code', sub_msg: '原因' });
    expect(unknownCode.message).toContain('原因');
    expect(new TopError({ method: 'x', kind: 'business', readOnly: false, sub_code: 'system_error' })).toMatchObject({ outcome: 'unknown', retryable: false });
  });

  it('network: before the request left → not executed; after → unknown for a send', () => {
    const refused = new TopError({ method: SEND, kind: 'network', readOnly: false, networkCode: 'ECONNREFUSED', beforeSend: true, host: 'gw.example' });
    expect(refused).toMatchObject({ outcome: 'not-executed', retryable: true, category: 'network', code: 'NETWORK' });
    expect(refused.message).toMatch(/无法连接.*gw\.example/);
    const reset = new TopError({ method: SEND, kind: 'network', readOnly: false, networkCode: 'ECONNRESET' });
    expect(reset).toMatchObject({ outcome: 'unknown', retryable: false });
    expect(reset.message).toMatch(/结果未知/);
    expect(new TopError({ method: QUERY, kind: 'network', readOnly: true, networkCode: 'ECONNRESET' }).retryable).toBe(true);
  });

  it('timeouts: connect timeout is not executed, read timeout is unknown', () => {
    expect(new TopError({ method: SEND, kind: 'timeout', readOnly: false, beforeSend: true })).toMatchObject({ outcome: 'not-executed', retryable: true });
    const read = new TopError({ method: SEND, kind: 'timeout', readOnly: false });
    expect(read).toMatchObject({ outcome: 'unknown', retryable: false, category: 'timeout' });
    expect(read.message).toMatch(/超时/);
  });

  it('http statuses', () => {
    expect(new TopError({ method: SEND, kind: 'http', readOnly: false, httpStatus: 503 })).toMatchObject({ outcome: 'unknown', retryable: false });
    expect(new TopError({ method: QUERY, kind: 'http', readOnly: true, httpStatus: 503 })).toMatchObject({ outcome: 'unknown', retryable: true });
    expect(new TopError({ method: SEND, kind: 'http', readOnly: false, httpStatus: 429 })).toMatchObject({ outcome: 'not-executed', retryable: true });
    expect(new TopError({ method: SEND, kind: 'http', readOnly: false, httpStatus: 404 })).toMatchObject({ outcome: 'not-executed', retryable: false });
  });

  it('throttled (local) carries the remaining ban', () => {
    const e = new TopError({ method: SEND, kind: 'throttled', readOnly: false, banSeconds: 90 });
    expect(e).toMatchObject({ banSeconds: 90, outcome: 'not-executed', category: 'rate-limit' });
    expect(e.message).toMatch(/90 秒/);
  });

  it('is an AppError whose data carries the TOP detail', () => {
    const e = platform(27, { msg: 'Invalid session', sub_code: 'invalid-sessionkey', sub_msg: 'SessionKey非法', request_id: 'abc' });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('TOP_ERROR');
    expect(e.toData()).toEqual({
      code: 'TOP_ERROR',
      message: e.message,
      detail: {
        method: SEND,
        kind: 'platform',
        code: 27,
        sub_code: 'invalid-sessionkey',
        sub_msg: 'SessionKey非法',
        request_id: 'abc',
        outcome: 'not-executed',
        retryable: false,
        category: 'session',
      },
    });
    expect(e.toJSON()).toMatchObject({ code: 27, sub_code: 'invalid-sessionkey', outcome: 'not-executed' });
  });
});
