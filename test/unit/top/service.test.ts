import { describe, expect, it } from 'vitest';
import { createTopService, CONNECTION_PROBE } from '../../../electron/core/top/service';
import { TransportFailure } from '../../../electron/core/top/transport';
import { topHandlers } from '../../../electron/core/features/top';
import { topTestContext } from './core-context';
import { json, scriptedTransport, topError, type Scripted } from './fakes';

const SECRETS = { 'top.appKey': 'svc-app-key', 'top.appSecret': 'svc-app-secret-value', 'top.session': 'svc-session-value' } as const;

function service(script: Scripted[], secrets: Record<string, string> = SECRETS) {
  const t = topTestContext({ secrets: { ...secrets }, top: { gatewayUrl: `https://svc.test/${Math.random()}`, qps: 100 } });
  const { transport, calls } = scriptedTransport(script);
  return { ...t, calls, top: createTopService(t.ctx, { transport, retry: { baseDelayMs: 1 } }) };
}

describe('createTopService', () => {
  it('testConnection probes signname.query with the seller session (ok on a not-found answer)', async () => {
    const s = service([json({ r_success: false, r_code: 'sign_name_not_found', message: '请求失败,签名未找到', request_id: 'rid1' })]);
    const result = await s.top.testConnection();
    expect(result).toMatchObject({ ok: true, category: 'ok', detail: { request_id: 'rid1' } });
    expect(result.message).toMatch(/连接成功/);
    const sent = s.calls[0]!.params;
    expect(sent.get('method')).toBe(CONNECTION_PROBE.method);
    expect(sent.get('session')).toBe(SECRETS['top.session']);
    expect(sent.get('app_key')).toBe(SECRETS['top.appKey']);
    expect(JSON.parse(sent.get('query_sms_sign_request')!)).toEqual({ sign_name: CONNECTION_PROBE.signName });
    expect(s.ctx.status.get().network).toBe('online');
  });

  it('testConnection is ok when the probe signature happens to exist', async () => {
    const s = service([json({ r_success: true, module: { sign_name: 'x', sign_status: 1 }, request_id: 'r' })]);
    expect((await s.top.testConnection()).ok).toBe(true);
  });

  it.each([
    // The gateway answered, but a credential refusal makes every call fail: the status bar must not say 在线.
    ['wrong App Key', topError(29, { msg: 'Invalid App Key' }), 'app-key', /App Key 不正确/, 'rejected'],
    ['wrong App Secret', topError(25, { msg: 'Invalid signature' }), 'signature', /App Secret/, 'rejected'],
    ['expired session', topError(27, { msg: 'Invalid session', sub_code: 'invalid-sessionkey' }), 'session', /重新授权/, 'rejected'],
    ['missing session', topError(26), 'session', /授权/, 'rejected'],
    ['no permission package', topError(11, { sub_code: 'isv.permission-api-package-limit' }), 'permission', /权限包/, 'online'],
    ['clock skew', topError(31), 'clock', /校准/, 'rejected'],
  ] as const)('testConnection explains %s', async (_name, answer, category, text, network) => {
    const s = service([answer]);
    const result = await s.top.testConnection();
    expect(result.ok).toBe(false);
    expect(result.category).toBe(category);
    expect(result.message).toMatch(text);
    expect(result.detail?.code).toBeTypeOf('number');
    expect(JSON.stringify(result)).not.toContain(SECRETS['top.appSecret']);
    expect(JSON.stringify(result)).not.toContain(SECRETS['top.session']);
    expect(s.calls).toHaveLength(1);
    expect(s.ctx.status.get().network).toBe(network);
  });

  it('a later accepted call clears the rejected state', async () => {
    const s = service([topError(25, { msg: 'Invalid signature' }), json({ r_success: false, r_code: 'sign_name_not_found', request_id: 'r2' })]);
    await s.top.testConnection();
    expect(s.ctx.status.get().network).toBe('rejected');
    expect((await s.top.testConnection()).ok).toBe(true);
    expect(s.ctx.status.get().network).toBe('online');
  });

  it.each([
    ['unreachable', new TransportFailure('network', 'ECONNREFUSED', true)],
    ['timeout', new TransportFailure('timeout', 'ECONNABORTED', false)],
  ])('testConnection reports the network (%s) and marks the app offline', async (_name, failure) => {
    const s = service([failure]);
    const result = await s.top.testConnection();
    expect(result).toMatchObject({ ok: false, category: 'network' });
    expect(result.message).toMatch(/网关|超时/);
    expect(s.ctx.status.get().network).toBe('offline');
  });

  it('testConnection says what is missing instead of calling', async () => {
    const s = service([json({})], { 'top.appKey': 'k' });
    const result = await s.top.testConnection();
    expect(result).toMatchObject({ ok: false, category: 'not-configured' });
    expect(result.message).toMatch(/App Secret.*sessionKey/);
    expect(s.calls).toHaveLength(0);
    expect(() => s.top.client()).toThrow(expect.objectContaining({ code: 'NOT_CONFIGURED' }));
  });

  it('testConnection reports a locked vault', async () => {
    const t = topTestContext({ locked: true });
    const result = await createTopService(t.ctx).testConnection();
    expect(result).toMatchObject({ ok: false, category: 'vault' });
  });

  it('reuses one client until settings or secrets change, and closes on ctx close', async () => {
    const s = service([json({ r_success: true, module: {} })]);
    const first = s.top.client();
    expect(s.top.client()).toBe(first);
    s.secrets['top.session' as keyof typeof s.secrets] = 'rotated-session';
    const second = s.top.client();
    expect(second).not.toBe(first);
    s.ctx.settings.update('top', { ...s.ctx.settings.get().top, signMethod: 'md5' });
    expect(s.top.client()).not.toBe(second);
    expect(s.top.client().signMethod).toBe('md5');
    expect(s.closers).toHaveLength(1);
  });

  it('applies the TOP settings to the wire (sign method, simplify, partner id)', async () => {
    const t = topTestContext({ secrets: SECRETS, top: { gatewayUrl: 'https://svc.test/settings', signMethod: 'hmac', simplify: false, qps: 50 } });
    const { transport, calls } = scriptedTransport([json({ jst_sms_signname_query_response: { r_success: false, r_code: 'sign_name_not_found' } })]);
    expect((await createTopService(t.ctx, { transport }).testConnection()).ok).toBe(true);
    expect(calls[0]!.params.get('sign_method')).toBe('hmac');
    expect(calls[0]!.params.get('sign')).toMatch(/^[0-9A-F]{32}$/);
    expect(calls[0]!.params.get('simplify')).toBe('false');
    expect(calls[0]!.params.get('partner_id')).toBe('jst-sms-desk-0.0.0-test');
  });

  it('logs never contain secrets', async () => {
    const s = service([topError(25, { sub_msg: `echo ${SECRETS['top.appSecret']}` })]);
    await s.top.testConnection();
    const log = s.logLines.join('\n');
    expect(log).toContain('connection test failed');
    expect(log).not.toContain(SECRETS['top.appSecret']);
    expect(log).not.toContain(SECRETS['top.session']);
  });

  it('topHandlers exposes setup.testTop', async () => {
    const t = topTestContext({});
    const handlers = topHandlers(createTopService(t.ctx));
    expect(Object.keys(handlers)).toEqual(['setup.testTop']);
    expect(await handlers['setup.testTop']({})).toMatchObject({ ok: false, category: 'not-configured' });
  });
});
